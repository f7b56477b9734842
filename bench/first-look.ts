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
import { evalItems, itemCost, planEval, runEvalItem, type EvalPiece } from '../src/core/experiment/evaluate';
import { rememberEpisodes } from '../src/core/eval/episode-memo';
import { PRIOR_MS } from '../src/core/experiment/progress';
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
  /** Each kind's evaluation cost units (itemCost: what the ETA's priors are per). */
  const units: Record<string, number> = {};
  for (let r = 0; r < Number(values.runs); r++) {
    const t0 = cpuMs();
    const trained = await trainEnsemble(setup, data, members.filter((m) => m.algo !== 'mbil'), undefined);
    const t1 = cpuMs();
    parts.training.push(t1 - t0);
    const plan = planEval(setup);
    // Each policy keeps its episodes' memo, as the page's worker does (eval-cache.ts): the sweep's factor-1 point is
    // the nominal's episodes, the box's confirmation rolls out only the episodes its search did not.
    const actors = new Map(members.map((m) => [m.id, rememberEpisodes(loadPolicy(trained.policies[m.id]))]));
    const byKind: Record<string, number> = { references: 0, nominal: 0, sweep: 0, box: 0, kernel: 0 };
    const nominal = new Map<number, Extract<EvalPiece, { kind: 'nominal' }>>();
    for (const item of evalItems(plan, members.map((m) => m.id)).filter((it) => !kinds || kinds.includes(it.kind))) {
      const a = cpuMs();
      const piece = await runEvalItem(plan, item, item.kind === 'references' ? null : actors.get(item.memberId)!, async () => {}, item.kind === 'box' ? nominal.get(item.memberId) : undefined);
      byKind[item.kind] += cpuMs() - a;
      units[item.kind] = (units[item.kind] ?? 0) + (r === 0 ? itemCost(plan, item) : 0);
      if (piece.kind === 'nominal') nominal.set(piece.memberId, piece);
    }
    for (const [k, v] of Object.entries(byKind)) parts[k].push(v);
    parts.total.push(cpuMs() - t0);
    nominalMeans = members.map((m) => `${m.algo}${m.rho ? `@${m.rho}` : ''}/s${m.seed}: ${nominal.get(m.id)?.stat.mean.toFixed(0) ?? '-'}`).join(', ');
  }
  console.log(`\n${JSON.stringify(over)}: ${members.length} policies, ${setup.steps} steps, batch ${setup.batch}; CPU ms median [min, max] over ${values.runs} runs (load ${load()})`);
  for (const [k, v] of Object.entries(parts)) console.log(`  ${k.padEnd(10)} ${fmtSummary(summarise(v))}`);
  console.log(`  nominal returns (last run): ${nominalMeans}`);
  // Per unit of each part, against the training's step, on the scale of the ETA's prior per step (progress.ts): what
  // the evaluation's priors would be if the page's worker kept Node's ratios.
  const med = (k: string) => summarise(parts[k]).median;
  const stepMs = med('training') / setup.steps, prior = PRIOR_MS.ensembleStep(members.length, setup.batch);
  const perUnit = (ks: string[]) => ks.reduce((a, k) => a + med(k), 0) / ks.reduce((a, k) => a + (units[k] ?? 0), 0);
  console.log(`  training ${stepMs.toFixed(2)} CPU ms/step (prior ${prior.toFixed(2)}); per cost unit: first part (references, nominal, sweep) ${perUnit(['references', 'nominal', 'sweep']).toFixed(3)} ms, `
    + `boxes ${perUnit(['box']).toFixed(3)} ms, kernels ${perUnit(['kernel']).toFixed(3)} ms; on the prior's scale ${(perUnit(['references', 'nominal', 'sweep']) * prior / stepMs).toFixed(3)} / ${(perUnit(['box']) * prior / stepMs).toFixed(3)} / ${(perUnit(['kernel']) * prior / stepMs).toFixed(3)}`);
}
