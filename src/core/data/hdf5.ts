// HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly). It is 4 MB, so it loads on first use
// with a dynamic import; its ESM build runs unchanged in Node, in a browser worker and in the page.
// h5wasm works on files in its in-memory filesystem: bytes in, open, read, close, unlink.
import type * as H5Module from 'h5wasm';
import { isUserError, UserError } from '../errors';
import { formatMB, product, shapeText, type NdArray, type NumericArray } from './numeric';

export type H5 = typeof H5Module;
export type H5File = InstanceType<H5['File']>;

let loading: Promise<H5> | undefined;

/** Load h5wasm once; its C errors become thrown JS errors (h5wasm's throwing error handler) instead of console output. */
export function loadH5wasm(): Promise<H5> {
  loading ??= (async () => {
    const h5 = await import('h5wasm');
    const module = await h5.ready;
    module.activate_throwing_error_handler();
    return h5;
  })();
  return loading;
}

let counter = 0;

/** The most specific line of an HDF5 error stack ("file signature not found"), or the error's first line. */
export function h5Reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split('\n');
  const steps = lines.map((l) => /#\d+:.* in [\w]+\(\): (.*)$/.exec(l)?.[1]).filter((m): m is string => !!m);
  if (steps.length) return steps[steps.length - 1].trim();
  return lines[0].replace(/^HDF5-DIAG: /, '').trim();
}

/** Open bytes as a read-only HDF5 file, run `fn`, always close and unlink. Any library error becomes a UserError. */
export async function withHdf5<T>(bytes: Uint8Array, file: string, fn: (f: H5File, h5: H5) => T): Promise<T> {
  const h5 = await loadH5wasm();
  const path = `/droil-read-${++counter}.h5`;
  h5.FS!.writeFile(path, bytes, { canOwn: true } as never); // MEMFS keeps a view of our bytes: no copy
  let f: H5File | undefined;
  try {
    try {
      f = new h5.File(path, 'r');
    } catch (e) {
      throw new UserError(`not a readable HDF5 file: ${h5Reason(e)}`, file);
    }
    if (f.file_id < 0n) throw new UserError('not a readable HDF5 file', file);
    return fn(f, h5);
  } catch (e) {
    if (isUserError(e)) throw e;
    throw new UserError(`could not read the HDF5 file: ${h5Reason(e)}`, file);
  } finally {
    try { if (f && f.file_id >= 0n) f.close(); } catch { /* already reported */ }
    try { h5.FS!.unlink(path); } catch { /* not there */ }
  }
}

/** Create a file in h5wasm's memory, let `fn` fill it, return its bytes. */
export async function buildHdf5(fn: (f: H5File, h5: H5) => void): Promise<Uint8Array> {
  const h5 = await loadH5wasm();
  const path = `/droil-write-${++counter}.h5`;
  const f = new h5.File(path, 'w');
  try {
    fn(f, h5);
  } finally {
    f.close();
  }
  try {
    return h5.FS!.readFile(path);
  } finally {
    h5.FS!.unlink(path);
  }
}

const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_ENUM = 8;

export type H5Group = InstanceType<H5['Group']>;

/**
 * Read the numeric dataset `name` of `group`, checking its class and declared size (against `budget.left`
 * bytes) before any data is decoded. Returns undefined when `optional` and absent. `label` names it in messages.
 */
