// The one-model training step against PyTorch on the CPU, side by side (issue 17, item 5): alternates
// shared/peers/torch_bedroil_step.py (policy 4-64-64-2, nu 4-32-32-1, batch 256, KL with bisection, Adam) and
// bench/train.ts --backends wasm (the same configuration on tfjs wasm in Node) in one sitting, R rounds, and
// prints each round's steps/s, the ratio tfjs / PyTorch (median, min, max) and the load average. PyTorch runs
// with 1 thread (tfjs's wasm backend here is single-threaded) and with 2 (the machine's cores).
// tfjs is timed like the peer: after 20 untimed steps (JIT and XNNPACK warm), 5 runs of 100 steps.
// Each round also counts steps per second of the process's CPU time on both sides (the peer run with its
// clock, time.perf_counter, replaced by time.process_time; bench/train.ts's CPU column): on this shared
// machine other processes' load moves wall-time rates by 2-3x between runs, CPU-time rates far less.
// Prints figures; never a test. PyTorch is not a project dependency: install it where you like
// (docs/performance.md says how it was done here) and pass its interpreter.
//   npx tsx bench/peer-torch.ts --python /path/to/python3 [--rounds 3] [--peer ../shared/peers/torch_bedroil_step.py]
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { summarise, fmtSummary } from './lib/stats';

const { values } = parseArgs({ options: {
  python: { type: 'string', default: 'python3' }, rounds: { type: 'string', default: '3' }, peer: { type: 'string', default: '../shared/peers/torch_bedroil_step.py' },
} });
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}; load average at start ${load()}`);

interface Torch { torch: string; threads: number; single_steps_per_s: number; ensemble8_sequential_member_steps_per_s: number }
/** Runs the peer; clock 'cpu' makes its rates steps per second of the process's CPU time. */
const CPU_CLOCK = 'import runpy, sys, time; time.perf_counter = time.process_time; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")';
const torch = (threads: number, clock: 'wall' | 'cpu' = 'wall'): Torch => JSON.parse(execFileSync(values.python!, [...(clock === 'cpu' ? ['-c', CPU_CLOCK] : []), values.peer!, String(threads)], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as Torch;
/** bench/train.ts's wasm rows: steps/s of 1 model and of the 8-member ensemble, and the one model's steps per CPU second. */
function tfjs(): { one: number; eight: number; oneCpu: number } {
  const out = execFileSync('npx', ['tsx', 'bench/train.ts', '--backends', 'wasm', '--runs', '5', '--steps', '100', '--warmup', '20'], { encoding: 'utf8' });
  const row = (m: number) => out.match(new RegExp(`^wasm\\s+${m}\\s+([\\d.]+).*\\s([\\d.]+)$`, 'm'));
  return { one: Number(row(1)?.[1]), eight: Number(row(8)?.[1]), oneCpu: Number(row(1)?.[2]) };
}

const ratio1: number[] = [], ratio2: number[] = [], ratio8: number[] = [], ratioCpu: number[] = [];
let version = '';
for (let r = 0; r < Number(values.rounds); r++) {
  const t1 = torch(1);
  const w = tfjs();
  const t1cpu = torch(1, 'cpu');
  const t2 = torch(2);
  version = t1.torch;
  ratio1.push(w.one / t1.single_steps_per_s);
  ratio2.push(w.one / t2.single_steps_per_s);
  ratioCpu.push(w.oneCpu / t1cpu.single_steps_per_s);
  // 8 members: tfjs's batched ensemble against PyTorch's 8 models one after another (member-steps/s).
  ratio8.push((w.eight * 8) / t1.ensemble8_sequential_member_steps_per_s);
  console.log(`round ${r + 1}: PyTorch 1 thread ${t1.single_steps_per_s} steps/s (8 in turn: ${t1.ensemble8_sequential_member_steps_per_s} member-steps/s), `
    + `2 threads ${t2.single_steps_per_s}; tfjs wasm 1 model ${w.one.toFixed(1)} steps/s, 8 members ${(w.eight * 8).toFixed(1)} member-steps/s; `
    + `per CPU second, one model: PyTorch 1 thread ${t1cpu.single_steps_per_s}, tfjs wasm ${w.oneCpu.toFixed(1)}; load ${load()}`);
}
console.log(`PyTorch ${version}. tfjs wasm / PyTorch, one model: ${fmtSummary(summarise(ratio1))} against 1 thread, ${fmtSummary(summarise(ratio2))} against 2 threads; `
  + `8 members batched / 8 PyTorch models in turn (1 thread): ${fmtSummary(summarise(ratio8))}; per CPU second, one model against 1 thread: ${fmtSummary(summarise(ratioCpu))} `
  + `(median [min, max] over ${values.rounds} rounds; load ${load()})`);
