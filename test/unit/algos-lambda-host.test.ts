// The fused lambda solve of the CPU-memory backends (lambda-host.ts) against the on-device vectorised
// bisection and against float64 references: D_f(w_lambda) = rho for KL and chi^2, eta with mean w = 1,
// the floor case, and the same answers on wasm and cpu.
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { klWeights, chi2Weights, solveLambda, solveLambdaOnDevice } from '../../src/core/algos/dro-weights';
import { solveLambdaHost } from '../../src/core/algos/lambda-host';
import { Rng } from '../../src/core/rng';

afterAll(async () => { await initBackend('cpu'); });

const M = 4, N = 256;
const rng = new Rng(17);
const e = Float32Array.from({ length: M * N }, (_, i) => (i % N < 5 ? 4 : 0) + rng.normal() * (1 + (i % 3)));
const rho = [0.05, 0.2, 0.5, 2];
const rhoDevice = [0, 0.2, 0.5, 2];
const floor = [1e-4, 1e-4, 1e-4, 1e-4];

function klD(row: number[], lam: number): number {
  const mx = Math.max(...row), ex = row.map((v) => Math.exp((v - mx) / lam)), z = ex.reduce((a, b) => a + b, 0);
  return ex.reduce((a, v) => { const w = (row.length * v) / z; return a + (w > 0 ? w * Math.log(w) : 0) - w + 1; }, 0) / row.length;
}
function chi2D(row: number[], lam: number, eta: number): { D: number; mean: number } {
  const w = row.map((v) => Math.max(0, 1 + (v - eta) / lam));
  return { D: w.reduce((a, v) => a + 0.5 * (v - 1) ** 2, 0) / w.length, mean: w.reduce((a, b) => a + b, 0) / w.length };
}
const rowOf = (m: number) => Array.from(e.subarray(m * N, (m + 1) * N));

describe('fused lambda solve (host)', () => {
  it('KL: D(w_lambda) = rho to 1e-6 relative for every member', () => {
    const { lambda } = solveLambdaHost(e, M, N, rho, floor, 'kl');
    rho.forEach((r, m) => expect(Math.abs(klD(rowOf(m), lambda[m]) - r) / r).toBeLessThan(1e-6));
  });

  it('chi^2: D(w) = rho to 1e-6 relative and mean w = 1', () => {
    const { lambda, eta } = solveLambdaHost(e, M, N, rho, floor, 'chi2');
    rho.forEach((r, m) => {
      const { D, mean } = chi2D(rowOf(m), lambda[m], eta[m]);
      expect(Math.abs(D - r) / r).toBeLessThan(1e-5);
      expect(mean).toBeCloseTo(1, 5);
    });
  });

  it('rho beyond reach (KL: rho >= log N): lambda is exactly the floor', () => {
    const { lambda } = solveLambdaHost(Float32Array.from([0.1, 0.5, 2, -1]), 1, 4, [Math.log(4) + 0.5], [1e-3], 'kl');
    expect(lambda[0]).toBe(Math.fround(1e-3));
  });

  it('rho = 0: a finite lambda at the top of the bracket, weights uniform to 1e-3', () => {
    for (const kind of ['kl', 'chi2'] as const) {
      const { lambda } = solveLambdaHost(e, M, N, [0, 0, 0, 0], floor, kind);
      lambda.forEach((l) => expect(Number.isFinite(l) && l > 0).toBe(true));
      if (kind === 'kl') rowOf(0).forEach(() => expect(klD(rowOf(0), lambda[0])).toBeLessThan(1e-6));
    }
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`on ${backend}, solveLambda runs the fused kernel and agrees with the on-device bisection`, async () => {
      expect((await initBackend(backend)).backend).toBe(backend);
      for (const kind of ['kl', 'chi2'] as const) {
        const [fused, device] = tf.tidy(() => {
          const et = tf.tensor2d(e, [M, N]), rt = tf.tensor2d(rhoDevice, [M, 1]), ft = tf.tensor2d(floor, [M, 1]);
          const a = solveLambda(et, rt, ft, kind, { grid: 16, rounds: 7 }), b = solveLambdaOnDevice(et, rt, ft, kind, { grid: 16, rounds: 7 });
          const w = (s: typeof a) => (kind === 'kl' ? klWeights(et, s.lambda) : chi2Weights(et, s.lambda, s.eta));
          return [tf.concat([a.lambda, a.eta, w(a)], 1), tf.concat([b.lambda, b.eta, w(b)], 1)];
        });
        const [x, y] = [await fused.data(), await device.data()];
        tf.dispose([fused, device]);
        for (let i = 0; i < x.length; i++) {
          // rho = 0 (row 0): any lambda far above the spread of e is an answer; the weights (all ~1) must agree
          if (i < N + 2 && i % (N + 2) < 2) continue;
          expect(Math.abs(x[i] - y[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(y[i]))); // the device sums in float32
        }
      }
    });
  }
});
