// The discrete policy's per-sample loss, -log softmax(z)_a, as one host kernel forward and one backward on wasm
// and cpu (host-kernel.ts): composed of tfjs ops (logSoftmax, oneHot, a product, a sum, a negation) it was ~19
// kernels forward and ~10 backward on the tape for [M, 256, 2] logits. Float64 inside, rounded once:
//   l = log sum_k exp(z_k) - z_a;   dl/dz_k = softmax(z)_k - [k = a]
// equal to the tfjs ops to float32 precision (algos-categorical-nll.test.ts).
import { tf } from '../tf';
import { registerHostKernel } from '../host-kernel';

const FORWARD = 'DroilCategoricalNll';
const BACKWARD = 'DroilCategoricalNllGrad';

/** log sum exp of z[at .. at + A) and, when p is given, the softmax into p. */
function logSumExp(z: Float32Array, at: number, A: number, p?: Float64Array): number {
  let mx = -Infinity;
  for (let k = 0; k < A; k++) mx = Math.max(mx, z[at + k]);
  let s = 0;
  for (let k = 0; k < A; k++) { const v = Math.exp(z[at + k] - mx); s += v; if (p) p[k] = v; }
  if (p) for (let k = 0; k < A; k++) p[k] /= s;
  return mx + Math.log(s);
}

function register(): boolean {
  return registerHostKernel(FORWARD, ({ z, a }, _attrs, io) => {
    const [M, B, A] = z.shape;
    const out = io.output([M, B]);
    const zv = io.values(z), av = io.ints(a), o = io.values(out);
    for (let r = 0; r < M * B; r++) o[r] = logSumExp(zv, r * A, A) - zv[r * A + av[r]];
    return out;
  }) && registerHostKernel(BACKWARD, ({ dy, z, a }, _attrs, io) => {
    const [M, B, A] = z.shape;
    const out = io.output([M, B, A]);
    const zv = io.values(z), av = io.ints(a), d = io.values(dy), o = io.values(out), p = new Float64Array(A);
    for (let r = 0; r < M * B; r++) {
      logSumExp(zv, r * A, A, p);
      for (let k = 0; k < A; k++) o[r * A + k] = d[r] * (p[k] - (k === av[r] ? 1 : 0));
    }
    return out;
  });
}

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/** The two kernels called directly, off the tape (ensemble.ts's untaped step); null where host kernels do not run. */
export function categoricalNllKernels(): { loss(z: tf.Tensor, a: tf.Tensor): tf.Tensor2D; grad(dy: tf.Tensor, z: tf.Tensor, a: tf.Tensor): tf.Tensor3D } | null {
  if (!register()) return null;
  return {
    loss: (z, a) => tf.engine().runKernel(FORWARD, { z, a }) as tf.Tensor2D,
    grad: (dy, z, a) => tf.engine().runKernel(BACKWARD, { dy, z, a }) as tf.Tensor3D,
  };
}

/** -log softmax(logits)[action]: logits [M, B, A], actions int32 [M, B] -> [M, B]; null where host kernels do not run. */
export function fusedCategoricalNll(logits: tf.Tensor3D, actions: tf.Tensor2D): tf.Tensor2D | null {
  if (!register()) return null;
  const op = tf.customGrad(((z: tf.Tensor, a: tf.Tensor, save: tf.GradSaveFunc) => {
    save([z, a]);
    return {
      value: tf.engine().runKernel(FORWARD, { z, a }) as tf.Tensor,
      // The actions are data: their gradient is zero.
      gradFunc: (dy: tf.Tensor, [zs, as]: tf.Tensor[]) => [tf.engine().runKernel(BACKWARD, { dy, z: zs, a: as }) as tf.Tensor, tf.zerosLike(as)],
    };
  }) as unknown as CustomGradFn);
  return op(logits, actions) as tf.Tensor2D;
}
