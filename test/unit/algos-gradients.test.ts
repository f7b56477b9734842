// Gradients against central finite differences of independent float64 re-implementations (ALGORITHMS.md 5):
// the dual J with respect to nu (KL and chi^2, lambda and eta held), Danskin's dJ/dlambda = rho - D_f(w),
// and the weighted imitation loss with respect to every policy parameter (categorical and Gaussian).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { dualJ } from '../../src/core/algos/be-droil';
import { divergenceOf, dualObjective, klWeights } from '../../src/core/algos/dro-weights';
import { imitationLoss } from '../../src/core/algos/policy';
import { initHostMlp, plainForward, stackLayers, stackedForward, type HostLayer } from '../../src/core/algos/mlp';
import { weightedImitationLoss } from '../../src/core/algos/bc';
import { Rng } from '../../src/core/rng';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const N = 10, S = 4;
const rng = new Rng(21);
const l = Array.from({ length: N }, () => rng.uniform(0.1, 2));
const sIdx = Array.from({ length: N }, () => rng.int(S)), nIdx = Array.from({ length: N }, () => rng.int(S));
const nu0 = Array.from({ length: S }, () => rng.normal(0, 0.3));
const rho = 0.3;

/** float64 J: KL lambda rho + lambda log mean exp(e/lambda); chi^2 lambda rho + eta + lambda mean fstar((e-eta)/lambda). */
function J64(nu: number[], lam: number, eta: number, kind: 'kl' | 'chi2'): number {
  const e = l.map((v, i) => v + nu[nIdx[i]] - nu[sIdx[i]]);
  if (kind === 'kl') { const mx = Math.max(...e); return lam * rho + mx + lam * Math.log(e.reduce((a, v) => a + Math.exp((v - mx) / lam), 0) / N); }
  const fstar = (y: number) => (y >= -1 ? y + (y * y) / 2 : -0.5);
  return lam * rho + eta + (lam * e.reduce((a, v) => a + fstar((v - eta) / lam), 0)) / N;
}

describe('dual J', () => {
  for (const kind of ['kl', 'chi2'] as const) {
    it(`dJ/dnu (${kind}) matches central differences`, async () => {
      const lam = 0.7, eta = 0.9;
      const g = tf.tidy(() => tf.grad((nu: tf.Tensor) => {
        const e = tf.add(tf.tensor2d([l]), tf.reshape(tf.sub(tf.gather(nu, tf.tensor1d(nIdx, 'int32')), tf.gather(nu, tf.tensor1d(sIdx, 'int32'))), [1, N])) as tf.Tensor2D;
        return tf.sum(dualJ(e, tf.tensor2d([[lam]]) as tf.Tensor2D, tf.tensor2d([[eta]]) as tf.Tensor2D, tf.tensor2d([[rho]]) as tf.Tensor2D, tf.zeros([1, 1]) as tf.Tensor2D, kind));
      })(tf.tensor1d(nu0)));
      const grad = await g.data();
      g.dispose();
      const h = 1e-6;
      for (let j = 0; j < S; j++) {
        const up = nu0.slice(), dn = nu0.slice(); up[j] += h; dn[j] -= h;
        const fd = (J64(up, lam, eta, kind) - J64(dn, lam, eta, kind)) / (2 * h);
        expect(Math.abs(grad[j] - fd)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
      }
    });
  }

  it('dJ/dlambda of the project\'s dual = rho - D_KL of the project\'s weights (Danskin; why bisection on D_f = rho minimises J)', async () => {
    const e = l.map((v, i) => v + nu0[nIdx[i]] - nu0[sIdx[i]]);
    for (const lam of [0.2, 0.7, 3]) {
      // tfjs: the gradient of dualObjective in lambda, and rho - D_KL(klWeights(e, lambda)).
      const [g, d] = tf.tidy(() => {
        const et = tf.tensor2d([e]);
        const dJ = tf.grad((lt: tf.Tensor) => tf.sum(dualObjective(et, lt as tf.Tensor2D, tf.zeros([1, 1]), tf.tensor2d([[rho]]), 'kl')))(tf.tensor2d([[lam]]));
        return [dJ, divergenceOf(klWeights(et, tf.tensor2d([[lam]])), 'kl')];
      });
      const grad = (await g.data())[0], D = (await d.data())[0];
      tf.dispose([g, d]);
      // Independent float64 reference: central differences of J64.
      const h = 1e-6;
      const fd = (J64(nu0, lam + h, 0, 'kl') - J64(nu0, lam - h, 0, 'kl')) / (2 * h);
      expect(grad).toBeCloseTo(fd, 4);
      expect(grad).toBeCloseTo(rho - D, 4);
    }
  });
});

// float64 policy losses over host layers (the trainer's tfjs version is under test)
function nll64(layers: HostLayer[], x: Float64Array, a: number[], n: number, kind: 'discrete' | 'gaussian', logStd: number[], w: number[]): number {
  const out = plainForward(layers, x, n), k = layers[layers.length - 1].outDim;
  let total = 0;
  for (let r = 0; r < n; r++) {
    const row = Array.from(out.slice(r * k, (r + 1) * k));
    let li: number;
    if (kind === 'discrete') { const mx = Math.max(...row); li = -(row[a[r]] - mx - Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0))); }
    else li = row.reduce((s, mu, j) => s + 0.5 * ((a[r * k + j] - mu) / Math.exp(logStd[j])) ** 2 + logStd[j] + 0.5 * Math.log(2 * Math.PI), 0);
    total += w[r] * li;
  }
  return total / n;
}

