// MuJoCo in the production build's Web Worker, in headless Chromium (issue 11, benchmark): environment steps/s of
// each MuJoCo task in the worker (the expert's closed loop, 1 and 16 environments, src/worker/bench-mujoco.ts, the
// same measurement as bench/mujoco.ts in Node), the time the worker takes to load MuJoCo, and the wall time of the
// default MuJoCo comparison (the setup the page makes when the task is picked: src/core/mujoco/playground-defaults.ts)
// from demonstrations to finished evaluation, split into training and evaluation as the worker measures them.
// The worker is driven over comlink's wire protocol from a blank page of the same origin, served by `vite preview`
// with the production CSP header (so MuJoCo runs under the strict policy, as on the page). Prints figures; never a test.
//   npx tsx bench/mujoco-browser.ts [--no-build] [--out-dir /tmp/droil-bench-mujoco-dist] [--tasks all|ID,ID]
//        [--runs 5] [--seconds 0.5] [--default-tasks Hopper-v5] [--default-runs 5] [--json out.json]
// Measure at high priority beside niced jobs: `nice -n -10 npx tsx bench/mujoco-browser.ts` (record `uptime`).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../test/chromium-flags';
import { defaultSetup, MUJOCO_ENV_IDS, setupForEnv, type SetupEnvId } from '../src/core/setup';
import { planMembers } from '../src/worker/members';
import { summarise, fmtSummary, type Summary } from './lib/stats';

const { values } = parseArgs({ options: {
  'no-build': { type: 'boolean', default: false }, 'out-dir': { type: 'string', default: '/tmp/droil-bench-mujoco-dist' },
  tasks: { type: 'string', default: 'all' }, runs: { type: 'string', default: '5' }, seconds: { type: 'string', default: '0.5' },
  'default-tasks': { type: 'string', default: 'Hopper-v5' }, 'default-runs': { type: 'string', default: '5' }, json: { type: 'string' },
} });
const ids = (list: string): SetupEnvId[] => {
  const out = (list === 'all' ? [...MUJOCO_ENV_IDS] : list.split(',').filter(Boolean)) as SetupEnvId[];
  for (const id of out) if (!(MUJOCO_ENV_IDS as readonly string[]).includes(id)) { console.error(`error: --tasks: '${id}' is not a MuJoCo task (${MUJOCO_ENV_IDS.join(', ')})`); process.exit(2); }
  return out;
};
const TASKS = ids(values.tasks!);
const DEFAULT_TASKS = values['default-tasks'] ? ids(values['default-tasks']) : [];
const RUNS = Math.max(1, Number(values.runs));
const SECONDS = Number(values.seconds);
const DEFAULT_RUNS = Number(values['default-runs']);
const outDir = values['out-dir']!; // a build of its own: the e2e tests rebuild dist/ at any time

function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
}
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--mode', 'production', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
const workerAsset = readdirSync(`${outDir}/assets`).find((f) => /^worker-.*\.js$/.test(f));
if (!workerAsset) throw new Error(`${outDir}/assets has no worker-*.js: run without --no-build`);
const port = await freePort();
const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
const origin = `http://127.0.0.1:${port}`;
for (let i = 0; i < 300; i++) { try { if ((await fetch(origin)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 200)); }
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });

export interface MujocoBrowserResult {
  machine: string;
  chromium: string;
  loadMs: number;
  envs: { envId: string; n: number; stepsPerSec: Summary; load: string }[];
  defaults: { envId: string; members: number; runs: { totalMs: number; trainMs: number; evalMs: number }[]; totalMs: Summary; trainMs: Summary; evalMs: Summary; load: string }[];
  csp: string[];
}
const out: MujocoBrowserResult = { machine: `${cpus().length} cores, ${cpus()[0]?.model}`, chromium: browser.version(), loadMs: NaN, envs: [], defaults: [], csp: [] };
console.log(`machine: ${out.machine}, Chromium ${out.chromium}; load average at start ${load()}`);

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

  for (const id of TASKS) {
    for (const n of [1, 16]) {
      const r = await call<{ loadMs: number; stepsPerSec: number[] }>('benchMujocoEnv', id, n, SECONDS, RUNS);
      if (r.loadMs > 0) { out.loadMs = r.loadMs; console.log(`MuJoCo loaded in the worker in ${r.loadMs.toFixed(0)} ms (WASM fetch, compile, ${MUJOCO_ENV_IDS.length} models) (load ${load()})`); }
      const s = summarise(r.stepsPerSec);
      out.envs.push({ envId: id, n, stepsPerSec: s, load: load() });
      console.log(`env ${id.padEnd(26)} n=${String(n).padEnd(3)} ${fmtSummary(s)} env steps/s (load ${load()})`);
    }
  }
  for (const id of DEFAULT_TASKS) {
    const setup = setupForEnv(defaultSetup, id);
    const runs: { totalMs: number; trainMs: number; evalMs: number }[] = [];
    for (let r = 0; r < DEFAULT_RUNS; r++) {
      const d = await call<{ members: number; backend: string; trainMs: number; evalMs: number; totalMs: number }>('benchDefault', setup);
      runs.push({ totalMs: d.totalMs, trainMs: d.trainMs, evalMs: d.evalMs });
      console.log(`default comparison ${id} run ${r + 1}: ${d.members} policies on ${d.backend}: total ${(d.totalMs / 1000).toFixed(1)} s = training ${(d.trainMs / 1000).toFixed(1)} s + evaluation ${(d.evalMs / 1000).toFixed(1)} s (+ demonstrations) (load ${load()})`);
    }
    if (runs.length) {
      const col = (k: 'totalMs' | 'trainMs' | 'evalMs') => summarise(runs.map((x) => x[k] / 1000));
      out.defaults.push({ envId: id, members: planMembers(setup).length, runs, totalMs: col('totalMs'), trainMs: col('trainMs'), evalMs: col('evalMs'), load: load() });
      console.log(`default comparison ${id}: total ${fmtSummary(col('totalMs'))} s, training ${fmtSummary(col('trainMs'))} s, evaluation ${fmtSummary(col('evalMs'))} s`);
    }
  }
  out.csp = await page.evaluate('window.csp') as string[];
  console.log(`CSP violations in the worker: ${out.csp.length}${out.csp.length ? ' ' + out.csp.join('; ') : ''}`);
} finally {
  await browser.close();
  if (server.pid) try { process.kill(-server.pid); } catch { /* gone */ }
}
if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
