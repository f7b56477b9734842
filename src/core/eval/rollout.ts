// Vectorised evaluation rollouts (ALGORITHMS.md §4). Every (condition, episode) pair is one environment
// of a single VecEnv with its own physical parameters; all step together and the policy acts on the
// observations of every running environment at once. Episode e of every condition starts from the same
// initial state (common random numbers): initial states come from a seed alone, never from the policy
// or the parameters, so every algorithm in a comparison faces the same starts.
import { addProcessNoise } from '../envs/process-noise';
import { getDynamics, getEnvSpec } from '../environments/registry';
import type { EnvId, Params } from '../envs/types';
import { VecEnv } from '../envs/vec-env';
import { UserError } from '../errors';
import type { Actor } from '../policy';
import { Rng } from '../rng';

/**
 * E initial internal states (E x stateDim), episode e from the e-th seed of a reset stream derived from
 * `seed`. The first k states of a larger set equal a set of k.
 */
export function initialStates(envId: EnvId | string, episodes: number, seed: number): Float64Array {
  const dyn = getDynamics(envId);
  const sd = dyn.spec.stateNames.length;
  const out = new Float64Array(episodes * sd);
  const seeds = new Rng(seed).derive('eval/reset');
  for (let e = 0; e < episodes; e++) dyn.reset(new Rng(seeds.nextSeed()), out, e * sd);
  return out;
}

/** Per-step record of one episode, for charts and the animation. Flat, row-major arrays. */
export interface Trace {
  condition: number;
  episode: number;
  params: Params;
  /** Steps taken (T). */
  length: number;
  /** (T + 1) x stateDim internal states, the initial one first. */
  states: Float64Array;
  /** T x actionDim actions the policy took. */
  actions: Float64Array;
  /** T rewards. */
  rewards: Float64Array;
  terminated: boolean;
  truncated: boolean;
}

export interface RolloutOptions {
  envId: EnvId | string;
  actor: Actor;
  /** C conditions, each a (partial) parameter record; omitted names keep their defaults. */
  conditions: Params[];
  /** E x stateDim initial states (from `initialStates`). */
  initialStates: Float64Array;
  /** Time limit (defaults to the environment's). */
  maxSteps?: number;
  /** Episodes to record step by step. */
  traces?: { condition: number; episode: number }[];
  /**
   * Stochastic nominal kernel: after every step that did not terminate, Gaussian process noise of `scale`
   * times the environment's processNoiseStd (envs/process-noise.ts). Episode e draws from its own stream
   * (the e-th seed of stream 'eval/process-noise' of `seed`), the same under every condition and for every
   * policy (common random numbers). Scale 0 draws nothing: the deterministic rollout, bit for bit.
   */
  processNoise?: { scale: number; seed: number };
}

export interface RolloutResult {
  conditions: number;
  episodes: number;
  /** C x E undiscounted returns (condition-major). */
  returns: Float64Array;
  /** C x E episode lengths. */
  lengths: Int32Array;
  /** C x E: 1 when the environment terminated (rather than hit the time limit). */
  terminated: Uint8Array;
  traces: Trace[];
}

export function checkActor(actor: Actor, envId: EnvId | string, where = 'policy'): void {
  const spec = getEnvSpec(envId);
  const want = spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim;
  if (actor.obsDim !== spec.obsNames.length) {
    throw new UserError(`the policy takes ${actor.obsDim} observation values but ${spec.id} has ${spec.obsNames.length} (${spec.obsNames.join(', ')})`, where);
  }
  if (actor.actionKind !== spec.actionSpace.kind || actor.actionDim !== want) {
    throw new UserError(`the policy has ${actor.actionKind} actions of dimension ${actor.actionDim}; ${spec.id} expects ${spec.actionSpace.kind} actions of dimension ${want}`, where);
  }
}

/** Runs C conditions x E episodes together to the end and returns every return. */
export function rollout(opts: RolloutOptions): RolloutResult {
  const { envId, conditions } = opts;
  const sd = getEnvSpec(envId).stateNames.length;
  const C = conditions.length;
  const E = opts.initialStates.length / sd;
  if (C < 1 || !Number.isInteger(E) || E < 1) throw new Error(`rollout: need >= 1 condition and episode (got ${C} and ${E})`);
  const pairs: { condition: number; episode: number }[] = [];
  for (let c = 0; c < C; c++) for (let e = 0; e < E; e++) pairs.push({ condition: c, episode: e });
  const r = rolloutPairs(opts, pairs);
  return { conditions: C, episodes: E, returns: r.returns, lengths: r.lengths, terminated: r.terminated, traces: r.traces };
}

