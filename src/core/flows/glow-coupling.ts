// One GLOW affine coupling block with a condition, as FrEIA's GLOWCouplingBlock (coupling_layers.py):
//
//   x = [x1, x2]                       (x1: the first len1 = ceil(D/2) dims, x2: the rest)
//   a2 = subnet2([x2, c]);  s2 = clamp * 0.636 * atan(a2[:, :len1]);  t2 = a2[:, len1:]
//   y1 = exp(s2) * x1 + t2                                   logdet1 = sum s2
//   a1 = subnet1([y1, c]);  s1 = clamp * 0.636 * atan(a1[:, :len2]);  t1 = a1[:, len2:]
//   y2 = exp(s1) * x2 + t1                                   logdet2 = sum s1
//   output [y1, y2], logdet = logdet1 + logdet2
//
// The inverse runs the two half-updates backwards: x2 = (y2 - t1) exp(-s1), then x1 = (y1 - t2) exp(-s2).
//
// One-dimensional x (len2 = 0): the second half is empty, so the block is the conditional affine map
// y = exp(s(c)) x + t(c) with (s, t) = subnet2(c). A stack of them is an exact conditional Gaussian
// whose mean and scale are nonlinear in c (no auxiliary dimensions, so log p stays exact). This needs a
// condition; an unconditional 1-D flow is refused.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { Mlp } from './mlp';

export interface CouplingSpec {
  dim: number;
  /** Width of the condition each sub-network sees (0 = unconditional). */
  condDim: number;
  hidden: number[];
  leak: number;
  clamp: number;
  outputScale: number;
}

/** clamp * 0.636 * atan(u): FrEIA's "ATAN" soft clamp, |s| < clamp. */
export function softClamp(u: tf.Tensor, clamp: number): tf.Tensor {
  return tf.mul(tf.atan(u), clamp * 0.636);
}

function withCond(x: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
  if (c === null) return x;
  if (x.shape[1] === 0) return c;
  return tf.concat([x, c], 1);
}

export class GlowCoupling {
  readonly spec: CouplingSpec;
  readonly len1: number;
  readonly len2: number;
  /** subnet2: [x2, c] -> (s2, t2) for the first half. */
  readonly subnet2: Mlp;
  /** subnet1: [y1, c] -> (s1, t1) for the second half; null when the second half is empty (D = 1). */
  readonly subnet1: Mlp | null;

  constructor(spec: CouplingSpec, rng: Rng, name: string) {
    this.spec = spec;
    this.len1 = Math.ceil(spec.dim / 2);
    this.len2 = spec.dim - this.len1;
    if (this.len2 + spec.condDim < 1) {
      throw new Error(`GlowCoupling ${name}: a 1-D flow needs a condition (dim ${spec.dim}, condDim ${spec.condDim})`);
    }
    const sub = (inDim: number, outDim: number, n: string) =>
      new Mlp({ inDim, hidden: spec.hidden, outDim, leak: spec.leak, outputScale: spec.outputScale }, rng, n);
    this.subnet2 = sub(this.len2 + spec.condDim, 2 * this.len1, `${name}/subnet2`);
    this.subnet1 = this.len2 > 0 ? sub(this.len1 + spec.condDim, 2 * this.len2, `${name}/subnet1`) : null;
  }

  /** Scale and shift for a half of width n from a sub-network's output. */
  private st(net: Mlp, input: tf.Tensor2D, n: number): [tf.Tensor2D, tf.Tensor2D] {
    const a = net.apply(input);
    const s = softClamp(tf.slice(a, [0, 0], [-1, n]), this.spec.clamp) as tf.Tensor2D;
    const t = tf.slice(a, [0, n], [-1, n]);
    return [s, t];
  }

  /** x (B x D), c (B x condDim or null) -> y and the per-row log|det dy/dx| (B). */
  forward(x: tf.Tensor2D, c: tf.Tensor2D | null): { y: tf.Tensor2D; logdet: tf.Tensor1D } {
    return tf.tidy(() => {
      const x1 = tf.slice(x, [0, 0], [-1, this.len1]);
      const x2 = tf.slice(x, [0, this.len1], [-1, this.len2]);
      const [s2, t2] = this.st(this.subnet2, withCond(x2, c), this.len1);
      const y1 = tf.add(tf.mul(tf.exp(s2), x1), t2) as tf.Tensor2D;
      let logdet = tf.sum(s2, 1);
      if (this.subnet1 === null) return { y: y1, logdet: logdet as tf.Tensor1D };
      const [s1, t1] = this.st(this.subnet1, withCond(y1, c), this.len2);
      const y2 = tf.add(tf.mul(tf.exp(s1), x2), t1) as tf.Tensor2D;
      logdet = tf.add(logdet, tf.sum(s1, 1));
      return { y: tf.concat([y1, y2], 1) as tf.Tensor2D, logdet: logdet as tf.Tensor1D };
    });
  }

  /** The exact inverse of forward. */
  inverse(y: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
    return tf.tidy(() => {
      const y1 = tf.slice(y, [0, 0], [-1, this.len1]);
      let x2 = tf.slice(y, [0, this.len1], [-1, this.len2]);
      if (this.subnet1 !== null) {
        const [s1, t1] = this.st(this.subnet1, withCond(y1, c), this.len2);
        x2 = tf.mul(tf.sub(x2, t1), tf.exp(tf.neg(s1))) as tf.Tensor2D;
      }
      const [s2, t2] = this.st(this.subnet2, withCond(x2, c), this.len1);
      const x1 = tf.mul(tf.sub(y1, t2), tf.exp(tf.neg(s2))) as tf.Tensor2D;
      return this.len2 > 0 ? tf.concat([x1, x2], 1) : x1;
    });
  }

  variables(): tf.Variable[] {
    return this.namedVariables().map(([, v]) => v);
  }

  namedVariables(): [string, tf.Variable][] {
    return [...this.subnet2.namedVariables(), ...(this.subnet1 ? this.subnet1.namedVariables() : [])];
  }

  dispose(): void {
    this.subnet2.dispose();
    this.subnet1?.dispose();
  }
}
