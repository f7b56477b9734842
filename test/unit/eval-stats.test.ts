import { describe, expect, it } from 'vitest';
import { mean, normalisedScore, pairedDifference, std, summarize, sweepArea, tCdf, tQuantile, worstCase } from '../../src/core/eval/stats';

describe('eval stats', () => {
  it('t quantiles match the closed forms for 1 and 2 degrees of freedom', () => {
    // df = 1 is Cauchy: t = tan(pi (p - 1/2)); df = 2: t = (2p - 1) / sqrt(2 p (1 - p)).
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 9);
    }
  });

  it('t quantiles match published table values and tend to the normal quantile', () => {
    // Values of scipy.stats.t.ppf(0.975, df).
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.7764451051977934, 9);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 9);
    expect(tQuantile(0.975, 19)).toBeCloseTo(2.0930240544083087, 9);
    expect(tQuantile(0.975, 100)).toBeCloseTo(1.9839715185235518, 9);
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 5);
    expect(tCdf(1.3, 5)).toBeCloseTo(0.8748496829146615, 10);
    expect(tQuantile(0.025, 9)).toBeCloseTo(-2.262157162798205, 9);
  });

  it('summarises with the Bessel-corrected std and a t-based 95% CI', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    // Hand computation: mean 5, sum of squares 32, sample variance 32/7.
    expect(mean(xs)).toBe(5);
    expect(std(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const s = summarize(xs);
    const half = 2.364624251592784 * Math.sqrt(32 / 7) / Math.sqrt(8); // t(0.975, 7) from scipy
    expect(s.ci95).toBeCloseTo(half, 9);
    expect(s.low).toBeCloseTo(5 - half, 9);
    expect(s.high).toBeCloseTo(5 + half, 9);
    expect([s.min, s.max, s.n]).toEqual([2, 9, 8]);
    const one = summarize([3]);
    expect(one.std).toBe(0);
    expect(Number.isNaN(one.ci95)).toBe(true);
  });

  it('covers the true mean about 95% of the time for small normal samples', () => {
    // A property of a correct t interval: coverage 0.95 for n = 3 (a normal interval would give ~0.8).
    let seed = 12345;
    const u = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
    const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    let covered = 0;
    const trials = 20000;
    for (let t = 0; t < trials; t++) {
      const s = summarize([normal(), normal(), normal()]);
      if (s.low <= 0 && 0 <= s.high) covered++;
    }
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.01);
  });

  it('normalises scores between the random and the expert reference', () => {
    expect(normalisedScore(500, 20, 500)).toBe(1);
    expect(normalisedScore(20, 20, 500)).toBe(0);
    expect(normalisedScore(260, 20, 500)).toBe(0.5);
    expect(normalisedScore(-700, -1200, -200)).toBe(0.5); // negative returns (Pendulum)
    expect(Number.isNaN(normalisedScore(1, 2, 2))).toBe(true);
  });

  it('finds the worst point of a grid', () => {
    expect(worstCase([3, -1, 4, -1, 5])).toEqual({ index: 1, value: -1 });
  });

  it('integrates the sweep curve on the log axis and normalises by the log range', () => {
    // A constant curve has area equal to the constant; a curve linear in log(f) averages its end points.
    const f = [0.5, 0.7071067811865476, 1, 1.4142135623730951, 2];
    expect(sweepArea(f, [7, 7, 7, 7, 7])).toBeCloseTo(7, 12);
    expect(sweepArea(f, f.map((x) => 3 + 2 * Math.log(x)))).toBeCloseTo(3, 12);
    // Unequal spacing, unsorted input: hand trapezoid over log f = [0, ln 2, ln 4] with values [1, 3, 2].
    const l2 = Math.log(2);
    expect(sweepArea([4, 1, 2], [2, 1, 3])).toBeCloseTo((0.5 * (1 + 3) * l2 + 0.5 * (3 + 2) * l2) / (2 * l2), 12);
  });

  it('pairs differences per seed', () => {
    const x = [10, 12, 11, 13], bc = [9, 10, 11, 10];
    const d = pairedDifference(x, bc);
    expect(d.diffs).toEqual([1, 2, 0, 3]);
    expect(d.mean).toBe(1.5);
    expect(d.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(d.ci95).toBeCloseTo(3.1824463052837078 * Math.sqrt(5 / 3) / 2, 9); // t(0.975, 3)
    expect(() => pairedDifference([1], [1, 2])).toThrow();
  });
});
