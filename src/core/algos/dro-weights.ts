// The adversary's weights (ALGORITHMS.md 3.3), in closed form given the balance-corrected loss e and the
// temperature lambda, for every member of an ensemble at once. Shapes: e [M, N]; per-member scalars [M, 1].
//   KL:    w_i = N softmax_i(e_i / lambda)
//   chi^2: w_i = max(0, 1 + (e_i - eta) / lambda), eta such that mean_i w_i = 1
// lambda solves D_f(w_lambda) = rho (D_f falls as lambda grows) by a vectorised bisection in log lambda:
// each round evaluates D_f at C candidates at once on the device and keeps the bracket where it crosses rho,
// so nothing is read back. Everything here is detached maths (no gradients are taken through it).
import { tf } from '../tf';
import { SOLVE_KERNEL, hostSolveAvailable } from './lambda-host';

import type { Divergence } from './divergence';

export type { Divergence };

/** KL weights N softmax(e / lambda): [M, N]. */
export function klWeights(e: tf.Tensor2D, lambda: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.softmax(tf.div(e, lambda)), e.shape[1]) as tf.Tensor2D);
}

/**
 * chi^2 threshold: with theta = eta - lambda, w_i = max(0, e_i - theta) / lambda and sum_i w_i = N means
 * theta is the threshold of the projection of e onto {x >= 0, sum x = N lambda}:
 * theta = max_k (cumsum_k(sorted desc e) - N lambda) / k  (each term is a lower bound, the active k attains it).
 * eSortedCumsum: [M, 1, N] cumulative sums of e sorted descending; lambda [M, C] -> eta [M, C].
 */
function chi2EtaFromCumsum(eSortedCumsum: tf.Tensor3D, lambda: tf.Tensor2D): tf.Tensor2D {
  const N = eSortedCumsum.shape[2];
  const k = tf.reshape(tf.range(1, N + 1, 1, 'float32'), [1, 1, N]);
  const lam = tf.expandDims(lambda, 2); // [M, C, 1]
  const theta = tf.max(tf.div(tf.sub(eSortedCumsum, tf.mul(lam, N)), k), 2) as tf.Tensor2D;
  return tf.add(theta, lambda) as tf.Tensor2D;
}

function sortedCumsum(e: tf.Tensor2D): tf.Tensor3D {
  const sorted = tf.topk(e, e.shape[1], true).values; // descending
  return tf.expandDims(tf.cumsum(sorted, 1), 1) as tf.Tensor3D;
}

/** eta for given lambda [M, 1]: [M, 1]. */
export function chi2Eta(e: tf.Tensor2D, lambda: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => chi2EtaFromCumsum(sortedCumsum(e), lambda));
}

/** chi^2 weights max(0, 1 + (e - eta) / lambda): [M, N]. */
export function chi2Weights(e: tf.Tensor2D, lambda: tf.Tensor2D, eta: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.relu(tf.add(1, tf.div(tf.sub(e, eta), lambda))) as tf.Tensor2D);
}

/** D_f(w) = mean_i f(w_i) along the last axis; KL f(w) = w log w - w + 1, chi^2 f(w) = (w - 1)^2 / 2. */
export function divergenceOf(w: tf.Tensor, kind: Divergence): tf.Tensor {
  return tf.tidy(() => {
    if (kind === 'chi2') return tf.mean(tf.mul(tf.square(tf.sub(w, 1)), 0.5), -1);
    const wlogw = tf.where(tf.greater(w, 0), tf.mul(w, tf.log(tf.maximum(w, 1e-30))), tf.zerosLike(w));
    return tf.mean(tf.add(tf.sub(wlogw, w), 1), -1);
  });
}

/** KL divergence of N softmax(e / lambda) for many lambdas: e [M, N], logLambda [M, C] -> [M, C]. */
function klDivergenceAt(e: tf.Tensor2D, logLambda: tf.Tensor2D): tf.Tensor2D {
  const N = e.shape[1];
  const z = tf.div(tf.expandDims(e, 1), tf.expandDims(tf.exp(logLambda), 2)); // [M, C, N]
  const logp = tf.logSoftmax(z);
  // D = mean_i w log w - w + 1 = log N + sum_i p_i log p_i  (mean w = 1)
  return tf.add(tf.sum(tf.mul(tf.exp(logp), logp), 2), Math.log(N)) as tf.Tensor2D;
}

/** chi^2 divergence of the weights for many lambdas: [M, C]. */
function chi2DivergenceAt(e: tf.Tensor2D, cs: tf.Tensor3D, logLambda: tf.Tensor2D): tf.Tensor2D {
  const lam = tf.exp(logLambda);
  const eta = chi2EtaFromCumsum(cs, lam as tf.Tensor2D);
  const w = tf.relu(tf.add(1, tf.div(tf.sub(tf.expandDims(e, 1), tf.expandDims(eta, 2)), tf.expandDims(lam, 2))));
  return tf.mean(tf.mul(tf.square(tf.sub(w, 1)), 0.5), 2) as tf.Tensor2D;
}

export interface LambdaSolution {
  /** [M, 1] */
  lambda: tf.Tensor2D;
  /** [M, 1] (chi^2; zeros for KL) */
  eta: tf.Tensor2D;
}

export interface SolveOptions {
  /** Candidates per round (>= 3). */
  grid: number;
  rounds: number;
}

