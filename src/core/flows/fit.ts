// Maximum-likelihood fitting of a conditional flow, with Gaussian noise on the standardised targets and
// conditions as a regulariser for small data (MBIL, ALGORITHMS.md §3.4: sigma ~ 0.05).
// Gradients must be registered first: initBackend (src/core/tf.ts) does that on every platform.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { ConditionalFlow, FlowNormalisation } from './conditional-flow';
import { FlatAdam } from '../algos/adam';
import { waitWhilePaused } from '../pause';
import { gatherRows } from '../data/rows';

/** Per-column mean and std of a row-major n x d array; a std below 1e-6 becomes 1 (constant columns). */
export function columnStats(x: ArrayLike<number>, n: number, d: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float64Array(d), sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) { const v = x[i * d + j] - mean[j]; sq[j] += v * v; }
  const std = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(sq[j] / Math.max(1, n));
    std[j] = s < 1e-6 ? 1 : s;
  }
  return { mean: Float32Array.from(mean), std };
}

/** The flow's standardisation from data: x and c by their own means and stds. */
export function normalisationFromData(x: ArrayLike<number>, c: ArrayLike<number> | null, n: number, dim: number, condDim: number): FlowNormalisation {
  const sx = columnStats(x, n, dim);
  const out: FlowNormalisation = { xShift: sx.mean, xScale: sx.std };
  if (c && condDim > 0) {
    const sc = columnStats(c, n, condDim);
    out.cShift = sc.mean;
    out.cScale = sc.std;
  }
  return out;
}

export interface FitOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  /**
   * Cosine decay of the learning rate to this fraction of it at the last step (1 = constant). A decayed
   * rate lets the fit settle instead of wandering with the minibatch noise at the end.
   */
  finalLrFraction?: number;
  /** Std of the Gaussian noise added to standardised targets and conditions (0: none). */
  noise: number;
  /** Minibatch order and noise. */
  rng: Rng;
  /** Record the curve every this many steps (default steps / 50). */
  logEvery?: number;
  onLog?: (point: FitPoint) => void;
  shouldStop?: () => boolean;
  /** While this returns true, the fit waits between two steps (polled every 50 ms). */
  shouldPause?: () => boolean;
}

export interface FitPoint {
  step: number;
  /** Mean NLL of the noisy training batches since the last point (nats per sample, raw units). */
  trainNll: number;
  /** NLL of the clean data (up to 2048 fixed rows), nats per sample, raw units. */
  dataNll: number;
}

/** Hands control back to the event loop (a worker then sees its stop message). */
export const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Fits `flow` to n rows of x (n x dim) given c (n x condDim, or null) by Adam on the NLL. The flow's
 * normalisation must already be set (e.g. from normalisationFromData); noise is added after it.
 * Yields to the event loop at every logged point, so a worker can stop it.
 */
