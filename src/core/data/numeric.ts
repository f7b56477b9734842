// Numeric arrays as they come out of parsers (npyjs, h5wasm, papaparse), and the conversions the readers
// share. Every reader turns its columns into these before building a Dataset.

export type NumericArray =
  | Float32Array | Float64Array
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array
  | number[] | boolean[];

/** A parsed n-d array: row-major data, its shape and whether its element type is integer/bool. */
export interface NdArray {
  data: NumericArray;
  shape: number[];
  /** 'float' | 'int' | 'bool': what the file declared (decides discrete vs continuous actions). */
  kind: 'float' | 'int' | 'bool';
  /** The file's own name for the element type, for messages (e.g. '<f4', 'int64'). */
  dtype: string;
}

export function product(shape: number[]): number {
  let p = 1;
  for (const s of shape) p *= s;
  return p;
}

export function shapeText(shape: number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Element i as a JS number (bigint and boolean elements included). */
export function numberAt(a: NumericArray, i: number): number {
  const v = a[i] as number | bigint | boolean;
  return typeof v === 'number' ? v : Number(v);
}

export function toFloat32(a: NumericArray): Float32Array {
  if (a instanceof Float32Array) return a;
  const out = new Float32Array(a.length);
  if (a instanceof BigInt64Array || a instanceof BigUint64Array || Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) out[i] = numberAt(a, i);
  } else {
    out.set(a as ArrayLike<number>);
  }
  return out;
}

/** Index of the first element that is neither 0 nor 1 (false/true), or -1. */
export function firstNonFlag(a: NumericArray): number {
  for (let i = 0; i < a.length; i++) {
    const v = numberAt(a, i);
    if (v !== 0 && v !== 1) return i;
  }
  return -1;
}

/** 0/1 flags from any numeric or boolean column (check firstNonFlag first). */
export function toFlags(a: NumericArray): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = numberAt(a, i) !== 0 ? 1 : 0;
  return out;
}

/** Bytes as megabytes (1 MB = 1e6 bytes) with sensible digits: 200, 12.5, 0.080. */
export function formatMB(bytes: number): string {
  const mb = bytes / 1e6;
  return mb >= 10 ? mb.toFixed(0) : mb >= 0.1 ? mb.toFixed(1) : mb.toPrecision(2);
}
