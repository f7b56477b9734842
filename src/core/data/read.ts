// One entry point for every demonstration file: size limit first, then the format from magic bytes and
// extension, then the format's reader, then validation. Works on bytes only (no Node or DOM APIs), so the
// CLI, the worker and tests share it. Anything it cannot load is a UserError naming file, field and problem.
import { isUserError, UserError } from '../errors';
import type { EnvShape } from './actions';
import type { Dataset } from './dataset';
import { detectKind } from './detect';
import { formatMB } from './numeric';
import { readCsv } from './readers/csv';
import { readJson } from './readers/json';
import { readNpz, refuseNpy } from './readers/npz';
import { validateDataset } from './validate';
import { adaptKnownLayout } from '../mujoco/d4rl';

/** Default size limit: 200 MB (a D4RL expert file of about a million transitions fits). */
export const DEFAULT_MAX_BYTES = 200_000_000;

export interface ReadOptions {
  /** The selected environment: actions and observations must fit it. */
  envSpec?: EnvShape;
  /** Refuse files (and decoded arrays) larger than this many bytes. Default DEFAULT_MAX_BYTES. */
  maxBytes?: number;
}

/**
 * How long reading a file of `bytes` may take once the reader's code is loaded: 10 s plus 1 s per MB (a 200 MB
 * file: 210 s; parsing measured 2-8 s per 100 MB under load, docs/data-formats.md). A corrupted HDF5 file can
 * make libhdf5 loop forever, so the page (src/worker/upload.ts) and the CLI (src/cli/files.ts) read HDF5 in a
 * worker they stop after this long.
 */
export function readTimeLimitMs(bytes: number): number {
  return 10_000 + 1_000 * (bytes / 1e6);
}

/** The one line for a reader stopped after `limitMs`. */
export function readTimeoutError(fileName: string, bytes: number, limitMs: number): UserError {
  return new UserError(`reading stopped after ${Math.round(limitMs / 1000)} s without an answer (the ${formatMB(bytes)} MB file may be damaged so that its reader loops; numpy or h5py can tell whether it is readable)`, fileName);
}

/** Throws when a file of `size` bytes is over the limit; call it before reading the file into memory. */
export function checkFileSize(size: number, fileName: string, maxBytes = DEFAULT_MAX_BYTES): void {
  if (size > maxBytes) {
    throw new UserError(`the file is ${formatMB(size)} MB, above the ${formatMB(maxBytes)} MB size limit (raise the limit, e.g. --max-mb, if this is intended)`, fileName);
  }
}

export async function readDataset(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<Dataset> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const env = opts.envSpec;
  checkFileSize(bytes.length, fileName, maxBytes);
  try {
    const kind = detectKind(bytes, fileName);
    let d: Dataset;
    switch (kind) {
      case 'json': d = readJson(bytes, fileName, env); break;
      case 'csv': d = readCsv(bytes, fileName, env); break;
      case 'npy': refuseNpy(bytes, fileName); break;
      case 'npz': d = readNpz(bytes, fileName, maxBytes, env); break;
      case 'hdf5': {
        const { readHdf5 } = await import('./readers/hdf5'); // h5wasm is 4 MB: load it only for HDF5 files
        d = await readHdf5(bytes, fileName, maxBytes, env);
        break;
      }
    }
    // D4RL's 111-value ant observations become Ant-v5's 105 (mujoco/d4rl.ts).
    return validateDataset(adaptKnownLayout(d!, env), { file: fileName, envSpec: env });
  } catch (e) {
    if (isUserError(e)) throw e;
    // A reader should never throw anything else; if one does, the user still gets one clean line.
    throw new UserError(`could not read the file (unexpected ${(e as Error)?.name ?? 'error'}: ${String((e as Error)?.message ?? e).split('\n')[0]}; please report this)`, fileName);
  }
}
