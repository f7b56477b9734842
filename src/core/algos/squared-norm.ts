// Each member's squared norm over a list of stacked tensors [M, ...] (nu's weights and biases for BE-DROIL's
// kappa penalty), with its gradient 2 dy_m t: on wasm and cpu one host kernel each way (host-kernel.ts)
// instead of a Square, a Sum and an Add per tensor forward and ~8 kernels per tensor backward. The gradient
// rounds as tfjs's Square gradient does (dy * (2 t), one float32 rounding), so parameters match the tfjs ops
// bit for bit; the norm itself (a sum in float64, rounded once) differs from tfjs's float32 sums in the last
// digits, and only J's value sees it, never a gradient.
import { tf } from '../tf';
import { registerHostKernel } from '../host-kernel';

const NORM = 'DroilSquaredNorm';
const GRAD = 'DroilSquaredNormGrad';
type CustomGradFn = Parameters<typeof tf.customGrad>[0];

function registerKernels(): boolean {
  return registerHostKernel(NORM, (inputs, attrs, io) => {
    const n = attrs.n as number, M = inputs.t0.shape[0];
    const out = io.output([M]);
    const o = io.values(out);
    for (let m = 0; m < M; m++) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const t = io.values(inputs[`t${i}`]), per = t.length / M;
        for (let j = m * per; j < (m + 1) * per; j++) s += t[j] * t[j];
      }
      o[m] = s;
    }
    return out;
  }) && registerHostKernel(GRAD, (inputs, attrs, io) => {
    const n = attrs.n as number, M = inputs.dy.shape[0];
    const outs = Array.from({ length: n }, (_, i) => io.output(inputs[`t${i}`].shape));
    const dy = io.values(inputs.dy);
    outs.forEach((out, i) => {
      const t = io.values(inputs[`t${i}`]), g = io.values(out), per = t.length / M;
      for (let m = 0; m < M; m++) { const d = dy[m]; for (let j = m * per; j < (m + 1) * per; j++) g[j] = d * (2 * t[j]); }
    });
    return outs;
  });
}

const named = (ts: tf.Tensor[]) => Object.fromEntries(ts.map((t, i) => [`t${i}`, t])) as tf.NamedTensorMap;

/** memberSquaredNorm's gradient kernel called directly, off the tape: dy_m 2 t per tensor; null where host kernels do not run. */
export function squaredNormGrad(dy: tf.Tensor1D, ts: tf.Tensor[]): tf.Tensor[] | null {
  if (!registerKernels()) return null;
  return tf.engine().runKernel(GRAD, { dy, ...named(ts) }, { n: ts.length }) as tf.Tensor[];
}

/**
 * sum over the tensors of each member's sum of squares: [M]; null where host kernels do not run. The
 * gradient reads the tensors themselves (not saved copies): pass tensors that live through the backward
 * pass (variables).
 */
export function memberSquaredNorm(ts: tf.Tensor[]): tf.Tensor1D | null {
  if (!registerKernels()) return null;
  const op = tf.customGrad(((...args: unknown[]) => {
    const xs = args.slice(0, ts.length) as tf.Tensor[];
    return {
      value: tf.engine().runKernel(NORM, named(xs), { n: xs.length }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor) => tf.engine().runKernel(GRAD, { dy, ...named(xs) }, { n: xs.length }) as tf.Tensor[],
    };
  }) as unknown as CustomGradFn);
  return op(...ts) as tf.Tensor1D;
}
