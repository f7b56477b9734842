// The policy (ALGORITHMS.md 2) without its training loss (policy.ts) and without tfjs, so that the page can
// read policy files without loading TensorFlow.js: an MLP over standardised observations; discrete actions are a categorical
// over logits (loss: NLL), continuous actions a Gaussian with a learned state-independent log-std (loss:
// Gaussian NLL, or MSE), in actions scaled to [-1, 1] by the environment's bounds. Acting is deterministic:
// argmax, or the mean clipped to the bounds; a file marked `action.squash: 'tanh'` (a SAC actor's mean, the MuJoCo
// demonstrators: bench/mujoco-sac.py --export) squashes it instead, a = tanh(output) scaled to the bounds. Trained
// policies travel as versioned JSON; `loadPolicy` validates one and returns an Actor whose forward pass is plain
// TypeScript (no tfjs).
import { z } from 'zod';
import { UserError } from '../errors';
import type { Actor } from '../policy';
import type { Dataset } from '../data/dataset';
import { STD_FLOOR } from './defaults';
import { fastTanh, prepareForward, type HostLayer } from './plain-mlp';

export type PolicyAction =
  | { kind: 'discrete'; n: number }
  | { kind: 'continuous'; dim: number; low: number[]; high: number[]; squash?: 'tanh' };

export interface Normaliser { mean: Float32Array; std: Float32Array }

/** Observation mean and std of the dataset (float64 sums); std < STD_FLOOR (constant dimension) becomes 1. */
export function observationStats(d: Dataset): Normaliser {
  const n = d.terminals.length, k = d.obsDim;
  const sum = new Float64Array(k), sq = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sum[j] += d.observations[i * k + j];
  for (let j = 0; j < k; j++) sum[j] /= Math.max(n, 1);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) { const c = d.observations[i * k + j] - sum[j]; sq[j] += c * c; }
  const mean = new Float32Array(k), std = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    mean[j] = sum[j];
    const s = Math.sqrt(sq[j] / Math.max(n, 1));
    std[j] = s < STD_FLOOR ? 1 : s;
  }
  return { mean, std };
}

export function normaliseObservations(obs: Float32Array | Float64Array, norm: Normaliser): Float32Array {
  const k = norm.mean.length, out = new Float32Array(obs.length);
  for (let i = 0; i < obs.length; i++) out[i] = (obs[i] - norm.mean[i % k]) / norm.std[i % k];
  return out;
}

/** Continuous actions to [-1, 1] by the bounds: 2 (a - low) / (high - low) - 1. */
export function scaleActions(actions: Float32Array, low: number[], high: number[]): Float32Array {
  const m = low.length, out = new Float32Array(actions.length);
  for (let i = 0; i < actions.length; i++) { const j = i % m; out[i] = (2 * (actions[i] - low[j])) / (high[j] - low[j]) - 1; }
  return out;
}

/** Number of network outputs for an action space. */
export function policyOutputDim(action: PolicyAction): number {
  return action.kind === 'discrete' ? action.n : action.dim;
}

// ---------------------------------------------------------------------------------------------------------
// Serialisation

export const POLICY_FORMAT = 'droil-policy';
export const POLICY_VERSION = 1;

const finiteArray = z.array(z.number().refine(Number.isFinite, 'must be a finite number'));

const policySchema = z.object({
  format: z.literal(POLICY_FORMAT),
  version: z.literal(POLICY_VERSION),
  envId: z.string().optional(),
  obsDim: z.number().int().positive(),
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('discrete'), n: z.number().int().min(2) }),
    z.object({ kind: z.literal('continuous'), dim: z.number().int().positive(), low: finiteArray, high: finiteArray, squash: z.literal('tanh').optional() }),
  ]),
  architecture: z.object({ hidden: z.array(z.number().int().positive()), activation: z.literal('tanh') }),
  layers: z.array(z.object({ W: finiteArray, b: finiteArray })).min(1),
  logStd: finiteArray.optional(),
  normaliser: z.object({ mean: finiteArray, std: finiteArray }),
  algorithm: z.record(z.string(), z.unknown()),
  training: z.record(z.string(), z.unknown()).optional(),
});

export type PolicyJson = z.infer<typeof policySchema>;

export function policyToJson(p: {
  envId?: string; obsDim: number; action: PolicyAction; hidden: number[]; layers: HostLayer[]; logStd?: Float32Array;
  normaliser: Normaliser; algorithm: Record<string, unknown>; training?: Record<string, unknown>;
}): PolicyJson {
  return {
    format: POLICY_FORMAT, version: POLICY_VERSION, envId: p.envId, obsDim: p.obsDim, action: p.action,
    architecture: { hidden: [...p.hidden], activation: 'tanh' },
    layers: p.layers.map((l) => ({ W: Array.from(l.W), b: Array.from(l.b) })),
    ...(p.logStd ? { logStd: Array.from(p.logStd) } : {}),
    normaliser: { mean: Array.from(p.normaliser.mean), std: Array.from(p.normaliser.std) },
    algorithm: p.algorithm, training: p.training,
  };
}

