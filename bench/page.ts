// Benchmark of the playground page (prints figures; never a test):
//   1. bundle sizes from dist/: the initial JS and CSS (what index.html loads, gzip) and every lazily
//      loaded chunk (the worker with tfjs, h5wasm, the wasm binaries);
//   2. in headless Chromium against `vite preview`: time from the Train click to the first point on the
//      diagnostics chart, to the end of training and to the finished default comparison (the default
//      setup: CartPole-v1, BC and BE-DROIL over the radius sweep), and the main thread's long tasks.
//   3. issue 17's live loop, on the same page after the run, with the rollout animation paused: radius-slider
//      moves (arrow keys) and one drag, to every chart redrawn, with the busiest main-thread task (CPU, trace)
//      and the long tasks (> 50 ms) of each (items 3 and 7); an evaluation setting changed to the re-evaluated charts
//      drawn (item 1); Stop during training and during the evaluation to the run ending (item 4); the longest
//      main-thread task from the Train click to every chart drawn (item 7; item 6 is the drawn time itself).
// With --json FILE the figures are also written as JSON (PageBench below): what `npm run bench` reads.
// --retrain: after the run, Train again with nothing changed (the same policies, the whole evaluation kept) and print
// that run's ETA errors.
// Usage: npx tsx bench/page.ts [--no-build] [--runs N] [--eta-log] [--retrain] [--click-at-once] [--hash 'steps=300&...'] [--webgpu] [--moves N] [--no-live] [--slider-only] [--dist DIR] [--json FILE]
// (--slider-only: of the live loop only the slider figures; --dist DIR: serve that build (implies --no-build), to
// compare two builds alternately in one sitting.)
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs } from '../test/chromium-flags';
import { startTrace, stopTrace, type MainTask } from '../test/e2e/longtasks';
import { parkPointer, scrollToCharts } from './lib/scroll-to-charts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string, dflt: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const runs = Number(opt('--runs', '1'));
const hash = opt('--hash', '');
const moves = Number(opt('--moves', '6'));
const jsonOut = opt('--json', '');
const dist = opt('--dist', 'dist');

