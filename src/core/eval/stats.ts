// Statistics for evaluation results (ALGORITHMS.md §4 "Metrics" and "Comparisons are paired").
// Plain numbers in, plain numbers out: mean, sample std, 95% confidence intervals from Student's t,
// normalised scores, the worst case over a grid, the area under a sweep curve on the log axis, and
// paired per-seed differences.

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 for n = 1. */
  std: number;
  /** Half-width of the 95% confidence interval of the mean; NaN when n < 2 (no interval exists). */
  ci95: number;
  low: number;
  high: number;
  min: number;
  max: number;
}

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Sample standard deviation (Bessel-corrected). 0 for a single value, NaN for none. */
export function std(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (n === 1) return 0;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i] - m) * (xs[i] - m);
  return Math.sqrt(s / (n - 1));
}

// ---- Student's t quantile, through the regularised incomplete beta function ----

// Lanczos approximation (g = 7, 9 coefficients), good to ~1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

// Continued fraction for the incomplete beta (modified Lentz), as in Numerical Recipes §6.4.
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** CDF of Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile of Student's t (p in (0, 1)), by bisection on the CDF. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0, hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (tCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean, std and the 95% CI of the mean from Student's t with n - 1 degrees of freedom. */
export function summarize(xs: ArrayLike<number>): Summary {
  const n = xs.length;
  const m = mean(xs), s = std(xs);
  const half = n >= 2 ? tQuantile(0.975, n - 1) * s / Math.sqrt(n) : NaN;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) { min = Math.min(min, xs[i]); max = Math.max(max, xs[i]); }
  return { n, mean: m, std: s, ci95: half, low: m - half, high: m + half, min, max };
}

/** (R - R_random) / (R_expert - R_random): 0 = random policy, 1 = expert. NaN when the references coincide. */
export function normalisedScore(r: number, rRandom: number, rExpert: number): number {
  const span = rExpert - rRandom;
  return span === 0 ? NaN : (r - rRandom) / span;
}

/** The worst (lowest-return) point of a grid, with its index. */
export function worstCase(values: ArrayLike<number>): { index: number; value: number } {
  let index = -1, value = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] < value) { value = values[i]; index = i; }
  return { index, value };
}

/**
 * Area under a sweep curve on the log-parameter axis (trapezoid rule over log(factor)), divided by the
 * log-range, so the result is the curve's average return over the range, in the units of the return.
 * Factors must be positive and are sorted here together with their values.
 */
export function sweepArea(factors: ArrayLike<number>, values: ArrayLike<number>): number {
  if (factors.length !== values.length) throw new Error('sweepArea: factors and values differ in length');
  const pts = Array.from(factors, (f, i) => [Math.log(f), values[i]] as const).sort((a, b) => a[0] - b[0]);
  if (pts.length === 0) return NaN;
  if (pts.length === 1 || pts[pts.length - 1][0] === pts[0][0]) return mean(Array.from(pts, (p) => p[1]));
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += 0.5 * (pts[i][1] + pts[i - 1][1]) * (pts[i][0] - pts[i - 1][0]);
  return area / (pts[pts.length - 1][0] - pts[0][0]);
}

/** Paired differences x_i - base_i (one pair per seed) and their summary with a 95% CI. */
export function pairedDifference(x: ArrayLike<number>, base: ArrayLike<number>): Summary & { diffs: number[] } {
  if (x.length !== base.length) throw new Error(`pairedDifference: ${x.length} values against ${base.length} baseline values`);
  const diffs = Array.from(x, (v, i) => v - base[i]);
  return { ...summarize(diffs), diffs };
}

/** "412.3 ± 8.1" (the CI half-width), or "412.3" when n < 2. */
export function formatMeanCi(s: Summary, digits = 1): string {
  return Number.isFinite(s.ci95) ? `${s.mean.toFixed(digits)} ± ${s.ci95.toFixed(digits)}` : s.mean.toFixed(digits);
}
