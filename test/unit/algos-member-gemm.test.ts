// The training MLP's SIMD products (member-gemm.ts) against XNNPACK's, which tfjs's BatchMatMul and
// _FusedMatMul run on wasm: every output bit for bit, with and without a bias, over the shapes the trainer
// uses (forward, dW = h^T dz read through strides, dh = dz W^T, the bias's column sums) and odd ones; then the
// fused MLP kernels on the SIMD path against their XNNPACK path (useMemberGemm(false)), forward and every
// gradient, and whole training runs (BE-DROIL KL, a BC / DRO-BC / BE-DROIL chi^2 ensemble with 2 nu steps,
// Gaussian policies) parameter for parameter; no tensor left behind. useMemberGemm(false) also turns Adam's
// SIMD loop off (algos-adam.test.ts checks that one against the tfjs ops bit for bit).
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { WasmCalls, type WasmBackendLike } from '../../src/core/wasm-calls';
import { memberGemm, useMemberGemm } from '../../src/core/algos/member-gemm';
import { fusedMlp } from '../../src/core/algos/member-mlp';
import { createTrainer, type Trainer } from '../../src/core/algos/ensemble';
import type { MemberInput, TrainConfigInput } from '../../src/core/algos/config';
import { Rng } from '../../src/core/rng';
import { syntheticDataset as dataset } from './fixtures/synthetic-dataset';

afterAll(async () => { useMemberGemm(true); await initBackend('cpu'); });

const memoryOf = (be: unknown) => (be as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;

describe('member-gemm on the wasm heap', () => {
  it("equals XNNPACK's products bit for bit, with and without a bias, A read in place or through strides", async () => {
    expect((await initBackend('wasm')).backend).toBe('wasm');
    const be = tf.backend(), w = new WasmCalls(be as unknown as WasmBackendLike), g = memberGemm(memoryOf(be));
    expect(g).not.toBeNull();
    const rng = new Rng(5);
    // [M, K, N]: the default networks' forward (256 x 4 x 64, 256 x 64 x 64, 576 x 4 x 32, ...), their dW
    // (64 x 256 x 64, 32 x 576 x 32) and column sums (1 x 256 x 64), and odd sizes (tails of 1-3 rows).
    const shapes = [[256, 4, 64], [256, 64, 64], [256, 64, 4], [576, 4, 32], [576, 32, 32], [64, 256, 64], [4, 256, 64], [32, 576, 32], [1, 256, 64], [1, 576, 32], [7, 13, 12], [5, 3, 8], [33, 100, 20], [2, 1, 4]];
    for (const [M, K, N] of shapes) {
      const A = w.alloc(M * K), At = w.alloc(M * K), B = w.alloc(K * N), bias = w.alloc(N), out = w.alloc(M * N), ours = w.alloc(M * N);
      let h = new Float32Array(g!.memory.buffer);
      // Values over ten orders of magnitude, exact zeros and signed zeros: any other order of the sums shows.
      const value = () => { const u = rng.uniform(0, 1); return u < 0.03 ? 0 : u < 0.05 ? -0 : rng.normal(0, 1) * Math.exp(rng.uniform(-11, 11)); };
      for (let i = 0; i < M * K; i++) h[A / 4 + i] = value();
      for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) h[At / 4 + k * M + m] = h[A / 4 + m * K + k];
      for (let i = 0; i < K * N; i++) h[B / 4 + i] = value();
      for (let i = 0; i < N; i++) h[bias / 4 + i] = value();
      const same = (label: string) => {
        h = new Float32Array(g!.memory.buffer);
        const a = Array.from(h.subarray(out / 4, out / 4 + M * N)), b = Array.from(h.subarray(ours / 4, ours / 4 + M * N));
        expect(b.map((x) => Object.is(x, -0) ? '-0' : x), `${label} ${M} x ${K} x ${N}`).toEqual(a.map((x) => Object.is(x, -0) ? '-0' : x));
      };
      w.dense(A, M, K, B, N, bias, out);
      g!.gemm(A, 4 * K, 4, B, 4 * N, M, K, N, bias, ours, 4 * N);
      same('with a bias');
      w.matMul(A, M, K, B, N, out);
      g!.gemm(A, 4 * K, 4, B, 4 * N, M, K, N, 0, ours, 4 * N);
      same('without');
      // A^T stored, read through strides (how dW = h^T dz reads h).
      g!.gemm(At, 4, 4 * M, B, 4 * N, M, K, N, 0, ours, 4 * N);
      same('A through strides');
      for (const p of [A, At, B, bias, out, ours]) w.free(p);
    }
  });
});

