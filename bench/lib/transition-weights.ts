// The robust weights a trained ensemble gives to every transition of its dataset, read in minibatches of the
// trainer's own size (Trainer.batchWeights): the weight checks of docs/results/where-it-pays.md use it.
import type { Trainer } from '../../src/core/algos/ensemble';

/**
 * Calls visit(i, member, weight, loss) once per transition i of the N in the dataset and per member: the
 * member's weight w_i (mean 1 over a batch) and per-sample loss l_i in the batch that holds i. The last batch
 * wraps around to the start; its repeated rows are not visited.
 */
export async function visitTransitionWeights(t: Trainer, N: number, visit: (i: number, member: number, weight: number, loss: number) => void): Promise<void> {
  const B = t.config.batchSize;
  for (let lo = 0; lo < N; lo += B) {
    const idx = Int32Array.from({ length: B }, (_, k) => (lo + k) % N);
    const w = await t.batchWeights(idx);
    const real = Math.min(B, N - lo);
    for (let k = 0; k < real; k++) w.members.forEach((m, j) => visit(idx[k], j, m.weights[k], m.loss[k]));
  }
}
