// A small fully connected network for the flows' sub-networks and condition embedding.
// Weights are drawn from a seeded Rng (never a tfjs initialiser) so the same seed gives the same flow.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { memberDense } from '../algos/member-matmul';

export interface MlpSpec {
  inDim: number;
  hidden: number[];
  outDim: number;
  /** Negative slope of the LeakyReLU between layers (MBIL's paper: LeakyReLU sub-networks). */
  leak: number;
  /**
   * Scale of the last layer's Glorot draw. 0 makes the last layer zero, so a coupling block starts as
   * the identity map (the usual choice for flows: training starts from the base density).
   */
  outputScale: number;
}

export interface DenseLayer {
  /** A stable name for saving ('<net>/<layer>'); tfjs's own variable names are left unique per instance. */
  name: string;
  W: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/** Glorot-uniform weights, zero biases, all from `rng`. */
function seededDense(rng: Rng, fanIn: number, fanOut: number, scale: number, name: string): DenseLayer {
  const limit = Math.sqrt(6 / (fanIn + fanOut)) * scale;
  const w = new Float32Array(fanIn * fanOut);
  if (limit > 0) for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
  // tf.variable keeps its own reference to the data; the initial tensors are disposed by tidy.
  return tf.tidy(() => ({
    name,
    W: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true),
    b: tf.variable(tf.zeros([fanOut]) as tf.Tensor1D, true),
  }));
}

/**
 * x W + b through the trainer's dense op as an ensemble of one: on wasm its products and their gradients stay
 * on XNNPACK (tf.matMul's gradients are transposed products, which tfjs-backend-wasm runs as a naive loop).
 */
function dense(x: tf.Tensor2D, l: DenseLayer): tf.Tensor2D {
  const [R, K] = x.shape, O = l.W.shape[1];
  const z = memberDense(tf.reshape(x, [1, R, K]), tf.reshape(l.W, [1, K, O]), tf.reshape(l.b, [1, 1, O]));
  return tf.reshape(z, [R, O]);
}

export class Mlp {
  readonly spec: MlpSpec;
  readonly layers: DenseLayer[];

  constructor(spec: MlpSpec, rng: Rng, name: string) {
    if (spec.inDim < 1) throw new Error(`Mlp ${name}: input dimension must be >= 1, got ${spec.inDim}`);
    this.spec = spec;
    const sizes = [spec.inDim, ...spec.hidden, spec.outDim];
    this.layers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const last = l + 2 === sizes.length;
      this.layers.push(seededDense(rng, sizes[l], sizes[l + 1], last ? spec.outputScale : 1, `${name}/${l}`));
    }
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      this.layers.forEach((layer, l) => {
        h = dense(h, layer);
        if (l + 1 < this.layers.length) h = tf.leakyRelu(h, this.spec.leak);
      });
      return h;
    });
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.W, l.b]);
  }

  /** [stable name, variable] pairs. */
  namedVariables(): [string, tf.Variable][] {
    return this.layers.flatMap((l): [string, tf.Variable][] => [[`${l.name}/W`, l.W], [`${l.name}/b`, l.b]]);
  }

  dispose(): void {
    for (const l of this.layers) { l.W.dispose(); l.b.dispose(); }
  }
}
