// The worker that reads uploaded files (started by the app worker, src/worker/upload.ts).
// Readers run here, not in the app worker, because a damaged HDF5 file can make libhdf5 loop (a variable-
// length string whose global heap is corrupted never returns): the app worker stops this one after a time
// limit (and starts another for the next file) and keeps its own dataset. Plain messages: the file and the
// environment's shape in; 'started' once the reader's code is loaded (the time limit counts from there), then
// the dataset or a one-line message, each with the request's id.
import '../core/zod-jitless';
import type { EnvShape } from '../core/data/actions';
import type { Dataset } from '../core/data/dataset';
import { detectKind } from '../core/data/detect';
import { loadH5wasm } from '../core/data/hdf5';
import { readDataset } from '../core/data/read';
import type { UploadReply, UploadRequest } from './upload';

const post = (m: UploadReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** The distinct whole buffers behind a dataset's arrays (views into a bigger buffer are copied instead). */
function ownBuffers(d: Dataset): ArrayBuffer[] {
  const arrays = [d.observations, d.nextObservations, d.actions, d.rewards, d.terminals, d.timeouts, d.episodeStarts];
  const seen = new Set<ArrayBufferLike>();
  const shared = new Set<ArrayBufferLike>();
  for (const a of arrays) {
    if (!a) continue;
    if (seen.has(a.buffer) || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength) shared.add(a.buffer);
    seen.add(a.buffer);
  }
  return [...seen].filter((b) => !shared.has(b) && b instanceof ArrayBuffer) as ArrayBuffer[];
}

self.onmessage = async (e: MessageEvent<UploadRequest>) => {
  const { id, file, fileName, env } = e.data;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let hdf5 = false;
    try { hdf5 = detectKind(bytes, fileName) === 'hdf5'; } catch { /* readDataset says why */ }
    if (hdf5) await loadH5wasm(); // 4 MB of WebAssembly: loaded before the clock starts
    post({ id, type: 'started' });
    const dataset = await readDataset(bytes, fileName, { envSpec: env as EnvShape | undefined });
    try {
      post({ id, type: 'done', dataset }, ownBuffers(dataset));
    } catch {
      post({ id, type: 'done', dataset }); // a buffer that cannot move (WebAssembly memory): copied
    }
  } catch (err) {
    post({ id, type: 'error', message: (err instanceof Error ? err.message : String(err)).split('\n')[0] });
  }
};
