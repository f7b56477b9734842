// MBIL trains on consecutive pairs (s, a, s', a') of the data: transition i and the next transition of the
// SAME episode, whose action is a'. A pair never crosses an episode boundary: the last transition of an
// episode (terminal, cut by a time limit, or the end of the recording) has no successor.
import type { Dataset } from '../data/dataset';

/** successor[i] = i + 1 when transition i + 1 continues transition i's episode, else -1. */
export function successors(d: Dataset): Int32Array {
  const N = d.terminals.length;
  const out = new Int32Array(N).fill(-1);
  for (let e = 0; e + 1 < d.episodeStarts.length; e++) {
    const end = d.episodeStarts[e + 1];
    for (let i = d.episodeStarts[e]; i + 1 < end; i++) {
      if (d.terminals[i] || d.timeouts[i]) continue; // an episode ended early inside the range: no pair
      out[i] = i + 1;
    }
  }
  return out;
}

/** Indices i that start a pair (successor[i] >= 0). */
export function pairStarts(succ: Int32Array): Int32Array {
  let n = 0;
  for (const s of succ) if (s >= 0) n++;
  const out = new Int32Array(n);
  let k = 0;
  succ.forEach((s, i) => { if (s >= 0) out[k++] = i; });
  return out;
}
