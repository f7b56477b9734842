// Charts a lecturer can project and a reader can cite, on the production build in headless Chromium:
// axe-core finds no violation before and after a run; the skip link reaches Train and every stop of the Tab
// order shows its focus; at desktop (1366x800) and phone (390x844) sizes no tick label, axis title or legend
// entry is clipped or runs into another; negative returns hang from a drawn zero; nominal and worst differ
// by more than colour; legends follow the drawing order; too few episodes draw no band; every chart exports
// SVG and PNG with its legend inside the image, and CSV with units and short numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, screenshot, store, waitForBackend, waitForStatus } from './page';
import { axeViolations } from './axe';

const DESK = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
/** Pendulum: every return is negative, and an untrained policy spins (its angle leaves (-pi, pi]). */
const PENDULUM = `${FAST}&envId=Pendulum-v1&algos=bc,be-droil`;

interface Box { x: number; y: number; w: number; h: number; text: string }

/** Text boxes of one chart, in page coordinates: the surface, ticks per axis, axis titles, legend entries. */
function chartBoxes(page: Page, testId: string) {
  return page.$eval(`[data-testid=${testId}]`, (fig) => {
    const box = (e: Element) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent ?? '' }; };
    const surfaces = [...fig.querySelectorAll('svg.recharts-surface')].filter((s) => !s.closest('.recharts-legend-wrapper'));
    const legend = [...fig.querySelectorAll('.recharts-legend-item')].map(box);
    return surfaces.map((svg) => ({
      svg: box(svg), legend, figure: box(fig),
      // recharts 3 draws tick labels in layers of their own (.recharts-yAxis-tick-labels), axis titles as
      // .recharts-label: the y title is the rotated one.
      yTicks: [...svg.querySelectorAll('.recharts-yAxis-tick-labels text')].map(box),
      xTicks: [...svg.querySelectorAll('.recharts-xAxis-tick-labels text')].map(box),
      yTitle: [...svg.querySelectorAll('.recharts-label')].filter((l) => (l.getAttribute('transform') ?? '').includes('rotate')).map(box),
      xTitle: [...svg.querySelectorAll('.recharts-label')].filter((l) => !(l.getAttribute('transform') ?? '').includes('rotate')).map(box),
      grid: [...svg.querySelectorAll('.recharts-cartesian-grid')].map(box),
    }));
  });
}

const inside = (a: Box, b: Box, tol = 1) => a.x >= b.x - tol && a.y >= b.y - tol && a.x + a.w <= b.x + b.w + tol && a.y + a.h <= b.y + b.h + tol;
const overlap = (a: Box, b: Box, tol = 1) => a.x + tol < b.x + b.w && b.x + tol < a.x + a.w && a.y + tol < b.y + b.h && b.y + tol < a.y + a.h;

/** Every defect a bounding box shows, in words (empty: none). */
async function layoutDefects(page: Page, testId: string): Promise<string[]> {
  const out: string[] = [];
  const charts = await chartBoxes(page, testId);
  if (charts.length === 0) out.push(`${testId}: no chart drawn`);
  for (const c of charts) {
    if (c.yTicks.length < 2 || c.xTicks.length < 2 || c.yTitle.length !== 1) out.push(`${testId}: found ${c.yTicks.length} y ticks, ${c.xTicks.length} x ticks, ${c.yTitle.length} y titles`);
    for (const t of [...c.yTicks, ...c.xTicks, ...c.yTitle, ...c.xTitle]) if (!inside(t, c.svg)) out.push(`${testId}: '${t.text}' is clipped by the chart`);
    for (const title of c.yTitle) {
      for (const t of c.yTicks) if (overlap(title, t)) out.push(`${testId}: the y title '${title.text}' runs into the tick '${t.text}'`);
      if (!title.text.includes('(')) out.push(`${testId}: the y title '${title.text}' has no unit`);
    }
    for (const title of c.xTitle) for (const t of c.xTicks) if (overlap(title, t)) out.push(`${testId}: the x title '${title.text}' runs into the tick '${t.text}'`);
    for (let i = 0; i < c.xTicks.length; i++) for (let j = i + 1; j < c.xTicks.length; j++) if (overlap(c.xTicks[i], c.xTicks[j])) out.push(`${testId}: x ticks '${c.xTicks[i].text}' and '${c.xTicks[j].text}' overlap`);
    for (let i = 0; i < c.legend.length; i++) {
      if (!inside(c.legend[i], c.figure)) out.push(`${testId}: legend entry '${c.legend[i].text}' leaves the card`);
      for (const g of c.grid) if (overlap(c.legend[i], g)) out.push(`${testId}: legend entry '${c.legend[i].text}' lies over the plot`);
      for (let j = i + 1; j < c.legend.length; j++) if (overlap(c.legend[i], c.legend[j])) out.push(`${testId}: legend entries '${c.legend[i].text}' and '${c.legend[j].text}' overlap`);
    }
  }
  return [...new Set(out)];
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

async function download(page: Page, selector: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click(selector)]);
  const stream = await d.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const CHARTS = ['chart-diagnostics', 'chart-sweep', 'chart-worst', 'chart-rho', 'chart-traces', 'chart-weights'];

