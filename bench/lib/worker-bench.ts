// A production build's Web Worker driven from Node: build into a directory of its own (the e2e tests and
// bench/page.ts rebuild dist/ at any time on a shared machine), serve it with `vite preview` (which sends the
// production CSP header, so the worker runs under the strict policy as on the page), and call the benchmarks'
// worker (bench/worker/bench-worker.ts: the app's methods and the benchmark ones) over comlink's wire protocol
// from a blank page of the same origin, so the page's own UI (and its worker) do not compete for the cores. Used by bench/train-browser.ts and bench/mujoco-browser.ts.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs } from '../../test/chromium-flags';

export interface WorkerBench {
  browser: Browser;
  page: Page;
  /** Calls one of the worker's methods with plain-data arguments; a thrown error rejects. */
  call: <T>(method: string, ...args: unknown[]) => Promise<T>;
  /** The CSP violations the worker forwarded to the page so far (JSON strings). */
  cspViolations: () => Promise<string[]>;
  close: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
}

export async function startWorkerBench(opts: { outDir: string; build: boolean }): Promise<WorkerBench> {
  const { outDir } = opts;
  if (opts.build) {
    execFileSync('npx', ['vite', 'build', '--mode', 'production', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'],
      { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', DROIL_BENCH_WORKER: '1' } }); // with the benchmarks' worker (vite.config.ts)
  }
  // The benchmarks' worker (bench/worker/bench-worker.ts): the app's methods and the benchmark ones.
  const workerAsset = readdirSync(`${outDir}/assets`).find((f) => /^bench-worker-(?!page).*\.js$/.test(f));
  if (!workerAsset) throw new Error(`${outDir}/assets has no bench-worker-*.js (a test build's worker): run without --no-build`);
  const port = await freePort();
  const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) { try { if ((await fetch(origin)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 200)); }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const close = async () => {
    await browser.close();
    if (server.pid) try { process.kill(-server.pid); } catch { /* gone */ }
  };
  try {
    const page = await browser.newPage();
    await page.route(`${origin}/bench.html`, (r) => r.fulfill({ body: '<!doctype html><title>bench</title>', contentType: 'text/html' }));
    await page.goto(`${origin}/bench.html`);
    page.setDefaultTimeout(0);
    // A module Worker from the build and a minimal comlink client (APPLY with RAW arguments, RAW or thrown answers);
    // the worker's forwarded CSP violations are kept. (A string, not a function: tsx's __name helpers do not exist in the page.)
    await page.addScriptTag({ content: `
      const w = new Worker(${JSON.stringify(`${origin}/assets/${workerAsset}`)}, { type: 'module' });
      window.csp = [];
      w.addEventListener('message', function (ev) { if (ev.data && ev.data.type === 'droil-csp-violation') window.csp.push(JSON.stringify(ev.data)); });
      let next = 0;
      window.call = function (method, ...args) {
        return new Promise(function (resolve, reject) {
          const id = 'bench-' + (++next);
          function onMsg(ev) {
            const d = ev.data;
            if (!d || d.id !== id) return;
            w.removeEventListener('message', onMsg);
            if (d.type === 'HANDLER' && d.name === 'throw') reject(new Error(JSON.stringify(d.value)));
            else resolve(d.value);
          }
          w.addEventListener('message', onMsg);
          w.postMessage({ id, type: 'APPLY', path: [method], argumentList: args.map(function (value) { return { type: 'RAW', value }; }) });
        });
      };` });
    const call = <T>(method: string, ...args: unknown[]) => page.evaluate(`window.call(...${JSON.stringify([method, ...args])})`) as Promise<T>;
    return { browser, page, call, cspViolations: () => page.evaluate('window.csp') as Promise<string[]>, close };
  } catch (e) {
    await close();
    throw e;
  }
}