export function readNumeric(group: H5Group, name: string, label: string, h5: H5, file: string, budget: { left: number }, optional = false): NdArray | undefined {
  const field = `field '${label}'`;
  if (!group.keys().includes(name)) {
    if (optional) return undefined;
    throw new UserError(`missing dataset '${label}'`, file);
  }
  const obj = group.get(name);
  if (!(obj instanceof h5.Dataset)) throw new UserError(`${field}: expected a numeric dataset, found ${obj instanceof h5.Group ? 'a group (dict/tuple spaces are not supported)' : 'a link or another object'}`, file);
  const meta = obj.metadata;
  const shape = meta.shape ?? [];
  let cls = meta.type;
  const size = meta.size;
  if (cls === H5T_ENUM && meta.enum_type) cls = meta.enum_type.type; // h5py bools: an enum over int8
  if (cls !== H5T_INTEGER && cls !== H5T_FLOAT) throw new UserError(`${field}: expected numbers (float, int or bool), found HDF5 type class ${cls} ('${String(obj.dtype)}')`, file);
  if (meta.vlen) throw new UserError(`${field}: variable-length data is not supported`, file);
  const bytes = product(shape) * size;
  if (!Number.isFinite(bytes) || bytes > budget.left) {
    throw new UserError(`${field}: shape ${shapeText(shape)} would take ${formatMB(bytes)} MB once decoded, above what is left of the size limit (${formatMB(budget.left)} MB)`, file);
  }
  budget.left -= bytes;
  const value = obj.value;
  if (value === null || typeof value !== 'object' || !('length' in value)) throw new UserError(`${field}: could not decode the data`, file);
  const data = value as unknown as NumericArray;
  if (data.length !== product(shape)) throw new UserError(`${field}: decoded ${data.length} values, expected ${product(shape)} for shape ${shapeText(shape)}`, file);
  const kind = cls === H5T_FLOAT ? 'float' : 'int';
  return { data, shape, kind, dtype: String(obj.dtype) };
}

/**
 * A string attribute of the root, if present: fixed- or variable-length, ASCII or UTF-8, scalar or a
 * one-element array (every form h5py writes; a plain `f.attrs['env_id'] = '...'` is a variable-length
 * UTF-8 string). With `file`, an attribute that is present but not one readable string of at most 1 MB is
 * a UserError naming it; without, it is ignored (our own optional records).
 */
export function rootStringAttr(f: H5File, name: string, file?: string): string | undefined {
  const refuse = (why: string): undefined => {
    if (file !== undefined) throw new UserError(`attribute '${name}': ${why}`, file);
    return undefined;
  };
  let meta: { type: number; vlen?: boolean; size: number; total_size: number };
  try {
    if (!Object.prototype.hasOwnProperty.call(f.attrs, name)) {
      // h5wasm lists no attributes when their header is damaged (h5py refuses such a file): ask by name,
      // which says 'name not defined' when the attribute is truly absent and raises HDF5's error otherwise.
      if (file === undefined) return undefined;
      try { f.get_attribute(name, true); } catch (e) {
        if (/HDF5-DIAG/.test(String((e as Error)?.message ?? e))) return refuse(`the root's attributes are unreadable (${h5Reason(e)})`);
      }
      return undefined;
    }
    meta = f.attrs[name].metadata;
  } catch (e) {
    return refuse(`unreadable (${h5Reason(e)})`);
  }
  if (meta.type !== 3) return refuse(`expected a string, found HDF5 type class ${meta.type}`);
  if (meta.total_size !== 1) return refuse(`expected one string, found ${meta.total_size}`);
  if (!meta.vlen && meta.size > 1_000_000) return refuse(`a string of ${meta.size} bytes is longer than 1 MB`);
  let v: unknown;
  try {
    v = f.get_attribute(name, true);
  } catch (e) {
    return refuse(`unreadable (${h5Reason(e)})`);
  }
  const text = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (typeof text !== 'string') return refuse('expected a string');
  if (text.length > 1_000_000) return refuse('a string longer than 1 MB');
  return text.replace(/[\0 ]+$/, '');
}

/** Write a fixed-length UTF-8 string attribute (our writers keep to one form; readers take every form h5py writes). */
export function writeStringAttr(f: H5File, name: string, value: string): void {
  const bytes = new TextEncoder().encode(value).length;
  f.create_attribute(name, value, null, `S${Math.max(1, bytes)}`);
}
