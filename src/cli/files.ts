// Dataset files on disk for the CLI (Node fs lives here, never in src/core): the size limit is checked
// with stat before a byte is read, and the writer is picked by the file's extension.
import { writeFile } from 'node:fs/promises';
import type { Dataset } from '../core/data/dataset';
import { DEFAULT_MAX_BYTES, readDataset, type ReadOptions } from '../core/data/read';
import { readBounded } from './paths';
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
  // Devices and pipes are refused; reading stops at the limit whatever the file's size claims.
  const bytes = await readBounded(path, opts.maxBytes ?? DEFAULT_MAX_BYTES, 'the file');
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
