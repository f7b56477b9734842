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
