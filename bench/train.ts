// Training throughput of the default configuration (policy 2x64 tanh, nu 2x32 tanh, batch 256, KL with the
// vectorised bisection, Adam; BE-DROIL after its warm start) on every backend that works in Node, for one
// model and for an 8-member ensemble (8 seeds). Prints the median of R runs with min and max, and the machine.
//   npx tsx bench/train.ts [--runs 5] [--steps 20] [--warmup 3] [--backends cpu,wasm]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { generateDemos } from '../src/core/experts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, steps: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' }, backends: { type: 'string', default: 'cpu,wasm' } } });
const runs = Number(values.runs), steps = Number(values.steps), warmup = Number(values.warmup);
const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown cpu'} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}, Node ${process.version}, ${os.platform()} ${os.arch()}`);
const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
console.log(`data: CartPole-v1, 10 expert episodes (${data.terminals.length} transitions); ${runs} runs of ${steps} timed steps after ${warmup} untimed`);
console.log('backend  members  steps/s median  [min, max]   ms/step median  steps per CPU second median');
for (const backend of values.backends!.split(',') as BackendName[]) {
  const choice = await initBackend(backend);
  if (choice.backend !== backend) { console.log(`${backend}: not available (${choice.reason})`); continue; }
  for (const M of [1, 8]) {
    const rates: number[] = [], cpuRates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = createTrainer({ members: Array.from({ length: M }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 1000, warmStartFraction: 0, logEvery: 100000 }, data);
      await t.steps(warmup);
      await (await t.parameters()); // flush the queue before timing
      const t0 = performance.now(), c0 = process.cpuUsage();
      await t.steps(steps);
      await t.parameters(); // includes one read-back, as a logged step would
      rates.push(steps / ((performance.now() - t0) / 1000));
      const cpu = process.cpuUsage(c0); // the process's CPU time: robust to other processes' load, unlike wall time
      cpuRates.push(steps / ((cpu.user + cpu.system) / 1e6));
      t.dispose();
    }
    rates.sort((a, b) => a - b);
    cpuRates.sort((a, b) => a - b);
    const med = rates[Math.floor(rates.length / 2)], cpuMed = cpuRates[Math.floor(cpuRates.length / 2)];
    console.log(`${backend.padEnd(8)} ${String(M).padStart(7)}  ${med.toFixed(2).padStart(14)}  [${rates[0].toFixed(2)}, ${rates[rates.length - 1].toFixed(2)}]  ${(1000 / med).toFixed(1).padStart(10)}  ${cpuMed.toFixed(2).padStart(10)}`);
  }
}