export interface LoadedPolicy extends Actor {
  json: PolicyJson;
  /** Raw network outputs (logits, or the mean in [-1, 1] units) for n observations. */
  outputs(obs: Float32Array | Float64Array, n: number): Float64Array;
}

/** Validate a policy file (text or parsed JSON) and build its plain-TypeScript Actor. */
export function loadPolicy(input: unknown, where = 'policy'): LoadedPolicy {
  let raw = input;
  if (typeof input === 'string') {
    try { raw = JSON.parse(input); } catch (e) { throw new UserError(`not valid JSON (${(e as Error).message})`, where); }
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`field '${issue.path.join('.') || '(top level)'}': ${issue.message}`, where);
  }
  const json = parsed.data;
  const outDim = json.action.kind === 'discrete' ? json.action.n : json.action.dim;
  const sizes = [json.obsDim, ...json.architecture.hidden, outDim];
  if (json.layers.length !== sizes.length - 1) throw new UserError(`field 'layers': expected ${sizes.length - 1} layers for hidden sizes [${json.architecture.hidden}], found ${json.layers.length}`, where);
  const layers: HostLayer[] = json.layers.map((l, j) => {
    const inDim = sizes[j], o = sizes[j + 1];
    if (l.W.length !== inDim * o) throw new UserError(`field 'layers.${j}.W': expected ${inDim * o} numbers (${inDim} x ${o}), found ${l.W.length}`, where);
    if (l.b.length !== o) throw new UserError(`field 'layers.${j}.b': expected ${o} numbers, found ${l.b.length}`, where);
    return { W: Float32Array.from(l.W), b: Float32Array.from(l.b), inDim, outDim: o };
  });
  for (const key of ['mean', 'std'] as const) {
    if (json.normaliser[key].length !== json.obsDim) throw new UserError(`field 'normaliser.${key}': expected ${json.obsDim} numbers, found ${json.normaliser[key].length}`, where);
  }
  if (json.normaliser.std.some((s) => !(s > 0))) throw new UserError(`field 'normaliser.std': every std must be > 0`, where);
  const action = json.action;
  if (action.kind === 'continuous') {
    if (action.low.length !== action.dim || action.high.length !== action.dim) throw new UserError(`field 'action': low and high need ${action.dim} numbers each`, where);
    if (action.low.some((lo, j) => !(action.high[j] > lo))) throw new UserError(`field 'action': every high must exceed its low`, where);
  }
  const mean = Float64Array.from(json.normaliser.mean), std = Float64Array.from(json.normaliser.std);
  const k = json.obsDim;
  const forward = prepareForward(layers);

  const outputs = (obs: Float32Array | Float64Array, n: number): Float64Array => {
    if (obs.length < n * k) throw new Error(`policy.act: expected ${n} x ${k} observations, got ${obs.length} numbers`);
    const x = new Float64Array(n * k);
    // Standardise in float32 like the training pipeline does, so argmax ties break the same way.
    for (let i = 0; i < n * k; i++) x[i] = Math.fround((obs[i] - mean[i % k]) / std[i % k]);
    return forward(x, n);
  };

  const act = (obs: Float32Array | Float64Array, n: number): Float64Array => {
    const out = outputs(obs, n);
    if (action.kind === 'discrete') {
      const a = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let j = 1; j < action.n; j++) if (out[r * action.n + j] > out[r * action.n + best]) best = j;
        a[r] = best;
      }
      return a;
    }
    const m = action.dim, a = new Float64Array(n * m);
    if (action.squash === 'tanh') {
      // mid + half t: exactly t on [-1, 1] bounds, where the demonstrators act
      for (let i = 0; i < n * m; i++) {
        const j = i % m, half = (action.high[j] - action.low[j]) / 2;
        a[i] = action.low[j] + half + half * fastTanh(out[i]);
      }
      return a;
    }
    for (let i = 0; i < n * m; i++) {
      const j = i % m, lo = action.low[j], hi = action.high[j];
      const v = lo + ((out[i] + 1) / 2) * (hi - lo);
      a[i] = Math.min(hi, Math.max(lo, v));
    }
    return a;
  };

  return {
    json, outputs, act,
    obsDim: k,
    actionKind: action.kind,
    actionDim: action.kind === 'discrete' ? 1 : action.dim,
  };
}
