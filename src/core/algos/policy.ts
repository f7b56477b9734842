// The policy's training loss (ALGORITHMS.md 2): the per-sample NLL of a categorical over logits, or of a
// Gaussian with a learned state-independent log-std (or MSE), on tfjs tensors. Everything else about a policy
// (normalisation, action scaling, the versioned JSON, loadPolicy's plain-TypeScript Actor) lives in
// policy-file.ts, which needs no tfjs, and is re-exported here.
import { tf } from '../tf';
import { LOG_STD_MAX, LOG_STD_MIN } from './defaults';
import { fusedCategoricalNll } from './categorical-nll';
import type { PolicyAction } from './policy-file';

export * from './policy-file';

/**
 * Per-sample imitation loss l_theta(s, a) for every member: [M, B].
 * out: network output [M, B, outDim]; actions: int32 [M, B] (discrete) or scaled float [M, B, dim];
 * logStd: [M, 1, dim] (Gaussian only).
 */
export function imitationLoss(out: tf.Tensor3D, actions: tf.Tensor, action: PolicyAction, continuousLoss: 'gaussian' | 'mse', logStd?: tf.Tensor): tf.Tensor2D {
  if (action.kind === 'discrete') {
    const fused = fusedCategoricalNll(out, actions as tf.Tensor2D); // one kernel each way on wasm and cpu
    if (fused) return fused;
    const logp = tf.logSoftmax(out);
    return tf.neg(tf.sum(tf.mul(tf.oneHot(actions as tf.Tensor2D, action.n), logp), -1)) as tf.Tensor2D;
  }
  if (continuousLoss === 'mse') return tf.sum(tf.square(tf.sub(out, actions)), -1) as tf.Tensor2D;
  const ls = tf.clipByValue(logStd!, LOG_STD_MIN, LOG_STD_MAX);
  const zed = tf.mul(tf.sub(actions, out), tf.exp(tf.neg(ls)));
  const perDim = tf.add(tf.add(tf.mul(tf.square(zed), 0.5), ls), 0.5 * Math.log(2 * Math.PI));
  return tf.sum(perDim, -1) as tf.Tensor2D;
}
