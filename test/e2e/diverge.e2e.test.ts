// Training that diverges in the page (issue 18 item 5): a link with a learning rate of 1e6 trains, the run
// stops at the first check (step 5: the loss grew a millionfold), keeps the last good parameters (the
// initialisation), evaluates them, and the status line says so in one line; no page error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, screenshot, store, waitForStatus } from './page';

describe('divergence in the page', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('a run with learning rate 1e6 stops, evaluates the last good parameters and says so', async () => {
    const { page, errors } = await openPage(browser, `${FAST}&algos=bc,be-droil&lr=1000000&backend=cpu`);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'stopped', 'error'])).toBe('done');
    const text = (await page.textContent('[data-testid=run-status]'))!;
    expect(text).toMatch(/^Diverged: the loss grew from [\d.]+ to [\d.e+]+ at step 5 \(member \d: .+\); kept the last good parameters, from step 0; those are evaluated below\. Try a lower learning rate\.$/);
    // Every member was evaluated (the kept parameters), with finite returns.
    const r = await store<{ members: number; nominal: number[] }>(page, 's => ({ members: s.result.members.length, nominal: s.result.evals.map((e) => e.nominal.mean) })');
    expect(r.nominal).toHaveLength(r.members);
    expect(r.nominal.every(Number.isFinite)).toBe(true);
    await screenshot(page, 'diverged');
    expect(errors).toEqual([]);
  });
});
