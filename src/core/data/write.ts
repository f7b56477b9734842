// One entry point for writing a dataset: JSON (the project's droil-demos schema), NPZ or D4RL-layout HDF5.
// Every format here reads back through readDataset to the same dataset.
import { UserError } from '../errors';
import type { Dataset } from './dataset';
import { stringifyDroilDemos } from './json-format';
import { writeNpz } from './writers/npz';

export type WriteFormat = 'json' | 'npz' | 'hdf5';

export const WRITE_EXTENSIONS: Record<string, WriteFormat> = { json: 'json', npz: 'npz', h5: 'hdf5', hdf5: 'hdf5' };

/** The writer a file name asks for, by extension; `where` names the flag in messages (e.g. '--out'). */
export function formatForPath(path: string, where = 'output file'): WriteFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const f = ext ? WRITE_EXTENSIONS[ext] : undefined;
  if (!f) throw new UserError(`cannot tell the format of '${path}': expected a name ending in .json, .npz, .h5 or .hdf5`, where);
  return f;
}

export async function writeDataset(d: Dataset, format: WriteFormat): Promise<Uint8Array> {
  switch (format) {
    case 'json': return new TextEncoder().encode(stringifyDroilDemos(d));
    case 'npz': return writeNpz(d);
    case 'hdf5': {
      const { writeHdf5 } = await import('./writers/hdf5'); // h5wasm loads only when needed
      return writeHdf5(d);
    }
  }
}
