// The worst case of a KL ball over a finite sample (ALGORITHMS.md §4, sim-and-data.md §3.5).
// Given K equally likely candidate outcomes with values V_i (higher is better for the policy), the
// distribution q that minimises E_q[V] subject to KL(q || uniform_K) <= rho is the exponential tilt
// q_i ∝ exp(-V_i / beta) (Hu & Hong 2013), with beta chosen so that the constraint is active.
// KL(q || uniform) = sum_i q_i log(K q_i) grows monotonically from 0 (beta -> inf, q uniform) to
// log(K / m) (beta -> 0, q uniform over the m minimisers); beyond that radius the answer is the limit.

export interface Tilt {
  /** The tilted probabilities, summing to 1. */
  q: Float64Array;
  /** The temperature: Infinity for the uniform answer, 0 for the argmin limit. */
  beta: number;
  /** KL(q || uniform_K) actually reached. */
  kl: number;
}

/** KL(q || uniform_K) = sum q_i log(K q_i). */
export function klToUniform(q: ArrayLike<number>): number {
  const k = q.length;
  let s = 0;
  for (let i = 0; i < k; i++) if (q[i] > 0) s += q[i] * Math.log(k * q[i]);
  return Math.max(0, s);
}

// q ∝ exp(-eta (V - min V)) written into `out`; returns KL to uniform.
function tiltInto(values: ArrayLike<number>, vmin: number, eta: number, out: Float64Array): number {
  let z = 0;
  for (let i = 0; i < values.length; i++) { out[i] = Math.exp(-eta * (values[i] - vmin)); z += out[i]; }
  for (let i = 0; i < values.length; i++) out[i] /= z;
  return klToUniform(out);
}

/**
 * The exponential tilt of `values` with KL(q || uniform) = rho (to `tol`), found by bisection on
 * log(1/beta). rho <= 0 gives the uniform distribution; rho >= log(K / #minimisers) gives the
 * uniform distribution over the minimisers (for distinct values: always the worst candidate).
 */
export function klTilt(values: ArrayLike<number>, rho: number, tol = 1e-9): Tilt {
  const k = values.length;
  if (k === 0) throw new Error('klTilt: no candidates');
  const q = new Float64Array(k);
  let vmin = Infinity, vmax = -Infinity;
  for (let i = 0; i < k; i++) { vmin = Math.min(vmin, values[i]); vmax = Math.max(vmax, values[i]); }
  if (!(rho > 0) || vmax === vmin) { q.fill(1 / k); return { q, beta: Infinity, kl: 0 }; }
  let m = 0;
  for (let i = 0; i < k; i++) if (values[i] === vmin) m++;
  const klMax = Math.log(k / m);
  if (rho >= klMax - tol) {
    for (let i = 0; i < k; i++) q[i] = values[i] === vmin ? 1 / m : 0;
    return { q, beta: 0, kl: klMax };
  }
  // Bracket eta = 1/beta in log space: KL(eta) is increasing; scale by the spread of the values.
  const range = vmax - vmin;
  let lo = Math.log(1e-6 / range), hi = Math.log(1 / range);
  while (tiltInto(values, vmin, Math.exp(hi), q) < rho) { lo = hi; hi += Math.log(4); }
  let kl = NaN;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    kl = tiltInto(values, vmin, Math.exp(mid), q);
    if (Math.abs(kl - rho) <= tol) break;
    if (kl < rho) lo = mid; else hi = mid;
  }
  const eta = Math.exp(0.5 * (lo + hi));
  kl = tiltInto(values, vmin, eta, q);
  return { q, beta: 1 / eta, kl };
}

/** Draws an index from probabilities q with one uniform number u in [0, 1). */
export function sampleIndex(q: ArrayLike<number>, u: number): number {
  let c = 0;
  for (let i = 0; i < q.length; i++) { c += q[i]; if (u < c) return i; }
  for (let i = q.length - 1; i >= 0; i--) if (q[i] > 0) return i; // rounding: c may end just below 1
  return q.length - 1;
}
