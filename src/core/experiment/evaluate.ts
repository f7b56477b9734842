// The evaluation of trained policies, cut into independent work items: for every member the nominal return
// (with the setup's shift), each point of the plan's one-parameter sweeps, the worst case in the parameter box
// and the worst-case transition kernel; plus the expert/random references. It is the one evaluation of the
// project: the page's runs and re-evaluations (planEval from a setup, assembled into a RunResult) and every
// cell of `droil bench` (a plan from the bench spec, src/core/eval/benchmark.ts, assembled into result rows)
// run these items. Items can run in any order and anywhere (a pool of workers): a piece depends only on its
// item, the member's policy and the plan (the box also on its member's nominal piece). All members face the
// same initial states (common random numbers: one evaluation context per run or cell). Every number comes
// from src/core/eval; this file decides what to ask for.
import { defaultEvalParamsOf, getEnvSpec, type AnyEnvId, type BuiltinEnvId } from '../environments/registry';
import { resolveParams } from '../envs/params';
import type { EnvSpec } from '../envs/types';
import type { Actor } from '../policy';
import { sweepFactors, type Setup } from '../setup';
import {
  EVAL_DEFAULTS, evaluateConditions, evaluateWorstBox, nominalReferences,
  pairedDifference, sweepArea, type EvalContext, type Summary, type SweepSpec,
} from '../eval';
import { evaluateWorstKernelAsync } from '../eval/worst-kernel';
import { boxSearchDefaults } from '../eval/worst-box';
import { UserError } from '../errors';
import { PENDING_STAT, type EvalPending, type MemberEval, type MemberInfo, type PairedGain, type Stat, type Trace } from './types';
import { toTrace } from './trace';

export interface EvalPlan {
  envId: AnyEnvId;
  ctx: EvalContext;
  /** The page's one sweep: its parameter and factors (sweeps[0]); a RunResult carries them. */
  evalParam: string;
  factors: number[];
  /** One-parameter sweeps; a sweep item's `point` counts their points in order (sweepPoints). */
  sweeps: SweepSpec[];
  /** The worst case in the box |log(p/p0)| <= eps over `params` (eps 0: the centre); null: none. */
  box: { params: string[]; eps: number; randomPoints?: number; refineRounds?: number } | null;
  /** The worst-case kernel in a per-step KL ball over the first `episodes` episodes; null: none. */
  kernel: { rho: number; episodes: number; candidates?: number; horizon?: number; noiseScale?: number } | null;
  /** The setup's fixed multi-parameter shift (absolute parameter values), when it has one. */
  shift?: { params: Record<string, number>; label: string };
  /** Record the nominal and worst-box traces of episode 0 (the page draws them; the bench does not). */
  traces: boolean;
}