/**
 * Solve D_f(w_lambda) = rho for every member: rho [M, 1], lambdaMin [M, 1] (the floor). Returns the upper
 * end of the final bracket, so D_f(w) <= rho up to the bracket's width. If even lambdaMin cannot reach rho
 * (KL: rho >= log N, or a flat e), lambda = lambdaMin: the worst case puts (almost) all weight on the largest e.
 */
export function solveLambda(e: tf.Tensor2D, rho: tf.Tensor2D, lambdaMin: tf.Tensor2D, kind: Divergence, opts: SolveOptions): LambdaSolution {
  if (hostSolveAvailable()) {
    // wasm and cpu: one fused kernel (lambda-host.ts), solved to float64 precision.
    const [lambda, eta] = tf.engine().runKernel(SOLVE_KERNEL, { e, rho, lambdaMin }, { kind } as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
    return { lambda, eta };
  }
  return solveLambdaOnDevice(e, rho, lambdaMin, kind, opts);
}

/** The vectorised bisection (GPU backends; also what the fused kernel is tested against). */
export function solveLambdaOnDevice(e: tf.Tensor2D, rho: tf.Tensor2D, lambdaMin: tf.Tensor2D, kind: Divergence, opts: SolveOptions): LambdaSolution {
  return tf.tidy(() => {
    const C = opts.grid;
    const cs = kind === 'chi2' ? sortedCumsum(e) : null;
    const D = (logLam: tf.Tensor2D) => (kind === 'kl' ? klDivergenceAt(e, logLam) : chi2DivergenceAt(e, cs!, logLam));
    // Bracket: D ~ var(e) / (2 lambda^2) for large lambda, so e^8 times the range of e makes D negligible.
    const range = tf.sub(tf.max(e, 1, true), tf.min(e, 1, true));
    let lo = tf.log(lambdaMin) as tf.Tensor2D;
    let hi = tf.add(tf.log(tf.add(range, lambdaMin)), 8) as tf.Tensor2D;
    const ks = tf.reshape(tf.range(0, C, 1, 'float32'), [1, C]);
    for (let r = 0; r < opts.rounds; r++) {
      const step = tf.div(tf.sub(hi, lo), C - 1);
      const cand = tf.add(lo, tf.mul(step, ks)) as tf.Tensor2D; // [M, C]
      // D falls with lambda: the number of candidates still above rho locates the crossing.
      const above = tf.sum(tf.cast(tf.greater(D(cand), rho), 'float32'), 1, true);
      const newLo = tf.add(lo, tf.mul(step, tf.maximum(tf.sub(above, 1), 0)));
      const newHi = tf.add(lo, tf.mul(step, tf.minimum(above, C - 1)));
      lo = newLo as tf.Tensor2D;
      hi = newHi as tf.Tensor2D;
    }
    const lambda = tf.exp(hi) as tf.Tensor2D;
    const eta = kind === 'chi2' ? chi2EtaFromCumsum(cs!, lambda) : tf.zerosLike(lambda) as tf.Tensor2D;
    return { lambda, eta };
  });
}

/** Weights for a given lambda (and eta for chi^2). */
export function weightsFor(e: tf.Tensor2D, lambda: tf.Tensor2D, eta: tf.Tensor2D, kind: Divergence): tf.Tensor2D {
  return kind === 'kl' ? klWeights(e, lambda) : chi2Weights(e, lambda, eta);
}

/** fstar for chi^2: y + y^2/2 for y >= -1, -1/2 below. */
export function chi2Fstar(y: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.where(tf.greaterEqual(y, -1), tf.add(y, tf.mul(tf.square(y), 0.5)), tf.fill(y.shape, -0.5)));
}

/**
 * The dual objective without its constant-in-e parts' gradients in mind (lambda, eta are treated as given):
 *   KL:    lambda rho + lambda logmeanexp(e / lambda)
 *   chi^2: lambda rho + eta + lambda mean fstar((e - eta) / lambda)
 * The (1 - gamma) mean nu(S0) term is added by the caller. Returns [M].
 */
export function dualObjective(e: tf.Tensor2D, lambda: tf.Tensor2D, eta: tf.Tensor2D, rho: tf.Tensor2D, kind: Divergence): tf.Tensor1D {
  return tf.tidy(() => {
    const N = e.shape[1];
    const base = tf.mul(lambda, rho);
    let inner: tf.Tensor;
    if (kind === 'kl') inner = tf.mul(lambda, tf.sub(tf.logSumExp(tf.div(e, lambda), 1, true), Math.log(N)));
    else inner = tf.add(eta, tf.mul(lambda, tf.mean(chi2Fstar(tf.div(tf.sub(e, eta), lambda)), 1, true)));
    return tf.reshape(tf.add(base, inner), [-1]) as tf.Tensor1D;
  });
}

/** Clip at wMax and renormalise to mean 1 (a few rounds, since renormalising can lift weights past wMax again). */
export function clipWeights(w: tf.Tensor2D, wMax: number, rounds = 5): tf.Tensor2D {
  return tf.tidy(() => {
    let v = w;
    for (let r = 0; r < rounds; r++) v = tf.div(tf.minimum(v, wMax), tf.mean(tf.minimum(v, wMax), 1, true)) as tf.Tensor2D;
    return v;
  });
}

/** Effective sample size (sum w)^2 / (N sum w^2): [M]. */
export function effectiveSampleSize(w: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.div(tf.square(tf.sum(w, 1)), tf.mul(tf.sum(tf.square(w), 1), w.shape[1])) as tf.Tensor1D);
}
