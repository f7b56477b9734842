// Parsing an uploaded file with the core's readDataset (size limit, format detection, reader, validation
// against the selected environment), in a worker of its own (upload-worker.ts) with a time limit: a hostile
// file that makes a reader loop (libhdf5 on a corrupted variable-length string does) is stopped with one line
// naming the file, and the app worker, its current dataset and any run go on untouched. The reader worker is
// kept between uploads (h5wasm loads once) and replaced after one is stopped; uploads are read one at a time.
import type { EnvShape } from '../core/data/actions';
import type { Dataset } from '../core/data/dataset';
import { readTimeLimitMs, readTimeoutError } from '../core/data/read';
import { getEnvSpec } from '../core/envs';
import { UserError } from '../core/errors';

export interface UploadRequest { id: number; file: Blob; fileName: string; env: EnvShape }
export type UploadReply = { id: number } & ({ type: 'started' } | { type: 'done'; dataset: Dataset } | { type: 'error'; message: string });

let reader: Worker | null = null;
let ids = 0;
let queue: Promise<unknown> = Promise.resolve();

export function readUpload(file: Blob, fileName: string, envId: string): Promise<Dataset> {
  const spec = getEnvSpec(envId);
  const env: EnvShape = { id: spec.id, obsNames: spec.obsNames, actionSpace: spec.actionSpace };
  const next = queue.then(() => readOne(file, fileName, env));
  queue = next.catch(() => undefined);
  return next;
}

function readOne(file: Blob, fileName: string, env: EnvShape): Promise<Dataset> {
  const limitMs = readTimeLimitMs(file.size);
  const id = ++ids;
  const w = reader ??= new Worker(new URL('./upload-worker.ts', import.meta.url), { type: 'module', name: 'droil-upload-reader' });
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = (f: () => void, stop = false) => {
      if (timer) clearTimeout(timer);
      w.onmessage = w.onerror = w.onmessageerror = null;
      if (stop) { w.terminate(); if (reader === w) reader = null; }
      f();
    };
    w.onmessage = (e: MessageEvent<UploadReply>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'started') {
        timer = setTimeout(() => end(() => reject(readTimeoutError(fileName, file.size, limitMs)), true), limitMs);
      } else if (m.type === 'done') end(() => resolve(m.dataset));
      else end(() => reject(new Error(m.message))); // readDataset's one line, already naming the file
    };
    w.onerror = (e) => { e.preventDefault(); end(() => reject(new UserError(`the reader stopped (${(e.message || 'it ran out of memory or crashed').split('\n')[0]})`, fileName)), true); };
    w.onmessageerror = () => end(() => reject(new UserError('the reader\'s answer could not be received', fileName)), true);
    const req: UploadRequest = { id, file, fileName, env };
    w.postMessage(req);
  });
}
