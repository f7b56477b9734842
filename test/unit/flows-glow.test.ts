// Conditional GLOW flows held to independent references: a float64 re-implementation of FrEIA's block
// equations (written here from the weights), central finite differences of that reference for the
// log-determinant, numerical integration of the density, and a closed-form conditional Gaussian.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/core/tf';
import { Rng } from '../../src/core/rng';
import { ConditionalFlow, defaultFlowConfig, type FlowConfig, type FlowWeights } from '../../src/core/flows/conditional-flow';
import { fitFlow, normalisationFromData } from '../../src/core/flows/fit';

beforeAll(async () => {
  // Registers every gradient too (a plain tfjs-core import registers none).
  await initBackend('wasm');
}, 60_000);

/** A flow with non-trivial random weights (last layers not zero) and a non-trivial standardisation. */
function randomFlow(cfg: Partial<FlowConfig> & { dim: number; condDim: number }, seed: number): ConditionalFlow {
  const rng = new Rng(seed);
  const flow = new ConditionalFlow({ ...defaultFlowConfig(cfg.dim, cfg.condDim), blocks: 3, hidden: [16, 16], outputScale: 0.7, ...cfg }, rng);
  const r = rng.derive('norm');
  flow.setNormalisation({
    xShift: Array.from({ length: cfg.dim }, () => r.uniform(-1, 1)),
    xScale: Array.from({ length: cfg.dim }, () => r.uniform(0.5, 2)),
    cShift: Array.from({ length: cfg.condDim }, () => r.uniform(-1, 1)),
    cScale: Array.from({ length: cfg.condDim }, () => r.uniform(0.5, 2)),
  });
  return flow;
}

// ---- float64 reference of the forward map, from the weights alone ----
function refMlp(w: FlowWeights, prefix: string, input: number[], leak: number): number[] {
  let h = input;
  for (let l = 0; ; l++) {
    const W = w[`${prefix}/${l}/W`];
    if (!W) break;
    const b = w[`${prefix}/${l}/b`].values;
    const [nin, nout] = W.shape;
    const out = b.slice();
    for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) out[o] += h[i] * W.values[i * nout + o];
    const last = !w[`${prefix}/${l + 1}/W`];
    h = last ? out : out.map((v) => (v >= 0 ? v : leak * v));
  }
  return h;
}

function refForward(flow: ConditionalFlow, w: FlowWeights, x: number[], c: number[]): number[] {
  const cfg = flow.config, norm = flow.normalisation;
  const D = cfg.dim, len1 = Math.ceil(D / 2), len2 = D - len1;
  let h = x.map((v, j) => (v - norm.xShift[j]) / norm.xScale[j]);
  let e = c.map((v, j) => (v - norm.cShift[j]) / norm.cScale[j]);
  if (cfg.condEmbedding && cfg.condDim > 0) e = refMlp(w, 'flow/embed', e, cfg.leak);
  const sc = (u: number) => cfg.clamp * 0.636 * Math.atan(u);
  for (let k = 0; k < cfg.blocks; k++) {
    const x1 = h.slice(0, len1), x2 = h.slice(len1);
    const a2 = refMlp(w, `flow/block${k}/subnet2`, [...x2, ...e], cfg.leak);
    const y1 = x1.map((v, i) => Math.exp(sc(a2[i])) * v + a2[len1 + i]);
    let y2: number[] = [];
    if (len2 > 0) {
      const a1 = refMlp(w, `flow/block${k}/subnet1`, [...y1, ...e], cfg.leak);
      y2 = x2.map((v, i) => Math.exp(sc(a1[i])) * v + a1[len2 + i]);
    }
    h = [...y1, ...y2];
    if (k < flow.perms.length) { const p = flow.perms[k]; h = Array.from(p, (src) => h[src]); }
  }
  return h;
}

