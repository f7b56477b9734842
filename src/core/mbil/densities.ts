// MBIL's density models (ALGORITHMS.md 3.4), fitted once by maximum likelihood with Gaussian noise on the
// standardised targets and conditions, then frozen:
//   T_hat(s' | s, a)         conditional flow over s', condition [s, a]
//   P_hat(s', a' | s, a)     continuous actions: conditional flow over [s', a'], condition [s, a]
//                            discrete actions: T_hat * q_hat(a' | s, a, s') with a classifier q_hat
// Everything is in the policy's units: observations standardised by the dataset's statistics, continuous
// actions scaled to [-1, 1], discrete actions one-hot in conditions. The flows standardise once more
// inside and add that Jacobian back, so their log-densities are in the policy's units, which is what makes
// log P_hat - log T_hat comparable with log pi_theta(a' | s').
//
// Because the densities are frozen and only ever evaluated on the data, the balance target
//   d_i = log P_hat(s'_i, a'_i | s_i, a_i) - log T_hat(s'_i | s_i, a_i)     (discrete: log q_hat(a'_i | s_i, a_i, s'_i))
// is computed once per pair; policy training then costs little more than BC.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { ConditionalFlow, defaultFlowConfig, type FlowConfig } from '../flows/conditional-flow';
import { fitFlow, normalisationFromData, type FitPoint } from '../flows/fit';
import { ActionClassifier, fitClassifier } from './classifier';
import { pairStarts } from './pairs';
import { gatherRows } from '../data/rows';

/** The data in the policy's units, with each transition's successor in its episode (-1: none). */
export interface DensityData {
  obsDim: number;
  /** Width of an action as a condition: numActions (one-hot) or the action dimension. */
  actionInDim: number;
  kind: 'discrete' | 'continuous';
  numTransitions: number;
  /** N x obsDim standardised observations. */
  s: Float32Array;
  /** N x actionInDim: one-hot (discrete) or scaled to [-1, 1] (continuous). */
  a: Float32Array;
  /** N x obsDim standardised next observations. */
  next: Float32Array;
  /** Discrete: the action indices (N). */
  actionIndex?: Int32Array;
  successor: Int32Array;
}

export interface DensitySettings {
  noise: number;
  flowBlocks: number;
  flowHidden: number[];
  conditionEmbeddingHidden: number[];
  conditionEmbeddingDim: number;
  classifierHidden: number[];
  steps: number;
  batchSize: number;
  learningRate: number;
  finalLrFraction: number;
  fitTransitionForDiscrete: boolean;
}

export type DensityModelName = 'transition' | 'joint' | 'classifier';

export interface DensityModels {
  /** T_hat(s' | s, a); null for discrete actions unless fitTransitionForDiscrete. */
  transition: ConditionalFlow | null;
  /** P_hat(s', a' | s, a) for continuous actions. */
  joint: ConditionalFlow | null;
  /** q_hat(a' | s, a, s') for discrete actions. */
  classifier: ActionClassifier | null;
  /** NLL curves of the pre-training (nats per sample). */
  curves: Partial<Record<DensityModelName, FitPoint[]>>;
}

export function disposeDensities(m: DensityModels): void {
  m.transition?.dispose();
  m.joint?.dispose();
  m.classifier?.dispose();
}

function rowsOf(src: Float32Array, width: number, idx: Int32Array | null, n: number): Float32Array {
  return idx ? gatherRows(src, width, idx) : src.slice(0, n * width);
}

/** Row-wise concatenation of two row-major blocks with the same number of rows. */
export function concatRows(a: Float32Array, wa: number, b: Float32Array, wb: number): Float32Array {
  const n = wa > 0 ? a.length / wa : b.length / wb;
  const out = new Float32Array(n * (wa + wb));
  for (let r = 0; r < n; r++) {
    out.set(a.subarray(r * wa, r * wa + wa), r * (wa + wb));
    out.set(b.subarray(r * wb, r * wb + wb), r * (wa + wb) + wa);
  }
  return out;
}

function flowConfig(dim: number, condDim: number, s: DensitySettings): FlowConfig {
  return {
    ...defaultFlowConfig(dim, condDim),
    blocks: s.flowBlocks,
    hidden: [...s.flowHidden],
    condEmbedding: s.conditionEmbeddingDim > 0 ? { hidden: [...s.conditionEmbeddingHidden], dim: s.conditionEmbeddingDim } : null,
  };
}

/** The per-pair inputs: conditions [s, a], next states s', next actions a' (pairs only). */
export function pairInputs(data: DensityData) {
  const pairs = pairStarts(data.successor);
  const k = data.obsDim, m = data.actionInDim;
  const cond = concatRows(rowsOf(data.s, k, pairs, 0), k, rowsOf(data.a, m, pairs, 0), m);
  const next = rowsOf(data.next, k, pairs, 0);
  const nextIdx = Int32Array.from(pairs, (i) => data.successor[i]);
  const nextAction = rowsOf(data.a, m, nextIdx, 0);
  const nextActionIndex = data.actionIndex ? Int32Array.from(nextIdx, (j) => data.actionIndex![j]) : undefined;
  return { pairs, cond, next, nextAction, nextActionIndex };
}

