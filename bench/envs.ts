// Environment steps per second, per environment, with 1 and with 1024 environments stepped together.
// Run: npx tsx bench/envs.ts [--runs 7] [--seconds 0.3]
// Each run steps a VecEnv with pre-drawn random actions for about `seconds`, resetting environments that end
// (so every step counts n environment steps); the figure is the median over runs, with min and max. The
// single Gymnasium-style Env (which allocates an observation per step) is shown for comparison.
import os from 'node:os';
import { Env, envIds, getEnvSpec } from '../src/core/envs';
import { Rng } from '../src/core/rng';
import { randomActions, vecEnvStepsPerSecond as runVec } from './lib/env-rate';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = Math.max(5, arg('runs', 7));
const SECONDS = arg('seconds', 0.3);

function runSingle(id: string, seconds: number, seed: number): number {
  const rng = new Rng(seed);
  const env = new Env(id);
  env.reset(rng);
  const table = randomActions(id, 4096, rng);
  const dim = table.length / 4096;
  const continuous = getEnvSpec(id).actionSpace.kind === 'continuous';
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    for (let k = 0; k < 256; k++) {
      const j = steps & 4095;
      const r = env.step(continuous ? table.subarray(j * dim, (j + 1) * dim) : table[j]);
      if (r.terminated || r.truncated) env.reset(rng);
      steps++;
    }
    t = performance.now();
  }
  return steps / ((t - t0) / 1000);
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}k`);
const cpus = os.cpus();
console.log(`# Environment steps per second (median of ${RUNS} runs of ~${SECONDS}s, min..max)`);
console.log(`machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, load ${os.loadavg()[0].toFixed(2)}, node ${process.version}`);
console.log('');
console.log('| environment | Env (1, allocating) | VecEnv n=1 | VecEnv n=1024 |');
console.log('|---|---|---|---|');
for (const id of envIds) {
  for (let w = 0; w < 2; w++) { runVec(id, 1024, 0.05, 99); runVec(id, 1, 0.05, 99); runSingle(id, 0.05, 99); } // warm up the JIT
  const cells = [
    stats(Array.from({ length: RUNS }, (_, r) => runSingle(id, SECONDS, r))),
    stats(Array.from({ length: RUNS }, (_, r) => runVec(id, 1, SECONDS, r))),
    stats(Array.from({ length: RUNS }, (_, r) => runVec(id, 1024, SECONDS, r))),
  ].map((s) => `${fmt(s.median)} (${fmt(s.min)}..${fmt(s.max)})`);
  console.log(`| ${id} | ${cells.join(' | ')} |`);
}
