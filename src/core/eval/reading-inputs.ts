// The benchmark's inputs for readings A and B of ALGORITHMS.md 3.5 (the trainer's ReadingInputs), built per cell
// from its demonstrations:
//   lr-oracle-hN / lr-oracle-ep (reading B, oracle): fixed weights = trajectory likelihood ratios of the perturbed
//     conditions of the evaluation's sweeps (their equal mixture) against the nominal kernel, exact from the
//     simulator: the data were recorded under process noise, so P_p(s' | s, a) = N(s'; f_p(s, a), Sigma) with f_p
//     the simulator's step under parameters p (likelihood-ratio.ts). Classic-control tasks only: their observations
//     determine the internal state (CartPole: equal; Pendulum, Acrobot: angles from cos and sin).
//   tilted-model / tilted-expert (reading A): K next states per transition drawn from MBIL's learned T_hat (joint
//     P_hat for continuous actions, whose samples carry the model's label), labelled by the learned model
//     (q_hat's most likely action; P_hat's a') or by the built-in expert (the oracle labels).
import type { Dataset } from '../data/dataset';
import type { ReadingInputs } from '../algos/ensemble';
import type { KernelCandidates } from '../algos/tilted-kernel';
import { gaussianLogRatio, trajectoryWeights } from '../algos/likelihood-ratio';
import { getDynamics, getEnvSpec } from '../environments/registry';
import { paramVector } from '../envs/params';
import { expertActor } from '../experts/actor';
import { fitMbilDensities, type DensityFitOptions } from '../mbil/density-fit';
import type { SweepSpec } from './evaluate';
import { disposeDensities } from '../mbil/densities';
import { UserError } from '../errors';
import { Rng } from '../rng';
import { tf } from '../tf';

/** Candidates per transition for reading A (a setting of the benchmark, not of the algorithm). */
export const TILT_CANDIDATES = 8;