/** One page run (the default comparison from the Train click) and, unless --no-live, the live loop after it. */
export interface PageRun {
  backend: string; policies: number; ok: boolean; load: number;
  summaryMs: number; firstPointMs: number; trainEndMs: number; drawnMs: number;
  /** PerformanceObserver long tasks (wall) while training, and the longest of them. */
  longTasksTraining: number; longestTrainingMs: number;
  /** Chromium's trace, Train click to every chart drawn: the busiest task's CPU and wall time, tasks over 50 ms. */
  busiestCpuMs: number; busiestWallMs: number; over50Wall: number; over50Cpu: number;
  /** Item 6: the ETA's worst relative error once 20 % is done (every report; and only while >= 10 % of the run is left). */
  etaWorstError: number; etaWorstErrorWindow: number;
  /** The worst relative error after 20 % while >= 0.5 s is left, and the worst absolute error (ms) in the last 0.5 s. */
  etaWorstErrorShown?: number; etaWorstEndMs?: number;
  live?: LiveFigures;
}
export interface LiveFigures {
  /** Per arrow-key move: to the charts redrawn, the busiest task's CPU time, the longest task's wall time. */
  sliderRedrawMs: number[]; sliderCpuMs: number[]; sliderWallMs: number[];
  /** Per move: PerformanceObserver long tasks (> 50 ms wall) and trace tasks over 50 ms CPU; the same for one drag. */
  sliderLongTasks: number[]; sliderOver50Cpu: number[]; dragCpuMs: number; dragLongTasks: number;
  /** An evaluation setting changed -> the re-evaluated charts drawn (NaN: no answer, -1: error), and the worker's evaluate calls each change made. */
  reevalMs: number[]; reevalCalls: number[];
  /** The same changes: to the re-evaluation's first answer in the store (nominal first), and what each change was. */
  reevalFirstMs: number[]; reevalLabels: string[];
  /** Stop -> the run stopped (negative: it ended 'done', Stop ignored; NaN: not measured). */
  stopTrainingMs: number; stopEvaluatingMs: number; stopDensityMs: number;
}
export interface PageBench { initialKbGzip: number; initialKbRaw: number; lazyKbGzip: number; runs: PageRun[]; cores: number; loadStart: number[] }
const bench: PageBench = { initialKbGzip: NaN, initialKbRaw: NaN, lazyKbGzip: 0, runs: [], cores: cpus().length, loadStart: loadavg() };

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function bundleSizes(): void {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const assets = readdirSync(join(dist, 'assets')).filter((f) => !f.endsWith('.map'));
  const size = (f: string) => { const b = readFileSync(join(dist, f)); return { raw: statSync(join(dist, f)).size, gz: gzipSync(b).length }; };
  console.log('## Bundle (dist/)');
  let raw = 0, gz = 0;
  for (const f of initial) { const s = size(f); raw += s.raw; gz += s.gz; console.log(`initial   ${f.padEnd(52)} ${kb(s.raw).padStart(11)} raw ${kb(s.gz).padStart(10)} gzip`); }
  console.log(`initial total${' '.repeat(49)}${kb(raw).padStart(11)} raw ${kb(gz).padStart(10)} gzip`);
  bench.initialKbRaw = raw / 1024; bench.initialKbGzip = gz / 1024;
  for (const f of assets.map((a) => `assets/${a}`).filter((f) => !initial.includes(f))) {
    const s = size(f);
    bench.lazyKbGzip += s.gz / 1024;
    console.log(`lazy      ${f.padEnd(52)} ${kb(s.raw).padStart(11)} raw ${kb(s.gz).padStart(10)} gzip`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
}

async function timings(): Promise<void> {
  const port = await freePort();
  const server = spawn('npx', ['vite', 'preview', '--outDir', dist, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/${hash ? '#' + hash : ''}`;
  for (let i = 0; i < 300; i++) { try { if ((await fetch(url)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 200)); }
  const args = flag('--webgpu') ? chromiumArgs : chromiumArgs.filter((a) => !a.includes('webgpu'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  console.log(`\n## Page timings (${url}; ${cpus().length} cores, ${cpus()[0]?.model}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  try {
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(() => {
        const w = window as unknown as { __lt: number[] };
        w.__lt = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__lt.push(e.duration); }).observe({ type: 'longtask', buffered: true });
      });
      const tLoad = Date.now();
      await page.goto(url);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 120_000 });
      const summaryMs = Date.now() - tLoad;
      await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { backend: unknown } } }).__droilStore.getState().backend !== null, null, { timeout: 120_000 });
      const backend = await page.evaluate(() => (window as unknown as { __droilStore: { getState(): { backend: { backend: string } } } }).__droilStore.getState().backend.backend);
      // A user reads the page before the first click; meanwhile the worker warms up (worker-client.ts warmUp, about
      // 0.6 s on 2 cores). --click-at-once clicks as soon as the demonstrations show, cutting the warm-up short.
      const tWarm = Date.now();
      if (!flag('--click-at-once')) await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { workerWarm: boolean } } }).__droilStore.getState().workerWarm, null, { timeout: 120_000 });
      const warmMs = Date.now() - tWarm;
      await startTrace(browser, page);
      const marks = await page.evaluate(() => new Promise<Record<string, number>>((resolve) => {
        type S = { run: { status: string; diag: Record<number, unknown[]>; members: unknown[]; fraction?: number; etaMs?: number; evalFraction?: number } };
        const w = window as unknown as { __droilStore: { getState(): S; subscribe(f: (s: S) => void): () => void }; __lt: number[]; __eta: number[][] };
        const m: Record<string, number> = { lt0: w.__lt.length };
        const t0 = performance.now();
        performance.mark('droil-train-click');
        w.__eta = []; // [ms since the click, fraction, ETA ms, the evaluation's fraction] as the page shows them (item 6)
        const un = w.__droilStore.subscribe((s) => {
          const last = w.__eta[w.__eta.length - 1];
          if (s.run.fraction !== undefined && s.run.etaMs !== undefined && (!last || last[1] !== s.run.fraction || last[2] !== s.run.etaMs)) w.__eta.push([performance.now() - t0, s.run.fraction, s.run.etaMs, s.run.evalFraction ?? 0]);
          // The first point is on screen when the chart's path exists.
          if (!m.firstPoint && Object.values(s.run.diag).some((d) => d.length > 0)) {
            requestAnimationFrame(() => { m.firstPoint = performance.now() - t0; });
          }
          if (!m.trainEnd && (s.run.status === 'evaluating' || s.run.status === 'done')) { m.trainEnd = performance.now() - t0; m.ltTrain = w.__lt.length; performance.mark('droil-eval-start'); }
          if (s.run.status === 'done' || s.run.status === 'error') {
            m.done = performance.now() - t0; m.members = s.run.members.length; m.ok = s.run.status === 'done' ? 1 : 0;
            un();
            // Drawn: every chart mounted (they mount one per task, src/ui/charts/Staged.tsx) and painted.
            // (No named functions in here: tsx's keepNames would wrap them in a __name the page lacks.)
            const poll = setInterval(() => {
              if (document.querySelector('[data-staged=pending]')) return;
              clearInterval(poll);
              requestAnimationFrame(() => { m.drawn = performance.now() - t0; performance.mark('droil-drawn'); resolve(m); });
            }, 16);
          }
        });
        (document.querySelector('[data-testid=train]') as HTMLButtonElement).click();
      }));
      const all = await stopTrace(browser, 'droil-train-click', 'droil-drawn');
      const evalStart = (await page.evaluate(() => performance.getEntriesByName('droil-eval-start')[0]?.startTime - performance.getEntriesByName('droil-train-click')[0]?.startTime)) || Infinity;
      const tasks = all.filter((t) => t.startMs < evalStart);
      const maxCpu = Math.max(0, ...tasks.map((t) => t.cpuMs));
      const lt = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
      const during = lt.slice(marks.lt0, marks.ltTrain);
      console.log(`run ${r + 1}: backend ${backend}; ${marks.members} policies; page to dataset summary ${summaryMs} ms; ${flag('--click-at-once') ? 'Train clicked at once' : `worker warm ${warmMs} ms later, then Train`}; `
        + `Train -> first chart point ${marks.firstPoint?.toFixed(0)} ms; -> training done ${marks.trainEnd?.toFixed(0)} ms; `
        + `-> finished comparison drawn ${marks.drawn?.toFixed(0)} ms${marks.ok ? '' : ' (ERROR)'}; `
        + `long tasks while training (wall): ${during.length} (max ${during.length ? Math.max(...during).toFixed(0) : 0} ms); `
        + `busiest main-thread task while training (CPU, trace): ${maxCpu.toFixed(1)} ms over ${tasks.length} tasks; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
      // The longest main-thread tasks while training (wall), with their CPU time and what ran in them.
      const longest = tasks.slice().sort((a, b) => b.wallMs - a.wallMs).slice(0, 3);
      console.log(`  longest tasks while training: ${longest.map((t) => `${t.wallMs.toFixed(1)} ms wall / ${t.cpuMs.toFixed(1)} ms CPU at ${(t.startMs / 1000).toFixed(2)} s (${t.what})`).join('; ')}`);
      const busiest = tasks.slice().sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 3);
      console.log(`  busiest tasks while training: ${busiest.map((t) => `${t.cpuMs.toFixed(1)} ms CPU / ${t.wallMs.toFixed(1)} ms wall at ${(t.startMs / 1000).toFixed(2)} s (${t.what})`).join('; ')}`);
      const worst = all.slice().sort((a, b) => b.cpuMs - a.cpuMs)[0];
      console.log(`  Train -> every chart drawn: ${all.length} main-thread tasks, busiest ${worst ? `${worst.cpuMs.toFixed(1)} ms CPU / ${worst.wallMs.toFixed(1)} ms wall at ${(worst.startMs / 1000).toFixed(2)} s (${worst.what}${await chartOf(page, 'droil-train-click', worst)})` : 'none'}; `
        + `tasks over 50 ms wall: ${all.filter((t) => t.wallMs > 50).length}, over 50 ms CPU: ${all.filter((t) => t.cpuMs > 50).length}; ${load()}`);
      const overWall = all.filter((t) => t.wallMs > 50);
      if (overWall.length) console.log(`  tasks over 50 ms wall: ${(await Promise.all(overWall.map(async (t) => `${t.wallMs.toFixed(1)} ms wall / ${t.cpuMs.toFixed(1)} ms CPU at ${(t.startMs / 1000).toFixed(2)} s (${t.what}${await chartOf(page, 'droil-train-click', t)})`))).join('; ')}`);
      const eta = etaErrors(await page.evaluate(() => (window as unknown as { __eta: number[][] }).__eta), marks.done);
      console.log(`  eta (item 6): ${eta.line}; ${load()}`);
      if (flag('--eta-log')) console.log(`  eta reports after 20 % of the run (ms since Train: fraction, evaluation's fraction, ETA shown, really left, error): ${eta.log}`);
      const run: PageRun = {
        backend, policies: marks.members, ok: marks.ok === 1, load: loadavg()[0], summaryMs, firstPointMs: marks.firstPoint ?? NaN, trainEndMs: marks.trainEnd ?? NaN,
        drawnMs: marks.drawn ?? NaN, longTasksTraining: during.length, longestTrainingMs: during.length ? Math.max(...during) : 0,
        busiestCpuMs: worst?.cpuMs ?? 0, busiestWallMs: Math.max(0, ...all.map((t) => t.wallMs)),
        over50Wall: all.filter((t) => t.wallMs > 50).length, over50Cpu: all.filter((t) => t.cpuMs > 50).length,
        etaWorstError: eta.worst, etaWorstErrorWindow: eta.window, etaWorstErrorShown: eta.shown, etaWorstEndMs: eta.endMs,
      };
      bench.runs.push(run);
      if (flag('--retrain')) {
        // Train again, nothing changed: the same policies, the whole evaluation kept (the ETA must not count it).
        const again = await retrain(page);
        const e = etaErrors(again.eta, again.done);
        console.log(`  re-Train (same setup): training done ${again.trainEnd.toFixed(0)} ms, done ${again.done.toFixed(0)} ms; eta: ${e.line}; ${load()}`);
        if (flag('--eta-log')) console.log(`  re-Train eta reports after 20 %: ${e.log}`);
      }
      if (!flag('--no-live')) run.live = await live(browser, page);
      await page.close();
    }
  } finally {
    await browser.close();
    if (server.pid) try { process.kill(-server.pid); } catch { /* gone */ }
  }
}

