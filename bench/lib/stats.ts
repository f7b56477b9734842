// Summary of repeated benchmark runs: median with min and max (the figure the harness reports).
export interface Summary { median: number; min: number; max: number; runs: number; samples: number[] }

export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0] ?? NaN, max: s[n - 1] ?? NaN, runs: n, samples };
}

/** Short human form: 1.23M, 45.6k, 7.89, 0.123. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(x / 1e3).toFixed(1)}k`;
  if (a >= 100 || Number.isInteger(x)) return x.toFixed(0);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export const fmtSummary = (s: Summary) => `${fmt(s.median)} [${fmt(s.min)}, ${fmt(s.max)}]`;
