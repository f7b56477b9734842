// Reading A of ALGORITHMS.md 3.5: a KL ball over the kernel of each demonstrated (s, a), realised on a model.
// K next states s'_ik are drawn per demonstrated transition i from a transition model (a learned T_hat, or the
// simulator for an oracle) and labelled a'_ik (a learned label model, or the built-in expert for an oracle).
// The policy minimises
//
//   mean_i l_theta(s_i, a_i)  +  alpha * mean_i  sup_{q_i : KL(q_i || uniform_K) <= rho}  sum_k q_ik l_theta(s'_ik, a'_ik)
//
// The inner sup is the exponential tilt q_ik = softmax_k(l_ik / beta_i) with beta_i such that KL = rho
// (Hu & Hong 2013, as the worst-case kernel of ALGORITHMS.md 4). Written as weights with mean 1 over a group,
// w_ik = K q_ik = K softmax_k(l_ik / beta_i) and D_KL(w_i) = mean_k w_ik log w_ik = KL(q_i || uniform): DRO-BC's
// lambda solve (dro-weights.ts) over each group of K instead of over the batch, so it is reused row by row.
// rho = 0 gives q uniform: plain model-based augmentation (the control). By Danskin's theorem the policy's
// gradient is that of sum_k q_ik l_ik with q fixed (the tilt is computed from detached losses).
import { tf } from '../tf';
import { solveLambda, weightsFor } from './dro-weights';
import { gatherRows } from '../data/rows';
import { normaliseObservations, scaleActions, type Normaliser, type PolicyAction } from './policy';

/** K labelled next states per transition of a dataset, in the data's raw units (row-major, transition-major). */
export interface KernelCandidates {
  K: number;
  /** N x K x obsDim next observations. */
  next: Float32Array;
  /** N x K x actionDim labels (discrete: the action index). */
  labels: Float32Array;
}

/** Candidates in the policy's units (observations standardised, continuous actions scaled to [-1, 1]). */
export interface CandidateRows { K: number; next: Float32Array; labels: Float32Array | Int32Array }

export function candidateRows(c: KernelCandidates, action: PolicyAction, norm: Normaliser): CandidateRows {
  return {
    K: c.K,
    next: normaliseObservations(c.next, norm),
    labels: action.kind === 'discrete' ? Int32Array.from(c.labels) : scaleActions(c.labels, action.low, action.high),
  };
}

/** The batch's candidate rows of each member with candidates, member-major: observations M x (B K) x k and labels M x (B K) (x width). */
export function gatherCandidates(rows: CandidateRows[], transitions: Int32Array, K: number, k: number, width: number, discrete: boolean) {
  const M = rows.length, B = transitions.length / M;
  const obs = new Float32Array(M * B * K * k), labels = discrete ? new Int32Array(M * B * K) : new Float32Array(M * B * K * width);
  for (let m = 0; m < M; m++) {
    const r = rows[m];
    const idx = new Int32Array(B * K);
    for (let i = 0; i < B; i++) for (let j = 0; j < K; j++) idx[i * K + j] = transitions[m * B + i] * K + j;
    obs.set(gatherRows(r.next, k, idx), m * B * K * k);
    labels.set(gatherRows(r.labels, discrete ? 1 : width, idx) as never, m * B * K * (discrete ? 1 : width));
  }
  return { obs, labels };
}

/**
 * The tilt's weights w [M, B K] from the detached candidate losses lAug [M, B K]: per group of K,
 * w = K softmax(l / beta) with D_KL(w) = rho (rho [M, 1], one radius per member; 0: w = 1).
 */
export function tiltedWeights(lAug: tf.Tensor2D, K: number, rho: tf.Tensor2D, lambdaFloor: number, solve: { grid: number; rounds: number }): tf.Tensor2D {
  return tf.tidy(() => {
    const [M, BK] = lAug.shape, B = BK / K;
    const groups = tf.reshape(lAug, [M * B, K]) as tf.Tensor2D;
    const rhoRows = tf.reshape(tf.tile(rho, [1, B]), [M * B, 1]) as tf.Tensor2D;
    const floor = tf.maximum(tf.mul(tf.mean(tf.abs(groups), 1, true), lambdaFloor), 1e-12) as tf.Tensor2D;
    const { lambda } = solveLambda(groups, rhoRows, floor, 'kl', solve);
    // rho = 0: uniform (the solve's lambda is then huge; make it exact).
    const w = tf.where(tf.greater(rhoRows, 0), weightsFor(groups, lambda, tf.zerosLike(lambda), 'kl'), tf.onesLike(groups));
    return tf.reshape(w, [M, BK]) as tf.Tensor2D;
  });
}

/**
 * The rows of the tilted members of a stacked tensor x [M, ...]: [T, ...] = select [T, M] (one-hot) x x. Exact
 * (each row is 1 times its member's values plus zeros) and differentiable on every backend; tf.gather's gradient
 * (UnsortedSegmentSum) has no wasm kernel, so a gather here made the trainer fall back to cpu for the rest of the
 * process, and every later training in it (companions included) ran on another backend.
 */
export function selectMembers<T extends tf.Tensor>(x: T, select: tf.Tensor2D): T {
  return tf.tidy(() => {
    const [M, ...rest] = x.shape;
    return tf.reshape(tf.matMul(select, tf.reshape(x, [M, -1])), [select.shape[0], ...rest]) as T;
  });
}

/** One-hot rows [T, M] selecting members `which` (indices) of M. */
export function memberSelection(which: number[], M: number): tf.Tensor2D {
  return tf.tensor2d(which.flatMap((m) => Array.from({ length: M }, (_, j) => (j === m ? 1 : 0))), [which.length, M]);
}

/** The tilted term: sum over members of alpha_m mean_(i,k) w_ik l_ik (w detached; alpha [M, 1]). */
export function tiltedTerm(lAug: tf.Tensor2D, w: tf.Tensor2D, alpha: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.mul(tf.mean(tf.mul(w, lAug), 1, true), alpha)) as tf.Scalar);
}