/** A second Train of the setup on screen: the page's ETA reports ([ms since the click, fraction, ETA, evaluation's fraction]) and when it ended. */
async function retrain(page: Page): Promise<{ eta: number[][]; trainEnd: number; done: number }> {
  return page.evaluate(() => new Promise<{ eta: number[][]; trainEnd: number; done: number }>((resolve) => {
    type S = { run: { status: string; fraction?: number; etaMs?: number; evalFraction?: number } };
    const w = window as unknown as { __droilStore: { getState(): S; subscribe(f: (s: S) => void): () => void } };
    const eta: number[][] = [];
    const t0 = performance.now();
    let trainEnd = NaN, started = false;
    const un = w.__droilStore.subscribe((s) => {
      if (s.run.status === 'training') started = true;
      const last = eta[eta.length - 1];
      if (started && s.run.fraction !== undefined && s.run.etaMs !== undefined && (!last || last[1] !== s.run.fraction || last[2] !== s.run.etaMs)) eta.push([performance.now() - t0, s.run.fraction, s.run.etaMs, s.run.evalFraction ?? 0]);
      if (started && Number.isNaN(trainEnd) && (s.run.status === 'evaluating' || s.run.status === 'done')) trainEnd = performance.now() - t0;
      if (started && (s.run.status === 'done' || s.run.status === 'error')) { un(); resolve({ eta, trainEnd, done: performance.now() - t0 }); }
    });
    (document.querySelector('[data-testid=train]') as HTMLButtonElement).click();
  }));
}

