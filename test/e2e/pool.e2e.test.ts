// The worker pool (src/worker/pool.ts) gives the numbers of one worker: the same run (two seeds, so the
// ensemble splits into two groups, and every evaluation item can go to either worker) on a pool of 1 and of 2
// workers, in the production build's worker under its CSP, has the same fingerprint of every number
// (policies, adversary weights, evaluation statistics and traces, paired gains), bit for bit (benchDefault clears
// the worker's kept evaluation pieces, so each run evaluates on its own pool). A helper that dies
// mid-run ends the run with one line (as the page's own worker does), and the next run gets a fresh helper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerBench, type WorkerBench } from '../../bench/lib/worker-bench';

type Bench = { members: number; workers: number; helpers: number; digest: string; progress: { fraction: number }[] };

const setup = {
  steps: 30, batch: 64, evalEpisodes: 2, evalPoints: 3, kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2,
  boxRandomPoints: 0, boxRefineRounds: 1, rhoSweep: [0.2, 2], seeds: 2, backend: 'wasm',
};

describe('worker pool', () => {
  let wb: WorkerBench;
  let oneDigest = '';
  beforeAll(async () => { wb = await startWorkerBench({ outDir: 'dist', build: false }); }, 120_000);
  afterAll(async () => { await wb?.close(); });

  it('a pool of 2 workers gives the numbers of 1, bit for bit', async () => {
    const one = await wb.call<Bench>('benchDefault', setup, 1);
    oneDigest = one.digest;
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

  it('a run in which members diverge gives the numbers of 1 worker too (the diverged member is frozen, the rest train on)', async () => {
    // lr-oracle on two noisy CartPole episodes: seed 2 goes NaN near step 40 (test/unit/ensemble-diverge-split.test.ts).
    // Two workers train seed 1 and seed 2 apart; the trainer once stopped every member of a diverged group.
    const diverging = {
      algos: ['bc', 'lr-oracle'], seeds: 2, seed: 1, steps: 150, batch: 32, hidden: 8, evalEpisodes: 2, evalPoints: 3, worstBoxEps: 0, klKernelRho: 0,
      demoProcessNoise: 2, demos: { kind: 'builtin', episodes: 2, seed: 0 }, backend: 'wasm',
    };
    type Diverged = Bench & { diverged?: string };
    const one = await wb.call<Diverged>('benchDefault', diverging, 1);
    const lines = (m: string | undefined) => (m ?? '').split('\n').map((l) => l.replace(/member \d+/, 'member')).sort();
    expect(lines(one.diverged).length).toBeGreaterThan(0);
    for (const l of lines(one.diverged)) expect(l).toMatch(/^training diverged: .* at step \d+ \(member: lr-oracle.*\); kept the last good parameters, from step \d+$/);
    const two = await wb.call<Diverged>('benchDefault', diverging, 2);
    expect(two.helpers).toBe(1);
    expect(two.digest).toBe(one.digest);
    // The same lines, but for the member's index (its index in its own worker's trainer) and their order (by group).
    expect(lines(two.diverged)).toEqual(lines(one.diverged));
  }, 600_000);

  it('a helper that dies mid-run ends the run with one line; the next run starts a fresh helper and gives the same numbers', async () => {
    // A long run on 2 workers; the helper (the nested worker: the pool's workers share the primary's script) is
    // made to throw an uncaught error once the run is under way, as a crash looks from the primary.
    const run = wb.call<Bench>('benchDefault', { ...setup, steps: 20000 }, 2).then(() => 'done', (e: Error) => e.message);
    await expect.poll(() => wb.page.workers().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await wb.page.waitForTimeout(8000); // the run reaches the helper (its group trains for minutes)
    const helper = wb.page.workers().at(-1)!;
    expect(await helper.evaluate(() => self.name)).toMatch(/^droil-helper-\d+$/);
    await helper.evaluate(() => { setTimeout(() => { throw new Error('injected helper failure'); }, 0); });
    const message = await run;
    expect(message).toMatch(/The computation worker stopped: its pool helper droil-helper-\d+ failed \(.*injected helper failure.*\)\. Train again to retry\./);
    const again = await wb.call<Bench>('benchDefault', setup, 2);
    expect(again.helpers).toBe(1);
    expect(again.digest).toBe(oneDigest || (await wb.call<Bench>('benchDefault', setup, 1)).digest);
  }, 600_000);
});
