// The worst-case box search on all evaluation episodes against the search on the first half with its 3
// lowest points re-evaluated on all (the default from 10 episodes on, src/core/eval/evaluate.ts): the worst
// return each finds, the observation rows each rolls out, and the time, for trained policy files.
// The box is the page's default (the environment's 4 default parameters, eps = ln 1.5, 16 random points,
// 6 refinement rounds) unless told otherwise. Prints figures; never a test.
//   npx tsx bench/eval-box.ts --episodes 10,20 policy.json [policy.json ...]
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../src/core/algos/policy';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS, boxSearchEpisodes, evaluateWorstBox } from '../src/core/eval';
import type { EnvId } from '../src/core/envs';
import type { Actor } from '../src/core/policy';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { episodes: { type: 'string', default: '10,20' }, seed: { type: 'string', default: String(EVAL_DEFAULTS.seed) } } });

function counting(inner: Actor): { actor: Actor; rows: () => number } {
  let rows = 0;
  return { actor: { ...inner, act: (obs, n) => { rows += n; return inner.act(obs, n); } }, rows: () => rows };
}

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
console.log('| policy | episodes | all episodes: worst (rows, s) | search on half + 3 confirmed: worst (rows, s) | row ratio |');
console.log('|---|---|---|---|---|');
for (const file of positionals) {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { envId: EnvId };
  const policy = loadPolicy(json);
  const envId = json.envId;
  for (const E of values.episodes!.split(',').map(Number)) {
    const ctx = { envId, episodes: E, seed: Number(values.seed) };
    const box = { params: DEFAULT_EVAL_PARAMS[envId], eps: EVAL_DEFAULTS.boxEps };
    const cells: string[] = [];
    const rows: number[] = [];
    for (const searchEpisodes of [E, boxSearchEpisodes(E)]) {
      const c = counting(policy);
      const t = performance.now();
      const r = await evaluateWorstBox(c.actor, ctx, { ...box, searchEpisodes, traceEpisodes: [0] });
      const s = (performance.now() - t) / 1000;
      rows.push(c.rows());
      cells.push(`${r.worst.summary.mean.toFixed(1)} ± ${r.worst.summary.ci95.toFixed(1)} at ${r.worst.factors.map((f) => f.toFixed(2)).join('/')} (${c.rows()}, ${s.toFixed(2)})`);
    }
    console.log(`| ${file.split('/').pop()} | ${E} | ${cells[0]} | ${cells[1]} | ${(rows[1] / rows[0]).toFixed(2)} |`);
  }
}
