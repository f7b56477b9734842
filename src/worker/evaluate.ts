// The evaluation of a run, as the page shows it: for every trained member the nominal return, the sweep
// of one parameter, the worst case in the parameter box, the worst-case transition kernel and traces for
// the animation; then paired differences to BC per seed. Every number comes from src/core/eval; this file
// only decides what to ask for. All members face the same initial states (common random numbers: one
// evaluation context per run).
import { getEnvSpec } from '../core/envs';
import type { AnyEnvId, EnvSpec } from '../core/envs/types';
import type { Actor } from '../core/policy';
import { sweepFactors, type Setup } from '../core/setup';
import {
  DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS, evaluateConditions, evaluateWorstBox, evaluateWorstKernel, nominalReferences,
  pairedDifference, sweepArea, type EvalContext, type Summary, type Trace as CoreTrace,
} from '../core/eval';
import { UserError } from '../core/errors';
import type { MemberEval, MemberInfo, PairedGain, Trace } from './protocol';
import { withGeoms } from './mujoco';

export interface EvalPlan {
  envId: AnyEnvId;
  ctx: EvalContext;
  evalParam: string;
  factors: number[];
  boxParams: string[];
  /** The setup's fixed multi-parameter shift (absolute parameter values), when it has one. */
  shift?: { params: Record<string, number>; label: string };
}

/** evalShift's factors as absolute parameters; a name the environment does not have is a UserError. */
export function shiftParams(spec: EnvSpec, factors: Record<string, number>): EvalPlan['shift'] {
  const entries = Object.entries(factors);
  if (entries.length === 0) return undefined;
  const params: Record<string, number> = {};
  for (const [name, f] of entries) {
    const p = spec.params.find((q) => q.name === name);
    if (!p) throw new UserError(`'${name}' is not a parameter of ${spec.id} (parameters: ${spec.params.map((q) => q.name).join(', ')})`, 'evalShift');
    params[name] = p.default * f;
  }
  return { params, label: entries.map(([n, f]) => `${n} ×${Number(f.toPrecision(3))}`).join(', ') };
}

export function planEval(setup: Setup): EvalPlan {
  const spec = getEnvSpec(setup.envId) as EnvSpec & { id: AnyEnvId }; // classic control or a built-in MuJoCo task
  const names = spec.params.map((p) => p.name);
  const evalParam = names.includes(setup.evalParam) ? setup.evalParam : DEFAULT_EVAL_PARAMS[spec.id][0];
  return {
    envId: spec.id,
    // The initial states depend on this seed only: the same for every member of the run.
    ctx: { envId: spec.id, episodes: setup.evalEpisodes, seed: EVAL_DEFAULTS.seed },
    evalParam,
    factors: sweepFactors(setup),
    boxParams: DEFAULT_EVAL_PARAMS[spec.id],
    shift: shiftParams(spec, setup.evalShift),
  };
}

function toTrace(envId: string, t: CoreTrace): Trace {
  const spec = getEnvSpec(envId);
  const full: Record<string, number> = {};
  for (const p of spec.params) full[p.name] = t.params[p.name] ?? p.default;
  let ret = 0;
  for (const r of t.rewards) ret += r;
  return withGeoms({
    envId, params: full, stateDim: spec.stateNames.length, states: t.states,
    actionDim: spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim, actions: t.actions, rewards: t.rewards,
    steps: t.length, return: ret,
  });
}

/** Nominal and sweep in one vectorised batch, then the worst box (with its trace) and the worst kernel. */
export async function evaluateMember(plan: EvalPlan, setup: Setup, actor: Actor, memberId: number, yieldNow: () => Promise<void>): Promise<Omit<MemberEval, 'weights'>> {
  const { envId, ctx, evalParam, factors } = plan;
  const p0 = getEnvSpec(envId).params.find((p) => p.name === evalParam)!.default;
  const main = evaluateConditions(actor, ctx, [
    { label: 'nominal', params: {} },
    ...factors.map((f) => ({ label: `${evalParam} x${f}`, params: { [evalParam]: p0 * f } })),
    ...(plan.shift ? [{ label: plan.shift.label, params: plan.shift.params }] : []),
  ], [{ condition: 0, episode: 0 }]);
  const nominal = main.results[0];
  const sweep = factors.map((factor, i) => ({ factor, stat: main.results[i + 1].summary }));
  await yieldNow();
  const box = await evaluateWorstBox(actor, ctx, {
    params: plan.boxParams, eps: setup.worstBoxEps, traceEpisodes: [0],
    randomPoints: setup.boxRandomPoints, refineRounds: setup.boxRefineRounds, nominal, // the box's centre
  });
  await yieldNow();
  // Same seed, so the kernel's episodes are the first kernelEpisodes of the run's initial states.
  const kernel = evaluateWorstKernel(actor, { ...ctx, episodes: Math.min(ctx.episodes, setup.kernelEpisodes) }, {
    rho: setup.klKernelRho, candidates: setup.kernelCandidates, horizon: setup.kernelHorizon,
  });
  await yieldNow();
  return {
    memberId,
    nominal: nominal.summary,
    sweep,
    worstBox: { params: Object.fromEntries(plan.boxParams.map((n) => [n, box.worst.params[n]])), stat: box.worst.summary },
    worstKernel: kernel.summary,
    sweepArea: sweepArea(factors, sweep.map((p) => p.stat.mean)),
    traceNominal: toTrace(envId, main.traces[0]),
    traceWorst: toTrace(envId, box.traces[0]),
    nominalReturns: nominal.returns,
    shift: plan.shift ? main.results[factors.length + 1].summary : undefined,
  };
}

/** Expert and random returns on the same initial states: the references of the normalised score. */
export function references(plan: EvalPlan): { expert: number; random: number } {
  return nominalReferences(plan.ctx);
}

/** Per seed, X - BC for every other (algorithm, radius), on three conditions (four with a shift). Needs >= 2 seeds. */
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
  if (evals.every((e) => e.shift)) conditions.push(['shift', (e) => e.shift!.mean]);
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
