// The benchmark harness (issue 9, item 1): `npm run bench [-- --quick] [-- --only envs,train,eval,browser,page,mujoco] [-- --runs N] [-- --no-build]`.
// Runs in Node: environment steps/s (1 and 1024 environments), training steps/s of the default BE-DROIL
// configuration on cpu and wasm for 1 model and an 8-member ensemble, the default evaluation's wall time;
// in headless Chromium, the same training figures in the production build's worker per backend (wasm, webgl,
// webgpu on SwiftShader; bench/train-browser.ts), and (bench/page.ts on the production build, read from its --json):
// bundle sizes, Train to first chart point, Train to every chart drawn (the First look), long tasks, and the live
// loop after the run (slider move to redrawn, evaluation change to re-evaluated, Stop to stopped); MuJoCo (issue 11): env steps/s per task in
// Node and in the production worker (bench/mujoco-browser.ts) and the default Hopper-v5 comparison in the worker. Each figure is the median of the runs
// with min and max. Writes bench/results.json and prints one table.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { envIds } from '../src/core/envs';
import type { EnvId } from '../src/core/envs';
import { initBackend, type BackendName } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { generateDemos, expertActor } from '../src/core/experts';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS, defaultFactors, evaluateSweeps } from '../src/core/eval';
import { describeMachine, machineLine } from './lib/machine';
import { vecEnvStepsPerSecond } from './lib/env-rate';
import { summarise, fmt, fmtSummary, type Summary } from './lib/stats';

const { values } = parseArgs({ options: {
  quick: { type: 'boolean', default: false }, only: { type: 'string' }, runs: { type: 'string' },
  'no-build': { type: 'boolean', default: false }, out: { type: 'string', default: 'bench/results.json' },
} });
const QUICK = values.quick!;
const RUNS = Number(values.runs ?? (QUICK ? 3 : 5));
const PAGE_RUNS = Number(values.runs ?? (QUICK ? 1 : 5)); // one page run is a whole default comparison
const ONLY = new Set((values.only ?? 'envs,train,eval,browser,page,mujoco').split(','));
for (const o of ONLY) if (!['envs', 'train', 'eval', 'browser', 'page', 'mujoco'].includes(o)) { console.error(`error: --only: unknown benchmark "${o}" (expected envs, train, eval, browser, page, mujoco)`); process.exit(1); }

interface Row { bench: string; figure: string; unit: string; where: string; backend?: string; summary: Summary; note?: string }
const rows: Row[] = [];
const add = (r: Row) => { rows.push(r); console.error(`  ${r.bench} ${r.figure} ${r.where}${r.backend ? '/' + r.backend : ''}: ${fmtSummary(r.summary)} ${r.unit}`); };
const machine = describeMachine();
console.error(`machine: ${machineLine(machine)}; ${QUICK ? 'quick mode, ' : ''}${RUNS} runs per Node figure, ${PAGE_RUNS} per page figure`);

// ---- environments: VecEnv steps/s with pre-drawn random actions, resetting finished environments ----
const envRate = vecEnvStepsPerSecond;

if (ONLY.has('envs')) {
  const seconds = QUICK ? 0.1 : 0.3;
  for (const id of envIds) for (const n of [1, 1024]) {
    envRate(id, n, 0.05, 99); // warm up the JIT
    add({ bench: 'envs', figure: `${id} n=${n}`, unit: 'env steps/s', where: 'node', summary: summarise(Array.from({ length: RUNS }, (_, r) => envRate(id, n, seconds, r))) });
  }
}

