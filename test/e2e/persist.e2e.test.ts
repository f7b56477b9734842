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
