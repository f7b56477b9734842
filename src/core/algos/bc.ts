// BC (ALGORITHMS.md 3.1): min_theta mean_i l_theta(s_i, a_i). Every weight is 1. In the ensemble trainer a
// BC member is a member whose weights are fixed to 1; this file holds that rule and the loss.
import { tf } from '../tf';

/** The policy objective every algorithm shares: sum over members of mean_i w_i l_i (w detached). */
export function weightedImitationLoss(l: tf.Tensor2D, w: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.mean(tf.mul(w, l), 1)) as tf.Scalar);
}
