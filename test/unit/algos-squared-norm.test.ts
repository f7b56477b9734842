// The kappa penalty's squared norm as host kernels (squared-norm.ts) against tfjs's Square / Sum / Add: each
// member's norm to float32 precision (the kernel sums in float64), and its gradient 2 dy t bit for bit, on wasm
// and cpu; no tensor left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { memberSquaredNorm } from '../../src/core/algos/squared-norm';
import { Rng } from '../../src/core/rng';

afterAll(async () => { await initBackend('cpu'); });

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`memberSquaredNorm on ${backend}`, () => {
    it('equals the tfjs ops: the norm to 1e-6, the gradient bit for bit', async () => {
      expect((await initBackend(backend)).backend).toBe(backend);
      const rng = new Rng(8);
      const M = 3, shapes = [[M, 4, 32], [M, 1, 32], [M, 32, 1], [M, 1, 1]];
      const ts = shapes.map((s) => tf.variable(tf.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()), s)));
      const dy = tf.tensor1d([0.5, -2, 1e-3]);
      const plain = (xs: tf.Tensor[]) => xs.reduce<tf.Tensor>((acc, t) => tf.add(acc, tf.sum(tf.square(t), [1, 2])), tf.zeros([M]));
      const before = tf.memory().numTensors;
      const want = tf.tidy(() => plain(ts)), got = memberSquaredNorm(ts)!;
      const wv = await want.data(), gv = await got.data();
      wv.forEach((v, m) => expect(Math.abs(gv[m] - v)).toBeLessThan(1e-6 * Math.abs(v)));
      const gWant = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(plain(xs), dy)))(ts);
      const gGot = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(memberSquaredNorm(xs)!, dy)))(ts);
      for (let i = 0; i < ts.length; i++) expect(Array.from(await gGot[i].data())).toEqual(Array.from(await gWant[i].data()));
      tf.dispose([want, got, ...gWant, ...gGot]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([dy, ...ts]);
    });
  });
}
