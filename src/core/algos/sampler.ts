// Seeded minibatches, one independent stream per member (from the member's seed), so a member draws the same
// batches whether it trains alone or inside an ensemble. Transitions and initial states are drawn uniformly
// with replacement. Never tf.util.shuffle (it uses Math.random).
import { Rng } from '../rng';

export interface Minibatch {
  /** M x B transition indices, member-major. */
  transitions: Int32Array;
  /** M x B0 indices into the list of initial states. */
  initial: Int32Array;
}

export class MinibatchSampler {
  private readonly rngs: Rng[];
  constructor(seeds: number[], readonly numTransitions: number, readonly numInitial: number, readonly batch: number, readonly initialBatch: number) {
    this.rngs = seeds.map((s) => new Rng(s).derive('minibatches'));
  }

  next(): Minibatch {
    const M = this.rngs.length, B = this.batch, B0 = this.initialBatch;
    const transitions = new Int32Array(M * B), initial = new Int32Array(M * B0);
    this.rngs.forEach((rng, m) => {
      for (let i = 0; i < B; i++) transitions[m * B + i] = rng.int(this.numTransitions);
      for (let i = 0; i < B0; i++) initial[m * B0 + i] = rng.int(this.numInitial);
    });
    return { transitions, initial };
  }
}
