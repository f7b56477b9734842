// The evaluation of a run, as the page shows it: for every trained member the nominal return, the sweep
// of one parameter, the worst case in the parameter box and the worst-case kernel, traces for the
// animation; then paired differences to BC per seed. Every number comes from src/core/eval; this file
// only decides what to ask for. All members face the same initial states (common random numbers).
import { getEnvSpec, resolveParams } from '../core/envs';
import type { EnvId, Params } from '../core/envs/types';
import type { Actor } from '../core/policy';
import { Rng } from '../core/rng';
import { sweepFactors, type Setup } from '../core/setup';
import { conditionReturns, initialStates, rollout, type Trace as CoreTrace } from '../core/eval/rollout';
import { worstCaseBox } from '../core/eval/worst-box';
import { pairedDifference, summarize, sweepArea, type Summary } from '../core/eval/stats';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS } from '../core/eval/defaults';
import { expertActor } from '../core/experts';
import { randomActor } from '../core/eval/random-actor';
import { worstKernelAdapter } from './kernel-adapter';
import type { MemberEval, MemberInfo, PairedGain, Trace } from './protocol';

export interface EvalPlan {
  envId: EnvId;
  nominal: Params;
  evalParam: string;
  factors: number[];
  boxParams: string[];
  init: Float64Array;
}

export function planEval(setup: Setup): EvalPlan {
  const spec = getEnvSpec(setup.envId);
  const nominal = resolveParams(spec, setup.params, 'setup.params');
  const evalParam = setup.evalParam && nominal[setup.evalParam] !== undefined ? setup.evalParam : DEFAULT_EVAL_PARAMS[spec.id][0];
  return {
    envId: spec.id,
    nominal,
    evalParam,
    factors: sweepFactors(setup),
    boxParams: DEFAULT_EVAL_PARAMS[spec.id],
    // Initial states depend on the seed only: the same for every member of every run with this setup.
    init: initialStates(spec.id, setup.evalEpisodes, EVAL_DEFAULTS.seed),
  };
}

function toTrace(envId: string, t: CoreTrace, nominal: Params): Trace {
  const spec = getEnvSpec(envId);
  const sd = spec.stateNames.length;
  let ret = 0;
  for (const r of t.rewards) ret += r;
  return {
    envId, params: { ...nominal, ...t.params }, stateDim: sd, states: t.states,
    actionDim: t.actions.length / Math.max(1, t.length), actions: t.actions, rewards: t.rewards, steps: t.length, return: ret,
  };
}

/** Nominal, sweep, worst box (with a trace at the worst parameters), worst kernel for one policy. */
export async function evaluateMember(plan: EvalPlan, setup: Setup, actor: Actor, memberId: number, yieldNow: () => Promise<void>): Promise<Omit<MemberEval, 'weights'>> {
  const { envId, nominal, evalParam, factors, init } = plan;
  const conditions: Params[] = [nominal, ...factors.map((f) => ({ ...nominal, [evalParam]: nominal[evalParam] * f }))];
  const main = rollout({ envId, actor, conditions, initialStates: init, traces: [{ condition: 0, episode: 0 }] });
  const nominalReturns = Array.from(conditionReturns(main, 0));
  const sweep = factors.map((factor, i) => ({ factor, stat: summarize(conditionReturns(main, i + 1)) }));
  await yieldNow();

  const paramsAt = (z: number[]): Params => {
    const p = { ...nominal };
    plan.boxParams.forEach((name, j) => { p[name] = nominal[name] * Math.exp(z[j]); });
    return p;
  };
  const box = await worstCaseBox(async (zs) => {
    const r = rollout({ envId, actor, conditions: zs.map(paramsAt), initialStates: init });
    await yieldNow();
    return zs.map((_, c) => summarize(conditionReturns(r, c)).mean);
  }, { dims: plan.boxParams.length, eps: setup.worstBoxEps, rng: new Rng(EVAL_DEFAULTS.seed).derive(`box/${memberId}`) });
  const worstParams = paramsAt(box.worst.z);
  const worst = rollout({ envId, actor, conditions: [worstParams], initialStates: init, traces: [{ condition: 0, episode: 0 }] });
  await yieldNow();

  const worstKernel = await worstKernelAdapter({ envId, actor, params: nominal, initialStates: init, rho: setup.klKernelRho, seed: EVAL_DEFAULTS.seed });
  return {
    memberId,
    nominal: summarize(nominalReturns),
    sweep,
    worstBox: { params: Object.fromEntries(plan.boxParams.map((n) => [n, worstParams[n]])), stat: summarize(conditionReturns(worst, 0)) },
    worstKernel,
    sweepArea: sweepArea(factors, sweep.map((p) => p.stat.mean)),
    traceNominal: toTrace(envId, main.traces[0], nominal),
    traceWorst: toTrace(envId, worst.traces[0], nominal),
    nominalReturns,
  };
}

/** Expert and random returns on the same initial states: the references of the normalised score. */
export function references(plan: EvalPlan): { expert: number; random: number } {
  const ex = rollout({ envId: plan.envId, actor: expertActor(plan.envId), conditions: [plan.nominal], initialStates: plan.init });
  const rn = rollout({ envId: plan.envId, actor: randomActor(plan.envId, new Rng(EVAL_DEFAULTS.seed).derive('random')), conditions: [plan.nominal], initialStates: plan.init });
  return { expert: summarize(ex.returns).mean, random: summarize(rn.returns).mean };
}

/** Per seed, X - BC for every robust (algorithm, radius), on three conditions. Needs >= 2 seeds. */
export function pairedGains(members: MemberInfo[], evals: Omit<MemberEval, 'weights'>[]): PairedGain[] {
  const seeds = [...new Set(members.map((m) => m.seed))];
  if (seeds.length < 2) return [];
  const byId = new Map(evals.map((e) => [e.memberId, e]));
  const bc = new Map(members.filter((m) => m.algo === 'bc').map((m) => [m.seed, byId.get(m.id)]));
  if (bc.size === 0) return [];
  const out: PairedGain[] = [];
  const groups = new Map<string, MemberInfo[]>();
  for (const m of members) if (m.algo !== 'bc') groups.set(`${m.algo}|${m.rho}`, [...(groups.get(`${m.algo}|${m.rho}`) ?? []), m]);
  const conditions: [PairedGain['condition'], (e: Omit<MemberEval, 'weights'>) => number][] = [
    ['nominal', (e) => e.nominal.mean], ['worst box', (e) => e.worstBox.stat.mean], ['sweep area', (e) => e.sweepArea],
  ];
  for (const group of groups.values()) {
    const pairs = group.map((m) => [byId.get(m.id), bc.get(m.seed)] as const).filter(([x, b]) => x && b);
    if (pairs.length < 2) continue;
    for (const [condition, pick] of conditions) {
      const d = pairedDifference(pairs.map(([x]) => pick(x!)), pairs.map(([, b]) => pick(b!)));
      const stat: Summary = { n: d.n, mean: d.mean, std: d.std, ci95: d.ci95, low: d.low, high: d.high, min: d.min, max: d.max };
      out.push({ algo: group[0].algo, rho: group[0].rho, condition, diffs: d.diffs, stat });
    }
  }
  return out;
}
