// Hostile input in the production build (issue 18): mutated links in one page session, a refused link that
// follows a teaching link, a heavy teaching link, corrupted records in every IndexedDB store, a panel that
// throws. Each asserts: no page error, no script ran, a message, nothing lost, nothing run that should not.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, screenshot, store, waitForStatus, until } from './page';
import { defaultSetup, encodeLink, type Setup } from '../../src/core/setup';
import { Rng } from '../../src/core/rng';

/** Uncaught errors only (a panel's caught error is logged by React on purpose). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Seeded mutations of real links (the unit test's operations, with script-bearing values). */
function mutatedLinks(n: number): string[] {
  const rng = new Rng(18);
  const bases = [encodeLink({ ...defaultSetup, envId: 'Acrobot-v1', algos: ['bc', 'dro-bc'], steps: 200, params: { link_mass_2: 1.5 } }),
    FAST, 'v=1&envId=Pendulum-v1&evalShift=mass:2&evalParam=mass&demos=builtin:3:7', encodeLink({ ...defaultSetup, rhoSweep: [0.1, 0.3, 1, 2, 4], seeds: 3 })];
  const hostile = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>', '__proto__', 'constructor', '1e309', 'NaN', '0x10',
    '{"__proto__":{"polluted":1}}', 'javascript:window.__xss=1', '%', '%zz', 'A'.repeat(3000), ' 5', '-1', '1e308', 'bc,bc'];
  const alphabet = '&=%,:{}[]"\'<>/ +-.0123456789eEaz_';
  const esc = (x: string) => { try { return encodeURIComponent(x); } catch { return x; } };
  const out = new Set<string>();
  while (out.size < n) {
    let h = bases[rng.int(bases.length)];
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const i = rng.int(h.length + 1);
      const pairs = h.split('&');
      const p = rng.int(pairs.length);
      switch (rng.int(6)) {
        case 0: h = h.slice(0, i) + h.slice(i + 1 + rng.int(6)); break;
        case 1: h = h.slice(0, i) + alphabet[rng.int(alphabet.length)] + h.slice(i); break;
        case 2: pairs[p] = pairs[p].split('=')[0] + '=' + esc(hostile[rng.int(hostile.length)]); h = pairs.join('&'); break;
        case 3: pairs[p] = esc(hostile[rng.int(hostile.length)]) + '=' + (pairs[p].split('=')[1] ?? ''); h = pairs.join('&'); break;
        case 4: h = h + '&' + pairs[p]; break;
        default: h = h.slice(0, i);
      }
    }
    out.add(h);
  }
  return [...out];
}

