// Which reader a file goes to: magic bytes first (binary formats announce themselves), then the extension.
import { UserError } from '../errors';
import { bytesPreview } from './text';

export type FileKind = 'json' | 'csv' | 'npy' | 'npz' | 'hdf5';

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ZIP_MAGICS = [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]];

const EXPECTED: Record<FileKind, string> = {
  json: "JSON text starting with '{'",
  csv: 'CSV text with a header line',
  npy: "the NumPy magic '\\x93NUMPY'",
  npz: "a zip archive starting with 'PK\\x03\\x04'",
  hdf5: "the HDF5 signature '\\x89HDF\\r\\n\\x1a\\n'",
};

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** HDF5 allows a user block before the superblock, at 512, 1024, 2048... */
function isHdf5(bytes: Uint8Array): boolean {
  for (let at = 0; at === 0 || at <= Math.min(bytes.length, 1 << 20); at = at === 0 ? 512 : at * 2) {
    if (startsWith(bytes, HDF5_MAGIC, at)) return true;
  }
  return false;
}

function kindFromMagic(bytes: Uint8Array): FileKind | undefined {
  if (isHdf5(bytes)) return 'hdf5';
  if (startsWith(bytes, NPY_MAGIC)) return 'npy';
  if (ZIP_MAGICS.some((m) => startsWith(bytes, m))) return 'npz';
  return undefined;
}

function kindFromName(fileName: string): FileKind | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  switch (ext) {
    case 'json': return 'json';
    case 'csv': return 'csv';
    case 'npy': return 'npy';
    case 'npz': return 'npz';
    case 'h5': case 'hdf5': case 'hdf': return 'hdf5';
    default: return undefined;
  }
}

export function detectKind(bytes: Uint8Array, fileName: string): FileKind {
  if (bytes.length === 0) throw new UserError('the file is empty (0 bytes)', fileName);
  const byMagic = kindFromMagic(bytes);
  const byName = kindFromName(fileName);
  if (byMagic) {
    // A binary signature wins over a misleading extension (e.g. an HDF5 file saved as .npz), but a text
    // extension on a binary file is worth saying.
    return byMagic;
  }
  if (byName === 'npy' || byName === 'npz' || byName === 'hdf5') {
    throw new UserError(`not a .${fileName.split('.').pop()} file: expected ${EXPECTED[byName]}, found ${bytesPreview(bytes)} at byte 0`, fileName);
  }
  if (byName) return byName;
  // No extension we know: text starting with { or [ is JSON, other text is tried as CSV.
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json';
  throw new UserError(
    `cannot tell the format: expected a .json, .csv, .npz or .h5/.hdf5 file (or their magic bytes), found ${bytesPreview(bytes)} at byte 0`,
    fileName,
  );
}
