// The discrete policy's loss as host kernels (categorical-nll.ts) against the tfjs ops it replaces (logSoftmax,
// oneHot, sum, neg) on wasm and cpu: the loss and its gradient to the logits agree to 1e-6 (relative to the
// largest entry) for 2 members, 3 actions and logits up to +-30; the same numbers on a second run; no tensor left.
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { fusedCategoricalNll } from '../../src/core/algos/categorical-nll';
import { Rng } from '../../src/core/rng';

afterAll(async () => { await initBackend('cpu'); });

const M = 2, B = 50, A = 3;
const plain = (z: tf.Tensor3D, a: tf.Tensor2D) => tf.neg(tf.sum(tf.mul(tf.oneHot(a, A), tf.logSoftmax(z)), -1)) as tf.Tensor2D;

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`the categorical NLL's host kernels on ${backend}`, () => {
    it('equal logSoftmax / oneHot to 1e-6, value and gradient', async () => {
      expect((await initBackend(backend)).backend).toBe(backend);
      const rng = new Rng(6);
      const z = tf.tensor3d(Array.from({ length: M * B * A }, (_, i) => rng.normal(0, i % 7 === 0 ? 15 : 1)), [M, B, A]);
      const a = tf.tensor2d(Array.from({ length: M * B }, () => Math.floor(rng.uniform(0, A))), [M, B], 'int32');
      const dy = tf.tensor2d(Array.from({ length: M * B }, () => rng.normal()), [M, B]);
      const run = async (f: (z: tf.Tensor3D) => tf.Tensor2D) => {
        const v = tf.tidy(() => f(z));
        const [g] = tf.grads((x: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(f(x as tf.Tensor3D), dy))))([z]);
        const out = [Array.from(await v.data()), Array.from(await g.data())];
        tf.dispose([v, g]);
        return out;
      };
      const want = await run((x) => plain(x, a));
      const before = tf.memory().numTensors;
      const got = await run((x) => fusedCategoricalNll(x, a)!), again = await run((x) => fusedCategoricalNll(x, a)!);
      expect(tf.memory().numTensors).toBe(before);
      for (let k = 0; k < 2; k++) {
        const scale = Math.max(...want[k].map(Math.abs));
        want[k].forEach((w, i) => expect(Math.abs(got[k][i] - w), `${k ? 'gradient' : 'loss'} ${i}`).toBeLessThan(1e-6 * scale));
      }
      expect(again).toEqual(got);
      tf.dispose([z, a, dy]);
    });
  });
}
