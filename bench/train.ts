// Training throughput of the default configuration (policy 2x64 tanh, nu 2x32 tanh, batch 256, KL with the
// vectorised bisection, Adam; BE-DROIL after its warm start) on every backend that works in Node, for one
// model and for an 8-member ensemble (8 seeds). Prints the median of R runs with min and max, and the machine.
// --ab (wasm): each run also times the step as it was before the eleventh session ('wasm-before': member-gemm.ts's
// SIMD kernels off, i.e. XNNPACK's products and the JavaScript Adam, and every step taped: useUntapedStep(false);
// the same numbers), alternating, so before and after share the sitting's load.
//   npx tsx bench/train.ts [--runs 5] [--steps 20] [--warmup 3] [--backends cpu,wasm] [--ab]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { generateDemos } from '../src/core/experts';
import { useMemberGemm } from '../src/core/algos/member-gemm';
import { useUntapedStep } from '../src/core/algos/untaped-step';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, steps: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' }, backends: { type: 'string', default: 'cpu,wasm' }, ab: { type: 'boolean', default: false } } });
const runs = Number(values.runs), steps = Number(values.steps), warmup = Number(values.warmup);
const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown cpu'} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}, Node ${process.version}, ${os.platform()} ${os.arch()}`);
const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
console.log(`data: CartPole-v1, 10 expert episodes (${data.terminals.length} transitions); ${runs} runs of ${steps} timed steps after ${warmup} untimed`);
console.log('backend  members  steps/s median  [min, max]   ms/step median  steps per CPU second median');
for (const backend of values.backends!.split(',') as BackendName[]) {
  const choice = await initBackend(backend);
  if (choice.backend !== backend) { console.log(`${backend}: not available (${choice.reason})`); continue; }
  const modes = values.ab && backend === 'wasm' ? [true, false] : [true];
  for (const M of [1, 8]) {
    const rates = modes.map((): number[] => []), cpuRates = modes.map((): number[] => []);
    for (let r = 0; r < runs; r++) {
      for (const [k, gemm] of modes.entries()) {
        useMemberGemm(gemm);
        useUntapedStep(gemm);
        const t = createTrainer({ members: Array.from({ length: M }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 1000, warmStartFraction: 0, logEvery: 100000 }, data);
        await t.steps(warmup);
        await (await t.parameters()); // flush the queue before timing
        const t0 = performance.now(), c0 = process.cpuUsage();
        await t.steps(steps);
        await t.parameters(); // includes one read-back, as a logged step would
        rates[k].push(steps / ((performance.now() - t0) / 1000));
        const cpu = process.cpuUsage(c0); // the process's CPU time: robust to other processes' load, unlike wall time
        cpuRates[k].push(steps / ((cpu.user + cpu.system) / 1e6));
        t.dispose();
      }
    }
    useMemberGemm(true);
    useUntapedStep(true);
    modes.forEach((gemm, k) => {
      const rs = [...rates[k]].sort((a, b) => a - b), cs = [...cpuRates[k]].sort((a, b) => a - b);
      const med = rs[Math.floor(rs.length / 2)], cpuMed = cs[Math.floor(cs.length / 2)];
      const label = gemm ? backend : `${backend}-before`;
      console.log(`${label.padEnd(8)} ${String(M).padStart(7)}  ${med.toFixed(2).padStart(14)}  [${rs[0].toFixed(2)}, ${rs[rs.length - 1].toFixed(2)}]  ${(1000 / med).toFixed(1).padStart(10)}  ${cpuMed.toFixed(2).padStart(10)}`);
    });
  }
}
