// Reading a zip (an .npz, a project file) the way a careful reader must: caps on the number of entries and
// on the total declared size are checked before anything is inflated (a zip bomb is refused, not
// expanded), and each entry that is inflated must have the size and the CRC-32 its central directory
// declares (numpy's zipfile refuses a damaged member the same way: "Bad CRC-32"). fflate inflates; it
// checks neither. Pure TypeScript: the CLI, the worker and the page share it.
import { unzipSync } from 'fflate';
import { isUserError, UserError } from '../errors';
import { formatMB } from './numeric';

export interface ZipLimits {
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most bytes the inflated entries may take together (declared sizes, checked before inflating). */
  maxTotalBytes: number;
  /** Which entries to inflate (default: all); the others count toward maxEntries only. */
  want?: (name: string) => boolean;
  /** How messages name the archive and its contents: '.npz (zip)', 'the arrays'. */
  archive?: string;
  contents?: string;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, as zip and zlib use it) of `data`, unsigned. */
export function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

interface CentralEntry { crc: number; size: number }

/**
 * The CRC-32 and uncompressed size of every entry, from the central directory (zip64 sizes included).
 * Throws a plain Error on a damaged directory (the caller words it).
 */
function centralDirectory(b: Uint8Array): Map<string, CentralEntry> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (v.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  let count = v.getUint16(eocd + 10, true);
  let cdSize = v.getUint32(eocd + 12, true);
  let offset = v.getUint32(eocd + 16, true);
  let cdEnd = eocd;
  if ((count === 0xffff || offset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20 && v.getUint32(eocd - 20, true) === 0x07064b50) {
    const z64 = Number(v.getBigUint64(eocd - 12, true));
    if (z64 + 56 > b.length || v.getUint32(z64, true) !== 0x06064b50) throw new Error('damaged zip64 end of central directory');
    count = Number(v.getBigUint64(z64 + 32, true));
    cdSize = Number(v.getBigUint64(z64 + 40, true));
    offset = Number(v.getBigUint64(z64 + 48, true));
    cdEnd = z64;
  }
  // The directory ends where the end record begins (Python's zipfile relies on it too).
  if (offset + cdSize !== cdEnd) throw new Error('the central directory does not end where the end record begins (damaged or altered archive)');
  const out = new Map<string, CentralEntry>();
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) throw new Error(`damaged central directory (entry ${k})`);
    const crc = v.getUint32(p + 16, true);
    let size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    if (p + 46 + nameLen + extraLen > b.length) throw new Error(`damaged central directory (entry ${k})`);
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen));
    if (size === 0xffffffff) {
      // zip64 extra field (id 1): the uncompressed size comes first.
      for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
        const id = v.getUint16(e, true);
        const len = v.getUint16(e + 2, true);
        if (id === 1 && len >= 8) { size = Number(v.getBigUint64(e + 4, true)); break; }
        e += 4 + len;
      }
    }
    // The local header the entry points at must carry the same name (zipfile: "File name in directory and header differ").
    const local = v.getUint32(p + 42, true);
    if (local === 0xffffffff) { /* zip64 offset: fflate resolves it; the CRC check still applies */ } else if (
      local + 30 > b.length || v.getUint32(local, true) !== 0x04034b50 || v.getUint16(local + 26, true) !== nameLen ||
      local + 30 + nameLen > b.length || b.subarray(local + 30, local + 30 + nameLen).some((x, i) => x !== b[p + 46 + i])
    ) throw new Error(`entry '${name}': its local header does not match the central directory`);
    out.set(name, { crc, size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * Inflates the wanted entries of a zip after checking the caps; verifies each entry's size and CRC-32.
 * Every problem is a UserError for `file` (duplicate names, too many entries, too large, damaged).
 */
export function unzipChecked(bytes: Uint8Array, file: string, limits: ZipLimits): Record<string, Uint8Array> {
  const names = new Set<string>();
  let total = 0;
  let raw: Record<string, Uint8Array>;
  let central: Map<string, CentralEntry>;
  try {
    central = centralDirectory(bytes);
    raw = unzipSync(bytes, {
      filter: (f) => {
        if (names.size >= limits.maxEntries) throw new UserError(`more than ${limits.maxEntries} entries in the archive`, file);
        if (names.has(f.name)) throw new UserError(`entry '${f.name}' appears twice in the archive`, file);
        names.add(f.name);
        if (limits.want && !limits.want(f.name)) return false;
        if (f.compression !== 0 && f.compression !== 8) throw new UserError(`entry '${f.name}': unsupported zip compression method ${f.compression} (stored and deflated are supported)`, file);
        total += f.originalSize;
        if (total > limits.maxTotalBytes) {
          throw new UserError(`${limits.contents ?? 'the archive'} would take ${formatMB(total)} MB once uncompressed, above the ${formatMB(limits.maxTotalBytes)} MB size limit`, file);
        }
        return true;
      },
    });
  } catch (e) {
    if (isUserError(e)) throw e;
    throw new UserError(`not a readable ${limits.archive ?? 'zip'} archive: ${(e as Error).message}`, file);
  }
  for (const [name, data] of Object.entries(raw)) {
    const c = central.get(name);
    if (!c) throw new UserError(`entry '${name}' is not in the archive's central directory (damaged archive)`, file);
    if (data.length !== c.size) throw new UserError(`entry '${name}' inflates to ${data.length} bytes, but the archive declares ${c.size} (damaged archive)`, file);
    if (crc32(data) !== c.crc) throw new UserError(`entry '${name}' fails its CRC-32 check (damaged archive)`, file);
  }
  return raw;
}
