// The worst-case transition kernel in a per-step KL ball (ALGORITHMS.md §4, sim-and-data.md §3.5b).
// The simulators are deterministic, so the nominal kernel is made stochastic: after each nominal step,
// Gaussian process noise with the environment's documented scale (EnvSpec.processNoiseStd, times a
// setting) is added to the state. At every step of every episode the adversary
//   1. draws K candidate next states from that nominal kernel,
//   2. scores candidate i by V_i = its reward + the return of an H-step look-ahead of the same policy
//      under nominal, noise-free dynamics (an adversary that knows the policy),
//   3. samples the next state from q_i ∝ exp(-V_i / beta), beta set by bisection so that
//      KL(q || uniform_K) = rho_eval (exponential tilting: the exact worst case of the KL ball over the
//      sampled support). rho_eval = 0 is the nominal noisy kernel; rho_eval >= log K always takes the
//      worst candidate.
// Conventions: termination and reward come from the nominal step (noise is added after it, to a
// state that has not terminated); the look-ahead is a fixed H steps (or until termination), regardless
// of the time left in the episode. All episodes and all K candidates step together in one VecEnv.
import { addProcessNoise } from '../envs/process-noise';
import { getDynamics } from '../environments/registry';
import type { Params } from '../envs/types';
import { VecEnv } from '../envs/vec-env';
import { UserError } from '../errors';
import type { Actor } from '../policy';
import { Rng } from '../rng';
import { EVAL_DEFAULTS } from './defaults';
import { contextStarts, type ConditionResult, type EvalContext } from './evaluate';
import { klTilt, sampleIndex } from './kl-tilt';
import { checkActor, type Trace } from './rollout';
import { summarize } from './stats';

export interface KernelOptions {
  /** KL radius per step, rho_eval >= 0. */
  rho: number;
  /** K candidate next states. */
  candidates?: number;
  /** Look-ahead horizon H. */
  horizon?: number;
  /** Multiplies the environment's processNoiseStd. */
  noiseScale?: number;
  /** Physical parameters of the nominal kernel (default: nominal). */
  params?: Params;
  traceEpisodes?: number[];
}

export interface KernelResult extends ConditionResult {
  rho: number;
  candidates: number;
  horizon: number;
  noiseStd: number[];
  /** Mean KL(q || uniform) over the steps where the candidates' values differed (should equal rho). */
  meanKl: number;
  traces: Trace[];
}

export function evaluateWorstKernel(actor: Actor, ctx: EvalContext, opts: KernelOptions): KernelResult {
  const run = worstKernelSteps(actor, ctx, opts);
  for (let r = run.next(); ; r = run.next()) if (r.done) return r.value;
}

/**
 * The same evaluation, handing control back every `pauseEveryMs` milliseconds or so to `pause` (a host that
 * must answer messages, e.g. a Stop in the worker); `pause` may throw to abandon it. Same numbers.
 */
export async function evaluateWorstKernelAsync(actor: Actor, ctx: EvalContext, opts: KernelOptions, pause: () => Promise<void>, pauseEveryMs = 25): Promise<KernelResult> {
  const run = worstKernelSteps(actor, ctx, opts);
  let last = performance.now();
  for (let r = run.next(); ; r = run.next()) {
    if (r.done) return r.value;
    if (performance.now() - last >= pauseEveryMs) { await pause(); last = performance.now(); }
  }
}

