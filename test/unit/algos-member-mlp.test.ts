// The fused MLP kernels of wasm (member-mlp.ts) against the composed layers they replace (memberDense and
// hiddenTanh, the path of every other backend): outputs and the gradients to the input, every weight and every
// bias, equal bit for bit, for 1 and 3 members, hidden layers wider and narrower than the batch, and the same
// on a second run. The composed layers are themselves tested against tf.matMul and tf.tanh
// (algos-member-matmul.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { memberDense } from '../../src/core/algos/member-matmul';
import { fusedMlp } from '../../src/core/algos/member-mlp';
import { hiddenTanh, stackLayers } from '../../src/core/algos/mlp';
import { Rng } from '../../src/core/rng';

afterAll(async () => { await initBackend('cpu'); });

const rand = (rng: Rng, shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, 0.7)), shape as [number, number, number]) as tf.Tensor3D;

function composed(layers: { W: tf.Tensor3D; b: tf.Tensor3D }[], x: tf.Tensor3D): tf.Tensor3D {
  let h = x;
  layers.forEach((l, j) => { const z = memberDense(h, l.W, l.b); h = j + 1 < layers.length ? hiddenTanh(z) as tf.Tensor3D : z; });
  return h;
}

/** The output and every gradient of sum(g * mlp(x)), flattened. */
async function valueAndGrads(mlp: typeof composed, layers: { W: tf.Tensor3D; b: tf.Tensor3D }[], x: tf.Tensor3D, g: tf.Tensor): Promise<number[][]> {
  const params = [x, ...layers.flatMap((l) => [l.W, l.b])];
  const f = (...ps: tf.Tensor[]) => {
    const ls = layers.map((_, j) => ({ W: ps[1 + 2 * j] as tf.Tensor3D, b: ps[2 + 2 * j] as tf.Tensor3D }));
    return tf.sum(tf.mul(mlp(ls, ps[0] as tf.Tensor3D), g));
  };
  const y = mlp(layers, x);
  const grads = tf.grads(f)(params);
  const out = await Promise.all([y, ...grads].map(async (t) => Array.from(await t.data())));
  tf.dispose([y, ...grads]);
  return out;
}

describe('the fused MLP on wasm', () => {
  it('equals memberDense + hiddenTanh bit for bit, forward and every gradient', async () => {
    expect((await initBackend('wasm')).backend).toBe('wasm');
    const rng = new Rng(17);
    for (const [M, R, sizes] of [[1, 256, [4, 64, 64, 2]], [3, 9, [4, 32, 32, 1]], [2, 40, [3, 5, 2]], [1, 7, [6, 1]]] as [number, number, number[]][]) {
      const layers = sizes.slice(1).map((o, j) => ({ W: rand(rng, [M, sizes[j], o]), b: rand(rng, [M, 1, o]) }));
      const x = rand(rng, [M, R, sizes[0]]), g = rand(rng, [M, R, sizes[sizes.length - 1]]);
      const fused = (ls: typeof layers, xi: tf.Tensor3D) => fusedMlp(ls, xi)!;
      const want = await valueAndGrads(composed, layers, x, g);
      const got = await valueAndGrads(fused, layers, x, g);
      const again = await valueAndGrads(fused, layers, x, g);
      expect(got.length).toBe(2 + 2 * layers.length);
      got.forEach((v, i) => expect(v, `M ${M}, sizes ${sizes}: output ${i}`).toEqual(want[i]));
      expect(again).toEqual(got);
      tf.dispose([x, g, ...layers.flatMap((l) => [l.W, l.b])]);
    }
  });

  it('leaves no tensor behind, with and without a gradient', async () => {
    await initBackend('wasm');
    const rng = new Rng(2);
    const layers = [{ W: rand(rng, [1, 3, 8]), b: rand(rng, [1, 1, 8]) }, { W: rand(rng, [1, 8, 2]), b: rand(rng, [1, 1, 2]) }];
    const x = rand(rng, [1, 5, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => { fusedMlp(layers, x); });
    tf.tidy(() => { tf.grads((w: tf.Tensor) => tf.sum(fusedMlp([{ W: w as tf.Tensor3D, b: layers[0].b }, layers[1]], x)!))([layers[0].W]); });
    expect(tf.memory().numTensors).toBe(before);
    const y = fusedMlp(layers, x);
    expect(y).not.toBeNull();
    y!.dispose();
    await initBackend('cpu');
    expect(fusedMlp(layers, x)).toBeNull();
  });
});

describe('stackLayers', () => {
  it('leaves no tensor behind but its variables: disposing them returns the count to where it was', async () => {
    await initBackend('cpu');
    const rng = new Rng(3);
    const layer = (inDim: number, outDim: number) => ({ W: Float32Array.from({ length: inDim * outDim }, () => rng.normal()), b: Float32Array.from({ length: outDim }, () => rng.normal()), inDim, outDim });
    const before = tf.memory().numTensors;
    const stacked = stackLayers([[layer(3, 4), layer(4, 2)], [layer(3, 4), layer(4, 2)]]);
    expect(tf.memory().numTensors).toBe(before + 4);
    // The variables hold the members' numbers after their initial tensors are gone.
    expect(Array.from(await stacked[1].b.data()).length).toBe(4);
    stacked.forEach((l) => { l.W.dispose(); l.b.dispose(); });
    expect(tf.memory().numTensors).toBe(before);
  });
});
