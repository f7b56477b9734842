// One `droil bench --jobs N` worker thread: parses the same argv as the main thread (so it runs the same
// spec), starts its own tfjs backend, says which one, then runs the cells it is sent, one at a time, and
// posts each cell's result back (structured clone: every number arrives exactly). It writes nothing itself.
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../core/errors';
import { runCell, type GridCell, type ReferenceCache } from '../core/experiment/grid';
import { initBackend } from '../core/tf';
import { parseGridFlags } from './bench-flags';
import type { ThreadMessage } from './bench-threads';

const port = parentPort!;
const post = (m: ThreadMessage) => port.postMessage(m);
const fail = (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e), userError: isUserError(e) });

try {
  const grid = await parseGridFlags((workerData as { argv: string[] }).argv);
  const backend = await initBackend(grid.backendPref);
  const cache: ReferenceCache = new Map();
  port.on('message', (cell: GridCell) => {
    runCell(grid.spec, cell, cache).then((result) => post({ type: 'cell', result }), fail);
  });
  post({ type: 'ready', backend: backend.backend });
} catch (e) {
  fail(e);
}
