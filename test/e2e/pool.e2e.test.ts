// The worker pool (src/worker/pool.ts) gives the numbers of one worker: the same run (two seeds, so the
// ensemble splits into two groups, and every evaluation item can go to either worker) on a pool of 1 and of 2
// workers, in the production build's worker under its CSP, has the same fingerprint of every number
// (policies, adversary weights, evaluation statistics and traces, paired gains), bit for bit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerBench, type WorkerBench } from '../../bench/lib/worker-bench';

type Bench = { members: number; workers: number; helpers: number; digest: string; progress: { fraction: number }[] };

describe('worker pool', () => {
  let wb: WorkerBench;
  beforeAll(async () => { wb = await startWorkerBench({ outDir: 'dist', build: false }); }, 120_000);
  afterAll(async () => { await wb?.close(); });

  it('a pool of 2 workers gives the numbers of 1, bit for bit', async () => {
    const setup = {
      steps: 30, batch: 64, evalEpisodes: 2, evalPoints: 3, kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2,
      boxRandomPoints: 0, boxRefineRounds: 1, rhoSweep: [0.2, 2], seeds: 2, backend: 'wasm',
    };
    const one = await wb.call<Bench>('benchDefault', setup, 1);
    expect(one.helpers).toBe(0);
    const two = await wb.call<Bench>('benchDefault', setup, 2);
    expect(two.helpers).toBe(1); // the second worker really ran
    expect(two.members).toBe(6);
    expect(two.digest).toBe(one.digest);
    // and a different run has another fingerprint (the digest sees the numbers)
    const other = await wb.call<Bench>('benchDefault', { ...setup, seed: 1 }, 2);
    expect(other.digest).not.toBe(one.digest);
    expect(two.progress.at(-1)!.fraction).toBe(1);
    expect(await wb.cspViolations()).toEqual([]);
  }, 600_000);
});