/** log|det| of a square matrix (row-major) by Gaussian elimination with partial pivoting, float64. */
function logAbsDet(m: number[][]): number {
  const a = m.map((r) => r.slice()), n = a.length;
  let s = 0;
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[p][col])) p = r;
    [a[col], a[p]] = [a[p], a[col]];
    s += Math.log(Math.abs(a[col][col]));
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      for (let k = col; k < n; k++) a[r][k] -= f * a[col][k];
    }
  }
  return s;
}

function rows(rng: Rng, n: number, d: number, scale = 1): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => scale * rng.normal()));
}

const t2 = (r: number[][], d: number) => tf.tensor2d(r.flat(), [r.length, d]);

describe('GLOW coupling flow: forward map, inverse and log-determinant', () => {
  const cases: Array<Partial<FlowConfig> & { dim: number; condDim: number; label: string }> = [
    { label: 'dim 3, condition through the shared embedding', dim: 3, condDim: 2 },
    { label: 'dim 4, raw condition to every block, 4 blocks', dim: 4, condDim: 3, condEmbedding: null, blocks: 4 },
    { label: 'dim 1 (conditional affine blocks)', dim: 1, condDim: 2 },
    { label: 'dim 2, unconditional', dim: 2, condDim: 0 },
  ];

  for (const cs of cases) {
    it(`${cs.label}: matches the float64 reference, inverts to 1e-5, log-det equals finite differences`, () => {
      const flow = randomFlow(cs, 11);
      const w = flow.getWeights();
      const rng = new Rng(5);
      const n = 24, D = cs.dim, C = cs.condDim;
      const X = rows(rng, n, D, 1.5), Cc = rows(rng, n, C);
      const { z, logdet, back, zBack } = tf.tidy(() => {
        const xt = t2(X, D), ct = C > 0 ? t2(Cc, C) : null;
        const out = flow.forward(xt, ct);
        const inv = flow.inverse(out.z, ct);
        const zs = t2(rows(new Rng(9), n, D), D);
        const zRound = flow.forward(flow.inverse(zs, ct), ct).z;
        return {
          z: out.z.arraySync() as number[][], logdet: Array.from(out.logdet.dataSync()),
          back: inv.arraySync() as number[][],
          zBack: { orig: zs.arraySync() as number[][], round: zRound.arraySync() as number[][] },
        };
      });
      let maxInv = 0, maxZ = 0, maxLd = 0, maxRound = 0;
      for (let i = 0; i < n; i++) {
        const zr = refForward(flow, w, X[i], Cc[i]);
        for (let j = 0; j < D; j++) {
          maxZ = Math.max(maxZ, Math.abs(z[i][j] - zr[j]));
          maxInv = Math.max(maxInv, Math.abs(back[i][j] - X[i][j]));
          maxRound = Math.max(maxRound, Math.abs(zBack.round[i][j] - zBack.orig[i][j]));
        }
        // Central differences of the float64 reference: J[a][b] = dz_a / dx_b.
        const h = 1e-6;
        const J = Array.from({ length: D }, () => new Array<number>(D).fill(0));
        for (let b = 0; b < D; b++) {
          const xp = X[i].slice(), xm = X[i].slice();
          xp[b] += h; xm[b] -= h;
          const zp = refForward(flow, w, xp, Cc[i]), zm = refForward(flow, w, xm, Cc[i]);
          for (let a = 0; a < D; a++) J[a][b] = (zp[a] - zm[a]) / (2 * h);
        }
        maxLd = Math.max(maxLd, Math.abs(logdet[i] - logAbsDet(J)));
      }
      expect(maxZ).toBeLessThan(1e-4);
      expect(maxInv).toBeLessThan(1e-5);
      expect(maxRound).toBeLessThan(1e-5);
      expect(maxLd).toBeLessThan(1e-4);
      // The map is not trivially the identity: the weights do something.
      expect(Math.max(...logdet.map(Math.abs))).toBeGreaterThan(0.1);
      flow.dispose();
    });
  }

  it('refuses an unconditional 1-D flow, which would be a constant affine map', () => {
    expect(() => new ConditionalFlow(defaultFlowConfig(1, 0), new Rng(1))).toThrow(/1-D flow needs a condition/);
  });

  it('is deterministic from the seed and different for another seed', () => {
    const a = randomFlow({ dim: 3, condDim: 2 }, 3), b = randomFlow({ dim: 3, condDim: 2 }, 3), c = randomFlow({ dim: 3, condDim: 2 }, 4);
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.perms).toEqual(b.perms);
    expect(a.getWeights()).not.toEqual(c.getWeights());
    [a, b, c].forEach((f) => f.dispose());
  });
});

