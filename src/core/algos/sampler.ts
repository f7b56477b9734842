// Seeded minibatches, one independent stream per member (from the member's seed), so a member draws the same
// batches whether it trains alone or inside an ensemble. Initial states are drawn uniformly with replacement.
// Transitions: when the dataset is smaller than the batch and smallData is 'whole' (the default, ALGORITHMS.md
// 3.3), every batch is the whole dataset, each transition once (the reference study's protocol: 256 draws with
// replacement from 80 transitions give every step a different multiset and add weight noise); otherwise
// uniformly with replacement. Never tf.util.shuffle (it uses Math.random).
import { Rng } from '../rng';

export interface Minibatch {
  /** M x B transition indices, member-major. */
  transitions: Int32Array;
  /** M x B0 indices into the list of initial states. */
  initial: Int32Array;
}

/** How a dataset smaller than the batch is batched: the whole dataset each step, or B draws with replacement. */
export type SmallDataBatch = 'whole' | 'resample';

/** The batch a step trains on: the dataset's size when it is smaller than the requested batch and mode is 'whole'. */
export function effectiveBatch(numTransitions: number, batch: number, mode: SmallDataBatch): number {
  return mode === 'whole' && numTransitions < batch ? numTransitions : batch;
}

export class MinibatchSampler {
  private readonly rngs: Rng[];
  /** The transitions per batch actually drawn (effectiveBatch). */
  readonly batch: number;
  private readonly whole: boolean;
  constructor(seeds: number[], readonly numTransitions: number, readonly numInitial: number, batch: number, readonly initialBatch: number, mode: SmallDataBatch) {
    this.rngs = seeds.map((s) => new Rng(s).derive('minibatches'));
    this.batch = effectiveBatch(numTransitions, batch, mode);
    this.whole = this.batch === numTransitions && mode === 'whole';
  }

  next(): Minibatch {
    const M = this.rngs.length, B = this.batch, B0 = this.initialBatch;
    const transitions = new Int32Array(M * B), initial = new Int32Array(M * B0);
    this.rngs.forEach((rng, m) => {
      for (let i = 0; i < B; i++) transitions[m * B + i] = this.whole ? i : rng.int(this.numTransitions);
      for (let i = 0; i < B0; i++) initial[m * B0 + i] = rng.int(this.numInitial);
    });
    return { transitions, initial };
  }
}
