// A conditional normalising flow p(x | c) (ALGORITHMS.md §3.4, MBIL's density models):
//
//   x  -> standardise (fixed shift/scale, log-det -sum log scale)
//      -> block_1 -> permute_1 -> block_2 -> ... -> block_K = z
//   log p(x | c) = log N(z; 0, I) + sum of the blocks' log-dets - sum log xScale
//
// Each block is a GLOW coupling block (glow-coupling.ts) whose two sub-networks see the condition.
// The condition is standardised too and, optionally, mapped once by a shared embedding network NN_c
// whose output is fed to every block (as in MBIL's paper). Between blocks sit fixed permutations drawn
// from the seeded Rng (FrEIA's PermuteRandom; log-det 0), applied as a product with a 0/1 matrix (exact,
// and unlike gather its gradient exists on every backend: wasm has no UnsortedSegmentSum).
// Sampling runs the whole map backwards.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import { GlowCoupling } from './glow-coupling';
import { Mlp } from './mlp';

export interface FlowConfig {
  /** Dimension of x. */
  dim: number;
  /** Dimension of the condition c (0 = unconditional; needs dim >= 2). */
  condDim: number;
  /** Number of coupling blocks (MBIL's paper: 16). */
  blocks: number;
  /** Hidden layer widths of every block's sub-networks (paper: [64, 64]). */
  hidden: number[];
  /** LeakyReLU negative slope. */
  leak: number;
  /** Scale clamp: s = clamp * 0.636 * atan(raw) (FrEIA default 2). */
  clamp: number;
  /** Shared condition embedding NN_c, or null to feed the standardised condition to every block. */
  condEmbedding: { hidden: number[]; dim: number } | null;
  /** Fixed random permutations between blocks. */
  permute: boolean;
  /** Scale of the sub-networks' last layer at initialisation (0: every block starts as the identity). */
  outputScale: number;
}

export const defaultFlowConfig = (dim: number, condDim: number): FlowConfig => ({
  dim,
  condDim,
  blocks: 8,
  hidden: [64, 64],
  leak: 0.01,
  clamp: 2,
  condEmbedding: condDim > 0 ? { hidden: [64], dim: 32 } : null,
  permute: true,
  outputScale: 0,
});

/** Fixed affine standardisation of x and c, carried with the flow (x' = (x - shift) / scale). */
export interface FlowNormalisation {
  xShift: ArrayLike<number>;
  xScale: ArrayLike<number>;
  cShift?: ArrayLike<number>;
  cScale?: ArrayLike<number>;
}

/** Named weights, for saving and for independent reference computations in tests. */
export interface FlowWeights {
  [name: string]: { shape: number[]; values: number[] };
}

const LOG_2PI = Math.log(2 * Math.PI);

export class ConditionalFlow {
  readonly config: FlowConfig;
  readonly blocks: GlowCoupling[];
  /** perms[k] is applied after block k (k < blocks - 1): out[:, j] = in[:, perms[k][j]]. */
  readonly perms: Int32Array[];
  readonly embedding: Mlp | null;
  private xShift: Float32Array;
  private xScale: Float32Array;
  private cShift: Float32Array;
  private cScale: Float32Array;
  /** x P_k permutes the columns as perms[k]; x P_k^T undoes it. */
  private permMat: tf.Tensor2D[];
  private permInvMat: tf.Tensor2D[];