/** Every point of a plan's sweeps, in order: the parameter, the factor and the parameter's value there. */
export function sweepPoints(plan: Pick<EvalPlan, 'envId' | 'sweeps'>): { param: string; factor: number; value: number }[] {
  const spec = getEnvSpec(plan.envId);
  return plan.sweeps.flatMap((s) => {
    const p0 = spec.params.find((p) => p.name === s.param)!.default;
    return s.factors.map((factor) => ({ param: s.param, factor, value: p0 * factor }));
  });
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

/**
 * The worst box's parameters: `names`, or the environment's default perturbed parameters (its registry entry; a
 * user's model has its own) where there are none. A name the environment does not have is a UserError naming
 * `where` (the setup's field, or a flag) and listing the valid names.
 */
export function boxParamsOf(spec: EnvSpec, names: readonly string[], where = 'boxParams'): string[] {
  if (names.length === 0) return defaultEvalParamsOf(spec);
  for (const n of names) resolveParams(spec, { [n]: 1 }, where);
  return [...names];
}

export function planEval(setup: Setup): EvalPlan {
  const spec = getEnvSpec(setup.envId) as EnvSpec & { id: BuiltinEnvId }; // classic control or a built-in MuJoCo task
  const names = spec.params.map((p) => p.name);
  const defaults = defaultEvalParamsOf(spec); // a user's model ('mjcf:', a grid cell's) has its own
  const evalParam = names.includes(setup.evalParam) ? setup.evalParam : defaults[0];
  const factors = sweepFactors(setup);
  return {
    envId: spec.id,
    // The initial states depend on this seed only: the same for every member of the run.
    ctx: { envId: spec.id, episodes: setup.evalEpisodes, seed: EVAL_DEFAULTS.seed },
    evalParam,
    factors,
    sweeps: [{ param: evalParam, factors }],
    box: { params: boxParamsOf(spec, setup.boxParams), eps: setup.worstBoxEps, randomPoints: setup.boxRandomPoints, refineRounds: setup.boxRefineRounds },
    // Same seed, so the kernel's episodes are the first kernelEpisodes of the run's initial states.
    kernel: { rho: setup.klKernelRho, episodes: Math.min(setup.evalEpisodes, setup.kernelEpisodes), candidates: setup.kernelCandidates, horizon: setup.kernelHorizon },
    shift: shiftParams(spec, setup.evalShift),
    traces: true,
  };
}

/** One independent piece of work of a run's evaluation. */
export type EvalItem =
  | { kind: 'references' }
  | { kind: 'nominal'; memberId: number }
  | { kind: 'sweep'; memberId: number; point: number }
  | { kind: 'box'; memberId: number }
  | { kind: 'kernel'; memberId: number };

/** What an item produced (plain data: it crosses worker boundaries). */
export type EvalPiece =
  | { kind: 'references'; reference: { expert: number; random: number } }
  | { kind: 'nominal'; memberId: number; stat: Stat; returns: number[]; meanLength: number; shift?: Stat; trace?: Trace }
  | { kind: 'sweep'; memberId: number; point: number; stat: Stat }
  | { kind: 'box'; memberId: number; params: Record<string, number>; stat: Stat; trace?: Trace }
  | { kind: 'kernel'; memberId: number; stat: Stat };

/**
 * Every item of a run's evaluation in the order the page wants them (progressive): the references and every
 * member's nominal first, then each sweep point for every member, then the worst boxes, then the worst kernels.
 */
export function evalItems(plan: EvalPlan, memberIds: number[]): EvalItem[] {
  const items: EvalItem[] = [{ kind: 'references' }];
  for (const memberId of memberIds) items.push({ kind: 'nominal', memberId });
  sweepPoints(plan).forEach((_, point) => { for (const memberId of memberIds) items.push({ kind: 'sweep', memberId, point }); });
  if (plan.box) for (const memberId of memberIds) items.push({ kind: 'box', memberId });
  if (plan.kernel) for (const memberId of memberIds) items.push({ kind: 'kernel', memberId });
  return items;
}

/**
 * Sweep points (indices into sweepPoints) in one vectorised batch. The page asks for one point per item (its
 * results arrive point by point); a bench cell for all of a member's points at once, as it always has: the
 * plain-TS network computes rows in pairs, so a batch's make-up can move a return in its last bits.
 */
export function evaluateSweepPoints(plan: EvalPlan, actor: Actor, points: number[]): Stat[] {
  if (points.length === 0) return [];
  const all = sweepPoints(plan);
  const r = evaluateConditions(actor, plan.ctx, points.map((k) => ({ label: `${all[k].param} x${all[k].factor}`, params: { [all[k].param]: all[k].value } })));
  return r.results.map((c) => c.summary);
}

/** One member's items in the order a bench cell runs them: nominal, the sweep points, the box, the kernel. */
export function memberItems(plan: EvalPlan, memberId: number): EvalItem[] {
  return evalItems(plan, [memberId]).filter((it) => it.kind !== 'references');
}

/** An item's cost in simulated episode-steps (relative: the progress fraction and ETA weigh items by it). */
export function itemCost(plan: EvalPlan, item: EvalItem): number {
  const E = plan.ctx.episodes;
  switch (item.kind) {
    case 'references': return 2 * E;
    case 'nominal': return E * (plan.shift ? 2 : 1);
    case 'sweep': return E;
    case 'box': {
      const box = plan.box!, dims = box.params.length;
      const randomPoints = box.randomPoints ?? boxSearchDefaults.randomPoints, refineRounds = box.refineRounds ?? boxSearchDefaults.refineRounds;
      const es = E >= EVAL_DEFAULTS.boxScreenMinEpisodes ? Math.ceil(E / 2) : E;
      const search = (box.eps > 0 ? (dims <= 10 ? 2 ** dims : 0) + randomPoints + 2 * dims * refineRounds : 0) * es;
      // A box point's episodes cost ~1.2 sweep episodes (bench/train-browser.ts --eta, docs/performance.md).
      return 1.2 * (search + (es < E ? EVAL_DEFAULTS.boxConfirmPoints * E : 0)) + 1;
    }
    case 'kernel': {
      const kernel = plan.kernel!;
      const K = kernel.candidates ?? EVAL_DEFAULTS.kernelCandidates;
      const look = kernel.rho > 0 && K > 1 ? kernel.horizon ?? EVAL_DEFAULTS.kernelHorizon : 0;
      // Per candidate and look-ahead step ~1.1 sweep episode-steps (the look-ahead's policy calls dominate).
      return kernel.episodes * K * (1 + look) * 1.1;
    }
  }
}

/**
 * Runs one item. `nominal`: the member's nominal piece (the box's centre, so it is not rolled out again);
 * `pause` is awaited between batches of rollouts (a host that must answer messages; it may throw to abandon).
 */
export async function runEvalItem(
  plan: EvalPlan, item: EvalItem, actor: Actor | null, pause: () => Promise<void>,
  nominal?: Extract<EvalPiece, { kind: 'nominal' }>,
): Promise<EvalPiece> {
  const { envId, ctx } = plan;
  if (item.kind === 'references') return { kind: 'references', reference: nominalReferences(ctx) };
  if (!actor) throw new Error(`runEvalItem: no policy for member ${item.memberId}`);
  const memberId = item.memberId;
  switch (item.kind) {
    case 'nominal': {
      const r = evaluateConditions(actor, ctx, [
        { label: 'nominal', params: {} },
        ...(plan.shift ? [{ label: plan.shift.label, params: plan.shift.params }] : []),
      ], plan.traces ? [{ condition: 0, episode: 0 }] : []);
      const n = r.results[0];
      return { kind: 'nominal', memberId, stat: n.summary, returns: n.returns, meanLength: n.meanLength, shift: plan.shift ? r.results[1].summary : undefined, ...(plan.traces ? { trace: toTrace(envId, r.traces[0]) } : {}) };
    }
    case 'sweep': return { kind: 'sweep', memberId, point: item.point, stat: evaluateSweepPoints(plan, actor, [item.point])[0] };
    case 'box': {
      if (!nominal) throw new Error(`runEvalItem: the box of member ${memberId} needs its nominal piece`);
      const { params, eps, randomPoints, refineRounds } = plan.box!;
      const box = await evaluateWorstBox(actor, ctx, {
        params, eps, pause, randomPoints, refineRounds, nominal, // the box's centre
        ...(plan.traces ? { traceEpisodes: [0] } : {}),
      });
      return { kind: 'box', memberId, params: Object.fromEntries(params.map((n) => [n, box.worst.params[n]])), stat: box.worst.summary, ...(plan.traces ? { trace: toTrace(envId, box.traces[0]) } : {}) };
    }
    case 'kernel': {
      const { rho, episodes, candidates, horizon, noiseScale } = plan.kernel!;
      const k = await evaluateWorstKernelAsync(actor, { ...ctx, episodes }, { rho, candidates, horizon, ...(noiseScale ? { noiseScale } : {}) }, pause);
      return { kind: 'kernel', memberId, stat: k.summary };
    }
  }
}

/** The evaluation part of a RunResult from the pieces that exist so far (every member needs its nominal piece). */
export interface AssembledEval {
  evals: MemberEval[];
  paired: PairedGain[];
  reference?: { expert: number; random: number };
  /** Undefined when every item is in. */
  pending?: EvalPending;
}

export function assembleEval(
  plan: EvalPlan, members: MemberInfo[], pieces: EvalPiece[], weights: Record<number, Float32Array | undefined>, fraction: number,
  /** Some items were left out on purpose: the fraction may reach 1 while `pending` stays. */
  partialByDesign = false,
): AssembledEval {
  const nominal = new Map<number, Extract<EvalPiece, { kind: 'nominal' }>>();
  const sweep = new Map<number, Map<number, Stat>>();
  const box = new Map<number, Extract<EvalPiece, { kind: 'box' }>>();
  const kernel = new Map<number, Stat>();
  let reference: AssembledEval['reference'];
  for (const p of pieces) {
    if (p.kind === 'references') reference = p.reference;
    else if (p.kind === 'nominal') nominal.set(p.memberId, p);
    else if (p.kind === 'sweep') { if (!sweep.has(p.memberId)) sweep.set(p.memberId, new Map()); sweep.get(p.memberId)!.set(p.point, p.stat); }
    else if (p.kind === 'box') box.set(p.memberId, p);
    else kernel.set(p.memberId, p.stat);
  }
  const F = plan.factors.length;
  let missingPoints = 0, missingBox = 0, missingKernel = 0;
  const evals: MemberEval[] = [];
  const complete = new Set<number>();
  for (const m of members) {
    const n = nominal.get(m.id);
    if (!n) continue;
    const pts = sweep.get(m.id) ?? new Map<number, Stat>();
    const sw = plan.factors.flatMap((factor, i) => (pts.has(i) ? [{ factor, stat: pts.get(i)! }] : []));
    const b = box.get(m.id);
    const k = kernel.get(m.id);
    missingPoints += F - sw.length;
    if (!b) missingBox++;
    if (!k) missingKernel++;
    if (sw.length === F && b && k) complete.add(m.id);
    evals.push({
      memberId: m.id,
      nominal: n.stat,
      sweep: sw,
      worstBox: b ? { params: b.params, stat: b.stat } : { params: {}, stat: PENDING_STAT },
      worstKernel: k ?? PENDING_STAT,
      sweepArea: sw.length === F ? sweepArea(plan.factors, sw.map((p) => p.stat.mean)) : NaN,
      traceNominal: n.trace!, // the page's plans record traces
      traceWorst: b ? b.trace! : n.trace!,
      weights: weights[m.id],
      nominalReturns: n.returns,
      shift: n.shift,
    });
  }
  const missingNominal = members.length - evals.length;
  const done = missingNominal === 0 && missingPoints === 0 && missingBox === 0 && missingKernel === 0 && reference !== undefined;
  return {
    evals,
    paired: pairedGains(members.filter((m) => nominal.has(m.id)), evals, {
      sweepArea: evals.every((e) => !Number.isNaN(e.sweepArea)),
      worstBox: evals.every((e) => box.has(e.memberId)),
    }),
    reference,
    pending: done ? undefined : { fraction: partialByDesign ? fraction : Math.min(fraction, 0.999), sweepPoints: missingPoints + missingNominal * F, worstBox: missingBox + missingNominal, worstKernel: missingKernel + missingNominal },
  };
}

/**
 * Per seed, X - BC for every other (algorithm, radius), on three conditions (four with a shift). Needs >= 2
 * seeds. `ready` says which conditions are final for every member (partial results leave the others out).
 */
export function pairedGains(
  members: MemberInfo[], evals: Omit<MemberEval, 'weights'>[], ready: { sweepArea: boolean; worstBox: boolean } = { sweepArea: true, worstBox: true },
): PairedGain[] {
  const seeds = [...new Set(members.map((m) => m.seed))];
  if (seeds.length < 2) return [];
  const byId = new Map(evals.map((e) => [e.memberId, e]));
  const bc = new Map(members.filter((m) => m.algo === 'bc').map((m) => [m.seed, byId.get(m.id)]));
  if (bc.size === 0) return [];
  const out: PairedGain[] = [];
  const groups = new Map<string, MemberInfo[]>();
  for (const m of members) if (m.algo !== 'bc') groups.set(`${m.algo}|${m.rho}`, [...(groups.get(`${m.algo}|${m.rho}`) ?? []), m]);
  const conditions: [PairedGain['condition'], (e: Omit<MemberEval, 'weights'>) => number][] = [['nominal', (e) => e.nominal.mean]];
  if (ready.worstBox) conditions.push(['worst box', (e) => e.worstBox.stat.mean]);
  if (ready.sweepArea) conditions.push(['sweep area', (e) => e.sweepArea]);
  if (evals.length > 0 && evals.every((e) => e.shift)) conditions.push(['shift', (e) => e.shift!.mean]);
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
