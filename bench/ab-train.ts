// Two versions of the trainer in one process, alternating blocks of steps: the way to compare a change on a
// shared machine, where the load drifts between two separate runs by more than most changes gain.
//   git clone -q . /tmp/base && git -C /tmp/base checkout <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   npx tsx bench/ab-train.ts --base /tmp/base [--members 8] [--rounds 21] [--steps 10] [--backend wasm]
// Both trainers share this checkout's tfjs and its backend setup (src/core/tf.ts, with its kernel replacements),
// so a change to those is not what this compares. Prints median and min ms per step, wall and process CPU.
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../src/core/tf';
import { generateDemos } from '../src/core/experts';
import { createTrainer } from '../src/core/algos/ensemble';

const { values } = parseArgs({ options: {
  base: { type: 'string' }, members: { type: 'string', default: '8' }, rounds: { type: 'string', default: '21' },
  steps: { type: 'string', default: '10' }, backend: { type: 'string', default: 'wasm' },
} });
if (!values.base) throw new Error('--base DIR: a checkout of the version to compare against (see the header)');
const M = Number(values.members), rounds = Number(values.rounds), steps = Number(values.steps);
const choice = await initBackend(values.backend as BackendName);
const base = await import(resolve(values.base, 'src/core/algos/ensemble.ts')) as { createTrainer: typeof createTrainer };
const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
const cfg = { members: Array.from({ length: M }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 1e6, warmStartFraction: 0, logEvery: 1e6 };
const trainers = { base: base.createTrainer(cfg, data), this: createTrainer(cfg, data) };
for (const t of Object.values(trainers)) await t.steps(5);
const wall: Record<string, number[]> = { base: [], this: [] }, cpu: Record<string, number[]> = { base: [], this: [] };
for (let r = 0; r < rounds; r++) {
  for (const [name, t] of Object.entries(trainers)) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    await t.steps(steps);
    await t.parameters();
    const c = process.cpuUsage(c0);
    wall[name].push((performance.now() - t0) / steps);
    cpu[name].push((c.user + c.system) / 1000 / steps);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`backend ${choice.backend}, ${M} member(s), ${rounds} alternating blocks of ${steps} steps; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
for (const name of ['base', 'this']) console.log(`${name.padEnd(5)} wall ${med(wall[name]).toFixed(2)} ms/step (min ${Math.min(...wall[name]).toFixed(2)}), process CPU ${med(cpu[name]).toFixed(2)} ms/step`);
console.log(`this / base (median wall): ${(med(wall.this) / med(wall.base)).toFixed(3)}`);
for (const t of Object.values(trainers)) t.dispose();
