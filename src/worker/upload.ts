// Parsing an uploaded file in the worker. TEMPORARY ADAPTER until the data engineer's
// readDataset(bytes, fileName, opts) lands in src/core/data: until then uploads are refused with a
// clear message (no data is invented).
import type { Dataset } from '../core/data/dataset';
import { UserError } from '../core/errors';

export async function readUpload(_bytes: Uint8Array, fileName: string, _envId: string): Promise<Dataset> {
  throw new UserError('reading uploaded files is not available in this build yet', fileName);
}
