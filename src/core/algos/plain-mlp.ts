// The policy network as plain TypeScript, without tfjs: what a trained policy acts with (loadPolicy), in the
// CLI, the worker's evaluation and the page (which must not load tfjs). mlp.ts re-exports it. Where WebAssembly
// SIMD runs, prepareForward computes the same numbers there (simd-forward.ts), ~3.5x faster.
import { simdForward } from './simd-forward';

/** One member's layer, host side: W row-major [in, out], b [out]. */
export interface HostLayer { W: Float32Array; b: Float32Array; inDim: number; outDim: number }

/**
 * tanh to 3e-8 absolute (Eigen's rational 13/6 approximation on [-9, 9], float64 arithmetic). Only + * /,
 * so it gives the same bits on every JavaScript engine (Math.tanh is implementation-defined), and it is
 * ~4x cheaper than Math.tanh: a 4-64-64-2 policy calls it 128 times per row, which was half the row's cost.
 */
export function fastTanh(x0: number): number {
  const x = x0 > 9 ? 9 : x0 < -9 ? -9 : x0;
  const x2 = x * x;
  const p = x * (4.89352455891786e-3 + x2 * (6.37261928875436e-4 + x2 * (1.48572235717979e-5 + x2 * (5.12229709037114e-8
    + x2 * (-8.60467152213735e-11 + x2 * (2.00018790482477e-13 + x2 * -2.76076847742355e-16))))));
  const q = 4.89352518554385e-3 + x2 * (2.26843463243900e-3 + x2 * (1.18534705686654e-4 + x2 * 1.19825839466702e-6));
  return p / q;
}

/**
 * The network as plain TypeScript (float64 arithmetic, hidden tanh by fastTanh), prepared once for many calls:
 * what a policy acts with (loadPolicy). Weights transposed to [out][in] float64 rows so each output is one
 * dot product accumulated in a register, and the layer buffers reused between calls (evaluation calls this
 * once per environment step on every running episode). Equals plainForward to ~1e-7.
 * Returns (x: n x in row-major, n) -> n x out; the returned array is owned by the caller. On WebAssembly SIMD
 * where it runs (simd-forward.ts: the same bits), else this loop.
 */
export function prepareForward(layers: HostLayer[]): (x: Float64Array, n: number) => Float64Array {
  return simdForward(layers) ?? buildForward(layers, fastTanh);
}

/** prepareForward's plain-TypeScript loop, always (the reference simd-forward.ts is tested against). */
export function prepareForwardLoop(layers: HostLayer[]): (x: Float64Array, n: number) => Float64Array {
  return buildForward(layers, fastTanh);
}

function buildForward(layers: HostLayer[], tanh: (x: number) => number): (x: Float64Array, n: number) => Float64Array {
  const WT = layers.map((l) => {
    const t = new Float64Array(l.inDim * l.outDim);
    for (let i = 0; i < l.inDim; i++) for (let o = 0; o < l.outDim; o++) t[o * l.inDim + i] = l.W[i * l.outDim + o];
    return t;
  });
  const bias = layers.map((l) => Float64Array.from(l.b));
  let scratch: Float64Array[] = [];
  return (x, n) => {
    if (scratch.length === 0 || scratch[0].length < n * layers[0].outDim) scratch = layers.slice(0, -1).map((l) => new Float64Array(n * l.outDim));
    let h = x;
    for (let j = 0; j < layers.length; j++) {
      const { inDim, outDim } = layers[j], w = WT[j], b = bias[j];
      const last = j + 1 === layers.length;
      const out = last ? new Float64Array(n * outDim) : scratch[j];
      // Two rows at a time: each weight loaded once serves both rows' dot products.
      let r = 0;
      for (; r + 1 < n; r += 2) {
        const h0 = r * inDim, h1 = h0 + inDim, o0 = r * outDim, o1 = o0 + outDim;
        for (let o = 0; o < outDim; o++) {
          let a0 = b[o], a1 = 0, c0 = b[o], c1 = 0, i = 0;
          const wr = o * inDim;
          for (; i + 1 < inDim; i += 2) {
            const w0 = w[wr + i], w1 = w[wr + i + 1];
            a0 += h[h0 + i] * w0; a1 += h[h0 + i + 1] * w1;
            c0 += h[h1 + i] * w0; c1 += h[h1 + i + 1] * w1;
          }
          if (i < inDim) { a0 += h[h0 + i] * w[wr + i]; c0 += h[h1 + i] * w[wr + i]; }
          out[o0 + o] = last ? a0 + a1 : tanh(a0 + a1);
          out[o1 + o] = last ? c0 + c1 : tanh(c0 + c1);
        }
      }
      // The odd last row with the same two accumulators, so a row's outputs do not depend on the batch it is
      // in (a rollout's batch shrinks as episodes end; evaluation keeps per-episode returns, episode-memo.ts).
      for (; r < n; r++) {
        const hr = r * inDim, orow = r * outDim;
        for (let o = 0; o < outDim; o++) {
          let a0 = b[o], a1 = 0, i = 0;
          const wr = o * inDim;
          for (; i + 1 < inDim; i += 2) { a0 += h[hr + i] * w[wr + i]; a1 += h[hr + i + 1] * w[wr + i + 1]; }
          if (i < inDim) a0 += h[hr + i] * w[wr + i];
          out[orow + o] = last ? a0 + a1 : tanh(a0 + a1);
        }
      }
      h = out;
    }
    return h;
  };
}

/** The same network in float64 with Math.tanh (the reference tests compare with): x is n x in, returns n x out. */
export function plainForward(layers: HostLayer[], x: Float64Array, n: number): Float64Array {
  return buildForward(layers, Math.tanh)(x, n);
}
