// The adversary's weights against closed forms computed independently in float64 (ALGORITHMS.md 5).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { chi2Eta, chi2Weights, clipWeights, divergenceOf, effectiveSampleSize, klWeights, solveLambda } from '../../src/core/algos/dro-weights';
import { Rng } from '../../src/core/rng';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const randomE = (rng: Rng, M: number, N: number, scale = 1) => Array.from({ length: M }, () => Array.from({ length: N }, () => scale * rng.normal()));
const t2 = (rows: number[][]) => tf.tensor2d(rows) as tf.Tensor2D;
const col = (xs: number[]) => tf.tensor2d(xs, [xs.length, 1]) as tf.Tensor2D;

// float64 references
function klW(e: number[], lam: number): number[] {
  const mx = Math.max(...e), ex = e.map((v) => Math.exp((v - mx) / lam)), s = ex.reduce((a, b) => a + b, 0);
  return ex.map((v) => (e.length * v) / s);
}
const klD = (w: number[]) => w.reduce((a, v) => a + (v > 0 ? v * Math.log(v) : 0) - v + 1, 0) / w.length;
const chi2D = (w: number[]) => w.reduce((a, v) => a + 0.5 * (v - 1) ** 2, 0) / w.length;
/** eta by plain bisection on mean max(0, 1 + (e - eta)/lambda) = 1 (decreasing in eta). */
function chi2EtaRef(e: number[], lam: number): number {
  let lo = Math.min(...e) - 10 * lam - 10, hi = Math.max(...e) + 10;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const m = e.reduce((a, v) => a + Math.max(0, 1 + (v - mid) / lam), 0) / e.length;
    if (m > 1) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('KL weights', () => {
  it('equal N softmax(e / lambda) per member', async () => {
    const rng = new Rng(1);
    const e = randomE(rng, 3, 50), lam = [0.3, 1, 5];
    const w = await klWeights(t2(e), col(lam)).array();
    e.forEach((row, m) => klW(row, lam[m]).forEach((v, i) => expect(w[m][i]).toBeCloseTo(v, 4)));
  });

  it('bisection puts D_KL(w) at rho for every member, each with its own rho', async () => {
    const rng = new Rng(2);
    const rho = [0.05, 0.2, 0.5, 2];
    const e = randomE(rng, 4, 256);
    const floor = col(rho.map(() => 1e-4));
    const { lambda } = solveLambda(t2(e), col(rho), floor, 'kl', { grid: 16, rounds: 7 });
    const lam = Array.from(await lambda.data());
    e.forEach((row, m) => {
      const d = klD(klW(row, lam[m]));
      expect(Math.abs(d - rho[m]) / rho[m]).toBeLessThan(1e-3);
    });
    // and the on-device divergence of the on-device weights agrees
    const dDev = await divergenceOf(klWeights(t2(e), lambda), 'kl').data();
    rho.forEach((r, m) => expect(dDev[m]).toBeCloseTo(r, 3));
  });

  it('rho >= log N: lambda sits at the floor and the weight concentrates on the largest e', async () => {
    const e = [[0.1, 0.5, 2.0, -1, 0.3, 0.9, 1.1, 0.2]];
    const N = 8;
    const { lambda } = solveLambda(t2(e), col([Math.log(N) + 0.5]), col([1e-3]), 'kl', { grid: 16, rounds: 7 });
    expect((await lambda.data())[0]).toBeCloseTo(1e-3, 6);
    const w = (await klWeights(t2(e), lambda).array())[0];
    expect(w[2]).toBeCloseTo(N, 3);
  });

  it('ESS and D_f of known weights', async () => {
    const w = [[2, 0, 1, 1]];
    expect((await effectiveSampleSize(t2(w)).data())[0]).toBeCloseTo(16 / (4 * 6), 6);
    expect((await divergenceOf(t2(w), 'kl').data())[0]).toBeCloseTo(klD(w[0]), 6);
    expect((await divergenceOf(t2(w), 'chi2').data())[0]).toBeCloseTo(chi2D(w[0]), 6);
  });
});

describe('chi^2 weights', () => {
  it('eta makes mean w = 1 (against a float64 bisection)', async () => {
    const rng = new Rng(3);
    const e = randomE(rng, 3, 40), lam = [0.2, 1, 4];
    const eta = Array.from(await chi2Eta(t2(e), col(lam)).data());
    e.forEach((row, m) => expect(eta[m]).toBeCloseTo(chi2EtaRef(row, lam[m]), 4));
    const w = await chi2Weights(t2(e), col(lam), col(eta)).array();
    w.forEach((row) => expect(row.reduce((a, b) => a + b, 0) / row.length).toBeCloseTo(1, 5));
  });

  it('bisection puts D_chi2(w) at rho', async () => {
    const rng = new Rng(4);
    const rho = [0.1, 0.5, 3];
    const e = randomE(rng, 3, 128, 2);
    const { lambda, eta } = solveLambda(t2(e), col(rho), col([1e-4, 1e-4, 1e-4]), 'chi2', { grid: 16, rounds: 7 });
    const lam = Array.from(await lambda.data()), et = Array.from(await eta.data());
    e.forEach((row, m) => {
      const etaRef = chi2EtaRef(row, lam[m]);
      expect(et[m]).toBeCloseTo(etaRef, 3);
      const w = row.map((v) => Math.max(0, 1 + (v - etaRef) / lam[m]));
      expect(Math.abs(chi2D(w) - rho[m]) / rho[m]).toBeLessThan(1e-3);
    });
  });
});

describe('weight clipping', () => {
  it('caps weights near w_max and keeps mean 1', async () => {
    const w = await clipWeights(t2([[20, 1, 1, 1, 1, 0.5, 0.5, 0, 0, 0]]), 3).array();
    expect(w[0].reduce((a, b) => a + b, 0) / 10).toBeCloseTo(1, 5);
    expect(Math.max(...w[0])).toBeLessThan(3 * 1.05);
    // the order of the weights is kept
    expect(w[0][0]).toBeGreaterThan(w[0][1]);
  });
});
