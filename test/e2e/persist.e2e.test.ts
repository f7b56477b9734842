// Nothing is lost by a reload: an uploaded file and a finished run come back from IndexedDB (no link in the
// address); a project file exported from one browser restores the same run in another; Reset wipes it all;
// a full storage quota is reported with a message.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launch } from './browser';
import { FAST, screenshot, store, waitForStatus, until } from './page';
import { defaultSetup, type Setup } from '../../src/core/setup';
import { generateDemos } from '../../src/core/experts';
import { writeDataset } from '../../src/core/data/write';

type S = { dataset: { summary?: { source: string } }; result: unknown; saved: { runs: unknown[]; datasets: unknown[]; error?: string } };
async function uploadJson(page: Page, name: string): Promise<void> {
  const bytes = await writeDataset(generateDemos('CartPole-v1', { episodes: 2, seed: 5 }), 'json');
  await page.setInputFiles('[data-testid=file-input]', { name, mimeType: 'application/json', buffer: Buffer.from(bytes) });
  await until(page, `s => s.dataset.summary && s.dataset.summary.source === '${name}' && !s.dataset.loading`);
}

interface Snapshot { setup: Setup; members: unknown; nominal: number[] }
const snapshot = (page: Page) => store<Snapshot>(page, 's => ({ setup: s.setup, members: s.result.members, nominal: s.result.evals.map((e) => e.nominal.mean) })');

