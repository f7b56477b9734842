// The wasm fast paths of the training step against plain tfjs ops (on wasm, whose BatchMatMul they bypass,
// and on cpu): the per-member product and dense layer, their gradients, the stop-gradient, the sigmoid-based tanh, and the plain-TypeScript
// forward pass that evaluation uses, against the tfjs network.
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { memberDense, memberMatMul } from '../../src/core/algos/member-matmul';
import { stopGradient } from '../../src/core/algos/stop-gradient';
import { hiddenTanh, initHostMlp, mlpSizes, plainForward, stackLayers, stackedForward } from '../../src/core/algos/mlp';
import { Rng } from '../../src/core/rng';

const rand = (rng: Rng, shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
const maxAbs = async (a: tf.Tensor, b: tf.Tensor) => { const d = tf.max(tf.abs(tf.sub(a, b))); const v = (await d.data())[0]; d.dispose(); return v; };

afterAll(async () => { await initBackend('cpu'); });

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`on ${backend}`, () => {
    it('memberMatMul equals tf.matMul, and so do its gradients, for 1, 2 and 5 members', async () => {
      expect((await initBackend(backend)).backend).toBe(backend);
      const rng = new Rng(3);
      for (const M of [1, 2, 5]) {
        const a = rand(rng, [M, 7, 4]) as tf.Tensor3D, b = rand(rng, [M, 4, 3]) as tf.Tensor3D, g = rand(rng, [M, 7, 3]);
        expect(await maxAbs(memberMatMul(a, b), tf.matMul(a, b))).toBeLessThan(1e-5);
        const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(memberMatMul(x as tf.Tensor3D, y as tf.Tensor3D), g)))([a, b]);
        // d/da sum(g * ab) = g b^T, d/db = a^T g
        expect(await maxAbs(da, tf.matMul(g, b, false, true))).toBeLessThan(1e-5);
        expect(await maxAbs(db, tf.matMul(a, g, true, false))).toBeLessThan(1e-5);
        tf.dispose([da, db]);
        tf.dispose([a, b, g]);
      }
    });

    it('memberDense equals x W + b, and its gradients are dz W^T, x^T dz and the column sums of dz, for 1, 2 and 5 members', async () => {
      await initBackend(backend);
      const rng = new Rng(4);
      for (const M of [1, 2, 5]) {
        const x = rand(rng, [M, 9, 4]) as tf.Tensor3D, w = rand(rng, [M, 4, 3]) as tf.Tensor3D, b = rand(rng, [M, 1, 3]) as tf.Tensor3D, g = rand(rng, [M, 9, 3]);
        expect(await maxAbs(memberDense(x, w, b), tf.add(tf.matMul(x, w), b))).toBeLessThan(1e-5);
        const [dx, dw, db] = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(memberDense(xi as tf.Tensor3D, wi as tf.Tensor3D, bi as tf.Tensor3D), g)))([x, w, b]);
        expect(db.shape).toEqual([M, 1, 3]);
        expect(await maxAbs(dx, tf.matMul(g, w, false, true))).toBeLessThan(1e-5);
        expect(await maxAbs(dw, tf.matMul(x, g, true, false))).toBeLessThan(1e-5);
        expect(await maxAbs(db, tf.sum(g, 1, true))).toBeLessThan(1e-5);
        tf.dispose([x, w, b, g, dx, dw, db]);
      }
    });

    it('stopGradient: d/dx sum(f(x) x) is f(x) alone, and the ops of f stay off the tape', async () => {
      await initBackend(backend);
      const x = tf.tensor1d([-1.5, 0.5, 2]);
      let inner: tf.Tensor | null = null;
      // f(x) = x^3: with the stop, the gradient of sum(f(x) x) is x^3; without it, it would be 4 x^3.
      const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(stopGradient([xi], ([v]) => { inner = tf.keep(tf.pow(v, 3)); return tf.clone(inner); }), xi)))(x);
      expect(Array.from(await dx.data())).toEqual([-3.375, 0.125, 8]);
      expect(Array.from(await (inner as unknown as tf.Tensor).data())).toEqual([-3.375, 0.125, 8]);
      tf.dispose([x, dx, inner as unknown as tf.Tensor]);
    });

    it('hiddenTanh equals tanh to 1e-6, its gradient 1 - tanh^2', async () => {
      await initBackend(backend);
      const z = tf.linspace(-6, 6, 101);
      expect(await maxAbs(hiddenTanh(z), tf.tanh(z))).toBeLessThan(1e-6);
      const g = tf.grad((x: tf.Tensor) => tf.sum(hiddenTanh(x)))(z);
      expect(await maxAbs(g, tf.sub(1, tf.square(tf.tanh(z))))).toBeLessThan(1e-6);
      tf.dispose([z, g]);
    });

    it('the plain-TypeScript forward pass equals the tfjs network to 1e-5', async () => {
      await initBackend(backend);
      const rng = new Rng(8), n = 33;
      const host = initHostMlp(mlpSizes(4, [64, 64], 3), rng.derive('init'));
      host.forEach((l) => l.b.forEach((_, i) => { l.b[i] = rng.normal(0, 0.5); }));
      const x = Float64Array.from({ length: n * 4 }, () => 2 * rng.normal());
      const stacked = stackLayers([host]);
      const out = tf.tidy(() => stackedForward(stacked, tf.tensor3d(Float32Array.from(x), [1, n, 4])));
      const tfOut = await out.data();
      tf.dispose([out, ...stacked.flatMap((l) => [l.W, l.b])]);
      const plain = plainForward(host, x, n);
      expect(plain.length).toBe(n * 3);
      plain.forEach((v, i) => expect(Math.abs(v - tfOut[i])).toBeLessThan(1e-5));
    });
  });
}
