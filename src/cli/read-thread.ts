// One HDF5 file read in a worker thread (src/cli/files.ts starts it): libhdf5 can loop forever on a corrupted
// file, and a loop inside WebAssembly is stopped only by terminating its thread. Messages: 'started' once
// h5wasm is loaded (the time limit counts from there), then the dataset or the UserError's one line.
import { parentPort, workerData } from 'node:worker_threads';
import type { EnvShape } from '../core/data/actions';
import { loadH5wasm } from '../core/data/hdf5';
import { readDataset } from '../core/data/read';

export interface ReadThreadData { bytes: Uint8Array; path: string; env?: EnvShape; maxBytes?: number }

const { bytes, path, env, maxBytes } = workerData as ReadThreadData;
const port = parentPort!;
try {
  await loadH5wasm();
  port.postMessage({ type: 'started' });
  const dataset = await readDataset(bytes, path, { envSpec: env, maxBytes });
  port.postMessage({ type: 'done', dataset });
} catch (e) {
  port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e), user: (e as Error)?.name === 'UserError' });
}
