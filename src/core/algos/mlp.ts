// Multi-layer perceptrons as stacks of M independent members: layer weights W [M, in, out] and biases
// b [M, 1, out], so one batched matMul runs every member of an ensemble at once. A single model is M = 1.
// Initialisation is seeded per member (Glorot uniform from that member's Rng); no tfjs initialisers.
import { tf, currentBackend } from '../tf';
import type { Rng } from '../rng';
import { memberDense } from './member-matmul';
import { memberSquaredNorm } from './squared-norm';
import { fusedMlp } from './member-mlp';

import type { HostLayer } from './plain-mlp';
export type { HostLayer } from './plain-mlp';

export interface StackedLayer { W: tf.Variable<tf.Rank.R3>; b: tf.Variable<tf.Rank.R3> }

/** Layer sizes [in, h1, ..., out]. */
export function mlpSizes(inDim: number, hidden: readonly number[], outDim: number): number[] {
  return [inDim, ...hidden, outDim];
}

/** Glorot-uniform weights and zero biases for one member; `lastScale` shrinks the output layer (0 = zeros). */
export function initHostMlp(sizes: number[], rng: Rng, lastScale = 1): HostLayer[] {
  const layers: HostLayer[] = [];
  for (let j = 0; j + 1 < sizes.length; j++) {
    const inDim = sizes[j], outDim = sizes[j + 1];
    const limit = Math.sqrt(6 / (inDim + outDim)) * (j + 2 === sizes.length ? lastScale : 1);
    const W = new Float32Array(inDim * outDim);
    for (let k = 0; k < W.length; k++) W[k] = rng.uniform(-limit, limit);
    layers.push({ W, b: new Float32Array(outDim), inDim, outDim });
  }
  return layers;
}

/** Stack M members' host layers into tfjs variables. */
export function stackLayers(members: HostLayer[][]): StackedLayer[] {
  const M = members.length;
  return members[0].map((l0, j) => {
    const W = new Float32Array(M * l0.inDim * l0.outDim);
    const b = new Float32Array(M * l0.outDim);
    members.forEach((layers, m) => { W.set(layers[j].W, m * l0.W.length); b.set(layers[j].b, m * l0.outDim); });
    // A variable shares its initial tensor's data; the initial tensors are disposed so no handle outlives the build.
    const w0 = tf.tensor3d(W, [M, l0.inDim, l0.outDim]), b0 = tf.tensor3d(b, [M, 1, l0.outDim]);
    const layer = { W: tf.variable(w0, true), b: tf.variable(b0, true) };
    w0.dispose(); b0.dispose();
    return layer;
  });
}

/** Read stacked variables back into per-member host layers. */
export async function unstackLayers(layers: StackedLayer[]): Promise<HostLayer[][]> {
  const M = layers[0].W.shape[0];
  const data = await Promise.all(layers.map(async (l) => ({ W: await l.W.data() as Float32Array, b: await l.b.data() as Float32Array, inDim: l.W.shape[1], outDim: l.W.shape[2] })));
  const out: HostLayer[][] = [];
  for (let m = 0; m < M; m++) {
    out.push(data.map((d) => ({
      W: d.W.slice(m * d.inDim * d.outDim, (m + 1) * d.inDim * d.outDim),
      b: d.b.slice(m * d.outDim, (m + 1) * d.outDim),
      inDim: d.inDim, outDim: d.outDim,
    })));
  }
  return out;
}

/**
 * tanh for the hidden layers. tfjs-backend-wasm's Tanh is a scalar std::tanh loop, ~10x slower than its
 * XNNPACK Sigmoid, so on wasm tanh(z) = 2 sigmoid(2z) - 1 (equal to ~1e-7), with tanh's own gradient 1 - h^2.
 */
export const hiddenTanh: (z: tf.Tensor) => tf.Tensor = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
  const h = currentBackend() === 'wasm' ? tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1) : tf.tanh(z);
  save([h]);
  return { value: h, gradFunc: (dy: tf.Tensor, [hs]: tf.Tensor[]) => tf.mul(dy, tf.sub(1, tf.square(hs))) };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (z: tf.Tensor) => tf.Tensor;

/** x [M, B, in] -> [M, B, out]; tanh on hidden layers, linear output (one fused kernel each way on wasm: member-mlp.ts). */
export function stackedForward(layers: StackedLayer[], x: tf.Tensor3D): tf.Tensor3D {
  const fused = fusedMlp(layers, x);
  if (fused) return fused;
  let h: tf.Tensor3D = x;
  layers.forEach((l, j) => {
    const z = memberDense(h, l.W, l.b);
    h = j + 1 < layers.length ? hiddenTanh(z) as tf.Tensor3D : z;
  });
  return h;
}

export function layerVariables(layers: StackedLayer[]): tf.Variable[] {
  return layers.flatMap((l) => [l.W, l.b]);
}

/** Sum over layers of each member's squared weights and biases: [M]. */
export function stackedSquaredNorm(layers: StackedLayer[]): tf.Tensor1D {
  const fused = memberSquaredNorm(layerVariables(layers));
  if (fused) return fused;
  return layers.reduce<tf.Tensor1D>((acc, l) => tf.add(acc, tf.add(tf.sum(tf.square(l.W), [1, 2]), tf.sum(tf.square(l.b), [1, 2]))) as tf.Tensor1D, tf.zeros([layers[0].W.shape[0]]));
}

export { prepareForward, plainForward } from './plain-mlp';
