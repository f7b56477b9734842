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
import { WasmCalls, type WasmBackendLike } from '../wasm-calls';

const KERNEL = 'DroilMemberMatMul';
const DENSE = 'DroilMemberDense';

function registerWasmKernel(): boolean {
  if (tf.getKernel(KERNEL, 'wasm') && tf.getKernel(DENSE, 'wasm')) return true;
  if (!tf.findBackend('wasm')) return false;
  if (!tf.getKernel(DENSE, 'wasm')) tf.registerKernel({
    kernelName: DENSE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const w = new WasmCalls(backend as unknown as WasmBackendLike);
      const x = inputs.x as tf.TensorInfo, wt = inputs.w as tf.TensorInfo, b = inputs.b as tf.TensorInfo;
      const [M, R, K] = x.shape, O = wt.shape[2];
      const out = w.be.makeOutput([M, R, O], 'float32');
      for (let m = 0; m < M; m++) w.dense(w.offset(x) + 4 * m * R * K, R, K, w.offset(wt) + 4 * m * K * O, O, w.offset(b) + 4 * m * O, w.offset(out) + 4 * m * R * O);
      return out;
    },
  });
  if (!tf.getKernel(KERNEL, 'wasm')) tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const w = new WasmCalls(backend as unknown as WasmBackendLike);
      const a = inputs.a as tf.TensorInfo, b = inputs.b as tf.TensorInfo;
      const [M, R, K] = a.shape, O = b.shape[2];
      const out = w.be.makeOutput([M, R, O], 'float32');
      // Each view's id is forgotten after its call, which also drops XNNPACK's operator cached on it.
      for (let m = 0; m < M; m++) w.matMul(w.offset(a) + 4 * m * R * K, R, K, w.offset(b) + 4 * m * K * O, O, w.offset(out) + 4 * m * R * O);
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
