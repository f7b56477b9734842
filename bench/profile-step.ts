// Profile of one training step of the default configuration (issue 9, item 2): kernels per step by name,
// kernel time vs wall time, tensors and bytes allocated, and read-backs inside the step. Prints figures.
//   npx tsx bench/profile-step.ts [--backend wasm] [--members 1] [--steps 20]
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { tf, initBackend, type BackendName } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { generateDemos } from '../src/core/experts';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, members: { type: 'string', default: '1' }, steps: { type: 'string', default: '20' } } });
const backend = values.backend as BackendName, M = Number(values.members), steps = Number(values.steps);
const choice = await initBackend(backend);
if (choice.backend !== backend) throw new Error(`${backend} not available: ${choice.reason}`);
const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
const t = createTrainer({ members: Array.from({ length: M }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 100000, warmStartFraction: 0, logEvery: 100000 }, data);
await t.steps(3);
await t.parameters();

// Count read-backs: wrap the backend's readSync / read.
const be = tf.backend() as unknown as { readSync(id: unknown): unknown; read(id: unknown): Promise<unknown> };
let reads = 0;
const rs = be.readSync.bind(be), rd = be.read.bind(be);
const readSites = new Map<string, number>();
be.readSync = (id) => {
  reads++;
  if (process.env.PROFILE_DETAIL) {
    const site = (new Error().stack ?? '').split('\n').slice(2, 6).map((l) => l.trim().replace(/\(.*node_modules\//, '(')).join(' < ');
    readSites.set(site, (readSites.get(site) ?? 0) + 1);
  }
  return rs(id);
};
be.read = (id) => { reads++; return rd(id); };

const prof = await tf.profile(async () => { await t.steps(1); });
const readsInStep = reads;
const byName = new Map<string, { n: number; ms: number }>();
let kernelMs = 0;
for (const k of prof.kernels) {
  const e = byName.get(k.name) ?? { n: 0, ms: 0 };
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.n++; e.ms += ms; kernelMs += ms;
  byName.set(k.name, e);
}
reads = 0;
// Five blocks of timed steps; the minimum over blocks is the least disturbed by other processes.
const walls: number[] = [], cpus: number[] = [];
for (let block = 0; block < 5; block++) {
  const t0 = performance.now(), c0 = process.cpuUsage();
  await t.steps(steps);
  walls.push((performance.now() - t0) / steps);
  const cpu = process.cpuUsage(c0);
  cpus.push((cpu.user + cpu.system) / 1000 / steps);
}
const wall = Math.min(...walls), cpuMs = Math.min(...cpus);
console.log(`backend ${backend}, ${M} member(s), load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`kernels per step: ${prof.kernels.length}; kernel time ${kernelMs.toFixed(2)} ms (profiled step); wall ${wall.toFixed(2)} ms/step, process CPU ${cpuMs.toFixed(2)} ms/step (best of 5 blocks of ${steps} unprofiled steps)`);
console.log(`new tensors per step: ${prof.newTensors}, new bytes: ${prof.newBytes}, peak bytes: ${prof.peakBytes}; read-backs in the profiled step: ${readsInStep}, per unlogged step: ${(reads / (5 * steps)).toFixed(1)}`);
console.log('kernel                 count   total ms');
for (const [name, e] of [...byName].sort((a, b) => b[1].n - a[1].n)) console.log(`${name.padEnd(22)} ${String(e.n).padStart(5)}   ${e.ms.toFixed(3)}`);
t.dispose();
if (process.env.PROFILE_DETAIL) {
  for (const [site, n] of [...readSites].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`read-back x${n}: ${site}`);
  const top = [...prof.kernels].sort((a, b) => (b.kernelTimeMs as number) - (a.kernelTimeMs as number)).slice(0, 40);
  for (const k of top) console.log(`${k.name.padEnd(16)} ${(k.kernelTimeMs as number).toFixed(3)} ms  in ${JSON.stringify(k.inputShapes)} out ${JSON.stringify(k.outputShapes)}`);
}
