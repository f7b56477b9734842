// `droil bench --jobs N`: the cells on N node:worker_threads, each with its own tfjs backend. Cells go out
// in plan order to whichever thread is free; results come back to this thread, which saves each one as it
// arrives (onResult). A cell's numbers depend only on the spec and its seed, so which thread ran it does
// not matter; a thread on another backend than this one's is refused, as it would give other numbers.
import { Worker } from 'node:worker_threads';
import { UserError } from '../core/errors';
import type { CellResult, GridCell } from '../core/experiment/grid';

export type ThreadMessage =
  | { type: 'ready'; backend: string }
  | { type: 'cell'; result: CellResult }
  | { type: 'error'; message: string; userError: boolean };

export function runCellsOnThreads(argv: string[], cells: GridCell[], jobs: number, backend: string, onResult: (r: CellResult) => Promise<void>): Promise<void> {
  const queue = [...cells];
  const n = Math.min(jobs, cells.length);
  return new Promise<void>((resolve, reject) => {
    if (n === 0) { resolve(); return; }
    const workers: Worker[] = [];
    let failed = false;
    let running = n;
    let saving = Promise.resolve();
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./bench-thread.mjs', import.meta.url), { workerData: { argv } });
      workers.push(w);
      let finished = false;
      const next = () => {
        const cell = queue.shift();
        if (cell) { w.postMessage(cell); return; }
        finished = true;
        void w.terminate();
        if (--running === 0) saving.then(resolve, fail);
      };
      w.on('message', (m: ThreadMessage) => {
        if (failed) return;
        if (m.type === 'ready') {
          if (m.backend !== backend) fail(new UserError(`a worker thread started the ${m.backend} backend, this thread ${backend}: their numbers would differ; use --jobs 1 or --backend cpu`, '--jobs'));
          else next();
        } else if (m.type === 'cell') {
          saving = saving.then(() => onResult(m.result));
          saving.catch(fail);
          next();
        } else {
          fail(m.userError ? new UserError(m.message) : new Error(m.message));
        }
      });
      w.on('error', fail);
      w.on('exit', (code) => { if (!finished && !failed) fail(new Error(`a worker thread stopped (exit code ${code}) before its cells were done`)); });
    }
  });
}
