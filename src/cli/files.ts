// Dataset files on disk for the CLI (Node fs lives here, never in src/core): the size limit is checked
// with stat before a byte is read, and the writer is picked by the file's extension.
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Dataset } from '../core/data/dataset';
import { checkFileSize, readDataset, type ReadOptions } from '../core/data/read';
import { formatForPath, writeDataset } from '../core/data/write';
import { UserError } from '../core/errors';

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (e as Error).message;
}

export async function readDatasetFile(path: string, opts: ReadOptions = {}): Promise<Dataset> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new UserError('is a directory, expected a dataset file', path);
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read the file (${fsReason(e)})`, path);
  }
  checkFileSize(size, path, opts.maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new UserError(`cannot read the file (${fsReason(e)})`, path);
  }
  return readDataset(bytes, path, opts);
}

/** Write `dataset` to `path` as JSON, NPZ or D4RL HDF5, chosen by the extension (.json, .npz, .h5/.hdf5). */
export async function writeDatasetFile(path: string, dataset: Dataset, where = path): Promise<void> {
  const bytes = await writeDataset(dataset, formatForPath(path, where));
  try {
    await writeFile(path, bytes);
  } catch (e) {
    throw new UserError(`cannot write the file (${fsReason(e)})`, path);
  }
}
