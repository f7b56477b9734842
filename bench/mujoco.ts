// MuJoCo environment steps per second in Node, per task: the expert's closed loop in a VecEnv of 1 and of 16
// environments (16 different pole (Hopper: torso) masses, so the parameters are rewritten into the shared model each step),
// and raw mj_step calls for reference. Also the time to load the WASM and compile the models.
// Run: npx tsx bench/mujoco.ts [--runs 5] [--seconds 0.5] [--tasks ID,ID] (default: every MuJoCo task)
// Figures are the median over runs with min and max; environments that end are reset (every step counts).
import os from 'node:os';
import { getEnvSpec } from '../src/core/envs';
import { getExpert } from '../src/core/experts';
import { MujocoDynamics } from '../src/core/mujoco/dynamics';
import { loadMujoco } from '../src/core/mujoco/loader';
import { getMujocoDynamics, loadMujocoEnvs } from '../src/core/mujoco/registry';
import { mujocoEnvIds, type MujocoEnvId } from '../src/core/mujoco/tasks';
import { mujocoEnvRate } from './worker/mujoco-rate';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = Math.max(3, arg('runs', 5));
const tasksArg = process.argv.indexOf('--tasks');
const TASKS = tasksArg >= 0 ? (process.argv[tasksArg + 1].split(',') as MujocoEnvId[]) : mujocoEnvIds;
for (const id of TASKS) if (!mujocoEnvIds.includes(id)) throw new Error(`--tasks: '${id}' is not a MuJoCo task (${mujocoEnvIds.join(', ')})`);
const SECONDS = arg('seconds', 0.5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `${Math.round(median(xs)).toLocaleString('en-US').padStart(8)}  (${Math.round(Math.min(...xs)).toLocaleString('en-US')}..${Math.round(Math.max(...xs)).toLocaleString('en-US')})`;

// The closed-loop measurement is shared with the worker's benchmark (bench/mujoco-browser.ts).
const runVec = mujocoEnvRate;

function runRaw(id: MujocoEnvId, seconds: number): number {
  const dyn: MujocoDynamics = getMujocoDynamics(id);
  const spec = dyn.spec;
  return dyn.withSim(Float64Array.from(spec.params.map((p) => p.default)), new Float64Array(spec.stateNames.length), (model, data, mj) => {
    let steps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < seconds * 1000) {
      for (let k = 0; k < 256; k++) {
        mj.mj_step(model, data);
        if (k === 0) mj.mj_resetData(model, data);
      }
      steps += 256;
      t = performance.now();
    }
    return (steps / (t - t0)) * 1000;
  });
}

const t0 = performance.now();
await loadMujoco();
const tLoad = performance.now() - t0;
await loadMujocoEnvs();
for (const id of mujocoEnvIds) getMujocoDynamics(id); // models compile on first use: all of them here
const tCompile = performance.now() - t0 - tLoad;

console.log(`MuJoCo (@mujoco/mujoco 3.14.0, single-threaded WASM) in Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`);
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`load WASM ${tLoad.toFixed(0)} ms, compile ${mujocoEnvIds.length} models ${tCompile.toFixed(0)} ms; median of ${RUNS} runs of ${SECONDS} s (min..max); load average ${load()}\n`);
console.log(`${'task'.padEnd(28)}${'frame skip'.padEnd(12)}${'env steps/s, n=1'.padEnd(30)}${'env steps/s, n=16'.padEnd(30)}raw mj_step/s`);
for (const id of TASKS) {
  const space = getEnvSpec(id).actionSpace;
  getExpert(id).act(new Float64Array(getEnvSpec(id).obsNames.length), 0, new Float64Array(space.kind === 'continuous' ? space.dim : 1), 0); // gains computed once, outside the timing
  const one: number[] = [], many: number[] = [], raw: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    one.push(runVec(id, 1, SECONDS, r));
    many.push(runVec(id, 16, SECONDS, r));
    raw.push(runRaw(id, SECONDS / 2));
  }
  console.log(`${id.padEnd(28)}${String(getMujocoDynamics(id).task.frameSkip).padEnd(12)}${fmt(one).padEnd(30)}${fmt(many).padEnd(30)}${fmt(raw)}`);
}
console.log(`\nload average after: ${load()}`);
