// The worst-case box search on all evaluation episodes against the search on the first half with its 3
// lowest points re-evaluated on all (the default from 10 episodes on, src/core/eval/evaluate.ts): the worst
// return each finds, the observation rows each rolls out, and the time, for trained policy files.
// The box is the page's default (the environment's 4 default parameters, eps = ln 1.5, 16 random points,
// 6 refinement rounds) unless told otherwise. Prints figures; never a test.
//   npx tsx bench/eval-box.ts --episodes 10,20 policy.json [policy.json ...]
// --page-default: the page's live loop instead (issue 17 item 1): trains the page's default run (its 6 policies)
// in Node on wasm, then, per run, the CPU time of the 6 worst-box items as the worker runs them after the box
// size changes to --eps (default: twice the default, as bench/page.ts does), with fresh episode memos and the
// nominal pieces (the box's centre) computed first; prints median [min, max] with the load average.
//   npx tsx bench/eval-box.ts --page-default [--runs 5] [--eps 0.811]
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../src/core/algos/policy';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS, boxSearchEpisodes, evaluateWorstBox } from '../src/core/eval';
import type { EnvId } from '../src/core/envs';
import type { Actor } from '../src/core/policy';
import { rememberEpisodes } from '../src/core/eval/episode-memo';
import { builtinDemosFor } from '../src/core/experiment/demos';
import { planEval, runEvalItem, type EvalPiece } from '../src/core/experiment/evaluate';
import { planMembers } from '../src/core/experiment/members';
import { trainEnsemble } from '../src/core/experiment/run';
import { defaultSetup, parseSetup } from '../src/core/setup';
import { initBackend } from '../src/core/tf';
import { summarise, fmtSummary } from './lib/stats';

const { values, positionals } = parseArgs({ allowPositionals: true, options: {
  episodes: { type: 'string', default: '10,20' }, seed: { type: 'string', default: String(EVAL_DEFAULTS.seed) },
  'page-default': { type: 'boolean', default: false }, runs: { type: 'string', default: '5' }, eps: { type: 'string' },
} });
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

if (values['page-default']) {
  await initBackend('wasm');
  const trainSetup = parseSetup({ ...defaultSetup });
  const members = planMembers(trainSetup);
  const trained = await trainEnsemble(trainSetup, builtinDemosFor(trainSetup), members, undefined);
  const eps = Number(values.eps ?? trainSetup.worstBoxEps * 2);
  const plan = planEval(parseSetup({ ...trainSetup, worstBoxEps: eps }));
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; the page's default run (${members.length} policies, ${plan.ctx.episodes} episodes), box eps ${trainSetup.worstBoxEps} -> ${eps} over ${plan.box!.params.join(', ')} (${plan.box!.randomPoints} random points, ${plan.box!.refineRounds} rounds)`);
  const cpu: number[] = [];
  let answer = '';
  for (let r = 0; r < Number(values.runs); r++) {
    const actors = members.map((m) => rememberEpisodes(loadPolicy(trained.policies[m.id]))); // as the worker holds them
    const nominal = await Promise.all(members.map((m, i) => runEvalItem(plan, { kind: 'nominal', memberId: m.id }, actors[i], async () => {})));
    const t = cpuMs();
    const boxes: EvalPiece[] = [];
    for (const [i, m] of members.entries()) boxes.push(await runEvalItem(plan, { kind: 'box', memberId: m.id }, actors[i], async () => {}, nominal[i] as Extract<EvalPiece, { kind: 'nominal' }>));
    cpu.push(cpuMs() - t);
    answer = boxes.map((b) => (b.kind === 'box' ? `${b.stat.mean.toFixed(1)} at ${Object.values(b.params).map((v) => Number(v.toPrecision(3))).join('/')}` : '')).join('; ');
    console.log(`  run ${r + 1}: the 6 box searches ${cpu[r].toFixed(0)} ms CPU; load average ${load()}`);
  }
  console.log(`box size changed: the 6 box searches ${fmtSummary(summarise(cpu))} ms CPU (${cpu.length} runs); load average ${load()}`);
  console.log(`worst returns (last run): ${answer}`);
  process.exit(0);
}

function counting(inner: Actor): { actor: Actor; rows: () => number } {
  let rows = 0;
  return { actor: { ...inner, act: (obs, n) => { rows += n; return inner.act(obs, n); } }, rows: () => rows };
}

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load average ${load()}, Node ${process.version}`);
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
