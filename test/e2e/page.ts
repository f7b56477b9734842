// Helpers for the playground's end-to-end tests: open the production build with a setup in the hash,
// read the page's store, wait for a run to reach a status, count what the charts drew.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { collectErrors } from './browser';

/** A setup small enough for tests (a few seconds on a busy 2-core machine), passed in the URL hash; one seed (the First look trains two). */
export const FAST = 'seeds=1&steps=30&evalEpisodes=2&evalPoints=3&kernelEpisodes=1&kernelCandidates=2&kernelHorizon=2&boxRandomPoints=0&boxRefineRounds=0&rhoSweep=0.2,2';

export const SHOTS = 'test-results/e2e';

export interface Opened { page: Page; errors: string[] }

/** `beforeLoad` runs on the new page before it navigates (an init script a test needs from the page's first moment). */
export async function openPage(browser: Browser, hash = '', viewport = { width: 1280, height: 800 },
  beforeLoad?: (page: Page) => Promise<void>): Promise<Opened> {
  const page = await browser.newPage({ viewport });
  const errors = collectErrors(page);
  await beforeLoad?.(page);
  // Long tasks on the main thread, from the first moment of the page.
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(inject('baseUrl') + (hash ? `#${hash}` : ''));
  // attached, not visible: on a phone the summary sits in the Setup tab.
  await page.waitForSelector('[data-testid=dataset-summary]', { state: 'attached', timeout: 60_000 });
  return { page, errors };
}

/** Reads a value out of the page's zustand store (plain data). */
export function store<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate(`(() => { const s = window.__droilStore.getState(); return (${pick})(s); })()`) as Promise<T>;
}

/** Waits for one of the statuses; once a run is done or stopped, also for every chart to have mounted (Staged). */
export async function waitForStatus(page: Page, statuses: string[], timeout = 280_000): Promise<string> {
  try {
    await page.waitForFunction(
      (st) => st.includes((window as unknown as { __droilStore: { getState(): { run: { status: string } } } }).__droilStore.getState().run.status),
      statuses, { timeout, polling: 100 },
    );
  } catch (e) {
    // A run that never ends: say where it stood, so a flake in CI can be diagnosed from the log alone.
    const where = await store<unknown>(page, `s => ({ run: { status: s.run.status, stage: s.run.stage, step: s.run.step, totalSteps: s.run.totalSteps,
      evalFraction: s.run.evalFraction, elapsedMs: s.run.elapsedMs, error: s.run.error }, reevaluation: s.reevaluation,
      dataset: { loading: s.dataset.loading, loads: s.dataset.loads, error: s.dataset.error, summary: s.dataset.summary !== null }, backend: s.backend })`).catch((x) => String(x));
    throw new Error(`waiting for run status ${statuses.join('|')}: ${String(e).split('\n')[0]}; the page stood at ${JSON.stringify(where)}`);
  }
  const status = await store<string>(page, 's => s.run.status');
  if (status === 'done' || status === 'stopped') await page.waitForSelector('[data-staged=pending]', { state: 'detached', timeout: 60_000 });
  return status;
}

/** Polls a predicate over the store from Node (a string predicate inside the page would need eval: the CSP forbids it). */
export async function until(page: Page, pick: string, timeout = 120_000): Promise<void> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await store<boolean>(page, pick).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${pick}`);
}

export async function waitForBackend(page: Page): Promise<{ backend: string; reason: string }> {
  await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { backend: unknown } } }).__droilStore.getState().backend !== null, null, { timeout: 60_000 });
  return store(page, 's => s.backend');
}

/** The number of points of every drawn line in a chart (recharts draws each line as one SVG path). */
export function linePoints(page: Page, testId: string): Promise<number[]> {
  return page.$$eval(`[data-testid=${testId}] path.recharts-curve.recharts-line-curve`, (paths) =>
    paths.map((p) => ((p.getAttribute('d') ?? '').match(/[ML]/g) ?? []).length));
}

export function barCount(page: Page, testId: string): Promise<number> {
  return page.$$eval(`[data-testid=${testId}] .recharts-bar-rectangle path`, (els) => els.filter((e) => (e.getAttribute('d') ?? '').length > 0).length);
}

export async function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Fraction of a canvas's pixels that differ from its background colour (the first pixel). */
export function canvasInk(page: Page, index = 0): Promise<number> {
  return page.evaluate((i) => {
    const c = document.querySelectorAll('[data-testid=canvas-panel] canvas')[i] as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let ink = 0;
    for (let k = 0; k < data.length; k += 4) {
      if (Math.abs(data[k] - data[0]) + Math.abs(data[k + 1] - data[1]) + Math.abs(data[k + 2] - data[2]) > 30) ink++;
    }
    return ink / (data.length / 4);
  }, index);
}
