// `droil bench --jobs N` against `--jobs 1` on the same grid: wall time and CPU time of a fresh process
// per run (thread start-up included), alternating 1 and N, with the load average before each run, and a
// check that every run wrote the same results.json. Figures only.
//   npx tsx bench/bench-jobs.ts [--jobs 2] [--runs 3] [-- GRID FLAGS]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describeMachine, machineLine } from './lib/machine';
import { fmtSummary, summarise } from './lib/stats';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const own = sep >= 0 ? argv.slice(0, sep) : argv;
const flag = (name: string, d: string) => (own.includes(`--${name}`) ? own[own.indexOf(`--${name}`) + 1] : d);
const jobs = Number(flag('jobs', String(os.availableParallelism())));
const runs = Number(flag('runs', '3'));
const grid = sep >= 0 ? argv.slice(sep + 1)
  : ['--env', 'CartPole-v1', '--demos', '3', '--algos', 'bc,dro-bc,be-droil', '--rho', '0.2,1', '--seeds', '6', '--steps', '400', '--episodes', '5', '--perturb', 'length=0.5,2', '--backend', 'wasm'];
const tmp = mkdtempSync(join(os.tmpdir(), 'droil-bench-jobs-'));

console.log(machineLine(describeMachine()));
console.log(`grid: droil bench ${grid.join(' ')}`);
const wall: Record<number, number[]> = { 1: [], [jobs]: [] };
const cpu: Record<number, number[]> = { 1: [], [jobs]: [] };
let reference: string | null = null;
for (let r = 0; r < runs; r++) {
  for (const j of [1, jobs]) {
    const out = join(tmp, `r${r}-j${j}`);
    const load = os.loadavg()[0].toFixed(1);
    const t0 = performance.now();
    // /usr/bin/time reports the child's CPU time (all its threads).
    const p = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, 'bin/droil.mjs', 'bench', ...grid, '--jobs', String(j), '--quiet', '--out', out], { encoding: 'utf8' });
    const s = (performance.now() - t0) / 1000;
    if (p.status !== 0) throw new Error(`--jobs ${j} exited ${p.status}: ${p.stderr}`);
    const [u, sy] = p.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    wall[j].push(s); cpu[j].push(u + sy);
    const json = readFileSync(join(out, 'results.json'), 'utf8');
    reference ??= json;
    console.log(`run ${r + 1} --jobs ${j}: wall ${s.toFixed(1)} s, CPU ${(u + sy).toFixed(1)} s, load before ${load}; results.json ${json === reference ? 'identical' : 'DIFFERS'}`);
  }
}
for (const j of [1, jobs]) console.log(`--jobs ${j}: wall s median [min, max] over ${runs} runs ${fmtSummary(summarise(wall[j]))}; CPU s ${fmtSummary(summarise(cpu[j]))}`);
console.log(`speed-up (median wall, --jobs 1 / --jobs ${jobs}): ${(summarise(wall[1]).median / summarise(wall[jobs]).median).toFixed(2)}; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
