// The forward pass loaded policies act with (prepareForward, fastTanh) against the Math.tanh network.
import { describe, expect, it } from 'vitest';
import { initHostMlp, mlpSizes } from '../../src/core/algos/mlp';
import { fastTanh, plainForward, prepareForward } from '../../src/core/algos/plain-mlp';
import { Rng } from '../../src/core/rng';

describe("the loaded policy's forward pass", () => {
  it('fastTanh is within 3e-8 of Math.tanh everywhere, odd, and saturates', () => {
    let worst = 0, odd = true;
    for (let x = -20; x <= 20; x += 1 / 1024) {
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
      if (fastTanh(-x) !== -fastTanh(x)) odd = false;
    }
    expect(worst).toBeLessThan(3e-8);
    expect(odd).toBe(true);
    expect(fastTanh(0)).toBe(0);
    expect(Math.abs(fastTanh(1e3) - 1)).toBeLessThan(3e-8);
  });

  it('prepareForward equals the Math.tanh network to 1e-6 (odd and even batch sizes), and repeats bit for bit', () => {
    const layers = initHostMlp(mlpSizes(4, [64, 64], 2), new Rng(3));
    const rng = new Rng(5);
    const f = prepareForward(layers);
    for (const n of [1, 7, 40]) {
      const x = Float64Array.from({ length: n * 4 }, () => 2 * rng.normal());
      const ref = plainForward(layers, x, n), y = f(x, n);
      y.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-6));
      expect(Array.from(f(x, n))).toEqual(Array.from(y));
    }
  });

  it("a row's outputs do not depend on the batch it is in (rollouts keep per-episode returns: eval/episode-memo.ts)", () => {
    const layers = initHostMlp(mlpSizes(5, [63, 64], 3), new Rng(7)); // odd input and hidden widths
    const rng = new Rng(9);
    const f = prepareForward(layers);
    const n = 9;
    const x = Float64Array.from({ length: n * 5 }, () => 2 * rng.normal());
    const batch = Array.from(f(x, n));
    for (let r = 0; r < n; r++) expect(Array.from(f(x.slice(r * 5, (r + 1) * 5), 1))).toEqual(batch.slice(r * 3, (r + 1) * 3));
    // Rows 1-4 as a batch of their own (pairs formed differently from the full batch's).
    expect(Array.from(f(x.slice(5, 25), 4))).toEqual(batch.slice(3, 15));
  });
});
