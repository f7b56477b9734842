// Every writer's output reads back, through readDataset, to the dataset that was written.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/core/data/dataset';
import { readDataset } from '../../src/core/data/read';
import { formatForPath, writeDataset, type WriteFormat } from '../../src/core/data/write';
import { readDatasetFile, writeDatasetFile } from '../../src/cli/files';
import { synth } from '../fixtures/data/build';

function expectSame(got: Dataset, want: Dataset): void {
  expect(got.obsDim).toBe(want.obsDim);
  expect(got.actionKind).toBe(want.actionKind);
  expect(got.actionDim).toBe(want.actionDim);
  expect(got.numActions).toBe(want.numActions);
  expect(Array.from(got.episodeStarts)).toEqual(Array.from(want.episodeStarts));
  // Float32 values survive every format bit for bit (JSON writes the shortest decimal of each float32).
  expect(Array.from(got.observations)).toEqual(Array.from(want.observations));
  expect(Array.from(got.nextObservations)).toEqual(Array.from(want.nextObservations));
  expect(Array.from(got.actions)).toEqual(Array.from(want.actions));
  expect(got.rewards ? Array.from(got.rewards) : undefined).toEqual(want.rewards ? Array.from(want.rewards) : undefined);
  expect(Array.from(got.terminals)).toEqual(Array.from(want.terminals));
  expect(Array.from(got.timeouts)).toEqual(Array.from(want.timeouts));
  expect(got.meta.envId).toBe(want.meta.envId);
  expect(got.meta.nextObsCopied).toBeUndefined(); // every writer stores the next observations
}

const cases: [string, Dataset][] = [
  ['discrete with rewards (CartPole-like)', synth({ lengths: [5, 1, 7], obsDim: 4, kind: 'discrete', numActions: 3, rewards: true, envId: 'CartPole-v1', seed: 3 })],
  ['continuous without rewards, 2-D actions', synth({ lengths: [4, 6], obsDim: 3, kind: 'continuous', actionDim: 2, seed: 4 })],
  ['episodes ending terminal and timeout at once', synth({ lengths: [2, 3, 1], obsDim: 1, kind: 'continuous', rewards: true, ends: 'bto', seed: 5 })],
  ['discrete index never used still counts (numActions from the file)', synth({ lengths: [3], obsDim: 2, kind: 'discrete', numActions: 5, seed: 6 })],
];

describe('write then read', () => {
  for (const format of ['json', 'npz', 'hdf5'] as WriteFormat[]) {
    for (const [name, d] of cases) {
      it(`${format}: ${name}`, async () => {
        const bytes = await writeDataset(d, format);
        const back = await readDataset(bytes, `demos.${format === 'hdf5' ? 'h5' : format}`);
        expectSame(back, d);
        expect(back.meta.format).toBe({ json: 'droil-json', npz: 'npz-d4rl', hdf5: 'd4rl-hdf5' }[format]);
      });
    }
  }

  it('the generator record travels with json, npz and hdf5', async () => {
    const d = synth({ lengths: [2], obsDim: 2, kind: 'discrete', seed: 9 });
    d.meta.generator = { expert: 'lqr-sign', seed: 42, episodes: 1, epsilon: 0.1 };
    for (const f of ['json', 'npz', 'hdf5'] as WriteFormat[]) {
      const back = await readDataset(await writeDataset(d, f), `g.${f}`);
      expect(back.meta.generator).toEqual(d.meta.generator);
    }
  });

  it('writeDatasetFile picks the writer from the extension and readDatasetFile reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droil-data-'));
    const d = cases[0][1];
    for (const [ext, magic] of [['json', '{'], ['npz', 'PK'], ['h5', '\x89HDF'], ['hdf5', '\x89HDF']]) {
      const path = join(dir, `demos.${ext}`);
      await writeDatasetFile(path, d);
      const head = readFileSync(path).subarray(0, magic.length);
      expect(String.fromCharCode(...head)).toBe(magic);
      expectSame(await readDatasetFile(path), d);
    }
    expect(() => formatForPath(join(dir, 'demos.csv'), '--out')).toThrow(/--out: cannot tell the format of .*demos\.csv.*\.json, \.npz, \.h5 or \.hdf5/);
  });
});
