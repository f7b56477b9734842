// NumPy .npy arrays: npyjs does the decoding; this file checks the header first so that a truncated,
// padded, big-endian, pickled or absurdly sized array is a UserError naming the array, not a RangeError.
import { dump, parse as npyParse, type DType } from 'npyjs';
import { UserError } from '../errors';
import { product, shapeText, type NdArray, type NumericArray } from './numeric';
import { bytesPreview } from './text';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Parse one .npy array. `where` names it in messages (e.g. "entry 'obs.npy'"). */
export function parseNpy(bytes: Uint8Array, file: string, where: string): NdArray {
  const fail = (msg: string): never => { throw new UserError(`${where}: ${msg}`, file); };
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) fail(`not a NumPy array: expected the magic '\\x93NUMPY', found ${bytesPreview(bytes)}`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) { headerStart = 10; headerLen = view.getUint16(8, true); }
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated NumPy header');
    headerStart = 12; headerLen = view.getUint32(8, true);
  } else return fail(`unsupported NumPy format version ${major}.${bytes[7]} (1.0, 2.0 and 3.0 are known)`);
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`truncated: the header says it is ${headerLen} bytes long, but the array has only ${bytes.length - headerStart} bytes after the magic`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr'\s*:\s*('([^']*)'|\[)/.exec(header);
  if (!descr) fail(`malformed NumPy header (no 'descr'): ${JSON.stringify(header.trim().slice(0, 80))}`);
  if (descr![1] === '[') fail('a structured array (named fields) is not supported: save each field as its own array in an .npz');
  const dtype = descr![2];
  const m = /^([<>|=]?)([fiub])(\d+)$/.exec(dtype);
  if (dtype.includes('O')) fail(`holds pickled Python objects (dtype '${dtype}'), which are not read: save numeric arrays (np.float32, np.int64, bool)`);
  if (!m) fail(`unsupported dtype '${dtype}': expected float (f4, f8, f2), integer (i1..i8, u1..u8) or bool (b1)`);
  const [, order, code, sizeText] = m!;
  const size = Number(sizeText);
  if (order === '>' && size > 1) fail(`big-endian dtype '${dtype}' is not supported: save with '<${code}${size}'`);
  const valid = code === 'f' ? [2, 4, 8] : code === 'b' ? [1] : [1, 2, 4, 8];
  if (!valid.includes(size)) fail(`unsupported dtype '${dtype}'`);

  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  if (!fortran) fail(`malformed NumPy header (no 'fortran_order'): ${JSON.stringify(header.trim().slice(0, 80))}`);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) fail(`malformed NumPy header (no 'shape'): ${JSON.stringify(header.trim().slice(0, 80))}`);
  const parts = shapeMatch![1].split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (shape.some((s) => !Number.isSafeInteger(s))) fail(`malformed shape (${shapeMatch![1]}) in the NumPy header`);

  const want = product(shape) * size;
  const have = bytes.length - dataStart;
  if (want !== have) {
    fail(want > have
      ? `truncated: shape ${shapeText(shape)} of '${dtype}' needs ${want} bytes of data, found ${have}`
      : `shape ${shapeText(shape)} of '${dtype}' needs ${want} bytes of data, found ${have} (extra bytes at the end)`);
  }
  if (dataStart % size !== 0) fail(`the data starts at byte ${dataStart}, not aligned to its ${size}-byte elements`);

  // npyjs wants an ArrayBuffer that starts at the array's first byte.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer as ArrayBuffer : bytes.slice().buffer;
  let data: NumericArray;
  try {
    data = npyParse(own).data as unknown as NumericArray;
  } catch (e) {
    return fail(`could not decode the array: ${(e as Error).message}`);
  }
  if (data.length !== product(shape)) fail(`decoded ${data.length} values, expected ${product(shape)} for shape ${shapeText(shape)}`);
  if (fortran![1] === 'True' && shape.length > 1) {
    if (shape.length > 2) fail(`Fortran-ordered arrays of ${shape.length} dimensions are not supported: save with np.ascontiguousarray`);
    data = transpose2d(data, shape[0], shape[1]);
  }
  const kind = code === 'f' ? 'float' : code === 'b' ? 'bool' : 'int';
  return { data, shape, kind, dtype };
}

/** Column-major rows x cols -> row-major. */
function transpose2d(a: NumericArray, rows: number, cols: number): NumericArray {
  const out = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = Number(a[c * rows + r]);
  return out;
}

/** One .npy file: float32, int32 or bool (from 0/1 bytes). */
export function npyBytes(data: Float32Array | Int32Array | Uint8Array, shape: number[], dtype?: 'b1'): Uint8Array {
  const buf = dump(data, shape, dtype ? { dtype: dtype as DType } : undefined);
  return new Uint8Array(buf);
}
