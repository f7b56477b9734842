// Reading C of ALGORITHMS.md 3.5: mass may enter and leave the data (sources and sinks). Letting the adversary
// choose where mass enters turns the balanced set into per-segment weights: the data are cut into segments of H
// consecutive transitions (within an episode; H = 0: the whole episode), and
//
//   L_j = mean loss of segment j
//   v_j = J softmax_j(L_j / lambda),   lambda by the same bisection on D_f(v) = rho as DRO-BC
//   w_i = v_{segment(i)}
//
// On a batch this is DRO-BC with e_i replaced by the mean of e over the batch's transitions of i's segment:
// w_i = N softmax_i(e_i / lambda) then gives every transition of a segment the same weight, and with segments of
// equal length D_f over transitions equals D_f over segments (a shorter last segment counts by its length: the
// occupancy of its transitions). H = 1 is DRO-BC. With the whole dataset as the batch (a dataset smaller than the
// batch, sampler.ts) the segment means are exact; with minibatches they are means over the sampled transitions.
import { tf } from '../tf';
import type { Dataset } from '../data/dataset';

/** Segment id of every transition for segment length H (0: one segment per episode). */
export function segmentIds(d: Dataset, H: number): Int32Array {
  const N = d.terminals.length, ids = new Int32Array(N);
  let next = 0;
  for (let e = 0; e + 1 < d.episodeStarts.length; e++) {
    const start = d.episodeStarts[e], end = d.episodeStarts[e + 1];
    for (let i = start; i < end; i++) ids[i] = next + (H > 0 ? Math.floor((i - start) / H) : 0);
    next = ids[end - 1] + 1;
  }
  return ids;
}

/**
 * The batch's segment-averaging matrices [M, B, B]: row i holds 1/n_i at the batch positions of i's segment
 * (n_i of them), so A e is e averaged within segments. ids[m] = null: the identity (that member has no segments).
 */
export function segmentAverager(ids: (Int32Array | null)[], transitions: Int32Array): Float32Array {
  const M = ids.length, B = transitions.length / M, A = new Float32Array(M * B * B);
  for (let m = 0; m < M; m++) {
    const seg = ids[m], idx = transitions.subarray(m * B, (m + 1) * B), base = m * B * B;
    if (!seg) { for (let i = 0; i < B; i++) A[base + i * B + i] = 1; continue; }
    const label = Array.from(idx, (t) => seg[t]);
    for (let i = 0; i < B; i++) {
      let n = 0;
      for (let k = 0; k < B; k++) if (label[k] === label[i]) n++;
      for (let k = 0; k < B; k++) if (label[k] === label[i]) A[base + i * B + k] = 1 / n;
    }
  }
  return A;
}

/** e averaged within segments: [M, B] from e [M, B] and the averager [M, B, B]. */
export function segmentLoss(e: tf.Tensor2D, averager: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tf.squeeze(tf.matMul(averager, tf.expandDims(e, 2)), [2]) as tf.Tensor2D);
}