  constructor(config: FlowConfig, rng: Rng) {
    if (!(config.dim >= 1)) throw new Error(`ConditionalFlow: dim must be >= 1, got ${config.dim}`);
    if (!(config.blocks >= 1)) throw new Error(`ConditionalFlow: blocks must be >= 1, got ${config.blocks}`);
    this.config = config;
    const blockCond = config.condDim === 0 ? 0 : config.condEmbedding ? config.condEmbedding.dim : config.condDim;
    this.embedding = config.condDim > 0 && config.condEmbedding
      ? new Mlp({ inDim: config.condDim, hidden: config.condEmbedding.hidden, outDim: config.condEmbedding.dim, leak: config.leak, outputScale: 1 }, rng.derive('embedding'), 'flow/embed')
      : null;
    this.blocks = [];
    this.perms = [];
    const permRng = rng.derive('permutations');
    for (let k = 0; k < config.blocks; k++) {
      this.blocks.push(new GlowCoupling({
        dim: config.dim, condDim: blockCond, hidden: config.hidden, leak: config.leak,
        clamp: config.clamp, outputScale: config.outputScale,
      }, rng.derive(`block${k}`), `flow/block${k}`));
      if (k + 1 < config.blocks) {
        const p = Int32Array.from({ length: config.dim }, (_, j) => j);
        if (config.permute) permRng.shuffle(p);
        this.perms.push(p);
      }
    }
    const D = config.dim;
    const matrices = this.perms.map((p) => {
      const m = new Float32Array(D * D);
      p.forEach((src, j) => { m[src * D + j] = 1; });
      return m;
    });
    this.permMat = matrices.map((m) => tf.tensor2d(m, [D, D]));
    this.permInvMat = matrices.map((m) => tf.tidy(() => tf.transpose(tf.tensor2d(m, [D, D])) as tf.Tensor2D));
    this.xShift = new Float32Array(config.dim);
    this.xScale = new Float32Array(config.dim).fill(1);
    this.cShift = new Float32Array(config.condDim);
    this.cScale = new Float32Array(config.condDim).fill(1);
  }

  setNormalisation(n: FlowNormalisation): void {
    const check = (a: ArrayLike<number> | undefined, len: number, what: string) => {
      if (a && a.length !== len) throw new Error(`ConditionalFlow: ${what} has length ${a.length}, expected ${len}`);
    };
    check(n.xShift, this.config.dim, 'xShift'); check(n.xScale, this.config.dim, 'xScale');
    check(n.cShift, this.config.condDim, 'cShift'); check(n.cScale, this.config.condDim, 'cScale');
    this.xShift = Float32Array.from(n.xShift);
    this.xScale = Float32Array.from(n.xScale);
    if (n.cShift) this.cShift = Float32Array.from(n.cShift);
    if (n.cScale) this.cScale = Float32Array.from(n.cScale);
  }

  get normalisation(): Required<FlowNormalisation> {
    return { xShift: this.xShift, xScale: this.xScale, cShift: this.cShift, cScale: this.cScale };
  }

  /** sum_j log xScale_j: the standardisation's contribution to -log-det. */
  get logScaleSum(): number {
    let s = 0;
    for (const v of this.xScale) s += Math.log(v);
    return s;
  }

