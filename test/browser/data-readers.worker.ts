// Reads demonstration files inside a module Web Worker, as the playground does (h5wasm loaded lazily there).
import { readDataset } from '../../src/core/data/read';
import { summarizeDataset, type DatasetSummary } from '../../src/core/data/summary';
import { isUserError } from '../../src/core/errors';

export interface ReadRequest { files: { name: string; bytes: Uint8Array }[] }
export type ReadReply = { name: string; summary?: DatasetSummary; observations?: number[]; error?: string; userError?: boolean }[];

self.onmessage = async (ev: MessageEvent<ReadRequest>) => {
  const out: ReadReply = [];
  for (const { name, bytes } of ev.data.files) {
    try {
      const d = await readDataset(bytes, name);
      out.push({ name, summary: summarizeDataset(d), observations: Array.from(d.observations.subarray(0, 8)) });
    } catch (e) {
      out.push({ name, error: (e as Error).message, userError: isUserError(e) });
    }
  }
  (self as unknown as Worker).postMessage(out);
};