// ---- training: default configuration, steps/s per backend, 1 model and 8 members ----
if (ONLY.has('train')) {
  const steps = QUICK ? 5 : 20;
  const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
  for (const backend of ['cpu', 'wasm'] as BackendName[]) {
    const choice = await initBackend(backend);
    if (choice.backend !== backend) { console.error(`  train: ${backend} not available (${choice.reason})`); continue; }
    for (const M of [1, 8]) {
      const rates: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t = createTrainer({ members: Array.from({ length: M }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 1000, warmStartFraction: 0, logEvery: 100000 }, data);
        await t.steps(3); // untimed: kernel compilation, first allocations
        await t.parameters();
        const t0 = performance.now();
        await t.steps(steps);
        await t.parameters(); // one read-back, as a logged step would
        rates.push(steps / ((performance.now() - t0) / 1000));
        t.dispose();
      }
      const s = summarise(rates);
      add({ bench: 'train', figure: `BE-DROIL default, ${M} member${M > 1 ? 's' : ''}`, unit: 'steps/s', where: 'node', backend, summary: s });
      if (M > 1) add({ bench: 'train', figure: `BE-DROIL default, ${M} members (member-steps)`, unit: 'member-steps/s', where: 'node', backend, summary: summarise(rates.map((x) => x * M)) });
    }
  }
}

// ---- evaluation: the default sweeps (4 parameters x 9 factors x 20 episodes) with the expert's policy ----
if (ONLY.has('eval')) {
  for (const envId of (QUICK ? ['CartPole-v1'] : envIds) as EnvId[]) {
    const actor = expertActor(envId);
    const ctx = { envId, episodes: EVAL_DEFAULTS.episodes, seed: EVAL_DEFAULTS.seed };
    const sweeps = DEFAULT_EVAL_PARAMS[envId].map((param) => ({ param, factors: defaultFactors() }));
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) { const t0 = performance.now(); evaluateSweeps(actor, ctx, sweeps); times.push((performance.now() - t0) / 1000); }
    add({ bench: 'eval', figure: `default evaluation ${envId} (expert policy)`, unit: 's', where: 'node', summary: summarise(times) });
  }
}

// ---- training in the production build's worker, per browser backend: bench/train-browser.ts, its JSON read ----
if (ONLY.has('browser')) {
  const json = '/tmp/droil-bench-train-browser.json';
  const steps = QUICK ? 5 : 10;
  try {
    execFileSync('npx', ['tsx', 'bench/train-browser.ts', '--backends', 'wasm,webgl,webgpu', '--members', '1,8', '--steps', String(steps), '--blocks', String(RUNS), '--json', json], { stdio: ['ignore', 'inherit', 'inherit'] });
    const res = JSON.parse(readFileSync(json, 'utf8')) as { train: { backend: string; members: number; stepsPerSec: Summary; memberStepsPerSec: Summary }[] };
    const where = `chromium (${machine.chromium?.match(/[\d.]+/)?.[0] ?? '?'}), worker`;
    for (const r of res.train) {
      add({ bench: 'train', figure: `BE-DROIL default, ${r.members} member${r.members > 1 ? 's' : ''}`, unit: 'steps/s', where, backend: r.backend, summary: r.stepsPerSec });
      if (r.members > 1) add({ bench: 'train', figure: `BE-DROIL default, ${r.members} members (member-steps)`, unit: 'member-steps/s', where, backend: r.backend, summary: r.memberStepsPerSec });
    }
  } catch (e) {
    console.error(`  browser: bench/train-browser.ts failed (${(e as Error).message.split('\n')[0]})`);
  }
}

