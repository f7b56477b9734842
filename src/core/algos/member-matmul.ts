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
import { tf, currentBackend } from '../tf';

const KERNEL = 'DroilMemberMatMul';

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

function registerWasmKernel(): boolean {
  if (tf.getKernel(KERNEL, 'wasm')) return true;
  if (!tf.findBackend('wasm')) return false;
  tf.registerKernel({
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
        const ia = be.dataIdNextNumber++, ib = be.dataIdNextNumber++, io = be.dataIdNextNumber++;
        be.wasm.tfjs.registerTensor(ia, R * K, offA + 4 * m * R * K);
        be.wasm.tfjs.registerTensor(ib, K * O, offB + 4 * m * K * O);
        be.wasm.tfjs.registerTensor(io, R * O, offO + 4 * m * R * O);
        wasmBatchMatMul(ia, shapeA, 3, ib, shapeB, 3, false, false, io);
        // Views only: forget the ids (this also drops XNNPACK's operator cached on ib), never free the memory.
        be.wasm.tfjs.disposeData(ia); be.wasm.tfjs.disposeData(ib); be.wasm.tfjs.disposeData(io);
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
