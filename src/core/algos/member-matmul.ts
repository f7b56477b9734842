// x [M, R, K] times W [M, K, O] for the M members of an ensemble, with its gradient, in the form each backend
// runs fastest. tfjs-backend-wasm 4.22 sends every BatchMatMul with a batch dimension > 1 or a transposed
// operand to a naive triple loop (batch_mat_mul_impl.cc: only !transposeA && !transposeB && batch == 1 reaches
// XNNPACK), 10x slower here than XNNPACK; and the gradients of tf.matMul are transposed products. So on wasm:
//   - transposes are explicit (tf.transpose, a fast kernel) and every product is untransposed;
//   - a batch of M > 1 members runs through one registered kernel, 'DroilMemberMatMul', that calls the
//     backend's own BatchMatMul once per member on zero-copy views of the member's block (registered with the
//     backend's C++ tensor table for the call only), so each member takes the XNNPACK path. Splitting the
//     tensors instead (tf.unstack, tf.slice, tf.gather) costs more than it saves: wasm's Slice copies the whole
//     input to JavaScript for every slice.
// Other backends batch natively: plain tf.matMul.
// memberDense is a whole layer, x W + b, for the same reasons: on wasm its forward adds the bias inside the
// product (the backend's _FusedMatMul, once per member, XNNPACK's fused bias) instead of a broadcasting Add,
// and its backward transposes dz once for both dW^T = dz^T x and db = the row sums of dz^T: wasm reduces only
// the innermost axis without transposing its input first, so tfjs's own bias gradient (a Sum over the rows)
// cost a second transpose of the same size.
import { tf, currentBackend } from '../tf';

const KERNEL = 'DroilMemberMatMul';
const DENSE = 'DroilMemberDense';

/** The parts of tfjs-backend-wasm's BackendWasm this kernel uses (4.22.0, pinned in package.json). */
interface WasmBackendLike {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...a: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: unknown): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
}

let wasmBatchMatMul: ((...a: unknown[]) => void) | null = null;
let wasmFusedMatMul: ((...a: unknown[]) => void) | null = null;

/** A view of `size` floats at `offset` in the wasm heap under a fresh id of the backend's C++ tensor table. */
function view(be: WasmBackendLike, size: number, offset: number): number {
  const id = be.dataIdNextNumber++;
  be.wasm.tfjs.registerTensor(id, size, offset);
  return id;
}

