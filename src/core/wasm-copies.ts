// The copying kernels of tfjs-backend-wasm 4.22, replaced by ones that do the same work from views of the heap.
// - Slice reads its whole input into a fresh JavaScript array (backend.readSync copies the heap) for every
//   slice it makes, and SplitV calls that Slice once per piece: splitting Adam's flat step vector of an
//   8-member ensemble into its 12 variables copied ~1 MB a dozen times, 6.7 ms of a 24 ms training step in
//   Chromium's worker (bench/train-browser.ts --profile).
// - Concat (and Slice's strided case) copy each row through a new subarray: 2,000 rows of 2 values cost
//   ~2 ms; short rows are copied value by value here.
// - Identity (tf.clone, and every tensor the engine saves for a gradient while taping: ~35 per BE-DROIL step)
//   copies its input; tensors are immutable, so it shares the buffer with a reference count instead, as the wasm
//   Reshape and the cpu backend's Identity already do.
// The gradients (keyed by kernel name in tfjs-core) are unchanged; ranks above 4 and string tensors go to
// the original kernels.
import * as tf from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  incRef(dataId: tf.DataId): void;
}

type Kernel = tf.KernelConfig['kernelFunc'];

/** Copy x[begin : begin + size] (any rank <= 4) from the heap into a new output. */
function sliceFromHeap(be: WasmBackendLike, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = be.makeOutput(size, x.dtype);
  const src = be.typedArrayFromHeap(x), dst = be.typedArrayFromHeap(out);
  if (dst.length === 0) return out;
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const at = tf.slice_util.computeFlatOffset(begin, strides);
    dst.set(src.subarray(at, at + dst.length));
    return out;
  }
  // Copy runs of the last axis: loop over every index of the leading axes (padded to rank 4).
  const pad = 4 - x.shape.length;
  const b = [...new Array(pad).fill(0), ...begin], s = [...new Array(pad).fill(1), ...size];
  const st = [...new Array(pad).fill(0), ...strides, 1].slice(0, 4);
  const run = s[3];
  let o = 0;
  for (let i = 0; i < s[0]; i++) for (let j = 0; j < s[1]; j++) for (let k = 0; k < s[2]; k++) {
    const at = (b[0] + i) * st[0] + (b[1] + j) * st[1] + (b[2] + k) * st[2] + b[3];
    copyRun(src, at, dst, o, run);
    o += run;
  }
  return out;
}

/** dst[o, o + n) = src[at, at + n): value by value for short runs (a subarray object costs more than that). */
function copyRun(src: ArrayLike<number>, at: number, dst: Float32Array | Int32Array | Uint8Array, o: number, n: number): void {
  if (n < 32) for (let q = 0; q < n; q++) dst[o + q] = src[at + q];
  else dst.set((src as Float32Array).subarray(at, at + n), o);
}

/** Concatenation along `axis` of same-dtype tensors: row by row over the leading axes. */
function concatFromHeap(be: WasmBackendLike, xs: tf.TensorInfo[], axis: number): tf.TensorInfo {
  const shape = tf.backend_util.computeOutShape(xs.map((x) => x.shape), axis);
  const out = be.makeOutput(shape, xs[0].dtype), dst = be.typedArrayFromHeap(out);
  const parts = xs.filter((x) => tf.util.sizeFromShape(x.shape) > 0);
  const rows = tf.util.sizeFromShape(shape.slice(0, axis));
  const widths = parts.map((x) => tf.util.sizeFromShape(x.shape.slice(axis))), srcs = parts.map((x) => be.typedArrayFromHeap(x));
  let o = 0;
  for (let r = 0; r < rows; r++) for (let p = 0; p < parts.length; p++) { copyRun(srcs[p], r * widths[p], dst, o, widths[p]); o += widths[p]; }
  return out;
}

let installed = false;

/** Replace the wasm backend's Slice, SplitV, Concat and Identity (once; a no-op where the wasm backend is not registered). */
export function installWasmCopies(): void {
  if (installed) return;
  const slice = tf.getKernel('Slice', 'wasm'), split = tf.getKernel('SplitV', 'wasm'), concat = tf.getKernel('Concat', 'wasm');
  const identity = tf.getKernel('Identity', 'wasm');
  if (!slice || !split || !concat || !identity) return;
  installed = true;
  const origSlice = slice.kernelFunc, origSplit = split.kernelFunc, origConcat = concat.kernelFunc, origIdentity = identity.kernelFunc;
  const usable = (x: tf.TensorInfo) => x.dtype !== 'string' && x.shape.length <= 4;
  const sliceFunc: Kernel = (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (!usable(x)) return origSlice(args);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    return sliceFromHeap(args.backend as unknown as WasmBackendLike, x, b, s);
  };
  const splitFunc: Kernel = (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (!usable(x)) return origSplit(args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const ax = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
    const begin = new Array(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[ax] = n;
      const out = sliceFromHeap(args.backend as unknown as WasmBackendLike, x, [...begin], size);
      begin[ax] += n;
      return out;
    });
  };
  const concatFunc: Kernel = (args) => {
    const xs = args.inputs as unknown as tf.TensorInfo[];
    if (xs.length < 2 || xs.some((x) => x.dtype !== xs[0].dtype) || !xs.every(usable)) return origConcat(args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as { axis: number | number[] }).axis, xs[0].shape)[0];
    tf.backend_util.assertParamsConsistent(xs.map((x) => x.shape), axis);
    return concatFromHeap(args.backend as unknown as WasmBackendLike, xs, axis);
  };
  // No kernel writes into its inputs, so a clone may share its source's buffer (disposed when both are).
  const identityFunc: Kernel = (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return origIdentity(args);
    (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ ...identity, kernelFunc: identityFunc });
  tf.unregisterKernel('Concat', 'wasm');
  tf.registerKernel({ ...concat, kernelFunc: concatFunc });
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ ...slice, kernelFunc: sliceFunc });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ ...split, kernelFunc: splitFunc });
}