/**
 * The ETA the page showed against the time the run really had left (Train click to 'done'): relative error
 * (ETA - left) / left of every report once the progress fraction reached 0.2, the worst of them; the worst while at
 * least 10 % of the run was still left; and the worst while at least 0.5 s was left, with the worst absolute error
 * after (the page shows the ETA in whole seconds, rounded up: the last half second reads "about 1 s" whatever
 * the ETA, and there 30 % is 20-150 ms, less than one kernel item's spread).
 */
function etaErrors(samples: number[][], doneMs: number) {
  const after = samples.filter(([t, f]) => f >= 0.2 && f < 1 && doneMs - t > 0);
  const err = (xs: number[][]) => xs.map(([t, , eta]) => (eta - (doneMs - t)) / (doneMs - t));
  const worstOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) : NaN);
  const all = err(after), windowed = err(after.filter(([t]) => doneMs - t >= 0.1 * doneMs)), shown = err(after.filter(([t]) => doneMs - t >= 500));
  const endMs = after.filter(([t]) => doneMs - t < 500).map(([t, , eta]) => eta - (doneMs - t));
  const first = after[0];
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`;
  const at = after[all.indexOf(worstOf(all))];
  const log = samples.filter(([t, f]) => f >= 0.2 && t <= doneMs).map(([t, f, eta, ef]) => `${t.toFixed(0)}: ${f.toFixed(3)}, ${(ef ?? 0).toFixed(3)}, ${eta.toFixed(0)}, ${(doneMs - t).toFixed(0)}, ${pct((eta - (doneMs - t)) / (doneMs - t))}`).join('; ');
  return {
    log,
    worst: worstOf(all), window: worstOf(windowed), shown: worstOf(shown), endMs: worstOf(endMs),
    line: `ETA worst error after 20 % ${pct(worstOf(all))} over ${all.length} reports; while >= 10 % of the run is left ${pct(worstOf(windowed))} over ${windowed.length}; `
      + `while >= 0.5 s is left ${pct(worstOf(shown))} over ${shown.length}, in the last 0.5 s at most ${Math.abs(worstOf(endMs)).toFixed(0)} ms off; `
      + `at 20 % (${first ? (first[0] / 1000).toFixed(1) : '?'} s): ETA ${first ? (first[2] / 1000).toFixed(1) : '?'} s, really ${first ? ((doneMs - first[0]) / 1000).toFixed(1) : '?'} s; `
      + `the worst at ${at ? `${(at[0] / 1000).toFixed(1)} s (fraction ${at[1].toFixed(2)}): ETA ${(at[2] / 1000).toFixed(1)} s, really ${((doneMs - at[0]) / 1000).toFixed(1)} s` : '-'}; run ${(doneMs / 1000).toFixed(1)} s`,
  };
}

function load(): string {
  return `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
}

