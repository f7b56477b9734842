// Readings A and B of ALGORITHMS.md 3.5 (src/core/algos/tilted-kernel.ts, likelihood-ratio.ts), held to
// independent references:
//  A: the tilt's value sum_k q_k l_k equals the Donsker-Varadhan dual min_beta beta rho + beta log mean_k exp(l_k / beta)
//     (found here by a 1-d search), KL(q || uniform) = rho, and the gradient the policy follows (q fixed) equals the
//     finite difference of that robust value (Danskin).
//  B: trajectory likelihood-ratio weights on nominal Gaussian random walks reproduce the closed-form mean position
//     under a shifted drift, and a truncated product (H) the shift of the last H steps.
//  Trainer: a fixed-weights member with weights 2/0 trains as BC on the data with the weighted transitions repeated;
//     a tilted-kernel member with one candidate per transition trains as BC on the data plus the candidates (the
//     same observations in both, so the same normaliser; a comparison shows the weights / candidates matter).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { tiltedTerm, tiltedWeights } from '../../src/core/algos/tilted-kernel';
import { gaussianLogRatio, trajectoryWeights } from '../../src/core/algos/likelihood-ratio';
import { Rng } from '../../src/core/rng';
import type { Dataset } from '../../src/core/data/dataset';
import { syntheticDataset } from './fixtures/synthetic-dataset';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const solve = { grid: 16, rounds: 6 };

/** The dual of sup_{KL(q||u) <= rho} E_q[l]: min over beta of beta rho + beta log mean exp(l / beta), by golden-section search in log beta. */
function dualValue(l: number[], rho: number): number {
  const mx = Math.max(...l);
  const g = (lb: number) => { const b = Math.exp(lb); return b * rho + mx + b * Math.log(l.reduce((a, x) => a + Math.exp((x - mx) / b), 0) / l.length); };
  let lo = -12, hi = 8;
  const r = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 200; it++) {
    const a = hi - r * (hi - lo), b = lo + r * (hi - lo);
    if (g(a) < g(b)) hi = b; else lo = a;
  }
  return g(0.5 * (lo + hi));
}

describe('reading A: the tilt over K model next states', () => {
  const rng = new Rng(11), K = 7, groups = 5;
  const losses = Array.from({ length: groups * K }, () => 0.5 + rng.normal() ** 2);
  const rhos = [0.05, 0.3, 0.8];

  it('reaches KL = rho and the dual value in every group', () => {
    for (const rho of rhos) {
      const w = tf.tidy(() => tiltedWeights(tf.tensor2d(losses, [1, groups * K]), K, tf.tensor2d([[rho]]), 1e-4, solve).dataSync());
      for (let g = 0; g < groups; g++) {
        const wg = Array.from(w.slice(g * K, (g + 1) * K)), lg = losses.slice(g * K, (g + 1) * K);
        expect(wg.reduce((a, b) => a + b, 0) / K).toBeCloseTo(1, 5);
        const kl = wg.reduce((a, x) => a + x * Math.log(x), 0) / K;
        expect(kl).toBeCloseTo(rho, 3);
        const value = wg.reduce((a, x, k) => a + x * lg[k], 0) / K;
        expect(value).toBeCloseTo(dualValue(lg, rho), 3);
      }
    }
  });

  it('rho = 0 is plain augmentation (uniform weights)', () => {
    const w = tf.tidy(() => tiltedWeights(tf.tensor2d(losses, [1, groups * K]), K, tf.tensor2d([[0]]), 1e-4, solve).dataSync());
    for (const x of w) expect(x).toBe(1);
  });

  it("the policy's gradient (tilt held fixed) is the finite difference of the robust value", () => {
    // l_k(theta) = (theta - x_k)^2 for one group; V(theta) = sup_q E_q[l(theta)] by the independent dual.
    const x = [-1.2, -0.3, 0.1, 0.7, 1.9], rho = 0.4, theta = 0.35, h = 1e-3;
    const V = (t: number) => dualValue(x.map((v) => (t - v) ** 2), rho);
    const fd = (V(theta + h) - V(theta - h)) / (2 * h);
    const grad = tf.tidy(() => {
      const th = tf.scalar(theta);
      const lossOf = (t: tf.Tensor) => tf.reshape(tf.square(tf.sub(t, tf.tensor1d(x))), [1, x.length]) as tf.Tensor2D;
      const w = tiltedWeights(lossOf(th), x.length, tf.tensor2d([[rho]]), 1e-4, solve);
      // tiltedTerm averages over the group: mean_k w_k l_k = sum_k q_k l_k.
      return tf.grad((t: tf.Tensor) => tiltedTerm(lossOf(t), w, tf.tensor2d([[1]])))(th).dataSync()[0];
    });
    expect(grad).toBeCloseTo(fd, 3);
  });
});

