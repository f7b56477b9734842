// Nominal evaluation, one-parameter sweeps and the worst case in a parameter box (ALGORITHMS.md §4),
// built on the vectorised rollout. A context fixes the environment, the number of episodes and the seed
// of the initial states; every policy evaluated under the same context faces the same starts.
import { getEnvSpec } from '../environments/registry';
import { resolveParams } from '../envs/params';
import type { EnvId, Params } from '../envs/types';
import { UserError } from '../errors';
import { expertActor } from '../experts/actor';
import type { Actor } from '../policy';
import { Rng } from '../rng';
import { EVAL_DEFAULTS } from './defaults';
import { randomActor } from './random-actor';
import { rolloutEpisodes, type EpisodeContext } from './episode-memo';
import { initialStates, rollout, type Trace } from './rollout';
import { normalisedScore, summarize, sweepArea, worstCase, type Summary } from './stats';
import { worstCaseBox, type BoxPoint } from './worst-box';

export interface EvalContext {
  envId: EnvId | string;
  episodes: number;
  /** Seed of the initial states (common random numbers). */
  seed: number;
  /** Time limit (defaults to the environment's). */
  maxSteps?: number;
  /**
   * Stochastic nominal kernel: process noise of this many times the environment's documented
   * processNoiseStd after every step (the same kernel as imperfect demonstrations); 0 or absent:
   * deterministic. Its draws are seeded by `seed`, per episode: the same for every policy and condition.
   */
  processNoise?: number;
}

export interface Condition {
  label: string;
  /** The parameters that differ from the defaults. */
  params: Params;
}

export interface ConditionResult extends Condition {
  returns: number[];
  summary: Summary;
  meanLength: number;
}

export function checkContext(ctx: EvalContext): void {
  getEnvSpec(ctx.envId);
  if (!Number.isInteger(ctx.episodes) || ctx.episodes < 1) throw new UserError(`episodes must be a positive integer, got ${ctx.episodes}`, 'episodes');
  if (!Number.isFinite(ctx.seed)) throw new UserError(`seed must be a finite number, got ${ctx.seed}`, 'seed');
  const pn = ctx.processNoise ?? 0;
  if (!(pn >= 0) || !Number.isFinite(pn)) throw new UserError(`process noise must be a finite number >= 0, got ${pn}`, 'process-noise');
}

/** The rollout's process-noise option for a context (undefined: deterministic). */
export function contextNoise(ctx: EvalContext): { scale: number; seed: number } | undefined {
  return ctx.processNoise ? { scale: ctx.processNoise, seed: ctx.seed } : undefined;
}

/** A condition label with the kernel it was evaluated under: 'nominal' or 'nominal [noise 1]'. */
export function kernelLabel(label: string, processNoise: number | undefined): string {
  return processNoise ? `${label} [noise ${processNoise}]` : label;
}

/** The fields of a context an episode's return depends on (besides its index). */
function episodeContext(ctx: EvalContext): EpisodeContext {
  return { envId: String(ctx.envId), seed: ctx.seed, maxSteps: ctx.maxSteps, processNoise: ctx.processNoise };
}

/** The initial states of a context (E x stateDim). */
export function contextStarts(ctx: EvalContext): Float64Array {
  checkContext(ctx);
  return initialStates(ctx.envId, ctx.episodes, ctx.seed);
}

/** Evaluates every condition in one vectorised batch; `traces` picks (condition, episode) pairs to record. */
export function evaluateConditions(
  actor: Actor, ctx: EvalContext, conditions: Condition[], traces: { condition: number; episode: number }[] = [],
): { results: ConditionResult[]; traces: Trace[] } {
  const spec = getEnvSpec(ctx.envId);
  conditions.forEach((c) => resolveParams(spec, c.params, c.label));
  checkContext(ctx);
  const E = ctx.episodes;
  // Episodes the actor's memo has (episode-memo.ts) are not rolled out again: the same returns either way.
  const r = rolloutEpisodes(actor, episodeContext(ctx), conditions.map((c) => c.params), E, traces);
  const results = conditions.map((c, i) => {
    const returns = r.returns[i];
    let len = 0;
    for (let e = 0; e < E; e++) len += r.lengths[i][e];
    return { ...c, returns, summary: summarize(returns), meanLength: len / E };
  });
  return { results, traces: r.traces };
}

