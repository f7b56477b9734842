// The data readers in Chromium: HDF5 (h5wasm, loaded with a dynamic import) and NPZ, in the page and in a
// module Web Worker, on files written by the project's writers in the browser and on hand-built bytes.
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/core/data/read';
import { writeDataset } from '../../src/core/data/write';
import { npy, npz, synth } from '../fixtures/data/build';
import type { ReadReply, ReadRequest } from './data-readers.worker';

function inWorker(req: ReadRequest): Promise<ReadReply> {
  const worker = new Worker(new URL('./data-readers.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ReadReply>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not answer in 90 s')), 90_000);
    worker.onmessage = (ev: MessageEvent<ReadReply>) => { clearTimeout(timer); worker.terminate(); resolve(ev.data); };
    worker.onerror = (ev) => { clearTimeout(timer); worker.terminate(); reject(new Error(ev.message)); };
    worker.postMessage(req);
  });
}

const d = synth({ lengths: [4, 3], obsDim: 4, kind: 'discrete', rewards: true, envId: 'CartPole-v1', seed: 7 });
// Stable-Baselines keys, hand-built: 5 steps, episodes [0, 3) and [3, 5).
const sb = npz({
  obs: npy([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 2]),
  actions: npy([1, 0, 1, 1, 0], [5], '<i8'),
  episode_starts: npy([1, 0, 0, 1, 0], [5], '|b1'),
}, 6);

describe('data readers in the browser', () => {
  it('reads HDF5 and NPZ written in the page, in the page', async () => {
    for (const format of ['hdf5', 'npz'] as const) {
      const bytes = await writeDataset(d, format);
      const back = await readDataset(bytes, `demos.${format === 'hdf5' ? 'h5' : 'npz'}`);
      expect(Array.from(back.observations)).toEqual(Array.from(d.observations));
      expect(Array.from(back.actions)).toEqual(Array.from(d.actions));
      expect(Array.from(back.episodeStarts)).toEqual([0, 4, 7]);
      expect(back.meta.envId).toBe('CartPole-v1');
    }
  });

  it('reads HDF5 and hand-built NPZ in a module worker, and refuses a broken file with a UserError', async () => {
    const h5 = await writeDataset(d, 'hdf5');
    const reply = await inWorker({ files: [
      { name: 'demos.h5', bytes: h5 },
      { name: 'sb.npz', bytes: sb },
      { name: 'broken.h5', bytes: h5.slice(0, 200) },
    ] });
    expect(reply[0].summary).toMatchObject({ format: 'd4rl-hdf5', envId: 'CartPole-v1', episodes: 2, transitions: 7, obsDim: 4, actionKind: 'discrete', numActions: 2 });
    expect(reply[0].observations).toEqual(Array.from(d.observations.subarray(0, 8)));
    expect(reply[1].summary).toMatchObject({ format: 'npz-sb', episodes: 2, transitions: 5, obsDim: 2, actionKind: 'discrete', nextObsCopied: 2 });
    expect(reply[1].observations).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(reply[2].userError).toBe(true);
    expect(reply[2].error).toMatch(/^broken\.h5: (not a readable HDF5 file|could not read the HDF5 file)/);
  });
});