/** The evaluation as a generator that yields after every environment step (nothing else changes). */
function* worstKernelSteps(actor: Actor, ctx: EvalContext, opts: KernelOptions): Generator<void, KernelResult> {
  const dyn = getDynamics(String(ctx.envId));
  const spec = dyn.spec;
  checkActor(actor, ctx.envId);
  const rho = opts.rho;
  if (!(rho >= 0) || !Number.isFinite(rho)) throw new UserError(`the KL radius must be a finite number >= 0, got ${rho}`, 'worst-kernel');
  const K = opts.candidates ?? EVAL_DEFAULTS.kernelCandidates;
  const H = opts.horizon ?? EVAL_DEFAULTS.kernelHorizon;
  if (!Number.isInteger(K) || K < 1) throw new UserError(`the number of candidates must be a positive integer, got ${K}`, 'candidates');
  if (!Number.isInteger(H) || H < 0) throw new UserError(`the look-ahead horizon must be an integer >= 0, got ${H}`, 'horizon');
  const noiseScale = opts.noiseScale ?? EVAL_DEFAULTS.kernelNoiseScale;
  const noiseStd = spec.processNoiseStd.map((s) => s * noiseScale);
  const params = opts.params ?? {};

  const E = ctx.episodes;
  const sd = spec.stateNames.length, od = spec.obsNames.length;
  const ad = spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim;
  const maxSteps = ctx.maxSteps ?? spec.maxEpisodeSteps;

  // The episodes themselves: states, observations, counters (advanced by copying the chosen candidate).
  const states = contextStarts(ctx);
  const obs = new Float64Array(E * od);
  for (let e = 0; e < E; e++) dyn.observe(states, e * sd, obs, e * od);
  const steps = new Int32Array(E), done = new Uint8Array(E), terminated = new Uint8Array(E);
  const returns = new Float64Array(E);
  // Each episode has its own noise stream, so its draws do not depend on the other episodes.
  const streams = new Rng(ctx.seed).derive('eval/kernel');
  const rngs = Array.from({ length: E }, () => new Rng(streams.nextSeed()));

  // E*K candidates step together; the same environments then run the look-ahead.
  const sim = new VecEnv(ctx.envId, E * K, params, { maxEpisodeSteps: Math.max(1, H) });
  const simActions = new Float64Array(E * K * ad);
  const candStates = new Float64Array(E * K * sd);
  const candReward = new Float64Array(E * K), candTerm = new Uint8Array(E * K);
  const V = new Float64Array(K);
  const batchObs = new Float64Array(E * K * od);
  const batchIdx = new Int32Array(E * K);

  const traced = new Map<number, { states: number[]; actions: number[]; rewards: number[] }>();
  for (const e of opts.traceEpisodes ?? []) if (e >= 0 && e < E) traced.set(e, { states: Array.from(states.subarray(e * sd, (e + 1) * sd)), actions: [], rewards: [] });

  let klSum = 0, klCount = 0;
  const mainObs = new Float64Array(E * od);
  const mainIdx = new Int32Array(E);
  while (true) {
    yield;
    let m = 0;
    for (let e = 0; e < E; e++) {
      if (done[e]) continue;
      for (let k = 0; k < od; k++) mainObs[m * od + k] = obs[e * od + k];
      mainIdx[m++] = e;
    }
    if (m === 0) break;
    const a = actor.act(mainObs.subarray(0, m * od), m);

    // 1. K copies of each running episode take its action under the nominal dynamics, then get noise.
    sim.active.fill(0);
    for (let j = 0; j < m; j++) {
      const e = mainIdx[j];
      for (let c = 0; c < K; c++) {
        const i = j * K + c;
        sim.setState(i, states.subarray(e * sd, (e + 1) * sd));
        for (let k = 0; k < ad; k++) simActions[i * ad + k] = a[j * ad + k];
      }
    }
    sim.step(simActions);
    for (let j = 0; j < m; j++) {
      const rng = rngs[mainIdx[j]];
      for (let c = 0; c < K; c++) {
        const i = j * K + c;
        candReward[i] = sim.rewards[i];
        candTerm[i] = sim.terminated[i];
        candStates.set(sim.states.subarray(i * sd, (i + 1) * sd), i * sd);
        // The same stochastic nominal kernel as imperfect demonstrations (noise, then the env's invariants).
        if (!candTerm[i]) addProcessNoise(spec, candStates, i * sd, noiseScale, rng);
      }
    }

    // 2. Score the candidates by an H-step look-ahead (not needed when q is uniform anyway).
    const lookAhead = rho > 0 && K > 1 && H > 0;
    const value = new Float64Array(m * K);
    for (let i = 0; i < m * K; i++) value[i] = candReward[i];
    if (lookAhead) {
      sim.active.fill(0);
      for (let i = 0; i < m * K; i++) if (!candTerm[i]) sim.setState(i, candStates.subarray(i * sd, (i + 1) * sd));
      for (let h = 0; h < H; h++) {
        let b = 0;
        for (let i = 0; i < m * K; i++) {
          if (!sim.active[i]) continue;
          for (let k = 0; k < od; k++) batchObs[b * od + k] = sim.observations[i * od + k];
          batchIdx[b++] = i;
        }
        if (b === 0) break;
        const la = actor.act(batchObs.subarray(0, b * od), b);
        for (let t = 0; t < b; t++) for (let k = 0; k < ad; k++) simActions[batchIdx[t] * ad + k] = la[t * ad + k];
        sim.step(simActions);
        for (let t = 0; t < b; t++) value[batchIdx[t]] += sim.rewards[batchIdx[t]];
      }
    }

    // 3. Tilt and sample the next state of every running episode.
    for (let j = 0; j < m; j++) {
      const e = mainIdx[j];
      const rng = rngs[e];
      for (let c = 0; c < K; c++) V[c] = value[j * K + c];
      const tilt = klTilt(V, rho);
      let differ = false;
      for (let c = 1; c < K; c++) if (V[c] !== V[0]) differ = true;
      if (differ && rho > 0) { klSum += tilt.kl; klCount++; }
      const pick = j * K + sampleIndex(tilt.q, rng.next());
      for (let k = 0; k < sd; k++) states[e * sd + k] = candStates[pick * sd + k];
      dyn.observe(states, e * sd, obs, e * od);
      returns[e] += candReward[pick];
      steps[e]++;
      if (candTerm[pick]) terminated[e] = 1;
      if (candTerm[pick] || steps[e] >= maxSteps) done[e] = 1;
      const tr = traced.get(e);
      if (tr) {
        for (let k = 0; k < ad; k++) tr.actions.push(a[j * ad + k]);
        tr.rewards.push(candReward[pick]);
        for (let k = 0; k < sd; k++) tr.states.push(states[e * sd + k]);
      }
    }
  }

  const returnsList = Array.from(returns);
  let len = 0;
  for (let e = 0; e < E; e++) len += steps[e];
  const traces: Trace[] = [...traced].map(([e, tr]) => ({
    condition: 0, episode: e, params: { ...params }, length: tr.rewards.length, states: Float64Array.from(tr.states),
    actions: Float64Array.from(tr.actions), rewards: Float64Array.from(tr.rewards), terminated: terminated[e] === 1, truncated: terminated[e] === 0,
  }));
  return {
    label: `worst kernel: KL ${rho}`, params: { ...params }, returns: returnsList, summary: summarize(returnsList), meanLength: len / E,
    rho, candidates: K, horizon: H, noiseStd, meanKl: klCount > 0 ? klSum / klCount : 0, traces,
  };
}