describe('hostile input in the page', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('520 mutated links in one page session: no page error, no script, refused ones give the defaults and a message', async () => {
    const { page } = await openPage(browser, FAST);
    const errors = pageErrors(page);
    const links = mutatedLinks(520);
    // One evaluate for all: set the hash, wait for the page's hashchange handler, read the store.
    const results = await page.evaluate(async (hashes) => {
      const w = window as unknown as { __droilStore: { getState(): { notice?: string; setup: unknown; run: { status: string }; teachPending?: string } }; __xss?: number; polluted?: unknown };
      const out: { notice?: string; setup: unknown; status: string; teachPending?: string; xss: boolean; polluted: boolean }[] = [];
      for (const h of hashes) {
        const changed = new Promise((r) => window.addEventListener('hashchange', r, { once: true }));
        location.hash = h;
        await Promise.race([changed, new Promise((r) => setTimeout(r, 200))]);
        await new Promise((r) => setTimeout(r, 0));
        const s = w.__droilStore.getState();
        out.push({ notice: s.notice, setup: s.setup, status: s.run.status, teachPending: s.teachPending, xss: w.__xss !== undefined, polluted: ({} as { polluted?: unknown }).polluted !== undefined });
      }
      return out;
    }, links);
    let refused = 0;
    for (const [k, r] of results.entries()) {
      expect(r.xss, `link ${k}: a script ran`).toBe(false);
      expect(r.polluted, `link ${k}: prototype polluted`).toBe(false);
      expect(r.status, `link ${k}: something started`).toBe('idle');
      if (r.notice && /The link's setup was not used/.test(r.notice)) {
        refused++;
        expect(r.setup, `link ${k}`).toEqual(defaultSetup);
        expect(r.notice.split('\n')).toHaveLength(1);
      }
    }
    expect(results.length).toBeGreaterThanOrEqual(500);
    expect(refused).toBeGreaterThan(200);
    // An oversized hash (1 MB) is refused at once with a message naming its length.
    await page.evaluate(() => { location.hash = 'steps=' + '1'.repeat(1_000_000); });
    await until(page, "s => /characters long/.test(s.notice || '')", 20_000);
    expect(await page.locator('[data-testid=dataset-summary]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a refused link that follows a teaching link runs nothing; a heavy teaching link asks first, stating the cost', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = pageErrors(page);
    // The page opens on a teaching link; before its data has loaded, a refused link arrives.
    await page.addInitScript(() => { window.addEventListener('load', () => { location.hash = '#steps=lots&teach=1'; }); });
    await page.goto(`${inject('baseUrl')}#${FAST}&teach=1`);
    await page.waitForSelector('[data-testid=dataset-summary]', { state: 'attached', timeout: 60_000 });
    await until(page, "s => /field 'steps'/.test(s.notice || '') && s.dataset.summary && !s.dataset.loading");
    await page.waitForTimeout(3000);
    expect(await store<string>(page, 's => s.run.status')).toBe('idle');
    await page.close();

    const heavy = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const heavyErrors = pageErrors(heavy);
    await heavy.goto(`${inject('baseUrl')}#v=1&seeds=50&steps=100000&teach=1`);
    await heavy.waitForSelector('[data-testid=teach-confirm]', { timeout: 60_000 });
    expect(await heavy.textContent('[data-testid=teach-confirm]')).toMatch(/trains 150 policies for 100,000 steps each: 15,000,000 member-steps, 8333 times the default run/);
    await until(heavy, 's => s.dataset.summary && !s.dataset.loading');
    await heavy.waitForTimeout(1500);
    expect(await store<string>(heavy, 's => s.run.status')).toBe('idle');
    await screenshot(heavy, 'hostile-heavy-link');
    await heavy.click('[data-testid=teach-confirm-cancel]');
    expect(await heavy.locator('[data-testid=teach-confirm]').count()).toBe(0);
    expect(await store<string>(heavy, 's => s.run.status')).toBe('idle');
    expect([...errors, ...heavyErrors]).toEqual([]);
    await heavy.close();
  }, 180_000);

  it('corrupted records in every store are dropped with one message, the good run stays, and a throwing panel leaves Reset usable', async () => {
    const base = inject('baseUrl');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    await page.goto(`${base}#${FAST}&algos=bc`);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    await until(page, 's => s.saved.runs.length === 1');
    const goodLabel = await store<string>(page, 's => s.saved.runs[0].label');
    // Leave the app first (to a same-origin file: same IndexedDB): its session save, debounced after the run's
    // radius lands, could otherwise overwrite the corrupted session below on a loaded machine (CI once saw it).
    await page.goto(`${base}favicon.svg`);
    // Write what blanked the page before: a label that is an object, a result of the wrong shape, an unknown
    // envId, a session whose setup fails the schema.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res, rej) => { const r = indexedDB.open('droil-playground'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const put = (store: string, value: unknown, key?: IDBValidKey) => new Promise<void>((res, rej) => {
        const tx = db.transaction(store, 'readwrite'); tx.objectStore(store).put(value, key); tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error);
      });
      const [good] = await new Promise<{ result: { evals: unknown } }[]>((res) => { const r = db.transaction('runs').objectStore('runs').getAll(); r.onsuccess = () => res(r.result); });
      await put('runs', { ...good, id: 900, label: { $$typeof: 'x', props: {} } });
      await put('runs', { ...good, id: 901, result: { ...good.result, evals: 5 } });
      await put('datasets', { name: 'evil.json', bytes: new Uint8Array([1, 2, 3]), envId: 'Evil-v0', size: 3, savedAt: Date.now() });
      await put('session', { setup: { steps: 'lots' }, runId: 900 }, 'current');
      db.close();
    });
    await page.goto(base);
    await page.reload();
    // The message grows as each store is checked (datasets and runs, then the session).
    await until(page, "s => /^4 saved records/.test(s.saved.error || '')");
    await page.waitForSelector('[data-testid=saved-error]', { timeout: 60_000 });
    const message = await page.textContent('[data-testid=saved-error]');
    expect(message).toMatch(/^4 saved records could not be read and were dropped \(saved file 'evil\.json': field 'envId' .*saved run 900: field 'label' .*saved run 901: result: field 'evals' .*and 1 more\); everything else was kept\.$/);
    expect(await store<{ label: string }[]>(page, 's => s.saved.runs')).toEqual([expect.objectContaining({ label: goodLabel })]);
    expect(await store<Setup>(page, 's => s.setup')).toEqual(defaultSetup);
    await screenshot(page, 'hostile-dropped-records');
    // A second reload: the bad records are gone for good, no message.
    await page.reload();
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await until(page, 's => s.saved.runs.length === 1');
    expect(await page.locator('[data-testid=saved-error]').count()).toBe(0);

    // A panel that throws (a result the charts cannot draw) is replaced by one line; the rest works.
    await page.evaluate(() => {
      const s = (window as unknown as { __droilStore: { setState(p: unknown): void } }).__droilStore;
      s.setState({ result: { setup: {}, members: 7, evals: 'x', paired: null } });
    });
    await page.waitForSelector('[data-testid=panel-error]', { timeout: 20_000 });
    await screenshot(page, 'hostile-panel-error');
    expect(await page.locator('[data-testid=panel-error]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    // Reset stays reachable from the failed panel itself.
    await Promise.all([page.waitForEvent('load'), page.locator('[data-testid=panel-error-reset]').first().click()]);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
    await page.waitForTimeout(500);
    expect(await store<unknown[]>(page, 's => s.saved.runs')).toEqual([]);
    await ctx.close();
  }, 280_000);
});