/** lr-oracle's H from a bench name (0: from the episode's start), or null. */
export function lrOracleOf(name: string): number | null {
  if (name === 'lr-oracle-ep') return 0;
  const m = /^lr-oracle-h([1-9]\d*)$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** augment-model: tilted-model at rho = 0 whatever --rho says (plain model-based augmentation, A's control). */
export const TILTED_NAMES = ['tilted-model', 'tilted-expert', 'augment-model'] as const;
export const isTiltedName = (name: string) => (TILTED_NAMES as readonly string[]).includes(name);

/** Internal state from an observation, and which state components are angles (their residuals wrap). */
const STATE_OF: Record<string, { from: (o: ArrayLike<number>, oo: number, s: Float64Array) => void; angles: number[] }> = {
  'CartPole-v1': { from: (o, oo, s) => { for (let k = 0; k < 4; k++) s[k] = o[oo + k]; }, angles: [] },
  'Pendulum-v1': { from: (o, oo, s) => { s[0] = Math.atan2(o[oo + 1], o[oo]); s[1] = o[oo + 2]; }, angles: [0] },
  'Acrobot-v1': { from: (o, oo, s) => { s[0] = Math.atan2(o[oo + 1], o[oo]); s[1] = Math.atan2(o[oo + 3], o[oo + 2]); s[2] = o[oo + 4]; s[3] = o[oo + 5]; }, angles: [0, 1] },
};

/** The environments whose simulator B's oracle can step from the recorded observations. */
export const simulatorRatioEnvs = Object.keys(STATE_OF);

/**
 * What B's oracle lacks on these data, if anything: the simulator's state from the observations ('state'), or
 * process noise in the recording ('noise'; deterministic data have no likelihood ratio). The bench's message names
 * its flags, the page's its fields (src/core/experiment/readings.ts).
 */
export function lrOracleLack(envId: string, processNoise: number): 'state' | 'noise' | null {
  if (!STATE_OF[envId]) return 'state';
  return processNoise > 0 ? null : 'noise';
}

const wrapAngle = (x: number) => x - 2 * Math.PI * Math.round(x / (2 * Math.PI));

/**
 * log r_p per transition for each perturbed parameter set p: the Gaussian process-noise density of the recorded
 * s' around the simulator's step under p, over the same around the nominal step. Terminal transitions got no noise
 * (the demos add it only after steps that did not end the episode): their ratio is 1. Pendulum's velocity clip
 * and Acrobot's are ignored (a point mass the Gaussian ratio does not model).
 */
export function simulatorLogRatios(envId: string, d: Dataset, processNoise: number, perturbed: Record<string, number>[]): Float64Array[] {
  const lack = lrOracleLack(envId, processNoise), conv = STATE_OF[envId];
  if (lack === 'state') throw new UserError(`the simulator's likelihood ratios need the internal state from the observations; ${envId} is not one of ${simulatorRatioEnvs.join(', ')}`, '--algos');
  if (lack === 'noise') throw new UserError('lr-oracle needs demonstrations recorded under process noise (--process-noise S > 0): deterministic data have no likelihood ratio', '--algos');
  const dyn = getDynamics(envId), spec = getEnvSpec(envId), k = d.obsDim, m = d.actionDim, N = d.terminals.length;
  const std = spec.processNoiseStd.map((v) => v * processNoise), n = std.length;
  const nominal = paramVector(spec, (d.meta.generator as { params?: Record<string, number> } | undefined)?.params ?? {});
  const params = perturbed.map((p) => paramVector(spec, p));
  const next = new Float64Array(n), f = new Float64Array(n), a = new Float64Array(m), out = { reward: 0, terminated: false };
  const predict = (p: Float64Array, into: Float64Array, i: number) => {
    conv.from(d.observations, i * k, f);
    for (let j = 0; j < m; j++) a[j] = d.actions[i * m + j];
    dyn.step(f, 0, p, 0, a, 0, out);
    into.set(f);
  };
  const r0 = new Float64Array(n), rp = new Float64Array(n), f0 = new Float64Array(n), fp = new Float64Array(n);
  return params.map((p) => {
    const lr = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      if (d.terminals[i]) continue;
      conv.from(d.nextObservations, i * k, next);
      predict(nominal, f0, i);
      predict(p, fp, i);
      for (let c = 0; c < n; c++) {
        const ang = conv.angles.includes(c);
        r0[c] = ang ? wrapAngle(next[c] - f0[c]) : next[c] - f0[c];
        rp[c] = ang ? wrapAngle(next[c] - fp[c]) : next[c] - fp[c];
      }
      lr[i] = gaussianLogRatio(r0, rp, std);
    }
    return lr;
  });
}

/** Reading A's candidates: K draws per transition from MBIL's fitted densities, with the model's labels and the expert's. */
export async function modelCandidates(
  envId: string, d: Dataset, config: Record<string, unknown>, K: number, seed: number, hooks: Pick<DensityFitOptions, 'shouldStop' | 'shouldPause' | 'onLog'> = {},
): Promise<{ model: KernelCandidates; expert: KernelCandidates }> {
  const fit = await fitMbilDensities(d, { ...config, fitTransitionForDiscrete: true, seed }, hooks, 'reading A densities');
  try {
    const { models, data: dd, normaliser: norm, action } = fit;
    const N = dd.numTransitions, k = dd.obsDim, mIn = dd.actionInDim, width = action.kind === 'discrete' ? 1 : action.dim;
    const rng = new Rng(seed).derive('reading-a/candidates');
    // Conditions [s, a] repeated K times (transition-major).
    const cond = new Float32Array(N * K * (k + mIn));
    for (let i = 0; i < N; i++) for (let j = 0; j < K; j++) {
      cond.set(dd.s.subarray(i * k, (i + 1) * k), (i * K + j) * (k + mIn));
      cond.set(dd.a.subarray(i * mIn, (i + 1) * mIn), (i * K + j) * (k + mIn) + k);
    }
    const rows = N * K;
    const { nextStd, labelModel } = tf.tidy(() => {
      const c = tf.tensor2d(cond, [rows, k + mIn]);
      if (action.kind === 'continuous') {
        const x = models.joint!.sample(rng, c).dataSync() as Float32Array; // [s', a'] in the policy's units
        const ns = new Float32Array(rows * k), la = new Float32Array(rows * width);
        for (let r = 0; r < rows; r++) { ns.set(x.subarray(r * (k + width), r * (k + width) + k), r * k); la.set(x.subarray(r * (k + width) + k, (r + 1) * (k + width)), r * width); }
        return { nextStd: ns, labelModel: la };
      }
      const ns = models.transition!.sample(rng, c).dataSync() as Float32Array;
      const q = models.classifier!.logProbs(tf.concat([c, tf.tensor2d(ns, [rows, k])], 1) as tf.Tensor2D);
      return { nextStd: ns, labelModel: Float32Array.from(tf.argMax(q, 1).dataSync()) };
    });
    // Back to raw units.
    const next = Float32Array.from(nextStd, (v, i) => v * norm.std[i % k] + norm.mean[i % k]);
    const model = action.kind === 'continuous'
      ? Float32Array.from(labelModel, (v, i) => { const j = i % width; return ((Math.max(-1, Math.min(1, v)) + 1) / 2) * (action.high[j] - action.low[j]) + action.low[j]; })
      : labelModel;
    const expert = Float32Array.from(expertActor(envId).act(next, rows));
    return { model: { K, next, labels: model }, expert: { K, next, labels: expert } };
  } finally {
    disposeDensities(fit.models);
  }
}

/**
 * B's mixture: every perturbed point of the evaluation's sweeps (factor != 1), at the parameter's default times
 * the factor (as the sweeps evaluate them). The bench's cells and the page's runs take their conditions from here.
 */
export function perturbedOfSweeps(envId: string, sweeps: SweepSpec[]): Record<string, number>[] {
  const spec = getEnvSpec(envId);
  return sweeps.flatMap((s) => s.factors.filter((f) => f !== 1).map((f) => ({ [s.param]: spec.params.find((p) => p.name === s.param)!.default * f })));
}

/** The process noise the demonstrations were recorded under (0 when the file does not say). */
export const processNoiseOf = (d: Dataset): number => Number((d.meta.generator as { processNoise?: number } | undefined)?.processNoise ?? 0);

/**
 * The ReadingInputs of an ensemble's members: methods in member order (bench names, each with its seed; default
 * opts.seed), the data, and what builds them. Reading A's densities are fitted once per seed of its members, from
 * that seed (a bench cell has one; a page run one per seed), so a member's inputs depend on its own seed only.
 */
export async function readingInputsFor(
  envId: string, d: Dataset, methods: { algo: string; seed?: number }[],
  opts: { processNoise: number; perturbed: Record<string, number>[]; mbil: Record<string, unknown>; seed: number; hooks?: Pick<DensityFitOptions, 'shouldStop' | 'shouldPause' | 'onLog'> },
): Promise<ReadingInputs> {
  const out: ReadingInputs = {};
  if (methods.some((m) => lrOracleOf(m.algo) !== null)) {
    if (opts.perturbed.length === 0) throw new UserError('lr-oracle weights the data toward the perturbed conditions of the sweeps: give --perturb', '--algos');
    const logR = simulatorLogRatios(envId, d, opts.processNoise, opts.perturbed);
    out.weights = methods.map((m) => { const H = lrOracleOf(m.algo); return H === null ? null : trajectoryWeights(d.episodeStarts, logR, H); });
  }
  if (methods.some((m) => isTiltedName(m.algo))) {
    const bySeed = new Map<number, { model: KernelCandidates; expert: KernelCandidates }>();
    for (const m of methods) {
      const seed = m.seed ?? opts.seed;
      if (isTiltedName(m.algo) && !bySeed.has(seed)) bySeed.set(seed, await modelCandidates(envId, d, opts.mbil, TILT_CANDIDATES, seed, opts.hooks));
    }
    out.candidates = methods.map((m) => {
      const c = bySeed.get(m.seed ?? opts.seed);
      return m.algo === 'tilted-model' || m.algo === 'augment-model' ? c!.model : m.algo === 'tilted-expert' ? c!.expert : null;
    });
  }
  return out;
}
