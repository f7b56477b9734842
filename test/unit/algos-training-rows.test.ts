// The trainer's minibatch, gathered on the host (src/core/algos/training-rows.ts), against the dataset read
// row by row: normalised observations, class indices or actions scaled to [-1, 1], end flags, each episode's
// first observation, MBIL's pairs (i, i + 1) with a' = a where i has no successor, and nu's input rows.
import { describe, expect, it } from 'vitest';
import { TrainingRows } from '../../src/core/algos/training-rows';
import { observationStats, type PolicyAction } from '../../src/core/algos/policy';
import { PAIR_MASK, threeEpisodes } from './fixtures/three-episodes';

describe('TrainingRows', () => {
  for (const kind of ['discrete', 'continuous'] as const) {
    it(`gathers exactly the indexed rows (${kind})`, () => {
      const d = threeEpisodes(kind, 2, 3);
      const norm = observationStats(d);
      const action: PolicyAction = kind === 'discrete' ? { kind: 'discrete', n: 3 } : { kind: 'continuous', dim: 1, low: [-2], high: [2] };
      const target = Float32Array.from(PAIR_MASK, (m, i) => (m ? 0.1 * i : 0));
      const rows = new TrainingRows(d, action, norm, { target, mask: Float32Array.from(PAIR_MASK) });
      const transitions = Int32Array.from([14, 0, 4, 4, 9]), initial = Int32Array.from([2, 0]);
      const b = rows.gather({ transitions, initial }, 1);
      const z = (v: number, j: number) => Math.fround((v - norm.mean[j]) / norm.std[j]);
      const act = (i: number) => (kind === 'discrete' ? d.actions[i] : Math.fround((d.actions[i] + 2) / 2 - 1));
      transitions.forEach((i, r) => {
        for (let j = 0; j < 2; j++) {
          expect(b.s[2 * r + j]).toBe(z(d.observations[2 * i + j], j));
          expect(b.next[2 * r + j]).toBe(z(d.nextObservations[2 * i + j], j));
        }
        expect(b.a[r]).toBe(act(i));
        expect(b.ended[r]).toBe(d.terminals[i] || d.timeouts[i] ? 1 : 0);
        expect(b.pairs!.mask[r]).toBe(PAIR_MASK[i]);
        expect(b.pairs!.target[r]).toBe(target[i]);
        expect(b.pairs!.aNext[r]).toBe(act(PAIR_MASK[i] ? i + 1 : i));
      });
      expect(b.ended[0]).toBe(1); // transition 14 ends the recording
      initial.forEach((e, r) => { for (let j = 0; j < 2; j++) expect(b.s0[2 * r + j]).toBe(z(d.observations[2 * d.episodeStarts[e] + j], j)); });
      expect(b.a).toBeInstanceOf(kind === 'discrete' ? Int32Array : Float32Array);
      expect(new TrainingRows(d, action, norm, null).gather({ transitions, initial }, 1).pairs).toBeNull();
      // nu's input: member by member [s; s'; S0]; with 2 members of 2 transitions and 1 initial state each:
      expect(Array.from(b.nuRows)).toEqual([...b.s, ...b.next, ...b.s0]);
      const two = rows.gather({ transitions: Int32Array.from([14, 0, 4, 9]), initial: Int32Array.from([2, 1]) }, 2);
      const row = (a: Float32Array, r: number) => Array.from(a.subarray(2 * r, 2 * r + 2));
      expect(Array.from(two.nuRows)).toEqual([
        ...row(two.s, 0), ...row(two.s, 1), ...row(two.next, 0), ...row(two.next, 1), ...row(two.s0, 0),
        ...row(two.s, 2), ...row(two.s, 3), ...row(two.next, 2), ...row(two.next, 3), ...row(two.s0, 1),
      ]);
    });
  }
});