export function evaluateNominal(actor: Actor, ctx: EvalContext, traceEpisodes: number[] = []): { result: ConditionResult; traces: Trace[] } {
  const { results, traces } = evaluateConditions(actor, ctx, [{ label: 'nominal', params: {} }], traceEpisodes.map((episode) => ({ condition: 0, episode })));
  return { result: results[0], traces };
}

// ---- sweeps ----

export interface SweepSpec {
  param: string;
  factors: number[];
}

export interface SweepResult {
  param: string;
  nominalValue: number;
  factors: number[];
  points: ConditionResult[];
  /** Area under the mean-return curve on the log-factor axis, normalised by the log range (an average return). */
  area: number;
  /** The worst point of the sweep (lowest mean return). */
  worst: { factor: number; mean: number };
}

export function checkSweeps(envId: string, sweeps: SweepSpec[], where = 'perturb'): void {
  const spec = getEnvSpec(envId);
  for (const s of sweeps) {
    resolveParams(spec, { [s.param]: 1 }, where);
    if (s.factors.length === 0) throw new UserError(`no factors given for '${s.param}'`, where);
    for (const f of s.factors) if (!(f > 0) || !Number.isFinite(f)) throw new UserError(`factors must be finite and positive; '${s.param}' has ${f}`, where);
  }
}

/** All sweeps of all parameters in one batch. */
export function evaluateSweeps(actor: Actor, ctx: EvalContext, sweeps: SweepSpec[]): SweepResult[] {
  checkSweeps(String(ctx.envId), sweeps);
  const spec = getEnvSpec(ctx.envId);
  const p0 = resolveParams(spec, {});
  const conditions: Condition[] = [];
  for (const s of sweeps) for (const f of s.factors) conditions.push({ label: `${s.param} x${fmtFactor(f)}`, params: { [s.param]: p0[s.param] * f } });
  const { results } = evaluateConditions(actor, ctx, conditions);
  let k = 0;
  return sweeps.map((s) => {
    const points = results.slice(k, (k += s.factors.length));
    const means = points.map((p) => p.summary.mean);
    const w = worstCase(means);
    return { param: s.param, nominalValue: p0[s.param], factors: s.factors.slice(), points, area: sweepArea(s.factors, means), worst: { factor: s.factors[w.index], mean: w.value } };
  });
}

export function fmtFactor(f: number): string {
  return Number(f.toPrecision(3)).toString();
}

// ---- worst case in a parameter box ----

export interface BoxOptions {
  /** The perturbed parameters (names from the env spec). */
  params: string[];
  eps: number;
  randomPoints?: number;
  refineRounds?: number;
  /** Episodes of the worst and the nominal condition to record. */
  traceEpisodes?: number[];
  /**
   * Episodes per point during the search: the context's first ones (the same starts and noise streams, so a
   * point's search value is the mean of its first returns). Default: boxSearchEpisodes(ctx.episodes).
   */
  searchEpisodes?: number;
  /** When the search used fewer episodes: how many of its lowest points are re-evaluated with all (and the centre). Default 3. */
  confirmPoints?: number;
  /** The context's nominal condition, when the caller has evaluated it: the centre is not rolled out again. */
  nominal?: { returns: ArrayLike<number>; meanLength: number };
  /** Awaited before every batch of rollouts: a host that must answer messages meanwhile (it may throw to abandon the search). */
  pause?: () => Promise<void>;
}

export interface BoxResult {
  eps: number;
  params: string[];
  /** The worst condition found: its parameter values, factors p/p0 and returns (all the context's episodes). */
  worst: ConditionResult & { factors: number[] };
  /**
   * Every point evaluated: factors per parameter, the mean return and the episodes it is a mean over
   * (search points: searchEpisodes; 'confirm': the lowest search points and the centre, with all episodes).
   */
  evaluated: { factors: number[]; mean: number; stage: BoxPoint['stage'] | 'confirm'; episodes: number }[];
  traces: Trace[];
}

