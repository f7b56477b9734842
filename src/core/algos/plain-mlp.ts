// The policy network as plain TypeScript, without tfjs: what a trained policy acts with (loadPolicy), in the
// CLI, the worker's evaluation and the page (which must not load tfjs). mlp.ts re-exports it.

/** One member's layer, host side: W row-major [in, out], b [out]. */
export interface HostLayer { W: Float32Array; b: Float32Array; inDim: number; outDim: number }

/**
 * The same network as plain TypeScript (float64 arithmetic), prepared once for many calls: weights transposed
 * to [out][in] float64 rows so each output is one dot product accumulated in a register, and the layer buffers
 * reused between calls (evaluation calls this once per environment step on every running episode).
 * Returns (x: n x in row-major, n) -> n x out; the returned array is owned by the caller.
 */
export function prepareForward(layers: HostLayer[]): (x: Float64Array, n: number) => Float64Array {
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
          out[o0 + o] = last ? a0 + a1 : Math.tanh(a0 + a1);
          out[o1 + o] = last ? c0 + c1 : Math.tanh(c0 + c1);
        }
      }
      for (; r < n; r++) {
        const hr = r * inDim, orow = r * outDim;
        for (let o = 0; o < outDim; o++) {
          let acc = b[o];
          const wr = o * inDim;
          for (let i = 0; i < inDim; i++) acc += h[hr + i] * w[wr + i];
          out[orow + o] = last ? acc : Math.tanh(acc);
        }
      }
      h = out;
    }
    return h;
  };
}

/** The same network as plain TypeScript (float64 arithmetic): x is n x in (row-major), returns n x out. */
export function plainForward(layers: HostLayer[], x: Float64Array, n: number): Float64Array {
  return prepareForward(layers)(x, n);
}