  normaliseX(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d(this.xShift)), tf.tensor1d(this.xScale)));
  }

  normaliseC(c: tf.Tensor2D | null): tf.Tensor2D | null {
    if (this.config.condDim === 0 || c === null) return null;
    return tf.tidy(() => tf.div(tf.sub(c, tf.tensor1d(this.cShift)), tf.tensor1d(this.cScale)));
  }

  /** The condition as every block sees it (embedded when there is an embedding). */
  private blockCondition(cn: tf.Tensor2D | null): tf.Tensor2D | null {
    if (cn === null) return null;
    return this.embedding ? this.embedding.apply(cn) : cn;
  }

  private checkCond(c: tf.Tensor2D | null, rows: number): void {
    if (this.config.condDim === 0) return;
    if (c === null) throw new Error('ConditionalFlow: this flow needs a condition');
    if (c.shape[1] !== this.config.condDim || c.shape[0] !== rows) {
      throw new Error(`ConditionalFlow: condition has shape [${c.shape}], expected [${rows}, ${this.config.condDim}]`);
    }
  }

  /** Standardised x and c -> z and the flow's log-det (without the standardisation's). */
  forwardNormalised(xn: tf.Tensor2D, cn: tf.Tensor2D | null): { z: tf.Tensor2D; logdet: tf.Tensor1D } {
    return tf.tidy(() => {
      const e = this.blockCondition(cn);
      let h = xn;
      let logdet: tf.Tensor1D = tf.zeros([xn.shape[0]]);
      this.blocks.forEach((block, k) => {
        const out = block.forward(h, e);
        h = out.y;
        logdet = tf.add(logdet, out.logdet);
        if (k < this.permMat.length) h = tf.matMul(h, this.permMat[k]);
      });
      return { z: h, logdet };
    });
  }

  /** log p(x | c) for standardised inputs, in standardised units (no -sum log xScale). */
  logProbNormalised(xn: tf.Tensor2D, cn: tf.Tensor2D | null): tf.Tensor1D {
    return tf.tidy(() => {
      const { z, logdet } = this.forwardNormalised(xn, cn);
      const base = tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), 0.5 * this.config.dim * LOG_2PI);
      return tf.add(base, logdet);
    });
  }

  /** x (B x dim), c (B x condDim; null when unconditional) -> z and log|det dz/dx| (standardisation included). */
  forward(x: tf.Tensor2D, c: tf.Tensor2D | null): { z: tf.Tensor2D; logdet: tf.Tensor1D } {
    this.checkCond(c, x.shape[0]);
    return tf.tidy(() => {
      const out = this.forwardNormalised(this.normaliseX(x), this.normaliseC(c));
      return { z: out.z, logdet: tf.sub(out.logdet, this.logScaleSum) };
    });
  }

  /** Exact log-density log p(x | c) per row (B). */
  logProb(x: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor1D {
    this.checkCond(c, x.shape[0]);
    return tf.tidy(() => tf.sub(this.logProbNormalised(this.normaliseX(x), this.normaliseC(c)), this.logScaleSum));
  }

  /** The inverse map: z -> x (raw units). */
  inverse(z: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
    this.checkCond(c, z.shape[0]);
    return tf.tidy(() => {
      const e = this.blockCondition(this.normaliseC(c));
      let h = z;
      for (let k = this.blocks.length - 1; k >= 0; k--) {
        if (k < this.permInvMat.length) h = tf.matMul(h, this.permInvMat[k]);
        h = this.blocks[k].inverse(h, e);
      }
      return tf.add(tf.mul(h, tf.tensor1d(this.xScale)), tf.tensor1d(this.xShift));
    });
  }

  /** n samples x ~ p(. | c_i), one per row of c (or n unconditional samples). z comes from `rng`. */
  sample(rng: Rng, c: tf.Tensor2D | null, n = c ? c.shape[0] : 1): tf.Tensor2D {
    const z = new Float32Array(n * this.config.dim);
    for (let i = 0; i < z.length; i++) z[i] = rng.normal();
    return tf.tidy(() => this.inverse(tf.tensor2d(z, [n, this.config.dim]), c));
  }

  variables(): tf.Variable[] {
    return this.namedVariables().map(([, v]) => v);
  }

  /** [stable name, variable] pairs: 'flow/embed/<layer>/W', 'flow/block<k>/subnet<1|2>/<layer>/b', ... */
  namedVariables(): [string, tf.Variable][] {
    return [...(this.embedding ? this.embedding.namedVariables() : []), ...this.blocks.flatMap((b) => b.namedVariables())];
  }

  /** A copy of every weight by name. */
  getWeights(): FlowWeights {
    const out: FlowWeights = {};
    for (const [name, v] of this.namedVariables()) out[name] = { shape: v.shape.slice(), values: Array.from(v.dataSync()) };
    return out;
  }

  setWeights(w: FlowWeights): void {
    for (const [name, v] of this.namedVariables()) {
      const src = w[name];
      if (!src) throw new Error(`ConditionalFlow.setWeights: missing weight '${name}'`);
      if (src.shape.join(',') !== v.shape.join(',')) {
        throw new Error(`ConditionalFlow.setWeights: '${name}' has shape [${src.shape}], expected [${v.shape}]`);
      }
      tf.tidy(() => v.assign(tf.tensor(src.values, v.shape as number[])));
    }
  }

  dispose(): void {
    this.embedding?.dispose();
    for (const b of this.blocks) b.dispose();
    for (const t of [...this.permMat, ...this.permInvMat]) t.dispose();
  }
}
