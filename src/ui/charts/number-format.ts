// Compact numbers for the charts' ticks and tooltips (ChartCard re-exports it; the value axis measures its labels).
export function fmt(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return Number(v.toFixed(1)).toString(); // 10, not 10.0
  return Number(v.toPrecision(3)).toString();
}
