// MBIL's policy loss (ALGORITHMS.md 3.4), per transition i of a batch and per member (shapes [M, B]):
//
//   r_i = d_i - log pi_theta(a'_i | s'_i)                   d_i = log P_hat - log T_hat (frozen; discrete: log q_hat)
//   L_i = alpha * m_i * r_i^2 + beta * l_theta(s_i, a_i)    m_i = 1 when i starts a pair (s, a, s', a'), else 0
//
// and the objective is mean_i L_i. The mask keeps the BC term on every transition (the last one of an
// episode has no a') so that alpha = 0 is exactly BC; the balance term counts only real pairs. L_i is the
// per-sample loss that the "MBIL balance loss" reading of BE-DROIL reweights.
//
// log pi_theta is the policy's own density: the categorical for discrete actions, the Gaussian with the
// learned state-independent log-std for continuous ones (also when the BC term is MSE: the residual
// needs a density).
import * as tf from '@tensorflow/tfjs-core';
import { imitationLoss, type PolicyAction } from '../algos/policy';

/** log pi_theta(a | s) from the network output [M, B, out]: [M, B]. */
export function policyLogProb(out: tf.Tensor3D, actions: tf.Tensor, action: PolicyAction, logStd?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.neg(imitationLoss(out, actions, action, 'gaussian', logStd)) as tf.Tensor2D);
}

/** r = d - log pi: [M, B]. target d: [M, B] (or broadcastable). */
export function balanceResidual(target: tf.Tensor, logPi: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(target, logPi) as tf.Tensor2D;
}

/** L = alpha m r^2 + beta l: [M, B]. alpha, beta: [M, 1]; mask: [M, B] (or broadcastable). */
export function mbilSampleLoss(r: tf.Tensor2D, mask: tf.Tensor, l: tf.Tensor2D, alpha: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(alpha, tf.mul(mask, tf.square(r))), tf.mul(beta, l)) as tf.Tensor2D);
}

/** The objective every member shares: sum over members of mean_i L_i. */
export function mbilObjective(L: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.mean(L, 1)) as tf.Scalar;
}

/** Diagnostics per member [M]: mean r^2 over pairs, and the mean signed residual over pairs. */
export function residualStats(r: tf.Tensor2D, mask: tf.Tensor2D): { meanSquare: tf.Tensor1D; mean: tf.Tensor1D } {
  return tf.tidy(() => {
    const n = tf.maximum(tf.sum(mask, 1), 1);
    return {
      meanSquare: tf.div(tf.sum(tf.mul(mask, tf.square(r)), 1), n) as tf.Tensor1D,
      mean: tf.div(tf.sum(tf.mul(mask, r), 1), n) as tf.Tensor1D,
    };
  });
}
