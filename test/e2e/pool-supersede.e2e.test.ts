// A request that supersedes one running on the worker pool (src/worker/worker.ts, pool.ts): a Train clicked while
// another Train trains or evaluates on the pool's helpers. The superseded request's messages to a helper may still be
// in flight or keep coming (its pooled training signals Stop every 25 ms until it has unwound; an evaluation item's
// policy is sent again): every call and signal carries its request's number and a helper ignores an older request's.
// Before, a Train 0.4-0.6 s after the helper started came back stopped with no policy. The newer Train must run whole,
// with the numbers of one worker. And the warm-up runs in the primary alone: no helper starts before the first Train.
// Each case needs a fresh worker (the warm-up runs once per worker, helpers live as long as their primary).
import { describe, expect, it } from 'vitest';
import { startWorkerBench } from '../../bench/lib/worker-bench';
import { defaultSetup, parseSetup } from '../../src/core/setup';

// The First look on two seeds (two training groups: one on the helper), small enough for CI.
const setup = parseSetup({ ...defaultSetup, steps: 120, evalEpisodes: 2, evalPoints: 3, kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2, seeds: 2, backend: 'wasm' });
const demos = [setup.envId, 1, 0, setup.params, { epsilon: 0, actionNoise: 0, processNoise: 0 }] as const;
if (setup.demos.kind !== 'builtin' || setup.demos.episodes !== 1 || setup.demos.seed !== 0) throw new Error('the default demonstrations changed: update `demos`');
type Run = { stopped: boolean; members: unknown[]; policies: Record<number, unknown> };

describe('a request that supersedes one on the pool', () => {
  it('the warm-up starts no helper', async () => {
    const wb = await startWorkerBench({ outDir: 'dist', build: false });
    try {
      await wb.call('generateDemos', ...demos);
      expect(await wb.call<boolean>('warmUp', setup)).toBe(true);
      expect(wb.page.workers()).toHaveLength(1);
    } finally { await wb.close(); }
  }, 600_000);

  for (const waitMs of [0, 250, 500, 1000]) {
    it(`a Train ${waitMs} ms after a pooled Train started its helper runs whole, with the numbers of one worker`, async () => {
      const wb = await startWorkerBench({ outDir: 'dist', build: false });
      try {
        await wb.call('generateDemos', ...demos);
        // Long enough that it still trains at the newer Train on any machine (it is superseded, never run out).
        const first = wb.call<Run>('train', { setup: { ...setup, steps: 4000 }, workers: 2 });
        await expect.poll(() => wb.page.workers().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2); // the helper started
        await wb.page.waitForTimeout(waitMs);
        const two = await wb.call<Run>('train', { setup, workers: 2 });
        expect((await first).stopped).toBe(true); // superseded
        expect(two.stopped).toBe(false);
        expect(two.members).toHaveLength(6);
        const one = await wb.call<Run>('train', { setup, workers: 1 });
        expect(JSON.stringify(two.policies)).toBe(JSON.stringify(one.policies));
        expect(await wb.cspViolations()).toEqual([]);
      } finally { await wb.close(); }
    }, 600_000);
  }
});
