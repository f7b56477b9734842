// The live re-evaluation's engine (src/ui/worker-client.ts reevaluate, the worker's evaluate): after a run, a
// changed evaluation setting re-evaluates the same trained policies without training, progressively (partial
// results with `pending` first, nominal before sweep points), and Stop ends it keeping what finished.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, store, waitForBackend, waitForStatus } from './page';

type Page = Parameters<typeof store>[0];

/** Patches the page's setup (which starts a re-evaluation); records every result the store shows meanwhile. */
async function reevaluateWith(page: Page, patch: Record<string, unknown>): Promise<void> {
  await page.evaluate((p) => {
    const w = window as unknown as {
      __droilStore: { getState(): { setup: object; result: unknown }; setState(s: object): void; subscribe(f: (s: { result: unknown }) => void): () => void };
      __seen: { pending: unknown; sweep: number; factors: number }[];
    };
    w.__seen = [];
    w.__droilStore.subscribe((s) => {
      const r = s.result as { pending?: unknown; evals: { sweep: unknown[] }[]; factors: number[] } | null;
      if (r) w.__seen.push({ pending: r.pending ?? null, sweep: r.evals.reduce((a, e) => a + e.sweep.length, 0), factors: r.factors.length });
    });
    // The page's own watcher (src/ui/live-eval.ts) starts the re-evaluation, as for an edit in the controls.
    w.__droilStore.setState({ setup: { ...w.__droilStore.getState().setup, ...p } });
  }, patch);
}

const reevalStatus = (page: Page) => store<string>(page, 's => s.reevaluation.status');

describe('live re-evaluation (engine)', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('re-evaluates the trained policies under a changed evaluation setting, progressively, without training', async () => {
    const { page, errors } = await openPage(browser, FAST);
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    const before = await store<{ trainMs: number; members: unknown; policies: unknown; factors: number[]; step: number }>(page,
      's => ({ trainMs: s.result.trainMs, members: s.result.members, policies: s.result.policies, factors: s.result.factors, step: s.run.step })');
    expect(before.factors.length).toBe(3);

    await reevaluateWith(page, { evalPoints: 7, evalFactorMin: 0.5, evalFactorMax: 2 });
    await page.waitForFunction(() => ['done', 'error'].includes((window as unknown as { __droilStore: { getState(): { reevaluation: { status: string } } } }).__droilStore.getState().reevaluation.status), null, { timeout: 120_000 });
    expect(await reevalStatus(page)).toBe('done');
    const after = await store<{ trainMs: number; members: unknown; policies: unknown; factors: number[]; setup: { evalPoints: number }; pending: unknown; stopped: boolean; sweeps: number[]; step: number }>(page,
      's => ({ trainMs: s.result.trainMs, members: s.result.members, policies: s.result.policies, factors: s.result.factors, setup: s.result.setup, pending: s.result.pending, stopped: s.result.stopped, sweeps: s.result.evals.map((e) => e.sweep.length), step: s.run.step })');
    // The same policies and training, the new evaluation, and the result carries the setup it ran.
    expect(after.trainMs).toBe(before.trainMs);
    expect(after.members).toEqual(before.members);
    expect(after.policies).toEqual(before.policies);
    expect(after.step).toBe(before.step);
    expect(after.factors.length).toBe(7);
    expect(after.factors[0]).toBeCloseTo(0.5, 12);
    expect(after.setup.evalPoints).toBe(7);
    expect(after.pending).toBeUndefined();
    expect(after.stopped).toBe(false);
    expect(after.sweeps.every((n) => n === 7)).toBe(true);
    // Progressive: partial results (pending set) came first, the first of them before the new sweep points (only
    // a point the run already evaluated, factor 1 under the same episodes, can be in it: its piece is kept).
    const seen = await page.evaluate(() => (window as unknown as { __seen: { pending: unknown; sweep: number; factors: number }[] }).__seen);
    const partial = seen.filter((s) => s.pending !== null && s.factors === 7);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial[0].sweep).toBeLessThanOrEqual(after.sweeps.length);
    expect(seen.at(-1)!.pending).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('Stop ends a re-evaluation, keeps what finished and says what it kept', async () => {
    const { page, errors } = await openPage(browser, FAST);
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    // A slow worst-kernel search: the nominal and sweep answers come long before it ends.
    await reevaluateWith(page, { evalEpisodes: 20, kernelEpisodes: 20, kernelCandidates: 32, kernelHorizon: 100 });
    await page.waitForFunction(() => (window as unknown as { __seen: { pending: unknown }[] }).__seen.some((s) => s.pending !== null), null, { timeout: 120_000 });
    await page.evaluate(() => (window as unknown as { __droilClient: { stop(): void } }).__droilClient.stop());
    await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { reevaluation: { status: string } } } }).__droilStore.getState().reevaluation.status !== 'running', null, { timeout: 60_000 });
    expect(await reevalStatus(page)).toBe('stopped');
    const r = await store<{ stopped: boolean; pending: { worstKernel: number }; kept: string; nominal: number[] }>(page,
      's => ({ stopped: s.result.stopped, pending: s.result.pending, kept: s.result.kept, nominal: s.result.evals.map((e) => e.nominal.mean) })');
    expect(r.stopped).toBe(true);
    expect(r.pending.worstKernel).toBeGreaterThan(0);
    expect(r.kept).toMatch(/^evaluated \d+ of \d+ policies: nominal, /);
    expect(r.nominal.every(Number.isFinite)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