describe('reading B: trajectory likelihood-ratio weights', () => {
  // Nominal: s_{t+1} = s_t + sigma eps (drift 0). Perturbed kernel: drift delta. E_perturbed[s_T] = s_0 + T delta.
  const E = 4000, L = 6, sigma = 0.5, delta = 0.2;
  const rng = new Rng(3);
  const s = new Float64Array(E * (L + 1)), starts = Array.from({ length: E + 1 }, (_, e) => e * L);
  const logR = new Float64Array(E * L);
  for (let e = 0; e < E; e++) {
    for (let t = 0; t < L; t++) {
      const cur = s[e * (L + 1) + t], nxt = cur + sigma * rng.normal();
      s[e * (L + 1) + t + 1] = nxt;
      logR[e * L + t] = gaussianLogRatio([nxt - cur], [nxt - cur - delta], [sigma]);
    }
  }
  // Transition t's state is s_t (its weight comes from the steps before it).
  const weightedMean = (w: Float32Array, f: (e: number, t: number) => number) => {
    let num = 0, den = 0;
    for (let e = 0; e < E; e++) for (let t = 0; t < L; t++) { num += w[e * L + t] * f(e, t); den += w[e * L + t]; }
    return num / den;
  };

  it('H = 0 (from the start): the weighted mean position at time t is t delta', () => {
    const w = trajectoryWeights(starts, [logR], 0);
    expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 5);
    for (const T of [2, 5]) {
      // Monte Carlo: the standard error of the self-normalised estimate is about sigma sqrt(T) / sqrt(E) x the weights' spread.
      const est = weightedMean(w, (e, t) => (t === T ? s[e * (L + 1) + t] : 0)) * L; // only t = T contributes
      expect(Math.abs(est - T * delta)).toBeLessThan(0.06 * T);
    }
  });

  it('H = 2: the weights see only the last two steps, so the shift since t - 2 is 2 delta and the one before is 0', () => {
    const w = trajectoryWeights(starts, [logR], 2);
    const T = 5, onlyT = (f: (e: number) => number) => weightedMean(w, (e, t) => (t === T ? f(e) : 0)) * L;
    expect(Math.abs(onlyT((e) => s[e * (L + 1) + T] - s[e * (L + 1) + T - 2]) - 2 * delta)).toBeLessThan(0.08);
    expect(Math.abs(onlyT((e) => s[e * (L + 1) + T - 2]))).toBeLessThan(0.08);
  });

  it('a mixture of kernels is the mean of their products, self-normalised', () => {
    const zero = new Float64Array(E * L);
    const w = trajectoryWeights(starts, [logR, zero], 0);
    // Independently: the raw product from the episode's start for each kernel (the nominal one's is 1), averaged.
    const raw = Float64Array.from({ length: E * L }, (_, i) => {
      const e = Math.floor(i / L), t = i % L;
      let sum = 0;
      for (let k = 0; k < t; k++) sum += logR[e * L + k];
      return (Math.exp(sum) + 1) / 2;
    });
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    for (const i of [0, 17, 333, 9000, 23999]) expect(w[i]).toBeCloseTo(raw[i] / mean, 4);
  });
});

