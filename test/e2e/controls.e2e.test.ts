// Pause, resume and stop a run: the ensemble's training, and MBIL's density fit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { FAST, linePoints, openPage, store, until, waitForBackend, waitForStatus } from './page';

type Page = Parameters<typeof store>[0];
const step = (page: Page) => store<number>(page, 's => s.run.step');

/** Pause; the worker confirms where it holds; no step for 2.5 s; resume and see it move again. Returns the held step. */
async function pauseHoldResume(page: Page): Promise<number> {
  await page.click('[data-testid=pause]');
  expect(await store<string>(page, 's => s.run.status')).toBe('paused');
  // A pause lands between two steps; the worker says which.
  await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { run: { pausedAt?: number } } } }).__droilStore.getState().run.pausedAt !== undefined, null, { timeout: 120_000 });
  const held = await step(page);
  expect(await store<number>(page, 's => s.run.pausedAt')).toBe(held);
  await page.waitForTimeout(2500);
  expect(await step(page)).toBe(held);
  expect(await page.textContent('[data-testid=run-status]')).toContain(`Paused at step ${held}`);
  await page.click('[data-testid=resume]');
  await page.waitForFunction((h) => (window as unknown as { __droilStore: { getState(): { run: { step: number } } } }).__droilStore.getState().run.step > h, held, { timeout: 120_000 });
  return held;
}

describe('run controls', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('pauses (no step while paused), resumes, and stops with the stopped policies evaluated', async () => {
    const { page, errors } = await openPage(browser, FAST.replace('steps=30', 'steps=5000'));
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { run: { step: number } } } }).__droilStore.getState().run.step >= 20, null, { timeout: 120_000 });
    await pauseHoldResume(page);

    // What the page said the moment the run stopped (the evaluation that follows may finish before we look).
    await page.evaluate(() => {
      const w = window as unknown as { __keptAtStop?: string; __droilStore: { subscribe(f: (s: { run: { status: string }; result: { kept?: string } | null }) => void): () => void } };
      const un = w.__droilStore.subscribe((s) => { if (s.run.status === 'stopped') { w.__keptAtStop = s.result?.kept ?? ''; un(); } });
    });
    await page.click('[data-testid=stop]');
    expect(await waitForStatus(page, ['stopped', 'done', 'error'])).toBe('stopped');
    const stoppedAt = await step(page);
    expect(stoppedAt).toBeLessThan(5000);
    expect(await page.textContent('[data-testid=run-status]')).toContain(`Stopped at step ${stoppedAt}`);
    // Stop ends the run at once, before any evaluation, saying what it kept; the policies as they were are then
    // evaluated (an ordinary evaluation after 'stopped') and charted.
    expect(await page.evaluate(() => (window as unknown as { __keptAtStop: string }).__keptAtStop)).toMatch(/^training stopped at step \d+ of 5000, (\d+) of \1 policies trained; nothing evaluated$/);
    await until(page, "s => s.reevaluation.status === 'done'");
    expect(await store<boolean>(page, 's => s.result.stopped')).toBe(true);
    expect(await store<string>(page, 's => s.result.kept')).toMatch(/^training stopped at step \d+ of 5000, (\d+) of \1 policies trained; evaluated all \1 policies$/);
    expect(await linePoints(page, 'chart-sweep')).toEqual([3, 3]);
    // A new run can start.
    expect(await page.isEnabled('[data-testid=train]')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it("pauses MBIL during its density fit (no step while paused), resumes, and stops", async () => {
    const { page, errors } = await openPage(browser, `${FAST.replace('steps=30', 'steps=5000')}&algos=mbil&mbilDensitySteps=20000`);
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    await page.waitForFunction(() => {
      const r = (window as unknown as { __droilStore: { getState(): { run: { step: number; stage: string } } } }).__droilStore.getState().run;
      return r.step >= 20 && r.stage.includes('density');
    }, null, { timeout: 120_000 });
    expect(await page.isEnabled('[data-testid=pause]')).toBe(true);
    expect(await pauseHoldResume(page)).toBeLessThan(20000); // held while still fitting the density model
    await page.click('[data-testid=stop]');
    expect(await waitForStatus(page, ['stopped', 'done', 'error'])).toBe('stopped');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
