// The one-model training step against PyTorch on the CPU, side by side (issue 17, item 5): alternates
// shared/peers/torch_bedroil_step.py (policy 4-64-64-2, nu 4-32-32-1, batch 256, KL with bisection, Adam) and
// bench/train.ts --backends wasm (the same configuration on tfjs wasm in Node) in one sitting, R rounds, and
// prints each round's steps/s, the ratio tfjs / PyTorch (median, min, max) and the load average. PyTorch runs
// with 1 thread (tfjs's wasm backend here is single-threaded) and with 2 (the machine's cores).
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
const torch = (threads: number): Torch => JSON.parse(execFileSync(values.python!, [values.peer!, String(threads)], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as Torch;
/** bench/train.ts's wasm rows: steps/s of 1 model and of the 8-member ensemble. */
function tfjs(): { one: number; eight: number } {
  const out = execFileSync('npx', ['tsx', 'bench/train.ts', '--backends', 'wasm', '--runs', '5'], { encoding: 'utf8' });
  const row = (m: number) => Number(out.match(new RegExp(`^wasm\\s+${m}\\s+([\\d.]+)`, 'm'))?.[1]);
  return { one: row(1), eight: row(8) };
}

const ratio1: number[] = [], ratio2: number[] = [], ratio8: number[] = [];
let version = '';
for (let r = 0; r < Number(values.rounds); r++) {
  const t1 = torch(1);
  const w = tfjs();
  const t2 = torch(2);
  version = t1.torch;
  ratio1.push(w.one / t1.single_steps_per_s);
  ratio2.push(w.one / t2.single_steps_per_s);
  // 8 members: tfjs's batched ensemble against PyTorch's 8 models one after another (member-steps/s).
  ratio8.push((w.eight * 8) / t1.ensemble8_sequential_member_steps_per_s);
  console.log(`round ${r + 1}: PyTorch 1 thread ${t1.single_steps_per_s} steps/s (8 in turn: ${t1.ensemble8_sequential_member_steps_per_s} member-steps/s), `
    + `2 threads ${t2.single_steps_per_s}; tfjs wasm 1 model ${w.one.toFixed(1)} steps/s, 8 members ${(w.eight * 8).toFixed(1)} member-steps/s; load ${load()}`);
}
console.log(`PyTorch ${version}. tfjs wasm / PyTorch, one model: ${fmtSummary(summarise(ratio1))} against 1 thread, ${fmtSummary(summarise(ratio2))} against 2 threads; `
  + `8 members batched / 8 PyTorch models in turn (1 thread): ${fmtSummary(summarise(ratio8))} (median [min, max] over ${values.rounds} rounds; load ${load()})`);
