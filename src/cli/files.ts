// Dataset files on disk for the CLI (Node fs lives here, never in src/core): the size limit is checked
// with stat before a byte is read, HDF5 is read in a worker thread with a time limit, and the writer is
// picked by the file's extension.
import { writeFile } from 'node:fs/promises';
import type { Dataset } from '../core/data/dataset';
import { Worker } from 'node:worker_threads';
import { detectKind } from '../core/data/detect';
import { DEFAULT_MAX_BYTES, readDataset, readTimeLimitMs, readTimeoutError, type ReadOptions } from '../core/data/read';
import type { ReadThreadData } from './read-thread';
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
  return readDatasetBytes(bytes, path, opts);
}

/** readDataset for the CLI: HDF5 goes to a worker thread with a time limit, the other formats are read here. */
export function readDatasetBytes(bytes: Uint8Array, path: string, opts: ReadOptions = {}): Promise<Dataset> {
  let hdf5 = false;
  try { hdf5 = detectKind(bytes, path) === 'hdf5'; } catch { /* readDataset says why */ }
  return hdf5 ? readHdf5InThread(bytes, path, opts) : readDataset(bytes, path, opts);
}

/** HDF5 in a worker thread, stopped after readTimeLimitMs (libhdf5 loops on some corrupted files; h5py does too). */
function readHdf5InThread(bytes: Uint8Array, path: string, opts: ReadOptions): Promise<Dataset> {
  const env = opts.envSpec && { id: opts.envSpec.id, obsNames: opts.envSpec.obsNames, actionSpace: opts.envSpec.actionSpace };
  const data: ReadThreadData = { bytes, path, env, maxBytes: opts.maxBytes };
  const limitMs = readTimeLimitMs(bytes.length);
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./read-thread.mjs', import.meta.url), { workerData: data });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = (f: () => void) => { if (timer) clearTimeout(timer); w.removeAllListeners(); void w.terminate(); f(); };
    w.on('message', (m: { type: 'started' } | { type: 'done'; dataset: Dataset } | { type: 'error'; message: string; user: boolean }) => {
      if (m.type === 'started') timer = setTimeout(() => end(() => reject(readTimeoutError(path, bytes.length, limitMs))), limitMs);
      else if (m.type === 'done') end(() => resolve(m.dataset));
      // A UserError's message already names the file: passed on as it is.
      else end(() => reject(m.user ? Object.assign(new UserError(m.message), { where: path }) : new Error(m.message)));
    });
    w.on('error', (e) => end(() => reject(new UserError(`the HDF5 reader stopped (${String(e.message).split('\n')[0]})`, path))));
    w.on('exit', (code) => end(() => reject(new UserError(`the HDF5 reader stopped (exit code ${code})`, path))));
  });
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
