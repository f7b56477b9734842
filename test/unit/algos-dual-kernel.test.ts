// BE-DROIL's dual objective of nu as host kernels (dual-kernel.ts) against the tfjs ops it replaces (be-droil.ts:
// the balance term, dualJ, the initial-state term, the member mask), on wasm and cpu, for KL and chi^2: the value
// and the gradient to nu's values on [s; s'; S0] agree to 1e-5 (relative to the largest entry), for members
// with their own lambda, rho, scale and mask; the same numbers on a second run, and no tensor left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { balanceCorrectedLoss, balanceTerm, dualJ, initialStateTerm, splitNuValues } from '../../src/core/algos/be-droil';
import { fusedDualJ, type DualInputs } from '../../src/core/algos/dual-kernel';
import { Rng } from '../../src/core/rng';

afterAll(async () => { await initBackend('cpu'); });

const M = 3, N = 40, N0 = 8, gamma = 0.99;

function composed(nuAll: tf.Tensor2D, c: DualInputs, kind: 'kl' | 'chi2'): tf.Tensor1D {
  const nu = splitNuValues(nuAll, N0);
  const e = balanceCorrectedLoss(c.l, balanceTerm(nu, c.ended, gamma, c.scale));
  return tf.mul(dualJ(e, c.lambda, c.eta, c.rho, initialStateTerm(nu, gamma, c.scale), kind), tf.reshape(c.mask, [-1])) as tf.Tensor1D;
}

async function valueAndGrad(f: (x: tf.Tensor2D) => tf.Tensor1D, nuAll: tf.Tensor2D, dy: tf.Tensor1D): Promise<number[][]> {
  const v = f(nuAll);
  const [g] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), dy)))([nuAll]);
  const out = [Array.from(await v.data()), Array.from(await g.data())];
  tf.dispose([v, g]);
  return out;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`the dual objective's host kernels on ${backend}`, () => {
    for (const kind of ['kl', 'chi2'] as const) {
      it(`${kind}: value and gradient equal the tfjs ops to 1e-5`, async () => {
        expect((await initBackend(backend)).backend).toBe(backend);
        const rng = new Rng(kind === 'kl' ? 4 : 5);
        const col = (v: number[]) => tf.tensor2d(v, [M, 1]);
        const nuAll = tf.tensor2d(Array.from({ length: M * (2 * N + N0) }, () => rng.normal(0, 0.5)), [M, 2 * N + N0]);
        const l = tf.tensor2d(Array.from({ length: M * N }, () => Math.abs(rng.normal(0.5, 0.4))), [M, N]);
        const ended = tf.tensor2d(Array.from({ length: M * N }, () => (rng.uniform(0, 1) < 0.2 ? 1 : 0)), [M, N]);
        const c: DualInputs = { l, ended, scale: col([0.5, 1.3, 0.2]), lambda: col([0.3, 2, 0.05]), eta: col(kind === 'chi2' ? [0.4, 0.1, 0.6] : [0, 0, 0]), rho: col([0.1, 0, 0.5]), mask: col([1, 1, 0]) };
        const dy = tf.tensor1d([1, -0.5, 2]);
        const want = await valueAndGrad((x) => tf.tidy(() => composed(x, c, kind)), nuAll, dy);
        const before = tf.memory().numTensors;
        const got = await valueAndGrad((x) => fusedDualJ(x, c, gamma, kind)!, nuAll, dy);
        const again = await valueAndGrad((x) => fusedDualJ(x, c, gamma, kind)!, nuAll, dy);
        expect(tf.memory().numTensors).toBe(before);
        for (let k = 0; k < 2; k++) {
          const scale = Math.max(...want[k].map(Math.abs));
          expect(scale).toBeGreaterThan(0);
          want[k].forEach((w, i) => expect(Math.abs(got[k][i] - w), `${k ? 'gradient' : 'value'} ${i}`).toBeLessThan(1e-5 * scale));
        }
        expect(got[1].slice(2 * (2 * N + N0)).every((v) => v === 0)).toBe(true); // the masked member
        expect(again).toEqual(got);
        tf.dispose([nuAll, dy, ...Object.values(c)]);
      });
    }
  });
}