const rand = (rng: Rng, shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, 0.7)), shape as [number, number, number]) as tf.Tensor3D;

/** fusedMlp's output and its gradients to x and every W and b (of sum(g * y)), flattened. */
async function valueAndGrads(layers: { W: tf.Tensor3D; b: tf.Tensor3D }[], x: tf.Tensor3D, gy: tf.Tensor): Promise<number[][]> {
  const f = (...ps: tf.Tensor[]) => tf.sum(tf.mul(fusedMlp(layers.map((_, j) => ({ W: ps[1 + 2 * j], b: ps[2 + 2 * j] })), ps[0] as tf.Tensor3D)!, gy));
  const y = fusedMlp(layers, x)!;
  const grads = tf.grads(f)([x, ...layers.flatMap((l) => [l.W, l.b])]);
  const out = await Promise.all([y, ...grads].map(async (t) => Array.from(await t.data())));
  tf.dispose([y, ...grads]);
  return out;
}

describe('the fused MLP on member-gemm', () => {
  it('equals its XNNPACK path bit for bit, forward and every gradient, and leaves no tensor behind', async () => {
    await initBackend('wasm');
    const rng = new Rng(23);
    const before = tf.memory().numTensors;
    for (const [M, R, sizes] of [[1, 256, [4, 64, 64, 2]], [1, 576, [4, 32, 32, 1]], [3, 9, [4, 32, 32, 1]], [2, 41, [3, 5, 2]], [1, 7, [6, 1]], [2, 13, [17, 50, 6, 3]]] as [number, number, number[]][]) {
      const layers = sizes.slice(1).map((o, j) => ({ W: rand(rng, [M, sizes[j], o]), b: rand(rng, [M, 1, o]) }));
      const x = rand(rng, [M, R, sizes[0]]), gy = rand(rng, [M, R, sizes[sizes.length - 1]]);
      useMemberGemm(false);
      const want = await valueAndGrads(layers, x, gy);
      useMemberGemm(true);
      const got = await valueAndGrads(layers, x, gy);
      expect(got.length).toBe(2 + 2 * layers.length);
      got.forEach((v, i) => expect(v, `M ${M}, R ${R}, sizes ${sizes}: output ${i}`).toEqual(want[i]));
      tf.dispose([x, gy, ...layers.flatMap((l) => [l.W, l.b])]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

async function trainedParams(cfg: TrainConfigInput, kind: 'discrete' | 'continuous', gemm: boolean): Promise<number[]> {
  useMemberGemm(gemm);
  const t: Trainer = createTrainer(cfg, dataset(kind));
  try {
    await t.run();
    const h = await t.parameters();
    return t.members.flatMap((_, m) => [...h.policy[m].flatMap((l) => [...l.W, ...l.b]), ...(h.logStd ? [...h.logStd[m]] : []), ...h.nu[m].flatMap((l) => [...l.W, ...l.b])]);
  } finally {
    t.dispose();
    useMemberGemm(true);
  }
}

describe('training on member-gemm', () => {
  const base = (members: MemberInput[], extra: Partial<TrainConfigInput> = {}): TrainConfigInput => ({
    members, policyHidden: [64, 64], nuHidden: [32, 32], batchSize: 64, initialStateBatch: 16, steps: 25, logEvery: 10, warmStartFraction: 0.2, ...(extra as object),
  });
  const runs: [string, TrainConfigInput, 'discrete' | 'continuous'][] = [
    ['BE-DROIL KL, one model', base([{ algo: 'be-droil', rho: 0.1, seed: 4 }]), 'discrete'],
    ['BC / DRO-BC / BE-DROIL chi^2, 2 nu steps, odd widths', base([{ algo: 'bc', seed: 1 }, { algo: 'dro-bc', rho: 0.5, seed: 2 }, { algo: 'be-droil', rho: 0.2, kappa: 1e-3, seed: 3 }], { divergence: 'chi2', nuSteps: 2, policyHidden: [10, 7], nuHidden: [5] }), 'discrete'],
    ['Gaussian policies', base([{ algo: 'be-droil', rho: 0.3, seed: 7 }, { algo: 'bc', seed: 8 }], { continuousLoss: 'gaussian' }), 'continuous'],
  ];
  for (const [label, cfg, kind] of runs) {
    it(`leaves every parameter bit-identical to the XNNPACK path: ${label}`, async () => {
      await initBackend('wasm');
      const before = tf.memory().numTensors;
      const want = await trainedParams(cfg, kind, false);
      const got = await trainedParams(cfg, kind, true);
      expect(got.length).toBe(want.length);
      expect(got).toEqual(want);
      expect(got.every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    }, 120_000);
  }
});