/**
 * Episodes per point of the box search for an evaluation of E episodes: half (rounded up) from
 * EVAL_DEFAULTS.boxScreenMinEpisodes on, else all. Most of a default evaluation's rows are the search's;
 * its lowest points are then re-evaluated with all E episodes, and the answer is the lowest of those.
 */
export function boxSearchEpisodes(episodes: number): number {
  return episodes >= EVAL_DEFAULTS.boxScreenMinEpisodes ? Math.ceil(episodes / 2) : episodes;
}

export async function evaluateWorstBox(actor: Actor, ctx: EvalContext, opts: BoxOptions): Promise<BoxResult> {
  const spec = getEnvSpec(ctx.envId);
  if (!(opts.eps >= 0) || !Number.isFinite(opts.eps)) throw new UserError(`the box radius must be a finite number >= 0, got ${opts.eps}`, 'worst-box');
  if (opts.params.length === 0) throw new UserError('no parameters to perturb', 'worst-box');
  opts.params.forEach((p) => resolveParams(spec, { [p]: 1 }, 'worst-box'));
  const E = ctx.episodes;
  const Es = opts.searchEpisodes ?? boxSearchEpisodes(E);
  if (!Number.isInteger(Es) || Es < 1 || Es > E) throw new UserError(`the box search's episodes must be an integer from 1 to ${E} (the evaluation's), got ${Es}`, 'worst-box');
  const confirmPoints = opts.confirmPoints ?? EVAL_DEFAULTS.boxConfirmPoints;
  if (!Number.isInteger(confirmPoints) || confirmPoints < 1) throw new UserError(`the number of confirmed box points must be a positive integer, got ${confirmPoints}`, 'worst-box');
  const nominal = opts.nominal;
  if (nominal && nominal.returns.length !== E) throw new Error(`evaluateWorstBox: ${nominal.returns.length} nominal returns for ${E} episodes`);
  const p0 = resolveParams(spec, {});
  const toParams = (z: number[]): Params => Object.fromEntries(opts.params.map((name, j) => [name, p0[name] * Math.exp(z[j])]));
  const starts = contextStarts(ctx);
  const sd = spec.stateNames.length;
  const noise = contextNoise(ctx);
  const isCentre = (z: number[]) => z.every((v) => v === 0);
  // Returns of every point searched with all episodes (Es = E), so the answer needs no second rollout.
  const full = new Map<string, { returns: number[]; meanLength: number }>();
  const objective = async (zs: number[][]) => {
    if (opts.pause) await opts.pause();
    const out = new Array<number>(zs.length);
    const roll: number[] = [];
    zs.forEach((z, i) => {
      if (nominal && isCentre(z)) out[i] = summarize(Array.from(nominal.returns).slice(0, Es)).mean;
      else roll.push(i);
    });
    if (roll.length > 0) {
      // The first Es episodes (from the actor's memo where it has them: a changed episode count re-runs only new ones).
      const r = rolloutEpisodes(actor, episodeContext(ctx), roll.map((i) => toParams(zs[i])), Es);
      roll.forEach((i, c) => {
        const returns = r.returns[c];
        out[i] = summarize(returns).mean;
        if (Es === E) {
          let len = 0;
          for (let e = 0; e < E; e++) len += r.lengths[c][e];
          full.set(zs[i].join(','), { returns, meanLength: len / E });
        }
      });
    }
    return out;
  };
  const search = await worstCaseBox(objective, {
    dims: opts.params.length, eps: opts.eps, rng: new Rng(ctx.seed).derive('eval/box'),
    randomPoints: opts.randomPoints ?? EVAL_DEFAULTS.boxRandomPoints, refineRounds: opts.refineRounds ?? EVAL_DEFAULTS.boxRefineRounds,
  });
  const evaluated: BoxResult['evaluated'] = search.evaluated.map((p) => ({ factors: p.z.map(Math.exp), mean: p.value, stage: p.stage, episodes: Es }));
  const labelOf = (z: number[]) => 'worst box: ' + opts.params.map((p, j) => `${p} x${fmtFactor(Math.exp(z[j]))}`).join(', ');
  const traceEpisodes = (opts.traceEpisodes ?? []).filter((e) => Number.isInteger(e) && e >= 0 && e < E);
  // Traces at point z whose returns are already known: a rollout of the traced episodes' prefix only.
  const tracesAt = (z: number[]): Trace[] => traceEpisodes.length === 0 ? [] : rollout({
    envId: ctx.envId, actor, conditions: [toParams(z)], initialStates: starts.subarray(0, (Math.max(...traceEpisodes) + 1) * sd),
    maxSteps: ctx.maxSteps, processNoise: noise, traces: traceEpisodes.map((episode) => ({ condition: 0, episode })),
  }).traces;

  let worstZ: number[];
  let worst: ConditionResult;
  let traces: Trace[] = [];
  if (Es === E) {
    // The search's values are the answer's; only the traces need a rollout, of the traced episodes' prefix.
    worstZ = search.worst.z;
    const known = full.get(worstZ.join(',')) ?? { returns: Array.from(nominal!.returns), meanLength: nominal!.meanLength };
    traces = tracesAt(worstZ);
    worst = { label: labelOf(worstZ), params: toParams(worstZ), returns: known.returns, summary: summarize(known.returns), meanLength: known.meanLength };
  } else {
    // Confirmation: the lowest distinct search points, and the centre (so the answer is never above the
    // nominal return), re-evaluated with every episode in one batch; the centre from `nominal` when given.
    const order = search.evaluated.map((p, i) => i).sort((a, b) => search.evaluated[a].value - search.evaluated[b].value || a - b);
    const picked = order.slice(0, confirmPoints).map((i) => search.evaluated[i].z);
    const centre = new Array<number>(opts.params.length).fill(0);
    const centreKnown = nominal !== undefined && !picked.some(isCentre);
    if (!nominal && !picked.some(isCentre)) picked.push(centre);
    const conds = picked.map((z) => ({ label: labelOf(z), params: toParams(z) }));
    if (opts.pause) await opts.pause();
    const res = evaluateConditions(actor, ctx, conds, picked.flatMap((_, c) => traceEpisodes.map((episode) => ({ condition: c, episode }))));
    const results = res.results.slice();
    if (centreKnown) {
      const returns = Array.from(nominal.returns);
      picked.push(centre);
      results.push({ label: labelOf(centre), params: toParams(centre), returns, summary: summarize(returns), meanLength: nominal.meanLength });
    }
    let w = 0;
    results.forEach((r, c) => {
      evaluated.push({ factors: picked[c].map(Math.exp), mean: r.summary.mean, stage: 'confirm', episodes: E });
      if (r.summary.mean < results[w].summary.mean) w = c;
    });
    worstZ = picked[w];
    worst = results[w];
    // The nominal condition from `nominal` is the worst of the box: its traces need a rollout of their own.
    if (centreKnown && w === picked.length - 1) traces = tracesAt(centre);
    else traces = res.traces.filter((t) => t.condition === w).map((t) => ({ ...t, condition: 0 }));
  }
  return { eps: opts.eps, params: opts.params.slice(), worst: { ...worst, factors: worstZ.map(Math.exp) }, evaluated, traces };
}

// ---- references for the normalised score ----

export interface References {
  expert: number;
  random: number;
}

/**
 * Nominal returns of the built-in expert and of the uniform random policy, from the same evaluator and
 * the same initial states as the policies they normalise. (One fixed pair per context: the normalised
 * score of a perturbed condition is still measured against the nominal expert and random returns.)
 */
export function nominalReferences(ctx: EvalContext): References {
  const expert = evaluateNominal(expertActor(String(ctx.envId)), ctx).result.summary.mean;
  const random = evaluateNominal(randomActor(ctx.envId, new Rng(ctx.seed).derive('eval/random-policy')), ctx).result.summary.mean;
  return { expert, random };
}

export function scoreOf(mean: number, refs: References): number {
  return normalisedScore(mean, refs.random, refs.expert);
}