type Store = { getState(): { setup: Record<string, unknown>; run: { status: string; step: number }; reevaluation: { status: string }; result: unknown }; setState(p: unknown): void; subscribe(f: (s: unknown) => void): () => void };

/**
 * One slider interaction, traced: `act` (a key press, a drag) and then every chart's redraw. Redrawn is when the
 * grid's `data-staged="pending"` marker has gone (every chart had its turn, src/ui/charts/Staged.tsx) and the
 * next frame began, from the interaction's start; then 300 ms more of trace, so that nothing due is missed.
 */
async function sliderMove(browser: import('playwright-core').Browser, page: import('playwright-core').Page, act: () => Promise<void>) {
  const lt0 = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt.length);
  await startTrace(browser, page);
  await page.evaluate(() => {
    performance.mark('droil-slider');
    // The charts on screen redrawn: the grid's data-staged-visible marker (src/ui/charts/Staged.tsx) set and gone.
    const w = window as unknown as { __vis: { seen: boolean; at: number } };
    w.__vis = { seen: false, at: NaN };
    const grid = document.querySelector('[data-testid=chart-diagnostics]')?.parentElement;
    const t0 = performance.now();
    if (grid) new MutationObserver((_, obs) => {
      if (grid.dataset.stagedVisible) w.__vis.seen = true;
      else if (w.__vis.seen) { obs.disconnect(); requestAnimationFrame(() => { w.__vis.at = performance.now() - t0; }); }
    }).observe(grid, { attributes: true, attributeFilter: ['data-staged-visible'] });
  });
  await act();
  await page.waitForTimeout(50);
  const redrawMs = await page.evaluate(() => new Promise<number>((resolve) => {
    const t0 = performance.getEntriesByName('droil-slider').at(-1)!.startTime;
    const poll = setInterval(() => {
      if (document.querySelector('[data-staged=pending]')) return;
      clearInterval(poll);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }, 5);
  }));
  await page.waitForTimeout(300);
  const visibleMs = await page.evaluate(() => (window as unknown as { __vis: { at: number } }).__vis.at);
  await page.evaluate(() => performance.mark('droil-slider-end'));
  const tasks = (await stopTrace(browser, 'droil-slider', 'droil-slider-end')).filter((t) => t.startMs >= 0);
  const lt = (await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt)).slice(lt0);
  const busiest = tasks.slice().sort((a, b) => b.cpuMs - a.cpuMs)[0];
  // CPU per chart: the tasks in which its turn began.
  const turns = await chartTurns(page, 'droil-slider');
  const perChart: Record<string, number> = {};
  for (const t of tasks) { const c = turnIn(turns, t); if (c) perChart[c] = (perChart[c] ?? 0) + t.cpuMs; }
  // All main-thread CPU from the move to every chart redrawn: what the redraw cost, the machine's load aside.
  const totalCpu = tasks.filter((t) => t.startMs <= redrawMs).reduce((a, t) => a + t.cpuMs, 0);
  // ... and to the charts on screen redrawn: what the reader waits for.
  const visibleCpu = tasks.filter((t) => t.startMs <= visibleMs).reduce((a, t) => a + t.cpuMs, 0);
  return {
    redrawMs, visibleMs, totalCpu, visibleCpu, perChart, maxCpu: busiest?.cpuMs ?? 0, maxWall: Math.max(0, ...tasks.map((t) => t.wallMs)), what: busiest ? `${busiest.what}${await chartOf(page, 'droil-slider', busiest)}` : '',
    longWall: lt.length, longCpu: tasks.filter((t) => t.cpuMs > 50).length,
  };
}

type Turn = { name: string; at: number };
/** The charts' turns (`chart-turn:` marks, src/ui/charts/Staged.tsx) since `fromMark`, relative to it. */
function chartTurns(page: import('playwright-core').Page, fromMark: string): Promise<Turn[]> {
  return page.evaluate((from) => {
    const t0 = performance.getEntriesByName(from).at(-1)?.startTime ?? 0;
    return performance.getEntriesByType('mark').filter((m) => m.name.startsWith('chart-turn:') && m.startTime >= t0).map((m) => ({ name: m.name.slice(11), at: m.startTime - t0 }));
  }, fromMark);
}

