// q_hat(a' | s, a, s'): MBIL's model of the next action for discrete actions (ALGORITHMS.md 3.4, our
// choice). With P_hat(s', a' | s, a) = T_hat(s' | s, a) q_hat(a' | s, a, s') the balance residual's
// density ratio log P_hat - log T_hat is log q_hat exactly. A categorical MLP, fitted by cross-entropy
// with the same Gaussian input noise as the flows, then frozen.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { Mlp } from '../flows/mlp';
import { runFitLoop, type FitOptions, type FitPoint } from '../flows/fit';

export class ActionClassifier {
  readonly net: Mlp;
  constructor(readonly inDim: number, readonly numActions: number, hidden: number[], rng: Rng, leak = 0.01) {
    this.net = new Mlp({ inDim, hidden, outDim: numActions, leak, outputScale: 1 }, rng, 'classifier');
  }

  /** log q(a | x) for every action: [B, numActions]. x is already in the classifier's input units. */
  logProbs(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.logSoftmax(this.net.apply(x)) as tf.Tensor2D);
  }

  /** log q(a_i | x_i): [B]. */
  logProb(x: tf.Tensor2D, a: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => tf.sum(tf.mul(this.logProbs(x), tf.oneHot(tf.cast(a, 'int32'), this.numActions)), 1) as tf.Tensor1D);
  }

  variables(): tf.Variable[] { return this.net.variables(); }
  dispose(): void { this.net.dispose(); }
}

/** The classifier is fitted with the same options as a flow (minibatches, noise, schedule, logging). */
export type ClassifierFitOptions = FitOptions;

/** Fits q to n rows of inputs x (n x inDim) and integer labels a (n) by Adam on the cross-entropy. */
export async function fitClassifier(q: ActionClassifier, x: Float32Array, a: Int32Array, n: number, opts: ClassifierFitOptions): Promise<FitPoint[]> {
  const d = q.inDim, B = Math.min(opts.batchSize, n);
  if (n < 1) throw new Error('fitClassifier: no data');
  const evalN = Math.min(n, 8192);
  const evalNll = () => tf.tidy(() => -tf.mean(q.logProb(tf.tensor2d(x.subarray(0, evalN * d), [evalN, d]), tf.tensor1d(a.subarray(0, evalN), 'int32'))).dataSync()[0]);
  const xb = new Float32Array(B * d), ab = new Int32Array(B);
  return runFitLoop(opts, n, B, q.variables(), evalNll, 0, {
    fillBatch(rows) {
      for (let r = 0; r < B; r++) {
        const i = rows[r];
        xb.set(x.subarray(i * d, i * d + d), r * d);
        ab[r] = a[i];
      }
      if (opts.noise > 0) for (let i = 0; i < xb.length; i++) xb[i] += opts.noise * opts.rng.normal();
    },
    loss: () => tf.neg(tf.mean(q.logProb(tf.tensor2d(xb, [B, d]), tf.tensor1d(ab, 'int32')))) as tf.Scalar,
    diverged: (v, step) => `fitClassifier: the loss became ${v} at step ${step}`,
  });
}