describe('weighted imitation loss', () => {
  for (const kind of ['discrete', 'gaussian'] as const) {
    it(`d(mean w l)/dtheta (${kind}) matches central differences for every parameter`, async () => {
      const r = new Rng(5), n = 6, inDim = 3, out = kind === 'discrete' ? 3 : 2;
      const host = initHostMlp([inDim, 5, out], r.derive('init'));
      host.forEach((layer) => layer.b.forEach((_, i) => { layer.b[i] = r.normal(0, 0.3); }));
      const x = Float64Array.from({ length: n * inDim }, () => r.normal());
      const a = kind === 'discrete' ? Array.from({ length: n }, () => r.int(out)) : Array.from({ length: n * out }, () => r.uniform(-1, 1));
      const w = Array.from({ length: n }, () => r.uniform(0, 3));
      const logStd = [-0.3, 0.4];
      // tfjs: M = 2 stacked copies (the second with different weights must not disturb the first's gradient)
      const other = initHostMlp([inDim, 5, out], r.derive('other'));
      const stacked = stackLayers([host, other]);
      const ls = tf.variable(tf.tensor3d([...logStd, ...logStd], [2, 1, 2]));
      const vars = [...stacked.flatMap((s) => [s.W, s.b]), ...(kind === 'gaussian' ? [ls] : [])];
      const grads = tf.tidy(() => {
        const xs = tf.tensor3d(Float32Array.from([...x, ...x]), [2, n, inDim]);
        const act = kind === 'discrete' ? tf.tensor2d([...a, ...a], [2, n], 'int32') : tf.tensor3d([...a, ...a], [2, n, out]);
        const wt = tf.tensor2d([...w, ...w], [2, n]) as tf.Tensor2D;
        const { grads: g } = tf.variableGrads(() => weightedImitationLoss(imitationLoss(stackedForward(stacked, xs), act, kind === 'discrete' ? { kind: 'discrete', n: out } : { kind: 'continuous', dim: out, low: [-1, -1], high: [1, 1] }, 'gaussian', ls), wt), vars);
        return vars.map((v) => g[v.name]);
      });
      const gData = await Promise.all(grads.map((g) => g.data()));
      tf.dispose([...grads, ...vars]);
      const f = () => nll64(host, x, a, n, kind, logStd, w);
      const h = 1e-4;
      let checked = 0;
      host.forEach((layer, j) => {
        for (const [key, vi] of [['W', 2 * j], ['b', 2 * j + 1]] as const) {
          const arr = layer[key], size = arr.length;
          for (let i = 0; i < size; i++) {
            const keep = arr[i];
            // float32 storage: step by h and use the actually stored perturbation
            arr[i] = keep + h; const up = f(); const hu = arr[i] - keep;
            arr[i] = keep - h; const dn = f(); const hd = keep - arr[i];
            arr[i] = keep;
            const fd = (up - dn) / (hu + hd);
            expect(Math.abs(gData[vi][i] - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
            checked++;
          }
        }
      });
      if (kind === 'gaussian') {
        logStd.forEach((v, j) => {
          const up = logStd.slice(), dn = logStd.slice(); up[j] += 1e-6; dn[j] -= 1e-6;
          const fd = (nll64(host, x, a, n, kind, up, w) - nll64(host, x, a, n, kind, dn, w)) / 2e-6;
          expect(Math.abs(gData[gData.length - 1][j] - fd)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
        });
      }
      expect(checked).toBe(3 * 5 + 5 + 5 * out + out);
    });
  }
});
