// `droil --help`, `droil --version` and `droil envs`: wall time of a fresh `node bin/droil.mjs` process
// (tsx compiles on the fly; help and version load no command module and no tfjs).
//   npx tsx bench/cli-startup.ts [--runs 7]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { describeMachine, machineLine } from './lib/machine';
import { fmtSummary, summarise } from './lib/stats';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const cases: [string, string[]][] = [['droil --help', ['--help']], ['droil --version', ['--version']], ['droil envs', ['envs']]];

console.log(machineLine(describeMachine()));
for (const [label, args] of cases) {
  spawnSync(process.execPath, ['bin/droil.mjs', ...args]); // warm the file cache
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bin/droil.mjs', ...args], { encoding: 'utf8' });
    ms.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
  }
  console.log(`${label.padEnd(16)} ms median [min, max] over ${runs} runs: ${fmtSummary(summarise(ms))}`);
}
