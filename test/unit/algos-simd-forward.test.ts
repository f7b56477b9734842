// The WebAssembly SIMD forward pass (simd-forward.ts) against the plain-TypeScript loop it replaces: the same bits
// for every output (the evaluation's pinned numbers depend on it), over widths that exercise every remainder (odd
// inputs, outputs not a multiple of four, odd batches), networks that alternate in the shared memory, and large
// batches that grow it; and a tanh layer's saturation and NaN the same way.
import { describe, expect, it } from 'vitest';
import { initHostMlp, mlpSizes } from '../../src/core/algos/mlp';
import { prepareForwardLoop, type HostLayer } from '../../src/core/algos/plain-mlp';
import { moduleBytes, simdForward } from '../../src/core/algos/simd-forward';
import { Rng } from '../../src/core/rng';

const same = (a: Float64Array, b: Float64Array) => {
  expect(a.length).toBe(b.length);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
  return differ;
};

describe('the SIMD forward pass', () => {
  it('runs here (Node 20 and Chromium have WebAssembly SIMD)', () => {
    const layers = initHostMlp(mlpSizes(4, [64, 64], 2), new Rng(1));
    expect(simdForward(layers)).not.toBeNull();
  });

  it("stays under Chromium's 4 KB limit for a synchronous compile on the page's main thread", () => {
    const bytes = moduleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.byteLength).toBeLessThanOrEqual(4096);
  });

  it('equals the plain loop bit for bit over every remainder of widths and batch sizes', () => {
    const rng = new Rng(11);
    for (const [obs, hidden, out] of [[4, [64, 64], 2], [3, [7, 5], 1], [5, [63, 64], 3], [17, [256, 256], 6], [1, [1], 1], [11, [9, 13, 6], 5]] as [number, number[], number][]) {
      const layers = initHostMlp(mlpSizes(obs, hidden, out), rng.derive(`${obs}-${hidden}`));
      const f = prepareForwardLoop(layers), g = simdForward(layers)!;
      for (const n of [1, 2, 3, 5, 10, 33]) {
        const x = Float64Array.from({ length: n * obs }, () => 3 * rng.normal());
        expect(same(g(x, n), f(x, n))).toBe(0);
      }
    }
  });

  it('keeps each network apart when several alternate, and after the memory grows for a large batch', () => {
    const rng = new Rng(12);
    const nets: HostLayer[][] = [0, 1, 2].map((k) => initHostMlp(mlpSizes(4, [64, 64], 2), rng.derive(`net${k}`)));
    const loops = nets.map(prepareForwardLoop), simds = nets.map((l) => simdForward(l)!);
    for (const n of [7, 4000, 9]) {
      const x = Float64Array.from({ length: n * 4 }, () => 2 * rng.normal());
      for (const k of [0, 1, 2, 1, 0]) expect(same(simds[k](x, n), loops[k](x, n))).toBe(0);
    }
  });

  it('saturates and passes NaN like the loop (pre-activations far outside [-9, 9])', () => {
    const layers = initHostMlp(mlpSizes(2, [8], 2), new Rng(13));
    const x = Float64Array.from([1e6, -1e6, 50, -50, 0, NaN, Infinity, -Infinity]);
    expect(same(simdForward(layers)!(x, 4), prepareForwardLoop(layers)(x, 4))).toBe(0);
  });

  it("its vector tanh (two outputs at once) is fastTanh bit for bit over [-12, 12] and at the edges", () => {
    // 1 -> 4 -> 4: every hidden output is tanh(x) (weights 1, biases 0), four at a time (two vector tanh calls);
    // the identity output layer passes them through exactly (t * 1, t * 0 = ±0 and adds of 0 change no bits).
    const layers: HostLayer[] = [
      { W: Float32Array.of(1, 1, 1, 1), b: new Float32Array(4), inDim: 1, outDim: 4 },
      { W: Float32Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 1 : 0)), b: new Float32Array(4), inDim: 4, outDim: 4 },
    ];
    const xs = [0, -0, 1e-300, -5e-324, 9, -9, 9 + 1e-12, -9 - 1e-12, 1e308, -1e308, Infinity, -Infinity, NaN];
    for (let v = -12; v <= 12; v += 1 / 1024) xs.push(v);
    const x = Float64Array.from(xs);
    const y = simdForward(layers)!(x, x.length), ref = prepareForwardLoop(layers)(x, x.length);
    expect(same(y, ref)).toBe(0);
    // and the reference is fastTanh itself: row r's outputs are all tanh(x_r)
    expect(Math.abs(y[4 * xs.indexOf(0.5)] - Math.tanh(0.5))).toBeLessThan(3e-8);
  });
});
