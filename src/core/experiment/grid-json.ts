// JSON that gives back exactly the numbers it was given: a cell's results travel through files between
// processes and machines, and the merged results must be byte-identical to a run in one process. Plain
// JSON turns NaN and the infinities into null and -0 into 0; here those four become {"$number": "NaN"}
// (and so on) and come back as numbers. Every other double already round-trips through JSON exactly.
const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function tag(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0 && 1 / v < 0) return '-0';
  return null;
}

export function stringifyExact(value: unknown, space?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'number') return v;
    const t = tag(v);
    return t === null ? v : { $number: t };
  }, space);
}

export function parseExact<T = unknown>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const t = (v as { $number?: unknown }).$number;
      if (keys.length === 1 && typeof t === 'string' && t in SPECIAL) return SPECIAL[t];
    }
    return v;
  }) as T;
}
