// The live loop, page side (issue 17): before any click the sweep chart shows the expert's own curve; an
// evaluation setting edited after a run re-evaluates the same policies (no training) and the charts follow;
// a training setting marks the results stale while the link and the CLI command keep describing the run on
// screen; an environment switch hides the last run's results; a reloaded run has its diagnostics, the page
// says how many runs it keeps and which it dropped, and a reload during a run says the run was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { FAST, linePoints, openPage, screenshot, store, waitForBackend, waitForStatus, until } from './page';
import { decodeLink, type Setup } from '../../src/core/setup';

async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.fill(`[data-testid=${testId}]`, value);
  await page.locator(`[data-testid=${testId}]`).blur();
}

const linkSetup = async (page: Page, testId: string): Promise<Setup> => {
  const link = await page.inputValue(`[data-testid=${testId}]`);
  return decodeLink(link.slice(link.indexOf('#'))).setup;
};

describe('live loop (page)', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('shows the expert\'s own return versus the perturbation before any click', async () => {
    for (const viewport of [{ width: 1366, height: 800 }, { width: 390, height: 844 }]) {
      const { page, errors } = await openPage(browser, '', viewport);
      await page.waitForSelector('[data-testid=expert-sweep] path.recharts-curve', { state: 'attached', timeout: 60_000 });
      expect(await linePoints(page, 'chart-sweep')).toEqual([9]);
      expect(await page.textContent('[data-testid=chart-sweep] figcaption')).toMatch(/built-in expert's own return/);
      expect(await page.textContent('[data-testid=preset-explanation]')).toMatch(/a claim needs at least 10 seeds/);
      await screenshot(page, `live-before-click-${viewport.width}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('the First look (the page as it opens) trains two seeds and fills the paired-gain chart, saying a claim needs 10', async () => {
    const { page, errors } = await openPage(browser, '', { width: 1366, height: 800 });
    await waitForBackend(page);
    expect(await page.inputValue('[data-testid=preset]')).toBe('first-look');
    expect(await page.textContent('[data-testid=preset-explanation]')).toMatch(/With 2 seeds it shows how the methods behave, not which is better: a claim needs at least 10 seeds/);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    const members = await store<{ algo: string; rho: number; seed: number }[]>(page, 's => s.result.members');
    expect(members.map((m) => `${m.algo}:${m.rho}:${m.seed}`)).toEqual(['bc:0:0', 'be-droil:0.2:0', 'be-droil:2:0', 'bc:0:1', 'be-droil:0.2:1', 'be-droil:2:1']);
    // The paired gain over BC: one difference per seed for each condition, drawn (not the empty card).
    const paired = await store<{ condition: string; rho: number; diffs: number[] }[]>(page, 's => s.result.paired');
    expect(paired.length).toBeGreaterThanOrEqual(6);
    expect(paired.every((p) => p.diffs.length === 2)).toBe(true);
    expect(await page.$('[data-testid=chart-paired] .empty')).toBeNull();
    await page.waitForSelector('[data-testid=chart-paired] .recharts-bar', { state: 'attached', timeout: 60_000 });
    expect(await page.textContent('[data-testid=chart-paired] figcaption')).toMatch(/mean over 2 seeds.*Fewer than 10 seeds: not enough for a claim/);
    // Every other chart drew too: the sweep has one line per algorithm at the slider's radius.
    expect(await linePoints(page, 'chart-sweep')).toEqual([9, 9]);
    await screenshot(page, 'live-first-look-1366');
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);

  it('training edits mark the results stale; the link and CLI command describe the run on screen; an environment switch hides them', async () => {
    const { page, errors } = await openPage(browser, FAST, { width: 1366, height: 800 });
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    expect(await page.isVisible('[data-testid=stale-note]')).toBe(false);
    const run = await store<Setup>(page, 's => s.result.setup');

    // A training setting: the note at once, the charts kept, the link and command of the run on screen.
    await page.click('[data-testid=advanced-training]');
    await fill(page, 'steps', '45');
    await page.waitForSelector('[data-testid=stale-note]');
    expect(await page.textContent('[data-testid=stale-note]')).toMatch(/Results below are for the previous settings — Train to update.*steps/);
    expect(await linePoints(page, 'chart-sweep')).toEqual([3, 3]);
    expect(await linkSetup(page, 'share-link')).toEqual(run);
    // The slider's radius rides beside the setup as view state.
    const shared = await page.inputValue('[data-testid=share-link]');
    expect(decodeLink(shared.slice(shared.indexOf('#'))).view.rho).toBe(await store<number>(page, 's => s.rho'));
    expect((await linkSetup(page, 'share-link-edited')).steps).toBe(45);
    await page.click('[data-testid=show-cli]');
    expect(await page.textContent('[data-testid=cli-command]')).toMatch(/[&#]steps=30\b/);
    expect(await page.textContent('[data-testid=cli-command-edited]')).toMatch(/[&#]steps=45\b/);
    await screenshot(page, 'live-stale-1366');
    // Back to the run's value: current again.
    await fill(page, 'steps', '30');
    await page.waitForSelector('[data-testid=stale-note]', { state: 'detached' });
    expect(await page.isVisible('[data-testid=share-link-edited]')).toBe(false);

    // Another environment: the CartPole results are not shown under Acrobot's name.
    await page.selectOption('[data-testid=env]', 'Acrobot-v1');
    await page.waitForSelector('[data-testid=result-note]');
    expect(await page.textContent('[data-testid=result-note]')).toMatch(/The last run \(CartPole-v1\) is not shown under Acrobot-v1/);
    expect(await store<unknown>(page, 's => s.result')).toBeNull();
    expect(await page.textContent('[data-testid=run-status]')).not.toMatch(/Done/);
    expect(await page.$$('[data-testid=chart-worst] .recharts-bar-rectangle')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('re-evaluates the same policies when an evaluation setting changes, and the charts follow', async () => {
    const { page, errors } = await openPage(browser, FAST, { width: 1366, height: 800 });
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    const trainMs = await store<number>(page, 's => s.result.trainMs');
    expect(await linePoints(page, 'chart-sweep')).toEqual([3, 3]);
    // Grid points 3 -> 5, typed as a user does: one re-evaluation, no training, no stale note.
    const calls = () => page.evaluate(() => (window as unknown as { __droilClient: { evaluateCalls(): number } }).__droilClient.evaluateCalls());
    const callsBefore = await calls();
    await page.fill('[data-testid=eval-points]', '5');
    await page.waitForSelector('[data-testid=live-note]');
    await until(page, "s => s.reevaluation.status === 'done'");
    // One change, one evaluation in the worker: nothing starts a second one for it, now or a moment later.
    await page.waitForTimeout(1000);
    expect(await calls()).toBe(callsBefore + 1);
    expect(await store<string>(page, 's => s.reevaluation.status')).toBe('done');
    await page.waitForSelector('[data-staged=pending]', { state: 'detached', timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart-sweep] path.recharts-line-curve').length === 2);
    expect(await linePoints(page, 'chart-sweep')).toEqual([5, 5]);
    expect(await store<number[]>(page, 's => [s.result.setup.evalPoints, s.result.trainMs, s.run.status === "done" ? 1 : 0]')).toEqual([5, trainMs, 1]);
    expect(await page.isVisible('[data-testid=stale-note]')).toBe(false);
    expect(await page.isVisible('[data-testid=live-note]')).toBe(false);
    // The link now describes the re-evaluated run: the new evaluation settings.
    expect((await linkSetup(page, 'share-link')).evalPoints).toBe(5);
    await screenshot(page, 'live-reevaluated-1366');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('an evaluation setting edited during a run is evaluated once the run is done, in one evaluation', async () => {
    const { page, errors } = await openPage(browser, FAST.replace('steps=30', 'steps=400'), { width: 1366, height: 800 });
    await waitForBackend(page);
    const calls = () => page.evaluate(() => (window as unknown as { __droilClient: { evaluateCalls(): number } }).__droilClient.evaluateCalls());
    const callsBefore = await calls();
    await page.click('[data-testid=train]');
    await until(page, "s => s.run.status === 'training' && s.run.step > 0");
    await page.fill('[data-testid=eval-points]', '5');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    // The run ran with the settings it started with; then the edit is evaluated on its policies.
    await until(page, "s => s.reevaluation.status === 'done' && s.result.setup.evalPoints === 5");
    await page.waitForSelector('[data-staged=pending]', { state: 'detached', timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=chart-sweep] path.recharts-line-curve')].every((p) => ((p.getAttribute('d') ?? '').match(/[ML]/g) ?? []).length === 5));
    expect(await linePoints(page, 'chart-sweep')).toEqual([5, 5]);
    await page.waitForTimeout(1000);
    expect(await calls()).toBe(callsBefore + 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('a reloaded run has its diagnostics; the page says what it keeps and drops; a reload during a run says it was lost', async () => {
    const base = (await import('vitest')).inject('baseUrl');
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${base}#${FAST}`);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    await until(page, 's => s.saved.runs.length === 1');
    const diagBefore = await store<number[]>(page, 's => s.run.members.map((m) => s.run.diag[m.id].length)');
    expect(Math.min(...diagBefore)).toBeGreaterThan(0);

    // Four older runs kept beside it (copies of it): five in all, so the next finished run drops the oldest, and says so.
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('droil-playground');
      open.onsuccess = () => {
        const tx = open.result.transaction('runs', 'readwrite');
        const runs = tx.objectStore('runs');
        const all = runs.getAll();
        all.onsuccess = () => {
          const rec = { ...(all.result[0] as { id?: number; label: string; savedAt: number }) };
          delete rec.id; // a new key for each copy (autoIncrement)
          for (let i = 1; i <= 4; i++) runs.put({ ...rec, label: `older run ${i}`, savedAt: rec.savedAt - i * 1000 });
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    await page.waitForSelector('[data-testid=saved-dropped]');
    expect(await page.textContent('[data-testid=saved-dropped]')).toBe('Dropped to keep 5: older run 4.');
    expect(await page.textContent('[data-testid=saved-keeps]')).toMatch(/keeps the last 5 finished runs/);

    // Reload: the run comes back with its diagnostics drawn.
    await page.goto(base);
    await page.reload();
    await until(page, 's => s.result !== null');
    expect(await store<number[]>(page, 's => s.run.members.map((m) => s.run.diag[m.id].length)')).toEqual(diagBefore);
    await page.waitForSelector('[data-staged=pending]', { state: 'detached', timeout: 60_000 });
    expect((await linePoints(page, 'chart-diagnostics')).length).toBeGreaterThan(2);

    // A reload in the middle of a run: the page says the run was lost.
    await page.evaluate(() => { const st = (window as unknown as { __droilStore: { setState(f: (s: { setup: object }) => object): void } }).__droilStore; st.setState((s) => ({ setup: { ...s.setup, steps: 20000 } })); });
    await page.click('[data-testid=train]');
    await until(page, "s => s.run.status === 'training' && s.run.step > 0");
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForSelector('.notice', { timeout: 60_000 });
    expect(await page.textContent('.notice')).toMatch(/The run started at .* was lost by the reload/);
    // Said once: the next reload does not repeat it.
    await page.reload();
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    expect(await page.$('.notice')).toBeNull();
    await ctx.close();
  }, 400_000);
});
