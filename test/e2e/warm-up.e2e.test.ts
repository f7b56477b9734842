// The worker's warm-up (src/core/experiment/warm-up.ts, worker.ts warmUp): while the page waits for its first click,
// the worker runs the setup's pipeline once, small, and throws the result away. It must leave nothing behind but
// compiled code: a Train clicked while it runs (which ends it) and a Train after it has finished give the same
// numbers, and the worker is warm after either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, store, until, waitForStatus } from './page';

/** What a run computed: every member's policy and every number of its evaluation (traces aside). */
const numbers = (page: Page) => store<string>(page, `s => JSON.stringify({
  policies: s.result.policies,
  evals: s.result.evals.map((e) => [e.memberId, e.nominal, e.sweep, e.worstBox, e.worstKernel, e.sweepArea, e.nominalReturns]),
  paired: s.result.paired,
})`);

/**
 * Clicks Train from inside the page the moment the demonstrations arrive: the page starts its warm-up in the same
 * task as it stores them (worker-client.ts loadBuiltin), so the click lands a few milliseconds into the warm-up
 * whatever the machine's speed (a click from the test after the summary showed raced the warm-up's half second, and
 * lost on a fast CI machine). Records whether the worker was already warm when it clicked.
 */
async function clickTrainAtWarmUp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Store = { getState(): { dataset: { summary: unknown }; workerWarm: boolean }; subscribe(f: () => void): () => void };
    const w = window as unknown as { __droilStore?: Store; __warmAtClick?: boolean };
    const attach = () => {
      const s = w.__droilStore;
      if (!s) { setTimeout(attach, 1); return; }
      const off = s.subscribe(() => {
        if (s.getState().dataset.summary === null) return;
        off();
        const click = () => {
          const button = document.querySelector<HTMLButtonElement>('[data-testid=train]');
          if (!button || button.disabled) { setTimeout(click, 1); return; }
          w.__warmAtClick = s.getState().workerWarm;
          button.click();
        };
        setTimeout(click, 0);
      });
    };
    attach();
  });
}

describe('warm-up', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('a Train during the warm-up and a Train after it give the same numbers; the worker is warm after both', async () => {
    const early = await openPage(browser, FAST, undefined, clickTrainAtWarmUp);
    expect(await waitForStatus(early.page, ['done', 'error'])).toBe('done');
    const warmAtClick = await early.page.evaluate(() => (window as unknown as { __warmAtClick?: boolean }).__warmAtClick);
    const a = await numbers(early.page);
    expect(await store<boolean>(early.page, 's => s.workerWarm')).toBe(true);

    // Clicked once the warm-up has finished.
    const late = await openPage(browser, FAST);
    await until(late.page, 's => s.workerWarm', 120_000);
    await late.page.click('[data-testid=train]');
    expect(await waitForStatus(late.page, ['done', 'error'])).toBe('done');
    const b = await numbers(late.page);

    expect(warmAtClick).toBe(false);
    expect(JSON.parse(a).evals.length).toBeGreaterThan(0);
    expect(b).toBe(a);
    expect([...early.errors, ...late.errors]).toEqual([]);
  });
});
