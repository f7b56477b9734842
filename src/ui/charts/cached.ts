/**
 * One object per key, made once: recharts 3 copies a chart's axis, legend, tooltip and series settings into the
 * chart's own store whenever their props change identity, and every such copy re-runs the chart's selectors.
 * Props built from the same values must be the same objects for a redraw to cost only what changed.
 */
export function cachedBy<A extends unknown[], V>(make: (...args: A) => V): (...args: A) => V {
  const cache = new Map<string, V>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let v = cache.get(key);
    if (v === undefined) { v = make(...args); cache.set(key, v); }
    return v;
  };
}