describe('charts: legible, exportable, accessible', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    browser = await launch({ webgpu: false });
    ({ page, errors } = await openPage(browser, PENDULUM, DESK));
    await waitForBackend(page);
  });
  afterAll(async () => { await browser?.close(); });

  it('before a run: no axe violation; the skip link reaches Train; every Tab stop shows its focus', async () => {
    await page.waitForFunction(() => !(document.querySelector('[data-testid=train]') as HTMLButtonElement | null)?.disabled, null, { timeout: 60_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('skip-link');
    const skip = (await page.locator('[data-testid=skip-link]').boundingBox())!;
    expect(skip.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'train');
    // Every stop of the Tab order, from Train on round the page, has a visible focus indicator.
    const unmarked: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const stop = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return null;
        const cs = getComputedStyle(e);
        const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
        const id = e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.id ?? '';
        return { key: `${e.tagName}:${id}:${e.textContent?.slice(0, 30)}`, visible };
      });
      if (stop) {
        if (seen.has(stop.key)) break;
        seen.add(stop.key);
        if (!stop.visible) unmarked.push(stop.key);
      }
      await page.keyboard.press('Tab');
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(unmarked).toEqual([]);
    // On a phone each tab hides one column; the page keeps one main landmark on both (axe: landmark-one-main).
    await page.setViewportSize(PHONE);
    for (const tab of ['setup', 'results']) {
      await page.click(`[data-testid=tab-${tab}]`);
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.isVisible('main')).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.setViewportSize(DESK);
  }, 120_000);

  it('after a run: charts read correctly at desktop and phone sizes, no axe violation', async () => {
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error', 'stopped'])).toBe('done');
    expect(await axeViolations(page)).toEqual([]);

    for (const [name, size] of [['desk', DESK], ['phone', PHONE]] as const) {
      await page.setViewportSize(size);
      await page.waitForTimeout(500);
      const defects: string[] = [];
      for (const id of CHARTS) defects.push(...await layoutDefects(page, id));
      expect(defects, name).toEqual([]);
      await screenshot(page, `charts-${name}`);
      // Every chart has its summary in words.
      for (const id of CHARTS) expect((await page.textContent(`[data-testid=${id}-summary]`))!.length, id).toBeGreaterThan(40);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(DESK);
    await page.waitForTimeout(300);

    // Pendulum's returns are negative: each bar starts at the drawn zero line and goes down.
    const zeroY = await page.$eval('[data-testid=chart-worst] .recharts-reference-line line', (l) => l.getBoundingClientRect().y);
    const bars = await page.$$eval('[data-testid=chart-worst] .recharts-bar-rectangle path', (ps) => ps.map((p) => { const r = p.getBoundingClientRect(); return { top: r.y, h: r.height }; }));
    expect(bars.length).toBe(6);
    for (const b of bars) { expect(Math.abs(b.top - zeroY)).toBeLessThan(1.5); expect(b.h).toBeGreaterThan(2); }
    // Legend order is the drawing order (bars: BC, then BE-DROIL).
    expect(await page.$$eval('[data-testid=chart-worst] .recharts-legend-item-text', (e) => e.map((x) => x.textContent))).toEqual(['BC', 'BE-DROIL ρ=0.2']);
    // Nominal and worst differ by their dash pattern (and hollow markers), in the chart and in the legend.
    const rhoLegend = await page.$$eval('[data-testid=chart-rho] .recharts-legend-item', (lis) => lis.map((li) => ({ text: li.textContent, dash: li.querySelector('line')?.getAttribute('stroke-dasharray') ?? '' })));
    expect(rhoLegend.map((l) => l.text)).toEqual(['BC nominal', 'BC worst in box', 'BE-DROIL nominal', 'BE-DROIL worst in box']);
    expect(rhoLegend.filter((l) => l.text!.includes('worst')).every((l) => l.dash !== '')).toBe(true);
    expect(rhoLegend.filter((l) => l.text!.includes('nominal')).every((l) => l.dash === '')).toBe(true);
    // Two evaluation episodes: no band, and the caption says why; the y range stays near the data.
    expect(await page.$$eval('[data-testid=chart-sweep] path.recharts-area-area', (p) => p.length)).toBe(0);
    expect(await page.textContent('[data-testid=chart-sweep] figcaption')).toContain('too few for a 95% interval');
    const means = await store<number[]>(page, 's => s.result.evals.flatMap((e) => e.sweep.map((p) => p.stat.mean))');
    const ticks = (await page.$$eval('[data-testid=chart-sweep] .recharts-yAxis-tick-labels text', (t) => t.map((x) => x.textContent!)))
      .map((t) => Number(t.replace('−', '-')));
    const spread = Math.max(Math.max(...means) - Math.min(...means), 1);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(Math.min(...means) - spread);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(Math.max(...means) + spread);
    // The pendulum's angle: in radians, wrapped where it spun.
    expect(await page.textContent('[data-testid=chart-traces] .recharts-label[transform*=rotate]')).toMatch(/^theta \(rad(, wrapped to \(−π, π\])?\)$/);
    expect(errors).toEqual([]);
  }, 300_000);

  it('every chart exports SVG and PNG with its legend inside the image, and CSV with units and short numbers', async () => {
    const blank = await browser.newPage();
    for (const id of CHARTS) {
      const svg = (await download(page, `[data-testid=${id}-export-svg]`)).toString('utf8');
      const png = pngSize(await download(page, `[data-testid=${id}-export-png]`));
      const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]), height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
      expect(png).toEqual({ width: 2 * width, height: 2 * height });
      // Drawn on its own, every legend entry of the exported image lies inside it, none over another.
      await blank.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
      const legend = await blank.$$eval('g.export-legend-item', (gs) => gs.map((g) => { const r = g.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height, text: g.textContent ?? '' }; }));
      const pageLegend = await page.$$eval(`[data-testid=${id}] .recharts-legend-item`, (e) => e.length);
      expect(legend.length, id).toBe(pageLegend);
      for (const l of legend) expect(inside(l, { x: 0, y: 0, w: width, h: height, text: '' }), `${id}: '${l.text}'`).toBe(true);
      for (let i = 0; i < legend.length; i++) for (let j = i + 1; j < legend.length; j++) expect(overlap(legend[i], legend[j]), `${id}: '${legend[i].text}' / '${legend[j].text}'`).toBe(false);
      expect(svg).toContain('<desc>');

      const csv = (await download(page, `[data-testid=${id}-export-csv]`)).toString('utf8');
      const [head, ...rows] = csv.trim().split('\n');
      expect(rows.length, id).toBeGreaterThan(0);
      expect(head, id).toMatch(/\(/);
      // No floating-point noise: at most six significant digits in any number.
      const long = (csv.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).filter((n) => n.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length > 6);
      expect(long, id).toEqual([]);
    }
    await blank.close();
    const sweep = (await download(page, '[data-testid=chart-sweep-export-csv]')).toString('utf8').trim().split('\n');
    expect(sweep[0]).toBe('l factor (x nominal),BC mean return (sum of rewards),BC CI95 low,BC CI95 high,BC n (episodes),BE-DROIL ρ=0.2 mean return (sum of rewards),BE-DROIL ρ=0.2 CI95 low,BE-DROIL ρ=0.2 CI95 high,BE-DROIL ρ=0.2 n (episodes)');
    expect(sweep).toHaveLength(4);
    expect(errors).toEqual([]);
  }, 180_000);

  it('status texts count the same steps from the first to the last (MBIL: its density fits included)', async () => {
    const { page: mbil, errors: mbilErrors } = await openPage(browser, `${FAST}&algos=bc,mbil&mbilDensitySteps=20`, DESK);
    await mbil.waitForFunction(() => !(document.querySelector('[data-testid=train]') as HTMLButtonElement | null)?.disabled, null, { timeout: 60_000 });
    // Every status text the run shows.
    await mbil.evaluate(() => {
      const w = window as unknown as { __texts: string[] };
      w.__texts = [];
      const el = document.querySelector('[data-testid=run-status]')!;
      new MutationObserver(() => { const t = el.textContent ?? ''; if (w.__texts.at(-1) !== t) w.__texts.push(t); }).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await mbil.click('[data-testid=train]');
    expect(await waitForStatus(mbil, ['done', 'error', 'stopped'])).toBe('done');
    const texts = await mbil.evaluate(() => (window as unknown as { __texts: string[] }).__texts);
    // CartPole (discrete actions): MBIL's one density model (20 steps), then BC and MBIL in one ensemble (30).
    const totals = new Set(texts.flatMap((t) => [...t.matchAll(/step \d+ \/ (\d+)|\((\d+) steps in all\)/g)].map((m) => m[1] ?? m[2])));
    expect([...totals]).toEqual(['50']);
    expect(texts.at(-1)).toContain('(50 steps in all)');
    expect(mbilErrors).toEqual([]);
    await mbil.close();
  }, 300_000);
});
