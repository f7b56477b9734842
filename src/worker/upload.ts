// Parsing an uploaded file in the worker with the core's readDataset (size limit, format detection,
// reader, validation against the selected environment). h5wasm is loaded only when an HDF5 file arrives.
import type { Dataset } from '../core/data/dataset';
import { readDataset } from '../core/data/read';
import { getEnvSpec } from '../core/envs';

export async function readUpload(bytes: Uint8Array, fileName: string, envId: string): Promise<Dataset> {
  return readDataset(bytes, fileName, { envSpec: getEnvSpec(envId) });
}
