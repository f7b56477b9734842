// BE-DROIL (ALGORITHMS.md 3.3), the parts that are its own: the balance-corrected loss e, the dual objective
// J that trains nu, and the balance residual. DRO-BC is this with nu == 0 (nuMask = 0 for that member).
// Shapes: per-transition [M, N]; per-member scalars [M, 1].
//
//   next value  = nu(s'_i)              if not end_i
//               = mean_{s0 in S0} nu(s0) if end_i   (the chain restarts from the initial distribution)
//   e_i         = stopgrad(l_i) + c * (gamma * next_i - nu(s_i)),   c = detached batch mean_i |l_i|
//   J           = lambda rho + (1 - gamma) c mean_S0 nu + lambda logmeanexp(e / lambda)     (KL)
//               + kappa c ||params_nu||^2  (the balance strength, in the same units as J)
import { tf } from '../tf';
import { dualObjective, type Divergence } from './dro-weights';
import { fusedDualJ, type DualInputs } from './dual-kernel';

export interface NuValues {
  /** nu(s_i): [M, N] (raw network output) */
  atState: tf.Tensor2D;
  /** nu(s'_i): [M, N] */
  atNext: tf.Tensor2D;
  /** mean nu over the batch of initial states: [M, 1] */
  meanInitial: tf.Tensor2D;
}

/** nu's values on the rows [s; s'; S0] ([M, 2N + N0]) as nu at s, at s' and its mean over S0. */
export function splitNuValues(all: tf.Tensor2D, initialRows: number): NuValues {
  const N = (all.shape[1] - initialRows) / 2;
  const [atState, atNext, atInitial] = tf.split(all, [N, N, initialRows], 1) as tf.Tensor2D[];
  return { atState, atNext, meanInitial: tf.mean(atInitial, 1, true) as tf.Tensor2D };
}

/** nu at the next state with restart-at-end: [M, N]. ended: [M, N] of 0/1. */
export function nextValue(nu: NuValues, ended: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(nu.atNext, tf.sub(1, ended)), tf.mul(nu.meanInitial, ended)) as tf.Tensor2D);
}

/** The balance term gamma * next_i - nu(s_i), in loss units (times scale c and the member's nu mask). */
export function balanceTerm(nu: NuValues, ended: tf.Tensor2D, gamma: number, scale: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(scale, tf.sub(tf.mul(nextValue(nu, ended), gamma), nu.atState)) as tf.Tensor2D);
}

/** e_i = l_i + balance term. */
export function balanceCorrectedLoss(lDetached: tf.Tensor2D, balance: tf.Tensor2D): tf.Tensor2D {
  return tf.add(lDetached, balance) as tf.Tensor2D;
}

/** (1 - gamma) c mean_S0 nu: [M, 1]. */
export function initialStateTerm(nu: NuValues, gamma: number, scale: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.mul(scale, nu.meanInitial), 1 - gamma) as tf.Tensor2D);
}

/** The dual J per member [M] for fixed lambda (and eta): what nu minimises, before the kappa penalty. */
export function dualJ(e: tf.Tensor2D, lambda: tf.Tensor2D, eta: tf.Tensor2D, rho: tf.Tensor2D, initTerm: tf.Tensor2D, kind: Divergence): tf.Tensor1D {
  return tf.tidy(() => tf.add(dualObjective(e, lambda, eta, rho, kind), tf.reshape(initTerm, [-1])) as tf.Tensor1D);
}

/**
 * What nu minimises, per member, from nu's values on [s; s'; S0]: mask (J + (1 - gamma) c mean_S0 nu), with
 * l, lambda, eta, rho and c fixed. One host kernel each way on wasm and cpu (dual-kernel.ts), tfjs ops elsewhere.
 */
export function maskedDualJ(nuAll: tf.Tensor2D, initialRows: number, c: DualInputs, gamma: number, kind: Divergence): tf.Tensor1D {
  const fused = fusedDualJ(nuAll, c, gamma, kind);
  if (fused) return fused;
  const nu = splitNuValues(nuAll, initialRows);
  const e = balanceCorrectedLoss(c.l, balanceTerm(nu, c.ended, gamma, c.scale));
  return tf.mul(dualJ(e, c.lambda, c.eta, c.rho, initialStateTerm(nu, gamma, c.scale), kind), tf.reshape(c.mask, [-1])) as tf.Tensor1D;
}

/** Balance residual mean_i w_i * (gamma next_i - nu(s_i)) + (1 - gamma) mean nu(S0), in loss units: [M]. */
export function balanceResidual(w: tf.Tensor2D, balance: tf.Tensor2D, initTerm: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.add(tf.mean(tf.mul(w, balance), 1), tf.reshape(initTerm, [-1])) as tf.Tensor1D);
}

/** nuEffect = std(balance term) / std(l): does nu re-rank anything? [M] */
export function nuEffect(balance: tf.Tensor2D, l: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const sd = (x: tf.Tensor2D) => tf.sqrt(tf.moments(x, 1).variance);
    return tf.div(sd(balance), tf.maximum(sd(l), 1e-12)) as tf.Tensor1D;
  });
}
