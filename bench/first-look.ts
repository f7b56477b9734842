// Where the First look's time goes (issue 17, item 6), in Node on wasm: the CPU time of the ensemble's training
// and of every kind of evaluation item (references, nominal, sweep points, worst box, worst kernel) for the page's
// default setup and for variants of it. CPU time (process.cpuUsage: this thread's work, which the machine's load
// barely changes; Node's tfjs is single-threaded) rather than wall time, so candidate defaults can be compared on
// a shared machine; Chromium's worker costs more per step (docs/performance.md), the ratios carry over.
// Prints figures; never a test.
//   npx tsx bench/first-look.ts [--runs 3] [--variant '{"seeds":2}' --variant '{"seeds":2,"steps":200}' ...] [--kinds nominal,sweep]
// (--kinds: only these evaluation items, e.g. nominal alone to see whether a shorter training still holds the pole)
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { builtinDemosFor } from '../src/core/experiment/demos';
import { evalItems, planEval, runEvalItem, type EvalPiece } from '../src/core/experiment/evaluate';
import { planMembers } from '../src/core/experiment/members';
import { trainEnsemble } from '../src/core/experiment/run';
import { loadPolicy } from '../src/core/algos/policy';
import { defaultSetup, parseSetup, type Setup } from '../src/core/setup';
import { initBackend } from '../src/core/tf';
import { summarise, fmtSummary } from './lib/stats';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, variant: { type: 'string', multiple: true }, kinds: { type: 'string' } } });
const kinds = values.kinds?.split(',');
const variants = (values.variant?.length ? values.variant : ['{}']).map((v) => JSON.parse(v) as Partial<Setup>);
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const backend = await initBackend('wasm');
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}; Node ${process.version}; backend ${backend.backend}; load average ${load()}`);

for (const over of variants) {
  const setup = parseSetup({ ...defaultSetup, ...over });
  const data = builtinDemosFor(setup);
  const members = planMembers(setup);
  const parts: Record<string, number[]> = { training: [], references: [], nominal: [], sweep: [], box: [], kernel: [], total: [] };
  let nominalMeans = '';
  for (let r = 0; r < Number(values.runs); r++) {
    const t0 = cpuMs();
    const trained = await trainEnsemble(setup, data, members.filter((m) => m.algo !== 'mbil'), undefined);
    const t1 = cpuMs();
    parts.training.push(t1 - t0);
    const plan = planEval(setup);
    const actors = new Map(members.map((m) => [m.id, loadPolicy(trained.policies[m.id])]));
    const byKind: Record<string, number> = { references: 0, nominal: 0, sweep: 0, box: 0, kernel: 0 };
    const nominal = new Map<number, Extract<EvalPiece, { kind: 'nominal' }>>();
    for (const item of evalItems(plan, members.map((m) => m.id)).filter((it) => !kinds || kinds.includes(it.kind))) {
      const a = cpuMs();
      const piece = await runEvalItem(plan, item, item.kind === 'references' ? null : actors.get(item.memberId)!, async () => {}, item.kind === 'box' ? nominal.get(item.memberId) : undefined);
      byKind[item.kind] += cpuMs() - a;
      if (piece.kind === 'nominal') nominal.set(piece.memberId, piece);
    }
    for (const [k, v] of Object.entries(byKind)) parts[k].push(v);
    parts.total.push(cpuMs() - t0);
    nominalMeans = members.map((m) => `${m.algo}${m.rho ? `@${m.rho}` : ''}/s${m.seed}: ${nominal.get(m.id)?.stat.mean.toFixed(0) ?? '-'}`).join(', ');
  }
  console.log(`\n${JSON.stringify(over)}: ${members.length} policies, ${setup.steps} steps, batch ${setup.batch}; CPU ms median [min, max] over ${values.runs} runs (load ${load()})`);
  for (const [k, v] of Object.entries(parts)) console.log(`  ${k.padEnd(10)} ${fmtSummary(summarise(v))}`);
  console.log(`  nominal returns (last run): ${nominalMeans}`);
}