describe('GLOW coupling flow: the density is normalised', () => {
  it('integrates to 1 on a 1-D grid for a fixed condition', () => {
    const flow = randomFlow({ dim: 1, condDim: 2 }, 21);
    const G = 8001, lo = -40, hi = 40, dx = (hi - lo) / (G - 1);
    const grid = Float32Array.from({ length: G }, (_, i) => lo + i * dx);
    for (const cond of [[0.3, -1.2], [2, 0.5]]) {
      const lp = tf.tidy(() => flow.logProb(tf.tensor2d(grid, [G, 1]), tf.tile(tf.tensor2d([cond], [1, 2]), [G, 1])).dataSync());
      let mass = 0;
      for (let i = 0; i < G; i++) mass += Math.exp(lp[i]) * (i === 0 || i === G - 1 ? 0.5 : 1) * dx;
      expect(mass).toBeGreaterThan(0.995);
      expect(mass).toBeLessThan(1.005);
    }
    flow.dispose();
  });

  it('integrates to 1 on a 2-D grid for a fixed condition', () => {
    const flow = randomFlow({ dim: 2, condDim: 1, blocks: 3 }, 22);
    const G = 301, lo = -12, hi = 12, dx = (hi - lo) / (G - 1);
    const pts = new Float32Array(G * G * 2);
    for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) { pts[2 * (i * G + j)] = lo + i * dx; pts[2 * (i * G + j) + 1] = lo + j * dx; }
    const lp = tf.tidy(() => flow.logProb(tf.tensor2d(pts, [G * G, 2]), tf.fill([G * G, 1], 0.7) as tf.Tensor2D).dataSync());
    let mass = 0;
    for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) {
      const wgt = (i === 0 || i === G - 1 ? 0.5 : 1) * (j === 0 || j === G - 1 ? 0.5 : 1);
      mass += wgt * Math.exp(lp[i * G + j]) * dx * dx;
    }
    expect(mass).toBeGreaterThan(0.99);
    expect(mass).toBeLessThan(1.01);
    flow.dispose();
  });
});