export async function fitFlow(flow: ConditionalFlow, x: Float32Array, c: Float32Array | null, n: number, opts: FitOptions): Promise<FitPoint[]> {
  const { dim, condDim } = flow.config;
  if (x.length !== n * dim) throw new Error(`fitFlow: x has ${x.length} values, expected ${n} x ${dim}`);
  if (condDim > 0 && (!c || c.length !== n * condDim)) throw new Error(`fitFlow: c must have ${n} x ${condDim} values`);
  if (n < 1) throw new Error('fitFlow: no data');
  const norm = flow.normalisation;
  const xn = new Float32Array(n * dim), cn = new Float32Array(n * condDim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) xn[i * dim + j] = (x[i * dim + j] - norm.xShift[j]) / norm.xScale[j];
    for (let j = 0; j < condDim; j++) cn[i * condDim + j] = (c![i * condDim + j] - norm.cShift[j]) / norm.cScale[j];
  }
  const B = Math.min(opts.batchSize, n);
  const logScale = flow.logScaleSum;
  // A fixed evaluation subset for the clean-data curve.
  const evalN = Math.min(n, 2048);
  const evalIdx = Int32Array.from({ length: evalN }, (_, i) => Math.floor((i * n) / evalN));
  const evalX = new Float32Array(evalN * dim), evalC = new Float32Array(evalN * condDim);
  gatherRows(xn, dim, evalIdx, evalX);
  gatherRows(cn, condDim, evalIdx, evalC);
  const evalNll = () => tf.tidy(() => {
    const lp = flow.logProbNormalised(tf.tensor2d(evalX, [evalN, dim]), condDim > 0 ? tf.tensor2d(evalC, [evalN, condDim]) : null);
    return -(tf.mean(lp).dataSync()[0]) + logScale;
  });

  const xb = new Float32Array(B * dim), cb = new Float32Array(B * condDim);
  return runFitLoop(opts, n, B, flow.variables(), evalNll, logScale, {
    fillBatch(order) {
      gatherRows(xn, dim, order, xb);
      gatherRows(cn, condDim, order, cb);
      if (opts.noise > 0) {
        for (let i = 0; i < xb.length; i++) xb[i] += opts.noise * opts.rng.normal();
        for (let i = 0; i < cb.length; i++) cb[i] += opts.noise * opts.rng.normal();
      }
    },
    loss: () => {
      const xt = tf.tensor2d(xb, [B, dim]);
      const ct = condDim > 0 ? tf.tensor2d(cb, [B, condDim]) : null;
      return tf.neg(tf.mean(flow.logProbNormalised(xt, ct))) as tf.Scalar;
    },
    diverged: (v, step) => `fitFlow: the NLL became ${v} at step ${step} (lower the learning rate)`,
  });
}

/** What one density fit supplies to the shared loop. */
export interface FitStep {
  /** Fill the minibatch buffers for these row indices (and draw the noise). */
  fillBatch(rows: Int32Array): void;
  /** The minibatch loss from those buffers (called inside the optimiser's tidy). */
  loss(): tf.Scalar;
  /** The error message when the loss stops being finite. */
  diverged(value: number, step: number): string;
}

/**
 * The loop every density fit shares: Adam with a cosine learning-rate schedule, epoch-shuffled minibatches
 * from opts.rng, the training loss averaged between logged points (plus `trainOffset`), the clean-data curve
 * from `evalNll`, and a yield to the event loop at each logged point, so a worker can stop it.
 */
export async function runFitLoop(opts: FitOptions, n: number, B: number, vars: tf.Variable[], evalNll: () => number, trainOffset: number, fit: FitStep): Promise<FitPoint[]> {
  const logEvery = Math.max(1, opts.logEvery ?? Math.floor(opts.steps / 50));
  // One flat Adam over every variable (~40 kernels a step instead of ~13 per variable: a flow has dozens).
  const optimizer = new FlatAdam(vars, opts.learningRate);
  const setLr = (v: number) => { optimizer.learningRate = v; };
  const lrEnd = opts.learningRate * (opts.finalLrFraction ?? 1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let cursor = n;
  const idx = new Int32Array(B);
  const curve: FitPoint[] = [];
  let acc = 0, accN = 0;
  try {
    for (let step = 1; step <= opts.steps; step++) {
      if (opts.shouldStop?.() || await waitWhilePaused(opts.shouldPause, opts.shouldStop)) break;
      const progress = opts.steps > 1 ? (step - 1) / (opts.steps - 1) : 1;
      setLr(lrEnd + 0.5 * (opts.learningRate - lrEnd) * (1 + Math.cos(Math.PI * progress)));
      for (let r = 0; r < B; r++) {
        if (cursor >= n) { opts.rng.shuffle(order); cursor = 0; }
        idx[r] = order[cursor++];
      }
      fit.fillBatch(idx);
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => fit.loss(), vars);
        optimizer.apply(vars.map((v) => grads[v.name] ?? tf.zerosLike(v)));
        return value;
      });
      const v = loss.dataSync()[0];
      loss.dispose();
      if (!Number.isFinite(v)) throw new Error(fit.diverged(v, step));
      acc += v; accN++;
      if (step % logEvery === 0 || step === opts.steps) {
        const point = { step, trainNll: acc / accN + trainOffset, dataNll: evalNll() };
        curve.push(point);
        opts.onLog?.(point);
        acc = 0; accN = 0;
        await yieldToEventLoop();
      }
    }
  } finally {
    optimizer.dispose();
  }
  return curve;
}
