// Share links, embed mode, teaching mode and exports on the production build, under its Content-Security-
// Policy: the policy is in the page (meta) and in the server's header (which also covers the worker), and
// no violation is reported while the app trains on the wasm backend, reads an HDF5 upload (h5wasm), draws
// recharts and exports a chart.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { compressToEncodedURIComponent } from 'lz-string';
import { launch } from './browser';
import { FAST, openPage, screenshot, store, waitForStatus } from './page';
import { decodeLink, defaultSetup, type Setup } from '../../src/core/setup';
import { generateDemos } from '../../src/core/experts';
import { writeDataset } from '../../src/core/data/write';

/** Records CSP violations from the first moment of the page. */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

describe('share links, embed mode and the CSP', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('ships a strict CSP (meta and header) and works under it: teaching run on wasm, HDF5 upload, charts, PNG/SVG export', async () => {
    const base = inject('baseUrl');
    const res = await fetch(base);
    const html = await res.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(res.headers.get('content-security-policy')).toBe(meta);
    for (const p of [meta!]) {
      expect(p).not.toMatch(/'unsafe-eval'|'unsafe-inline'|https?:|\*/);
      expect(p).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
      expect(p).toMatch(/default-src 'self'/);
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await watchCsp(page);
    // Teaching mode: the link's setup trains on its own once the demonstrations are loaded.
    await page.goto(`${base}#${FAST}&algos=bc,dro-bc&backend=wasm&teach=1`);
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    expect(await store<string>(page, 's => s.backend.backend')).toBe('wasm');
    expect(await store<number>(page, 's => Object.keys(s.result.policies).length')).toBe(3);
    await page.waitForSelector('[data-testid=chart-sweep] svg.recharts-surface path.recharts-curve', { timeout: 60_000 });

    // HDF5 upload (h5wasm, WebAssembly in the worker) under the policy.
    const h5 = await writeDataset(generateDemos('CartPole-v1', { episodes: 2, seed: 7 }), 'hdf5');
    await page.setInputFiles('[data-testid=file-input]', { name: 'demos.h5', mimeType: 'application/octet-stream', buffer: Buffer.from(h5) });
    await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { dataset: { summary?: { source: string } } } } }).__droilStore.getState().dataset.summary?.source === 'demos.h5', null, { timeout: 60_000 });
    // The page says the upload is not in the link.
    expect(await page.textContent('[data-testid=share-upload-note]')).toMatch(/not in the link/);

    // Chart exports: SVG is a standalone document with the chart's curves; PNG is a real PNG.
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=chart-sweep-export-svg]')]);
    const svg = readFileSync((await svgDl.path())!, 'utf8');
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toMatch(/<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/recharts-curve/);
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=chart-sweep-export-png]')]);
    const png = readFileSync((await pngDl.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(2000);

    // The Learn panel (MathML) opens on the control's paragraph.
    await page.click('[data-testid=learn-kappa]');
    await page.waitForSelector('[data-testid=learn-panel] section.current[data-topic=kappa] math');
    await screenshot(page, 'share-learn');
    await page.click('[data-testid=learn-close]');
    await page.click('[data-testid=show-cli]');
    await page.locator('[data-testid=share-panel]').screenshot({ path: 'test-results/e2e/share-panel.png' });
    // One `droil run` line whose hash is the setup (the CLI decodes it with the same codec). The upload came
    // after the run: the command of the run on screen first, the edited settings' (with the upload) beside it.
    const onScreen = decodeLink(((await page.textContent('[data-testid=cli-command]')) ?? '').match(/--setup '#([^']+)'/)![1]).setup;
    expect(onScreen.demos.kind).toBe('builtin');
    const cli = (await page.textContent('[data-testid=cli-command-edited]')) ?? '';
    const m = cli.match(/npx droil run --setup '#([^']+)' --data demos\.h5/);
    expect(m).not.toBeNull();
    const decoded = decodeLink(m![1]);
    expect(decoded.message).toBeUndefined();
    expect(decoded.setup).toMatchObject({ envId: 'CartPole-v1', demos: { kind: 'upload', fileName: 'demos.h5' } });
    expect(decoded.setup.algos).toContain('dro-bc');
    expect(decoded.setup.rhoSweep).toContain(0.2);

    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('restores a copied link exactly in a new tab, hides what an embed link hides, and refuses a bad link with a message', async () => {
    const { page, errors } = await openPage(browser, FAST);
    // Edit the setup as a user would (through the store the controls write), then take the panel's link.
    await page.evaluate(() => {
      const st = (window as unknown as { __droilStore: { setState(f: (s: { setup: Setup }) => unknown): void } }).__droilStore;
      st.setState((s) => ({ setup: { ...s.setup, envId: 'Acrobot-v1', algos: ['bc', 'be-droil'], rhoSweep: [0.1, 0.7], kappa: 0.03, divergence: 'chi2', seeds: 3, evalFactorMax: 4 }, rho: 0.7 }));
    });
    await page.check('[data-testid=share-embed]');
    await page.check('[data-testid=share-hide-advanced]');
    const link = await page.inputValue('[data-testid=share-link]');
    const setup = await store<Setup>(page, 's => s.setup');
    const hash = link.slice(link.indexOf('#'));
    expect(decodeLink(hash).setup).toEqual(setup);

    const opened = await openPage(browser, hash.slice(1));
    expect(await store<Setup>(opened.page, 's => s.setup')).toEqual(setup);
    expect(await store<unknown>(opened.page, 's => s.view')).toEqual({ teach: false, embed: true, hide: ['advanced'], rho: 0.7 });
    expect(await store<number>(opened.page, 's => s.rho')).toBe(0.7); // the slider's radius, view state beside the setup
    await opened.page.close();

    // A link from when the radius was a setup field (compressed with the setup's pairs) still opens with it.
    const old = await openPage(browser, `v=1&z=${compressToEncodedURIComponent('envId=Acrobot-v1&rho=2&rhoSweep=0.5,2')}`);
    expect(await store<[string, number[], number]>(old.page, 's => [s.setup.envId, s.setup.rhoSweep, s.rho]')).toEqual(['Acrobot-v1', [0.5, 2], 2]);
    expect(await old.page.textContent('body')).not.toMatch(/setup was not used/);
    await old.page.close();

    // Embed: controls and the upload are gone, the charts stay.
    const embed = await openPage(browser, `${FAST}&embed=1&hide=controls,upload,share`);
    expect(await embed.page.locator('.layout > .left').count()).toBe(1);
    expect(await embed.page.isVisible('.layout > .left')).toBe(false);
    expect(await embed.page.isVisible('[data-testid=dropzone]')).toBe(false);
    expect(await embed.page.isVisible('[data-testid=share-panel]')).toBe(false);
    expect(await embed.page.isVisible('[data-testid=train]')).toBe(true);
    await screenshot(embed.page, 'share-embed');
    await embed.page.close();

    // A bad link: defaults, a message, and its teaching run never starts.
    const bad = await openPage(browser, 'steps=lots&teach=1');
    expect(await bad.page.textContent('.notice')).toMatch(/field 'steps'.*defaults are loaded/);
    expect(await store<Setup>(bad.page, 's => s.setup')).toEqual(defaultSetup);
    await bad.page.waitForTimeout(1500);
    expect(await store<string>(bad.page, 's => s.run.status')).toBe('idle');
    await bad.page.close();

    expect(errors).toEqual([]);
    await page.close();
  });
});
