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
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultSetup, MUJOCO_ENV_IDS, setupForEnv, type SetupEnvId } from '../src/core/setup';
import { planMembers } from '../src/core/experiment/members';
import { summarise, fmtSummary, type Summary } from './lib/stats';
import { startWorkerBench } from './lib/worker-bench';

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

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const wb = await startWorkerBench({ outDir, build: !values['no-build'] });
const { browser, call } = wb;

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
  for (const id of TASKS) {
    for (const n of [1, 16]) {
      const r = await call<{ loadMs: number; stepsPerSec: number[] }>('benchMujocoEnv', id, n, SECONDS, RUNS);
      if (r.loadMs > 0) { out.loadMs = r.loadMs; console.log(`MuJoCo loaded in the worker in ${r.loadMs.toFixed(0)} ms (WASM fetch and compile; each model compiles on first use) (load ${load()})`); }
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
  out.csp = await wb.cspViolations();
  console.log(`CSP violations in the worker: ${out.csp.length}${out.csp.length ? ' ' + out.csp.join('; ') : ''}`);
} finally {
  await wb.close();
}
if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