describe('persistence and the project file', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('restores the uploaded data and the finished run after a reload, exports a project another browser imports, and resets', async () => {
    const base = inject('baseUrl');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${base}#${FAST}&algos=bc,dro-bc`);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await uploadJson(page, 'my-demos.json');
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    await until(page, 's => s.saved.runs.length === 1 && s.saved.datasets.length === 1');
    const before = await snapshot(page);
    expect(before.setup.demos).toEqual({ kind: 'upload', fileName: 'my-demos.json' });

    // Reload without the link: setup, data and run come back.
    await page.goto(base);
    await page.reload();
    await until(page, `s => s.result !== null && s.dataset.summary && s.dataset.summary.source === 'my-demos.json'`);
    expect(await snapshot(page)).toEqual(before);
    expect(await store<string>(page, 's => s.run.status')).toBe('done');
    await page.waitForSelector('[data-testid=chart-sweep] svg.recharts-surface path.recharts-curve', { timeout: 60_000 });
    await screenshot(page, 'persist-restored');

    // Export the project; import it in another browser profile (no saved data there).
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-project]')]);
    const zip = readFileSync((await dl.path())!);
    const other = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await other.goto(base);
    await other.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    // A broken project file changes nothing.
    await other.setInputFiles('[data-testid=import-project]', { name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('PK not really a zip') });
    await other.waitForSelector('[data-testid=share-message]');
    expect(await other.textContent('[data-testid=share-message]')).toMatch(/Import failed, nothing was changed: broken\.zip: not a readable project \(zip\) archive/);
    expect(await store<Setup>(other, 's => s.setup')).toEqual(defaultSetup);
    await other.setInputFiles('[data-testid=import-project]', { name: 'project.zip', mimeType: 'application/zip', buffer: zip });
    await until(other, `s => s.result !== null && s.dataset.summary && s.dataset.summary.source === 'my-demos.json'`);
    expect(await snapshot(other)).toEqual(before);
    await other.context().close();

    // Reset: everything kept is wiped and the page reopens on the defaults.
    await page.click('[data-testid=reset]');
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid=reset-confirm]')]);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await page.waitForTimeout(500);
    const after = await store<S & { setup: Setup }>(page, 's => ({ setup: s.setup, result: s.result, saved: s.saved, dataset: s.dataset })');
    expect(after.setup).toEqual(defaultSetup);
    expect(after.result).toBeNull();
    expect(after.saved.runs).toEqual([]);
    expect(after.saved.datasets).toEqual([]);
    await ctx.close();
  });

  it('a run stopped in training and reloaded before its evaluation ended is evaluated on reload; the bar shows that evaluation; its record is replaced, not added', async () => {
    const base = inject('baseUrl');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // A long training, and a slow evaluation (a large box search on 200 episodes) that the reload cuts short.
    const slowEval = 'evalEpisodes=200&evalPoints=9&boxRandomPoints=256&boxRefineRounds=20';
    await page.goto(`${base}#${FAST.replace('steps=30', 'steps=5000').replace('evalEpisodes=2&evalPoints=3&', '').replace('boxRandomPoints=0&boxRefineRounds=0&', '')}&${slowEval}`);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await page.click('[data-testid=train]');
    await until(page, 's => s.run.step >= 20');
    await page.click('[data-testid=stop]');
    await until(page, "s => s.run.status === 'stopped' && s.reevaluation.status === 'running' && s.reevaluation.afterStop === true");
    await until(page, 's => s.saved.runs.length === 1'); // the stopped run, before its evaluation
    expect(await store<string>(page, 's => s.saved.runs[0].label')).toMatch(/\(stopped\)$/);

    // Reload while that evaluation runs: the stopped run comes back and its kept policies are evaluated at once.
    await page.goto(base);
    await page.reload();
    await until(page, "s => s.result !== null && s.reevaluation.status === 'running' && s.reevaluation.afterStop === true");
    expect(await store<number>(page, 's => s.result.unevaluated.members.length')).toBe(3);
    expect(await page.textContent('[data-testid=live-note]')).toMatch(/Evaluating the policies kept at Stop/);
    // One bar: it shows this evaluation's progress (the training stopped at under 1 % of its steps).
    await until(page, 's => s.reevaluation.fraction > 0.02');
    await page.waitForFunction(() => {
      const w = window as unknown as { __droilStore: { getState(): { reevaluation: { fraction: number } } } };
      return (document.querySelector('[data-testid=progress]') as HTMLProgressElement).value === w.__droilStore.getState().reevaluation.fraction;
    }, null, { timeout: 30_000, polling: 50 });
    expect(await page.$eval('[data-testid=progress]', (el) => (el as HTMLProgressElement).value)).toBeGreaterThan(0.02);

    // A cheaper evaluation setting supersedes it; its result replaces the stopped run's record (one run kept).
    await page.evaluate(() => {
      const st = (window as unknown as { __droilStore: { setState(f: (s: { setup: object }) => object): void } }).__droilStore;
      st.setState((s) => ({ setup: { ...s.setup, evalEpisodes: 2, evalPoints: 3, boxRandomPoints: 0, boxRefineRounds: 0 } }));
    });
    await until(page, "s => s.reevaluation.status === 'done'", 120_000);
    expect(await store<number>(page, 's => s.result.members.length')).toBe(3);
    expect(await store<string>(page, 's => s.result.kept')).toMatch(/^training stopped at step \d+ of 5000, 3 of 3 policies trained; evaluated all 3 policies$/);
    await page.waitForTimeout(1500); // the record is written after the answer
    expect(await store<number>(page, 's => s.saved.runs.length')).toBe(1);

    // Reloaded again: the evaluated run, with nothing more to evaluate.
    await page.reload();
    await until(page, 's => s.result !== null');
    await page.waitForTimeout(1000);
    expect(await store<number>(page, 's => s.result.members.length')).toBe(3);
    expect(await store<number>(page, 's => s.result.setup.evalEpisodes')).toBe(2);
    expect(await store<string>(page, 's => s.reevaluation.status')).toBe('idle');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('reports a full storage quota with a message and keeps working', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if (this.name === 'datasets') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.goto(`${inject('baseUrl')}#${FAST}`);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await uploadJson(page, 'big.json');
    await page.waitForSelector('[data-testid=saved-error]');
    expect(await page.textContent('[data-testid=saved-error]')).toMatch(/'big\.json' was not saved in this browser: its storage quota is full/);
    // the upload itself is loaded and usable
    expect(await store<string>(page, 's => s.dataset.summary.source')).toBe('big.json');
    await page.context().close();
  });
});