describe('the trainer entry points of readings A and B', () => {
  const base = syntheticDataset('discrete', 9, 3, 10); // 3 episodes x 10: smaller than the batch, so every step sees all
  const N = base.terminals.length;
  const alt = Float32Array.from(base.actions, (a) => (a + 1) % 3); // other labels for the same observations
  /** base followed by its copies: episodes with the given actions (the observations, hence the normaliser, are base's repeated). */
  const repeated = (...actionSets: Float32Array[]): Dataset => {
    const n = actionSets.length, k = base.obsDim, rep = <T extends Float32Array | Uint8Array>(a: T) => { const o = new (a.constructor as new (n: number) => T)(a.length * n); for (let j = 0; j < n; j++) o.set(a, j * a.length); return o; };
    const actions = new Float32Array(N * n);
    actionSets.forEach((a, j) => actions.set(a, j * N));
    return { ...base, observations: rep(base.observations), nextObservations: rep(base.nextObservations), actions, terminals: rep(base.terminals), timeouts: rep(base.timeouts),
      episodeStarts: Int32Array.from({ length: 3 * n + 1 }, (_, e) => e * 10), meta: { ...base.meta } } as Dataset & { k?: typeof k };
  };
  const config = (members: object[]) => ({ members, policyHidden: [8], nuHidden: [4], batchSize: 64, initialStateBatch: 4, steps: 20, logEvery: 5, warmStartFraction: 0.2, seed: 4 });
  const trained = async (data: Dataset, members: object[], readings: Parameters<typeof createTrainer>[3]) => {
    const t = createTrainer(config(members), data, undefined, readings);
    await t.run();
    const h = await t.parameters();
    t.dispose();
    return h.policy.map((layers) => layers.flatMap((l) => [...l.W, ...l.b]));
  };
  const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

  it('fixed weights (2 on the data, 0 on a copy with other labels) train as BC on the data repeated twice', async () => {
    const w = new Float32Array(2 * N);
    w.fill(2, 0, N);
    const [weighted] = await trained(repeated(base.actions, alt), [{ algo: 'fixed-weights' }], { weights: [w] });
    const [bc] = await trained(repeated(base.actions, base.actions), [{ algo: 'bc' }], {});
    const [ignored] = await trained(repeated(base.actions, alt), [{ algo: 'bc' }], {});
    expect(maxDiff(weighted, bc)).toBeLessThan(1e-4);
    expect(maxDiff(ignored, bc)).toBeGreaterThan(1e-2); // the weights matter here
  });

  it('a tilted-kernel member whose one candidate per transition is (s, other label) trains as BC on the data plus those pairs', async () => {
    const cands = { K: 1, next: base.observations.slice(), labels: alt };
    // Its objective: mean_i l(s_i, a_i) + mean_i l(s_i, alt_i) = 2 x BC's mean over the 2N pairs (fixed weights 2).
    // The tilted member second in its ensemble: only it evaluates candidates (its slice of the stacked policy).
    const [bc, tilted] = await trained(base, [{ algo: 'bc' }, { algo: 'tilted-kernel', rho: 0.5 }], { candidates: [null, cands] });
    const [ref] = await trained(repeated(base.actions, alt), [{ algo: 'fixed-weights' }], { weights: [new Float32Array(2 * N).fill(2)] });
    expect(maxDiff(tilted, ref)).toBeLessThan(1e-4);
    expect(maxDiff(bc, ref)).toBeGreaterThan(1e-2);
  });

  it('refuses a fixed-weights member without weights, and candidates of the wrong size, naming the member', () => {
    expect(() => createTrainer(config([{ algo: 'fixed-weights' }]), base)).toThrow(/member 0 .*no weights/);
    expect(() => createTrainer(config([{ algo: 'tilted-kernel' }]), base, undefined, { candidates: [{ K: 2, next: new Float32Array(3), labels: new Float32Array(3) }] })).toThrow(/member 0 .*candidates must hold 30/);
    expect(() => createTrainer(config([{ algo: 'fixed-weights' }]), base, undefined, { weights: [new Float32Array(N).fill(-1)] })).toThrow(/member 0 .*finite and >= 0/);
  });
});
