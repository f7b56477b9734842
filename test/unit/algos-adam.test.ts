// FlatAdam (src/core/algos/adam.ts), the one optimiser of the trainer and of the density fits, against Adam
// written out in float64 (Kingma & Ba, with tfjs's epsilon 1e-7 in float32): several variables of different
// shapes, gradients that change every step, and a learning rate changed between steps (the fits' cosine schedule).
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { FlatAdam } from '../../src/core/algos/adam';
import { Rng } from '../../src/core/rng';

afterAll(async () => { await initBackend('cpu'); });

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`FlatAdam on ${backend}`, () => {
    it('equals float64 Adam over 6 steps with a changing learning rate', async () => {
      expect((await initBackend(backend)).backend).toBe(backend);
      const rng = new Rng(21);
      const shapes = [[3, 2], [2], [1, 1, 4]];
      const init = shapes.map((s) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()));
      const vars = init.map((v, i) => tf.variable(tf.tensor(v, shapes[i]), true));
      const p = init.map((v) => v.map(Math.fround)), m = init.map((v) => v.map(() => 0)), s2 = init.map((v) => v.map(() => 0));
      const adam = new FlatAdam(vars, 0.05);
      const b1 = 0.9, b2 = 0.999, eps = 1e-7;
      for (let t = 1; t <= 6; t++) {
        const lr = 0.05 * (0.5 + 0.5 * Math.cos((Math.PI * t) / 6));
        adam.learningRate = lr;
        const g = init.map((v) => v.map(() => Math.fround(rng.normal(0, 1 + t))));
        const grads = g.map((v, i) => tf.tensor(v, shapes[i]));
        adam.apply(grads);
        tf.dispose(grads);
        p.forEach((pv, i) => pv.forEach((_, j) => {
          m[i][j] = b1 * m[i][j] + (1 - b1) * g[i][j];
          s2[i][j] = b2 * s2[i][j] + (1 - b2) * g[i][j] ** 2;
          pv[j] -= (lr * (m[i][j] / (1 - b1 ** t))) / (Math.sqrt(s2[i][j] / (1 - b2 ** t)) + eps);
        }));
      }
      for (let i = 0; i < vars.length; i++) {
        const got = await vars[i].data();
        p[i].forEach((want, j) => expect(Math.abs(got[j] - want)).toBeLessThan(2e-6 * Math.max(1, Math.abs(want))));
      }
      adam.dispose();
      tf.dispose(vars);
    });
  });
}

// The host kernel (wasm, cpu) against the same step as tfjs ops: bit for bit, over steps with changing gradients.
for (const backend of ['wasm', 'cpu'] as const) {
  describe(`FlatAdam's host kernel on ${backend}`, () => {
    it('gives the tfjs ops\' parameters bit for bit, and the same on a second run', async () => {
      expect((await initBackend(backend)).backend).toBe(backend);
      const shapes = [[1, 4, 64], [1, 1, 64], [1, 64, 2], [2]];
      const run = async (viaOps: boolean) => {
        const rng = new Rng(5);
        const vars = shapes.map((s) => tf.variable(tf.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()), s), true));
        const adam = new FlatAdam(vars, 1e-3);
        for (let t = 1; t <= 5; t++) {
          adam.learningRate = 1e-3 * t;
          const grads = shapes.map((s) => tf.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal(0, 10 ** (t - 3))), s));
          adam.apply(grads, viaOps);
          tf.dispose(grads);
        }
        const out = await Promise.all(vars.map((v) => v.data()));
        adam.dispose();
        tf.dispose(vars);
        return out.flatMap((a) => Array.from(a));
      };
      const ops = await run(true), host = await run(false), again = await run(false);
      expect(host.length).toBe(4 * 64 + 64 + 128 + 2);
      expect(host).toEqual(ops);
      expect(again).toEqual(host);
    });
  });
}