function registerWasmKernel(): boolean {
  if (tf.getKernel(KERNEL, 'wasm') && tf.getKernel(DENSE, 'wasm')) return true;
  if (!tf.findBackend('wasm')) return false;
  if (!tf.getKernel(DENSE, 'wasm')) tf.registerKernel({
    kernelName: DENSE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackendLike;
      const x = inputs.x as tf.TensorInfo, w = inputs.w as tf.TensorInfo, b = inputs.b as tf.TensorInfo;
      const [M, R, K] = x.shape, O = w.shape[2];
      // _FusedMatMul(a, aShape, aRank, b, bShape, bRank, transposeA, transposeB, activation (0 = linear), bias, prelu, alpha, out)
      wasmFusedMatMul ??= be.wasm.cwrap('_FusedMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number', 'number', 'number', 'number', 'number']);
      const out = be.makeOutput([M, R, O], 'float32');
      const offX = be.dataIdMap.get(x.dataId).memoryOffset, offW = be.dataIdMap.get(w.dataId).memoryOffset;
      const offB = be.dataIdMap.get(b.dataId).memoryOffset, offO = be.dataIdMap.get(out.dataId).memoryOffset;
      const shapeX = new Uint8Array(new Int32Array([1, R, K]).buffer), shapeW = new Uint8Array(new Int32Array([1, K, O]).buffer);
      for (let m = 0; m < M; m++) {
        const ix = view(be, R * K, offX + 4 * m * R * K), iw = view(be, K * O, offW + 4 * m * K * O);
        const ib = view(be, O, offB + 4 * m * O), io = view(be, R * O, offO + 4 * m * R * O);
        wasmFusedMatMul(ix, shapeX, 3, iw, shapeW, 3, false, false, 0, ib, 0, 0, io);
        for (const id of [ix, iw, ib, io]) be.wasm.tfjs.disposeData(id); // views only: never free the memory
      }
      return out;
    },
  });
  if (!tf.getKernel(KERNEL, 'wasm')) tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackendLike;
      const a = inputs.a as tf.TensorInfo, b = inputs.b as tf.TensorInfo;
      const [M, R, K] = a.shape, O = b.shape[2];
      wasmBatchMatMul ??= be.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
      const out = be.makeOutput([M, R, O], 'float32');
      const offA = be.dataIdMap.get(a.dataId).memoryOffset, offB = be.dataIdMap.get(b.dataId).memoryOffset, offO = be.dataIdMap.get(out.dataId).memoryOffset;
      const shapeA = new Uint8Array(new Int32Array([1, R, K]).buffer), shapeB = new Uint8Array(new Int32Array([1, K, O]).buffer);
      for (let m = 0; m < M; m++) {
        const ia = view(be, R * K, offA + 4 * m * R * K), ib = view(be, K * O, offB + 4 * m * K * O), io = view(be, R * O, offO + 4 * m * R * O);
        wasmBatchMatMul(ia, shapeA, 3, ib, shapeB, 3, false, false, io);
        // Views only: forget the ids (this also drops XNNPACK's operator cached on ib), never free the memory.
        for (const id of [ia, ib, io]) be.wasm.tfjs.disposeData(id);
      }
      return out;
    },
  });
  return true;
}

/** a [M, R, K] x b [M, K, O] -> [M, R, O] with no transposed operand. */
function plainProduct(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (a.shape[0] === 1 || currentBackend() !== 'wasm' || !registerWasmKernel()) return tf.matMul(a, b);
  return tf.engine().runKernel(KERNEL, { a, b }) as tf.Tensor3D;
}

const swap = (t: tf.Tensor3D) => tf.transpose(t, [0, 2, 1]) as tf.Tensor3D;

/** Per-member matMul: a [M, R, K], b [M, K, O] -> [M, R, O]; d/da = g b^T, d/db = a^T g. */
type CustomGradFn = Parameters<typeof tf.customGrad>[0];

export const memberMatMul: (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D = tf.customGrad(
  ((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: plainProduct(a as tf.Tensor3D, b as tf.Tensor3D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as tf.Tensor3D[];
        return [plainProduct(dy as tf.Tensor3D, swap(sb)), plainProduct(swap(sa), dy as tf.Tensor3D)];
      },
    };
  }) as unknown as CustomGradFn,
) as unknown as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

/** x W + b per member: x [M, R, K], W [M, K, O], b [M, 1, O] -> [M, R, O]. */
function denseForward(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (currentBackend() !== 'wasm' || !registerWasmKernel()) return tf.add(tf.matMul(x, w), b) as tf.Tensor3D;
  return tf.engine().runKernel(DENSE, { x, w, b }) as tf.Tensor3D;
}

/**
 * One dense layer of every member, z = x W + b, with its gradient from a single transpose of dz:
 * dx = dz W^T, dW = (dz^T x)^T, db = row sums of dz^T.
 */
export const memberDense: (x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D = tf.customGrad(
  ((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: denseForward(x as tf.Tensor3D, w as tf.Tensor3D, b as tf.Tensor3D),
      gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as tf.Tensor3D[];
        const dzT = swap(dz as tf.Tensor3D);
        return [plainProduct(dz as tf.Tensor3D, swap(sw)), swap(plainProduct(dzT, sx)), tf.reshape(tf.sum(dzT, 2), b.shape)];
      },
    };
  }) as unknown as CustomGradFn,
) as unknown as (x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;