export interface FitDensitiesOptions {
  rng: Rng;
  onLog?: (model: DensityModelName, point: FitPoint) => void;
  shouldStop?: () => boolean;
  shouldPause?: () => boolean;
}

/** Fit T_hat and P_hat (or q_hat) to the data, in that order. */
export async function fitDensities(data: DensityData, settings: DensitySettings, opts: FitDensitiesOptions): Promise<DensityModels> {
  const k = data.obsDim, m = data.actionInDim, N = data.numTransitions;
  const models: DensityModels = { transition: null, joint: null, classifier: null, curves: {} };
  const p = pairInputs(data);
  if (p.pairs.length === 0) throw new Error('MBIL needs at least one pair of consecutive transitions in an episode');
  const common = (model: DensityModelName) => ({
    steps: settings.steps, batchSize: settings.batchSize, learningRate: settings.learningRate,
    finalLrFraction: settings.finalLrFraction, noise: settings.noise, shouldStop: opts.shouldStop, shouldPause: opts.shouldPause,
    onLog: (pt: FitPoint) => opts.onLog?.(model, pt),
  });
  try {
    if (data.kind === 'continuous' || settings.fitTransitionForDiscrete) {
      // T_hat is fitted on every transition (the last one of an episode has an s' too).
      const cond = concatRows(data.s, k, data.a, m);
      const flow = new ConditionalFlow(flowConfig(k, k + m, settings), opts.rng.derive('transition-init'));
      models.transition = flow;
      flow.setNormalisation(normalisationFromData(data.next, cond, N, k, k + m));
      models.curves.transition = await fitFlow(flow, data.next, cond, N, { ...common('transition'), rng: opts.rng.derive('transition-fit') });
    }
    if (data.kind === 'continuous') {
      const x = concatRows(p.next, k, p.nextAction, m);
      const flow = new ConditionalFlow(flowConfig(k + m, k + m, settings), opts.rng.derive('joint-init'));
      models.joint = flow;
      flow.setNormalisation(normalisationFromData(x, p.cond, p.pairs.length, k + m, k + m));
      models.curves.joint = await fitFlow(flow, x, p.cond, p.pairs.length, { ...common('joint'), rng: opts.rng.derive('joint-fit') });
    } else {
      const x = concatRows(p.cond, k + m, p.next, k);
      const q = new ActionClassifier(2 * k + m, m, [...settings.classifierHidden], opts.rng.derive('classifier-init'));
      models.classifier = q;
      models.curves.classifier = await fitClassifier(q, x, p.nextActionIndex!, p.pairs.length, { ...common('classifier'), rng: opts.rng.derive('classifier-fit') });
    }
  } catch (e) {
    disposeDensities(models);
    throw e;
  }
  return models;
}

/**
 * The frozen balance target per transition: d_i = log P_hat - log T_hat (continuous) or log q_hat
 * (discrete) at the pair starting at i; mask_i = 1 there, and d_i = mask_i = 0 where i has no successor.
 */
export function balanceTargets(models: DensityModels, data: DensityData, chunk = 4096): { target: Float32Array; mask: Float32Array } {
  const k = data.obsDim, m = data.actionInDim, N = data.numTransitions;
  const p = pairInputs(data);
  const target = new Float32Array(N), mask = new Float32Array(N);
  const P = p.pairs.length;
  for (let lo = 0; lo < P; lo += chunk) {
    const hi = Math.min(P, lo + chunk), n = hi - lo;
    const cond = p.cond.subarray(lo * (k + m), hi * (k + m));
    const next = p.next.subarray(lo * k, hi * k);
    const values = tf.tidy(() => {
      if (data.kind === 'continuous') {
        const c = tf.tensor2d(cond, [n, k + m]);
        const x = tf.tensor2d(concatRows(next, k, p.nextAction.subarray(lo * m, hi * m), m), [n, k + m]);
        const logP = models.joint!.logProb(x, c);
        const logT = models.transition!.logProb(tf.tensor2d(next, [n, k]), c);
        return tf.sub(logP, logT).dataSync() as Float32Array;
      }
      const x = tf.tensor2d(concatRows(cond, k + m, next, k), [n, 2 * k + m]);
      return models.classifier!.logProb(x, tf.tensor1d(p.nextActionIndex!.subarray(lo, hi), 'int32')).dataSync() as Float32Array;
    });
    for (let r = 0; r < n; r++) { target[p.pairs[lo + r]] = values[r]; mask[p.pairs[lo + r]] = 1; }
  }
  return { target, mask };
}
