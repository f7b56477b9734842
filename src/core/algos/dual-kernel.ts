// BE-DROIL's dual objective of nu (be-droil.ts) from nu's values on the rows [s; s'; S0], as one host kernel
// forward and one backward on wasm and cpu (host-kernel.ts). Composed of tfjs ops (the split of nu's values,
// the balance term, the log-sum-exp or chi^2 conjugate, the initial-state term, the member mask) it was ~60
// kernels forward and ~70 backward on the tape, for vectors of 256 values. Per member, with lambda, eta, rho,
// the scale c and the losses l held fixed (detached) and mu = mean_{S0} nu:
//   e_i = l_i + c (gamma (nu(s'_i) (1 - end_i) + mu end_i) - nu(s_i))
//   J   = lambda rho + lambda (log sum_i exp(e_i / lambda) - log N)                 (KL)
//       = lambda rho + eta + lambda mean_i fstar((e_i - eta) / lambda)              (chi^2)
//   out = mask (J + (1 - gamma) c mu)
// and dJ/de_i = softmax(e / lambda)_i (KL) or max(0, 1 + (e_i - eta) / lambda) / N (chi^2), chained through
// e and mu to nu's values. Float64 inside, rounded once to float32: equal to the tfjs ops to float32 precision,
// not bit for bit (algos-dual-kernel.test.ts).
import { tf } from '../tf';
import { registerHostKernel, type HostIO } from '../host-kernel';
import type { Divergence } from './divergence';

const FORWARD = 'DroilDualJ';
const BACKWARD = 'DroilDualJGrad';

/** Detached per-member inputs: l, end [M, N]; scale, lambda, eta, rho, mask [M, 1]. */
export interface DualInputs { l: tf.Tensor2D; ended: tf.Tensor2D; scale: tf.Tensor2D; lambda: tf.Tensor2D; eta: tf.Tensor2D; rho: tf.Tensor2D; mask: tf.Tensor2D }

interface Attrs { gamma: number; kind: Divergence }

/** Per member m: e (float64), mu, and the values the objective and its gradient need. */
function memberTerms(v: Record<string, Float32Array>, m: number, N: number, N0: number, gamma: number) {
  const W = 2 * N + N0, nu = v.nuAll.subarray(m * W, (m + 1) * W), c = v.scale[m];
  let mu = 0;
  for (let j = 0; j < N0; j++) mu += nu[2 * N + j];
  mu /= N0;
  const e = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const end = v.ended[m * N + i];
    e[i] = v.l[m * N + i] + c * (gamma * (nu[N + i] * (1 - end) + mu * end) - nu[i]);
  }
  return { e, mu, c, lambda: v.lambda[m], eta: v.eta[m] };
}

/** dJ/de_i (into g) and J itself. */
function objective(e: Float64Array, lambda: number, eta: number, rho: number, kind: Divergence, g: Float64Array): number {
  const N = e.length;
  if (kind === 'kl') {
    let mx = -Infinity;
    for (const x of e) mx = Math.max(mx, x / lambda);
    let Z = 0;
    for (let i = 0; i < N; i++) { g[i] = Math.exp(e[i] / lambda - mx); Z += g[i]; }
    for (let i = 0; i < N; i++) g[i] /= Z;
    return lambda * rho + lambda * (mx + Math.log(Z) - Math.log(N));
  }
  let s = 0;
  for (let i = 0; i < N; i++) {
    const y = (e[i] - eta) / lambda;
    s += y >= -1 ? y + 0.5 * y * y : -0.5;
    g[i] = y >= -1 ? (1 + y) / N : 0;
  }
  return lambda * rho + eta + lambda * (s / N);
}

const NAMES = ['nuAll', 'l', 'ended', 'scale', 'lambda', 'eta', 'rho', 'mask'] as const;
const read = (inputs: Record<string, tf.TensorInfo>, io: HostIO) => Object.fromEntries(NAMES.map((k) => [k, io.values(inputs[k])])) as Record<string, Float32Array>;

function register(): boolean {
  return registerHostKernel(FORWARD, (inputs, attrs, io) => {
    const { gamma, kind } = attrs as unknown as Attrs, [M, N] = inputs.l.shape, N0 = inputs.nuAll.shape[1] - 2 * N;
    const out = io.output([M]);
    const v = read(inputs, io), o = io.values(out), g = new Float64Array(N);
    for (let m = 0; m < M; m++) {
      const t = memberTerms(v, m, N, N0, gamma);
      o[m] = v.mask[m] * (objective(t.e, t.lambda, t.eta, v.rho[m], kind, g) + (1 - gamma) * t.c * t.mu);
    }
    return out;
  }) && registerHostKernel(BACKWARD, (inputs, attrs, io) => {
    const { gamma, kind } = attrs as unknown as Attrs, [M, N] = inputs.l.shape, W = inputs.nuAll.shape[1], N0 = W - 2 * N;
    const out = io.output([M, W]);
    const v = read(inputs, io), dy = io.values(inputs.dy), d = io.values(out), g = new Float64Array(N);
    for (let m = 0; m < M; m++) {
      const t = memberTerms(v, m, N, N0, gamma), s = dy[m] * v.mask[m];
      objective(t.e, t.lambda, t.eta, v.rho[m], kind, g);
      let dMu = (1 - gamma) * t.c;
      for (let i = 0; i < N; i++) {
        const end = v.ended[m * N + i];
        d[m * W + i] = -s * t.c * g[i];
        d[m * W + N + i] = s * t.c * gamma * (1 - end) * g[i];
        dMu += t.c * gamma * end * g[i];
      }
      for (let j = 0; j < N0; j++) d[m * W + 2 * N + j] = (s * dMu) / N0;
    }
    return out;
  });
}

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/** fusedDualJ's gradient kernel called directly, off the tape: d(dy . J)/d nuAll, [M, 2N + N0]; null where host kernels do not run. */
export function dualJGrad(dy: tf.Tensor, nuAll: tf.Tensor2D, c: DualInputs, gamma: number, kind: Divergence): tf.Tensor2D | null {
  if (!register()) return null;
  const fixed = { l: c.l, ended: c.ended, scale: c.scale, lambda: c.lambda, eta: c.eta, rho: c.rho, mask: c.mask };
  return tf.engine().runKernel(BACKWARD, { dy, nuAll, ...fixed }, { gamma, kind } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * mask (J + (1 - gamma) c mean_S0 nu) per member, [M], differentiable in nuAll [M, 2N + N0] (nu at s, s', S0)
 * only; null where host kernels do not run (the caller composes tfjs ops). The detached inputs are read
 * again by the backward pass: they must live through it (created outside the taped function, or kept).
 */
export function fusedDualJ(nuAll: tf.Tensor2D, c: DualInputs, gamma: number, kind: Divergence): tf.Tensor1D | null {
  if (!register()) return null;
  const fixed = { l: c.l, ended: c.ended, scale: c.scale, lambda: c.lambda, eta: c.eta, rho: c.rho, mask: c.mask };
  const attrs = { gamma, kind } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]); // nu's values are an intermediate of the taped objective: kept for the backward pass
    return {
      value: tf.engine().runKernel(FORWARD, { nuAll: x, ...fixed }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => tf.engine().runKernel(BACKWARD, { dy, nuAll: xs, ...fixed }, attrs) as tf.Tensor,
    };
  }) as unknown as CustomGradFn);
  return op(nuAll) as tf.Tensor1D;
}
