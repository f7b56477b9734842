// Training an ensemble, one code path for every entry point: the page's runs and `droil run` (run.ts
// trainEnsemble, with a pool's groups), and every cell of `droil bench` (grid.ts runCell). The caller says
// what to train (the trainer's config: members, settings, action bounds) from its setup or bench spec; this
// trains it, reports progress, and returns how it ended, the policies (the last good parameters when it
// diverged: the trainer restores them) and, when asked, the adversary's final weights over every transition.
import { createTrainer, type BalanceTargets, type Diagnostics, type ReadingInputs, type RunOptions, type Trainer } from '../algos/ensemble';
import type { PolicyJson } from '../algos/policy';
import { numTransitions, type Dataset } from '../data/dataset';

export interface TrainedMembers {
  status: 'done' | 'stopped' | 'diverged';
  /** The trainer's message (for 'diverged': where, and from which step the kept parameters are). */
  message?: string;
  step: number;
  /** In config member order. */
  policies: PolicyJson[];
  /** The adversary's final weights over every transition, in member order (when `weights` was asked for). */
  weights?: Float32Array[];
}

export interface TrainHooks extends Pick<RunOptions, 'shouldStop' | 'shouldPause' | 'onEvent'> {
  onProgress?: (d: Diagnostics) => void;
}

export async function trainMembers(
  config: Record<string, unknown>, data: Dataset, balance: BalanceTargets | undefined, readings: ReadingInputs | undefined,
  hooks: TrainHooks = {}, opts: { weights?: boolean } = {},
): Promise<TrainedMembers> {
  const trainer = createTrainer(config, data, balance, readings);
  try {
    const run = await trainer.run(hooks);
    const policies = await trainer.snapshot();
    const weights = opts.weights ? await datasetWeights(trainer, numTransitions(data)) : undefined;
    return { status: run.status, ...(run.message !== undefined ? { message: run.message } : {}), step: trainer.step, policies, ...(weights ? { weights } : {}) };
  } finally {
    trainer.dispose();
  }
}

/** The adversary's final weights over every transition, batch by batch (each batch has mean weight 1). */
async function datasetWeights(trainer: Trainer, N: number): Promise<Float32Array[]> {
  const B = trainer.info.batchSize;
  const M = trainer.members.length;
  const out = Array.from({ length: M }, () => new Float32Array(N));
  for (let start = 0; start < N; start += B) {
    const idx = Int32Array.from({ length: B }, (_, i) => (start + i) % N);
    const bw = await trainer.batchWeights(idx);
    const count = Math.min(B, N - start);
    for (let m = 0; m < M; m++) out[m].set(bw.members[m].weights.subarray(0, count), start);
  }
  return out;
}
