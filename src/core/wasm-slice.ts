// tfjs-backend-wasm 4.22's Slice reads its whole input into a fresh JavaScript array (backend.readSync copies
// the heap) for every slice it makes, and its SplitV calls that Slice once per piece: splitting Adam's flat
// step vector of an 8-member ensemble into its 12 variables copied ~1 MB a dozen times, 6.7 ms of a 24 ms
// training step in Chromium's worker (bench/train-browser.ts --profile). These replacements do the same work
// from views of the heap. The gradients (keyed by kernel name in tfjs-core) are unchanged; ranks above 4 and
// string tensors go to the original kernels.
import * as tf from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
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
    dst.set(src.subarray(at, at + run), o);
    o += run;
  }
  return out;
}

let installed = false;

/** Replace the wasm backend's Slice and SplitV (once; a no-op where the wasm backend is not registered). */
export function installWasmSlice(): void {
  if (installed) return;
  const slice = tf.getKernel('Slice', 'wasm'), split = tf.getKernel('SplitV', 'wasm');
  if (!slice || !split) return;
  installed = true;
  const origSlice = slice.kernelFunc, origSplit = split.kernelFunc;
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
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ ...slice, kernelFunc: sliceFunc });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ ...split, kernelFunc: splitFunc });
}