describe('GLOW coupling flow: maximum likelihood', () => {
  // x | c ~ N(A c + b, L L^T) with c ~ N(0, I): the exact conditional log-density is known in closed form.
  const A = [[1.0, -0.5], [0.3, 0.8]], b = [2, -1], L = [[0.5, 0], [0.4, 0.3]];
  const mean = (c: number[]) => [0, 1].map((i) => A[i][0] * c[0] + A[i][1] * c[1] + b[i]);
  const logTrue = (x: number[], c: number[]) => {
    const m = mean(c);
    const u0 = (x[0] - m[0]) / L[0][0];
    const u1 = (x[1] - m[1] - L[1][0] * u0) / L[1][1];
    return -0.5 * (u0 * u0 + u1 * u1) - Math.log(2 * Math.PI) - Math.log(L[0][0] * L[1][1]);
  };
  const draw = (rng: Rng, n: number) => {
    const x = new Float32Array(2 * n), c = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const ci = [rng.normal(), rng.normal()], m = mean(ci), e0 = rng.normal(), e1 = rng.normal();
      c[2 * i] = ci[0]; c[2 * i + 1] = ci[1];
      x[2 * i] = m[0] + L[0][0] * e0;
      x[2 * i + 1] = m[1] + L[1][0] * e0 + L[1][1] * e1;
    }
    return { x, c };
  };

  it('fits a known conditional Gaussian: Monte-Carlo KL(p || p_hat) is small and the NLL curve falls', async () => {
    const n = 4000;
    const data = draw(new Rng(1), n);
    const flow = new ConditionalFlow({ ...defaultFlowConfig(2, 2), blocks: 2, hidden: [32], condEmbedding: null }, new Rng(12));
    flow.setNormalisation(normalisationFromData(data.x, data.c, n, 2, 2));
    const curve = await fitFlow(flow, data.x, data.c, n, { steps: 300, batchSize: 200, learningRate: 1e-2, finalLrFraction: 0.05, noise: 0, rng: new Rng(3), logEvery: 50 });
    expect(curve.length).toBe(6);
    expect(curve[curve.length - 1].dataNll).toBeLessThan(curve[0].dataNll);
    // KL(p || p_hat) = E_{c, x ~ p}[log p(x|c) - log p_hat(x|c)] on fresh draws.
    const m = 4000, test = draw(new Rng(99), m);
    const lp = tf.tidy(() => flow.logProb(tf.tensor2d(test.x, [m, 2]), tf.tensor2d(test.c, [m, 2])).dataSync());
    let kl = 0, entropy = 0;
    for (let i = 0; i < m; i++) {
      const xi = [test.x[2 * i], test.x[2 * i + 1]], ci = [test.c[2 * i], test.c[2 * i + 1]];
      kl += (logTrue(xi, ci) - lp[i]) / m;
      entropy -= logTrue(xi, ci) / m;
    }
    // The conditional entropy of p is log(2 pi e) + log det L = 0.94 nats; the fit is within a few hundredths.
    expect(entropy).toBeCloseTo(Math.log(2 * Math.PI * Math.E) + Math.log(0.15), 1);
    expect(kl).toBeLessThan(0.03);
    expect(kl).toBeGreaterThan(-0.03);
    // Samples from the fitted flow at one condition have the right mean and covariance.
    const cFix = [0.5, -1], S = 4000;
    const xs = tf.tidy(() => flow.sample(new Rng(7), tf.tile(tf.tensor2d([cFix]), [S, 1]) as tf.Tensor2D).arraySync() as number[][]);
    const mu = [0, 1].map((j) => xs.reduce((s, r) => s + r[j], 0) / S);
    const cov = (a: number, bb: number) => xs.reduce((s, r) => s + (r[a] - mu[a]) * (r[bb] - mu[bb]), 0) / S;
    const mTrue = mean(cFix);
    expect(Math.abs(mu[0] - mTrue[0])).toBeLessThan(0.06);
    expect(Math.abs(mu[1] - mTrue[1])).toBeLessThan(0.06);
    expect(cov(0, 0)).toBeCloseTo(0.25, 1);
    expect(cov(1, 0)).toBeCloseTo(0.2, 1);
    expect(cov(1, 1)).toBeCloseTo(0.25, 1);
    flow.dispose();
  });

  it('leaks no tensor: building, fitting, evaluating, sampling and disposing leaves the count unchanged', async () => {
    const before = tf.memory().numTensors;
    const data = draw(new Rng(4), 64);
    const flow = new ConditionalFlow({ ...defaultFlowConfig(2, 2), blocks: 2, hidden: [8] }, new Rng(5));
    flow.setNormalisation(normalisationFromData(data.x, data.c, 64, 2, 2));
    await fitFlow(flow, data.x, data.c, 64, { steps: 4, batchSize: 16, learningRate: 1e-3, noise: 0.05, rng: new Rng(6) });
    const during = tf.memory().numTensors;
    tf.tidy(() => { flow.logProb(tf.tensor2d(data.x, [64, 2]), tf.tensor2d(data.c, [64, 2])); });
    tf.tidy(() => { flow.sample(new Rng(1), tf.tensor2d(data.c, [64, 2])); });
    flow.setWeights(flow.getWeights());
    expect(tf.memory().numTensors).toBe(during);
    flow.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