/** The chart whose turn began last before `task` ended, if it began inside the task (or just before it). */
function turnIn(turns: Turn[], task: MainTask): string | undefined {
  const chart = turns.filter((m) => m.at <= task.startMs + task.wallMs).at(-1);
  return chart && chart.at >= task.startMs - 50 ? chart.name : undefined;
}

/** ", drawing <chart>": the chart drawn in `task` (turnIn). */
async function chartOf(page: import('playwright-core').Page, fromMark: string, task: MainTask): Promise<string> {
  const chart = turnIn(await chartTurns(page, fromMark), task);
  return chart ? `, drawing ${chart}` : '';
}

const med = (xs: number[]) => { const v = xs.filter(Number.isFinite).sort((a, b) => a - b); return v.length ? v[Math.floor(v.length / 2)] : NaN; };
const mmm = (xs: number[], unit = ' ms') => `median ${med(xs).toFixed(0)}${unit} (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, runs ${xs.length})`;

/** Issue 17's live loop on a page whose run has finished: slider moves, a re-evaluation, Stop. */
async function live(browser: import('playwright-core').Browser, page: import('playwright-core').Page): Promise<LiveFigures> {
  // Item 3: arrow keys on the radius slider, one trained radius per press, alternating direction. The rollout
  // animation is paused first (its Pause button): it draws in every frame, so a window with it running never
  // goes quiet and the redraw could not be told from it.
  const redraw: number[] = [], visible: number[] = [], visibleCpu: number[] = [], total: number[] = [], cpu: number[] = [], wall: number[] = [], longWall: number[] = [], longCpu: number[] = [];
  let what = '';
  const perChart: Record<string, number[]> = {};
  if (await page.$('[data-testid=canvas-play][aria-pressed=true]')) await page.click('[data-testid=canvas-play]');
  await page.focus('[data-testid=rho]');
  // The charts in view, the slider keeping the focus: the grid's top just under the slider bar's height (from the
  // tenth session the bar is sticky, so the slider and the charts it moves are on screen together; a build without
  // it shows the same charts, its slider scrolled away).
  await parkPointer(page);
  await page.evaluate(scrollToCharts);
  await page.waitForTimeout(300);
  for (let i = 0; i < moves; i++) {
    const r = await sliderMove(browser, page, () => page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft'));
    for (const [c, ms] of Object.entries(r.perChart)) (perChart[c] ??= []).push(ms);
    redraw.push(r.redrawMs); visible.push(r.visibleMs); visibleCpu.push(r.visibleCpu); total.push(r.totalCpu); cpu.push(r.maxCpu); wall.push(r.maxWall); longWall.push(r.longWall); longCpu.push(r.longCpu);
    if (r.maxCpu >= Math.max(...cpu)) what = r.what;
  }
  // From 3f the charts off screen wait until the slider has been still for 300 ms (src/ui/charts/Staged.tsx): "every
  // chart redrawn" then includes that wait; "the charts on screen" is what the reader sees (the target of item 3).
  console.log(`slider (arrow key, ${moves} moves, rollout animation paused): move -> the charts on screen redrawn ${visible.every(Number.isNaN) ? 'n/a (this build does not say)' : mmm(visible)}, every chart redrawn (off screen: after the slider is still, in builds that defer them) ${mmm(redraw)}; main-thread CPU to the charts on screen redrawn ${visibleCpu.every((x) => x === 0) ? 'n/a' : mmm(visibleCpu)}, to every chart redrawn ${mmm(total)}; busiest task CPU ${mmm(cpu)} (${what}); `
    + `longest task wall ${mmm(wall)}; long tasks per move (PerformanceObserver, > 50 ms wall) ${mmm(longWall, '')}; tasks over 50 ms CPU per move ${mmm(longCpu, '')}; ${load()}`);
  console.log(`  slider move, CPU per chart (median over the moves it redrew in): ${Object.entries(perChart).map(([c, xs]) => `${c} ${med(xs).toFixed(1)} ms (${xs.length})`).join(', ')}`);
  // Dragging: the thumb pulled across the slider in 12 steps, 40 ms apart (it snaps to the trained radii).
  await page.evaluate(() => document.querySelector('[data-testid=rho]')?.scrollIntoView({ block: 'center' }));
  const box = await page.$eval('[data-testid=rho]', (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y + r.height / 2, w: r.width }; });
  const drag = await sliderMove(browser, page, async () => {
    await page.mouse.move(box.x + 4, box.y); await page.mouse.down();
    for (let k = 1; k <= 12; k++) { await page.mouse.move(box.x + 4 + (box.w - 8) * (k % 2 ? k / 12 : 1 - k / 12), box.y); await page.waitForTimeout(40); }
    await page.mouse.up();
  });
  console.log(`slider drag (12 steps, 40 ms apart): to every chart redrawn ${drag.redrawMs.toFixed(0)} ms; busiest task CPU ${drag.maxCpu.toFixed(1)} ms (${drag.what}); longest task wall ${drag.maxWall.toFixed(0)} ms; long tasks (wall) ${drag.longWall}, over 50 ms CPU ${drag.longCpu}; ${load()}`);
  if (flag('--slider-only')) return { sliderRedrawMs: redraw, sliderCpuMs: cpu, sliderWallMs: wall, sliderLongTasks: longWall, sliderOver50Cpu: longCpu, dragCpuMs: drag.maxCpu, dragLongTasks: drag.longWall, reevalMs: [], reevalCalls: [], reevalFirstMs: [], reevalLabels: [], stopTrainingMs: NaN, stopEvaluatingMs: NaN, stopDensityMs: NaN };

  // Item 1: evaluation settings changed one after the other -> the re-evaluation's first answer on screen and the
  // re-evaluated charts drawn, and how many evaluations the worker was asked for (one change, one evaluation).
  // Each change re-runs only the items it touches (src/core/experiment/eval-cache.ts): the box size the boxes, the
  // KL radius the kernels, the sweep's range its new points, the episodes everything but the kernels; the last
  // change goes back to the run's own settings (every piece kept).
  const cur = await page.evaluate(() => (window as unknown as { __droilStore: Store }).__droilStore.getState().setup) as Record<string, number>;
  const changes: [string, Record<string, number>][] = [
    [`box size eps ${cur.worstBoxEps} -> ${cur.worstBoxEps * 2}`, { worstBoxEps: cur.worstBoxEps * 2 }],
    [`KL kernel radius ${cur.klKernelRho} -> ${+(cur.klKernelRho + 0.05).toFixed(3)}`, { klKernelRho: +(cur.klKernelRho + 0.05).toFixed(3) }],
    [`sweep range max ${cur.evalFactorMax} -> ${cur.evalFactorMax * 2}`, { evalFactorMax: cur.evalFactorMax * 2 }],
    [`episodes ${cur.evalEpisodes} -> ${cur.evalEpisodes + 1}`, { evalEpisodes: cur.evalEpisodes + 1 }],
    ['back to the run\'s settings', { worstBoxEps: cur.worstBoxEps, klKernelRho: cur.klKernelRho, evalFactorMax: cur.evalFactorMax, evalEpisodes: cur.evalEpisodes }],
  ];
  const reeval: number[] = [], reevalFirst: number[] = [], reevalCalls: number[] = [];
  for (const [label, patch] of changes) {
    const calls0 = await evaluateCalls(page);
    const [ms, first] = await page.evaluate((p) => new Promise<[number, number]>((resolve) => {
      const st = (window as unknown as { __droilStore: Store }).__droilStore;
      const t0 = performance.now();
      let seen = false, first = NaN;
      const result0 = st.getState().result;
      const un = st.subscribe(() => {
        const g = st.getState();
        const l = g.reevaluation.status;
        if (l === 'running' || l === 'waiting') seen = true;
        if (seen && Number.isNaN(first) && g.result !== result0) first = performance.now() - t0; // the first answer in the store
        if (seen && (l === 'done' || l === 'error' || l === 'stopped')) {
          un();
          const poll = setInterval(() => {
            if (document.querySelector('[data-staged=pending]')) return;
            clearInterval(poll);
            requestAnimationFrame(() => resolve([l === 'done' ? performance.now() - t0 : -1, first]));
          }, 16);
        }
      });
      setTimeout(() => { un(); resolve([NaN, NaN]); }, 120_000);
      st.setState((s: { setup: object }) => ({ setup: { ...s.setup, ...p } }));
    }), patch);
    reeval.push(ms); reevalFirst.push(first);
    await page.waitForTimeout(1000); // a second evaluation for the same change would have started by now
    reevalCalls.push((await evaluateCalls(page)) - calls0);
    console.log(`  reeval ${label}: first answer ${first.toFixed(0)} ms, re-evaluated charts drawn ${ms < 0 ? 'error' : Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'no re-evaluation'}; ${load()}`);
  }
  console.log(`reeval: evaluation setting changed -> re-evaluated charts drawn ${reeval.some((x) => !Number.isFinite(x) || x < 0) ? `n/a (${reeval.map((x) => (x < 0 ? 'error' : Number.isFinite(x) ? x.toFixed(0) : 'no re-evaluation')).join(', ')})` : mmm(reeval)}; first answer ${mmm(reevalFirst)}; worker evaluations per change: ${reevalCalls.join(', ')}; ${load()}`);

  // Item 4: Stop during training (0.4 s in: the First look's training takes 1.1-1.4 s quiet since the warm-up, and a
  // Stop 1 s in landed after it, in the evaluation of the first run's kept pieces), during the evaluation, and during MBIL's density fit (the same setup
  // with MBIL added, 0.3 s into the fit), to the run's end ('stopped': the kept policies are evaluated after it).
  const stopMs: Record<string, number> = {};
  // The evaluating case trains another seed: the same setup trains the same policies, whose evaluation pieces the
  // worker keeps (src/core/experiment/eval-cache.ts), so its evaluation would be over before the Stop.
  const { algos: algos0, seed: seed0 } = (await page.evaluate(() => (window as unknown as { __droilStore: Store }).__droilStore.getState().setup)) as { algos: string[]; seed: number };
  const patchSetup = (p: Record<string, unknown>) => page.evaluate((q) => { const st = (window as unknown as { __droilStore: Store }).__droilStore; st.setState({ setup: { ...st.getState().setup, ...q } }); }, p);
  for (const when of ['training', 'evaluating', 'density'] as const) {
    if (when === 'evaluating') await patchSetup({ seed: seed0 + 1 });
    if (when === 'density') await patchSetup({ seed: seed0, algos: [...algos0, 'mbil'] });
    stopMs[when] = await page.evaluate((phase) => new Promise<number>((resolve) => {
      const st = (window as unknown as { __droilStore: Store }).__droilStore;
      let t0 = 0;
      const un = st.subscribe(() => {
        const s = st.getState().run as { status: string; step: number; stage?: string };
        const at = phase === 'density' ? s.status === 'training' && (s.stage ?? '').includes('density') && s.step > 0
          : s.status === phase && (phase === 'evaluating' || s.step > 0);
        if (!t0 && at) {
          t0 = -1;
          setTimeout(() => { t0 = performance.now(); (document.querySelector('[data-testid=stop]') as HTMLButtonElement).click(); }, phase === 'training' ? 400 : 300);
        }
        if (t0 > 0 && (s.status === 'stopped' || s.status === 'done' || s.status === 'error')) { un(); resolve(s.status === 'stopped' ? performance.now() - t0 : -(performance.now() - t0)); }
        if (t0 <= 0 && s.status === 'error') { un(); (window as unknown as { __stopNote: string }).__stopNote = `the run ended in an error before Stop: ${(s as { error?: string }).error}`; resolve(NaN); }
      });
      setTimeout(() => { un(); (window as unknown as { __stopNote: string }).__stopNote = `no answer in 280 s (run ${st.getState().run.status}, re-evaluation ${st.getState().reevaluation.status}, Stop ${t0 > 0 ? 'clicked' : 'not clicked'})`; resolve(NaN); }, 280_000);
      (document.querySelector('[data-testid=train]') as HTMLButtonElement).click();
    }), when);
    if (Number.isNaN(stopMs[when])) console.log(`  stop ${when}: ${await page.evaluate(() => (window as unknown as { __stopNote?: string }).__stopNote)}`);
    await page.waitForFunction(() => !document.querySelector('[data-staged=pending]'), null, { timeout: 120_000 }).catch(() => undefined);
  }
  await patchSetup({ algos: algos0 });
  const fmtStop = (x: number) => (Number.isNaN(x) ? 'n/a' : x < 0 ? `${(-x).toFixed(0)} ms but the run ended 'done' (Stop ignored)` : `${x.toFixed(0)} ms`);
  console.log(`stop: Stop during training -> stopped ${fmtStop(stopMs.training)}; Stop during the evaluation -> stopped ${fmtStop(stopMs.evaluating)}; Stop during MBIL's density fit -> stopped ${fmtStop(stopMs.density)}; ${load()}`);
  return { sliderRedrawMs: redraw, sliderCpuMs: cpu, sliderWallMs: wall, sliderLongTasks: longWall, sliderOver50Cpu: longCpu, dragCpuMs: drag.maxCpu, dragLongTasks: drag.longWall, reevalMs: reeval, reevalFirstMs: reevalFirst, reevalLabels: changes.map(([l]) => l), reevalCalls, stopTrainingMs: stopMs.training, stopEvaluatingMs: stopMs.evaluating, stopDensityMs: stopMs.density };
}

/** How many evaluations the page has asked its worker for (src/ui/worker-client.ts, test builds only). */
function evaluateCalls(page: import('playwright-core').Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __droilClient: { evaluateCalls(): number } }).__droilClient.evaluateCalls());
}

if (!flag('--no-build') && dist === 'dist') execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, VITE_DROIL_TEST_HOOKS: '1' } }); // window.__droilStore
bundleSizes();
await timings();
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(bench, null, 2) + '\n');