/**
 * Runs the given (condition, episode) pairs together to the end: pair i is environment i, from episode e's initial
 * state (a row of `initialStates`) with episode e's process-noise stream. A pair's return is the same in any set
 * of pairs (every environment steps alone and the policy acts on each row alone), so a caller may roll out only
 * the episodes it has not seen (episode-memo.ts). Traces are recorded for the pairs `opts.traces` names.
 */
export function rolloutPairs(opts: RolloutOptions, pairs: { condition: number; episode: number }[]): { returns: Float64Array; lengths: Int32Array; terminated: Uint8Array; traces: Trace[] } {
  const { envId, actor, conditions } = opts;
  checkActor(actor, envId);
  const spec = getEnvSpec(envId);
  const sd = spec.stateNames.length;
  const E = opts.initialStates.length / sd;
  const n = pairs.length;
  if (n < 1 || pairs.some((p) => !(p.condition >= 0 && p.condition < conditions.length && p.episode >= 0 && p.episode < E))) {
    throw new Error(`rollout: need >= 1 pair of a condition (of ${conditions.length}) and an episode (of ${E})`);
  }
  const env = new VecEnv(envId, n, pairs.map((p) => conditions[p.condition]), { maxEpisodeSteps: opts.maxSteps });
  for (let i = 0; i < n; i++) env.setState(i, opts.initialStates.subarray(pairs[i].episode * sd, (pairs[i].episode + 1) * sd));
  const { obsDim: od, actionDim: ad } = env;

  // Traces: per traced environment, growing lists (converted to typed arrays at the end).
  const traced = new Map<number, { states: number[]; actions: number[]; rewards: number[] }>();
  for (const t of opts.traces ?? []) {
    const i = pairs.findIndex((p) => p.condition === t.condition && p.episode === t.episode);
    if (i < 0 || traced.has(i)) continue;
    traced.set(i, { states: Array.from(env.states.subarray(i * sd, (i + 1) * sd)), actions: [], rewards: [] });
  }

  const noiseScale = opts.processNoise?.scale ?? 0;
  const noiseRngs: Rng[] = [];
  if (noiseScale > 0) {
    const streams = new Rng(opts.processNoise!.seed).derive('eval/process-noise');
    const seeds = Array.from({ length: E }, () => streams.nextSeed());
    for (let i = 0; i < n; i++) noiseRngs.push(new Rng(seeds[pairs[i].episode]));
  }
  const dyn = noiseScale > 0 ? getDynamics(envId) : null;

  const returns = new Float64Array(n);
  const obs = new Float64Array(n * od);
  const idx = new Int32Array(n);
  const actions = new Float64Array(n * ad);
  while (true) {
    // Gather the running environments' observations; the policy acts on them in one batch.
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (!env.active[i]) continue;
      for (let k = 0; k < od; k++) obs[m * od + k] = env.observations[i * od + k];
      idx[m++] = i;
    }
    if (m === 0) break;
    const a = actor.act(obs.subarray(0, m * od), m);
    for (let j = 0; j < m; j++) for (let k = 0; k < ad; k++) actions[idx[j] * ad + k] = a[j * ad + k];
    env.step(actions);
    if (dyn) {
      for (let j = 0; j < m; j++) {
        const i = idx[j];
        if (env.terminated[i]) continue; // termination and reward come from the nominal step
        addProcessNoise(spec, env.states, i * sd, noiseScale, noiseRngs[i]);
        dyn.observe(env.states, i * sd, env.observations, i * od);
      }
    }
    for (let j = 0; j < m; j++) {
      const i = idx[j];
      returns[i] += env.rewards[i];
      const tr = traced.get(i);
      if (tr) {
        for (let k = 0; k < ad; k++) tr.actions.push(actions[i * ad + k]);
        tr.rewards.push(env.rewards[i]);
        for (let k = 0; k < sd; k++) tr.states.push(env.states[i * sd + k]);
      }
    }
  }

  const traces: Trace[] = [];
  for (const [i, tr] of traced) {
    const { condition, episode } = pairs[i];
    traces.push({
      condition, episode, params: { ...conditions[condition] },
      length: tr.rewards.length, states: Float64Array.from(tr.states), actions: Float64Array.from(tr.actions),
      rewards: Float64Array.from(tr.rewards), terminated: env.terminated[i] === 1, truncated: env.truncated[i] === 1,
    });
  }
  return { returns, lengths: Int32Array.from(env.steps), terminated: Uint8Array.from(env.terminated), traces };
}

/** The returns of condition c (a view into `result.returns`). */
export function conditionReturns(result: RolloutResult, c: number): Float64Array {
  return result.returns.subarray(c * result.episodes, (c + 1) * result.episodes);
}