// ---- the page in headless Chromium: bench/page.ts on the production build, its JSON read ----
let pageLog = '';
if (ONLY.has('page')) {
  const json = '/tmp/droil-bench-page.json';
  rmSync(json, { force: true }); // never an earlier run's figures
  const args = ['tsx', 'bench/page.ts', '--runs', String(PAGE_RUNS), '--json', json, ...(values['no-build'] ? ['--no-build'] : [])];
  try {
    pageLog = execFileSync('npx', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  } catch (e) {
    pageLog = String((e as { stdout?: string }).stdout ?? '');
    console.error(`  page: bench/page.ts failed (${(e as Error).message.split('\n')[0]})`);
  }
  let res: import('./page').PageBench | null = null;
  try { res = JSON.parse(readFileSync(json, 'utf8')) as import('./page').PageBench; } catch { console.error(`  page: no figures from bench/page.ts (${json} unreadable)`); }
  if (res) addPageRows(res);
}

/** bench/page.ts's figures as rows (JSON writes NaN as null: those samples are left out). */
function addPageRows(res: import('./page').PageBench): void {
  const num = (xs: (number | null | undefined)[]) => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  const put = (figure: string, unit: string, where: string, xs: (number | null | undefined)[], backend?: string, note?: string) => {
    const v = num(xs);
    if (v.length) add({ bench: 'page', figure, unit, where, backend, summary: summarise(v), note });
  };
  put('initial JS+CSS (gzip)', 'KB', 'dist', [res.initialKbGzip]);
  put('initial JS+CSS (raw)', 'KB', 'dist', [res.initialKbRaw]);
  put('lazy chunks total (gzip)', 'KB', 'dist', [res.lazyKbGzip]);
  if (!res.runs.length) return;
  const where = `chromium (${machine.chromium?.match(/[\d.]+/)?.[0] ?? '?'}), page`;
  const backend = res.runs[0].backend;
  const col = (f: (r: import('./page').PageRun) => number | null | undefined) => res.runs.map(f);
  const errors = res.runs.filter((r) => !r.ok).length;
  put('page load to dataset summary', 'ms', where, col((r) => r.summaryMs), backend);
  put('Train -> first chart point', 'ms', where, col((r) => r.firstPointMs), backend);
  put('Train -> training done', 'ms', where, col((r) => r.trainEndMs), backend);
  put(`Train -> every chart drawn (First look, ${res.runs[0].policies} policies)`, 'ms', where, col((r) => r.drawnMs), backend, errors ? `${errors} run(s) ended in error` : undefined);
  put('long tasks while training (count)', 'tasks', where, col((r) => r.longTasksTraining), backend);
  put('ETA worst error after 20 % (every report)', '%', where, col((r) => (r.etaWorstError ?? NaN) * 100), backend);
  put('ETA worst error after 20 % (while >= 10 % of the run is left)', '%', where, col((r) => (r.etaWorstErrorWindow ?? NaN) * 100), backend);
  put('ETA worst error after 20 % (while >= 0.5 s is left)', '%', where, col((r) => (r.etaWorstErrorShown ?? NaN) * 100), backend);
  put('ETA worst error in the last 0.5 s', 'ms', where, col((r) => Math.abs(r.etaWorstEndMs ?? NaN)), backend);
  put('Train -> drawn: longest main-thread task (wall)', 'ms', where, col((r) => r.busiestWallMs), backend);
  put('Train -> drawn: busiest main-thread task (CPU)', 'ms', where, col((r) => r.busiestCpuMs), backend);
  const live = res.runs.flatMap((r) => (r.live ? [r.live] : []));
  if (!live.length) return;
  put('slider move -> charts redrawn', 'ms', where, live.flatMap((l) => l.sliderRedrawMs), backend);
  put('slider move: longest main-thread task (wall)', 'ms', where, live.flatMap((l) => l.sliderWallMs), backend);
  put('evaluation setting -> re-evaluated charts drawn', 'ms', where, live.flatMap((l) => l.reevalMs.filter((x) => x !== -1)), backend);
  put('evaluation setting -> first re-evaluated answer', 'ms', where, live.flatMap((l) => l.reevalFirstMs ?? []), backend);
  put('worker evaluations per evaluation change', 'calls', where, live.flatMap((l) => l.reevalCalls), backend);
  const ignored = (xs: number[]) => { const n = xs.filter((x) => typeof x === 'number' && x < 0).length; return n ? `Stop ignored in ${n} run(s)` : undefined; };
  put('Stop during training -> stopped', 'ms', where, live.map((l) => (l.stopTrainingMs > 0 ? l.stopTrainingMs : NaN)), backend, ignored(live.map((l) => l.stopTrainingMs)));
  put('Stop during the evaluation -> stopped', 'ms', where, live.map((l) => (l.stopEvaluatingMs > 0 ? l.stopEvaluatingMs : NaN)), backend, ignored(live.map((l) => l.stopEvaluatingMs)));
  put('Stop during MBIL\'s density fit -> stopped', 'ms', where, live.map((l) => (l.stopDensityMs > 0 ? l.stopDensityMs : NaN)), backend, ignored(live.map((l) => l.stopDensityMs)));
}

// ---- MuJoCo: env steps/s per task in Node and in the production worker; the default comparison in the worker ----
if (ONLY.has('mujoco')) {
  const { loadMujocoEnvs } = await import('../src/core/mujoco/registry');
  const { mujocoEnvIds } = await import('../src/core/mujoco/tasks');
  const { mujocoEnvRate } = await import('./worker/mujoco-rate');
  await loadMujocoEnvs();
  const seconds = QUICK ? 0.1 : 0.5;
  for (const id of mujocoEnvIds) for (const n of [1, 16]) {
    mujocoEnvRate(id, n, 0.05, 99); // warm up the JIT
    add({ bench: 'mujoco', figure: `${id} n=${n}`, unit: 'env steps/s', where: 'node', summary: summarise(Array.from({ length: RUNS }, (_, r) => mujocoEnvRate(id, n, seconds, r))) });
  }
  const json = '/tmp/droil-bench-mujoco-browser.json';
  try {
    execFileSync('npx', ['tsx', 'bench/mujoco-browser.ts', '--runs', String(RUNS), '--seconds', String(seconds), '--default-tasks', QUICK ? 'InvertedPendulum-v5' : 'Hopper-v5',
      '--default-runs', String(PAGE_RUNS), '--json', json, ...(values['no-build'] ? ['--no-build'] : [])], { stdio: ['ignore', 'inherit', 'inherit'] });
    const res = JSON.parse(readFileSync(json, 'utf8')) as import('./mujoco-browser').MujocoBrowserResult;
    const where = `chromium (${res.chromium.match(/[\d.]+/)?.[0] ?? '?'}), worker`;
    for (const r of res.envs) add({ bench: 'mujoco', figure: `${r.envId} n=${r.n}`, unit: 'env steps/s', where, summary: r.stepsPerSec });
    for (const d of res.defaults) {
      add({ bench: 'mujoco', figure: `default ${d.envId} comparison (${d.members} policies), total`, unit: 's', where, backend: 'wasm', summary: d.totalMs });
      add({ bench: 'mujoco', figure: `default ${d.envId} comparison, training`, unit: 's', where, backend: 'wasm', summary: d.trainMs });
      add({ bench: 'mujoco', figure: `default ${d.envId} comparison, evaluation`, unit: 's', where, backend: 'wasm', summary: d.evalMs });
    }
  } catch (e) {
    console.error(`  mujoco: bench/mujoco-browser.ts failed (${(e as Error).message.split('\n')[0]})`);
  }
}

writeFileSync(values.out!, JSON.stringify({ machine, quick: QUICK, runs: RUNS, pageRuns: PAGE_RUNS, rows, pageLog }, null, 2) + '\n');

// ---- one readable table ----
const header = ['benchmark', 'figure', 'where', 'backend', 'median', 'min', 'max', 'unit', 'runs'];
const table = rows.map((r) => [r.bench, r.figure + (r.note ? ` (${r.note})` : ''), r.where, r.backend ?? '', ...[r.summary.median, r.summary.min, r.summary.max].map(fmt), r.unit, String(r.summary.runs)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nmachine: ${machineLine(machine)}${QUICK ? ' (quick mode)' : ''}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
console.log(`\nwritten: ${values.out}`);
