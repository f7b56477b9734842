// Uploads on the production build: every format loads (parsed in the worker) and shows its summary; a bad
// file shows the reader's precise message while the previous data stays loaded and usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, store, waitForStatus } from './page';
import { generateDemos } from '../../src/core/experts';
import { writeDataset } from '../../src/core/data/write';
import { enc, hdf5, npy } from '../fixtures/data/build';
import type { Dataset } from '../../src/core/data/dataset';

/** Two CartPole expert episodes (seed 7), the reference every good file encodes. */
const demos = generateDemos('CartPole-v1', { episodes: 2, seed: 7 });
const T = demos.terminals.length;

function csvOf(d: Dataset): string {
  const rows = ['episode,obs_0,obs_1,obs_2,obs_3,action,reward,terminal,timeout'];
  for (let e = 0; e + 1 < d.episodeStarts.length; e++) {
    for (let i = d.episodeStarts[e]; i < d.episodeStarts[e + 1]; i++) {
      const o = Array.from(d.observations.subarray(i * 4, i * 4 + 4));
      rows.push([e, ...o, d.actions[i], d.rewards![i], d.terminals[i], d.timeouts[i]].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

async function minariOf(d: Dataset): Promise<Uint8Array> {
  return hdf5((f) => {
    f.create_attribute('env_spec', JSON.stringify({ id: 'CartPole-v1', max_episode_steps: 500 }));
    for (let e = 0; e + 1 < d.episodeStarts.length; e++) {
      const a = d.episodeStarts[e], b = d.episodeStarts[e + 1], n = b - a;
      const obs = new Float32Array((n + 1) * 4);
      obs.set(d.observations.subarray(a * 4, b * 4));
      obs.set(d.nextObservations.subarray((b - 1) * 4, b * 4), n * 4);
      const g = f.create_group(`episode_${e}`);
      g.create_dataset({ name: 'observations', data: obs, shape: [n + 1, 4] });
      g.create_dataset({ name: 'actions', data: BigInt64Array.from(Array.from(d.actions.subarray(a, b), (x) => BigInt(x))), shape: [n] });
      g.create_dataset({ name: 'rewards', data: Float64Array.from(d.rewards!.subarray(a, b)), shape: [n] });
      g.create_dataset({ name: 'terminations', data: Uint8Array.from(d.terminals.subarray(a, b)), shape: [n], dtype: '<b' });
      g.create_dataset({ name: 'truncations', data: Uint8Array.from(d.timeouts.subarray(a, b)), shape: [n], dtype: '<b' });
    }
  });
}

async function upload(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const before = await store<number>(page, 's => s.dataset.loads ?? 0');
  await page.setInputFiles('[data-testid=file-input]', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.waitForFunction((b) => {
    const s = (window as unknown as { __droilStore: { getState(): { dataset: { loading: boolean; loads?: number } } } }).__droilStore.getState().dataset;
    return !s.loading && (s.loads ?? 0) > b;
  }, before, { timeout: 60_000 });
}

describe('uploads', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('loads JSON, CSV, NPZ, D4RL HDF5 and Minari HDF5, and refuses bad files with the reader\'s message', async () => {
    const { page, errors } = await openPage(browser, FAST);
    const good: [string, Uint8Array, string][] = [
      ['demos.json', await writeDataset(demos, 'json'), 'droil-json'],
      ['demos.csv', enc(csvOf(demos)), 'csv'],
      ['demos.npz', await writeDataset(demos, 'npz'), 'npz'],
      ['demos.h5', await writeDataset(demos, 'hdf5'), 'd4rl-hdf5'],
      ['minari.hdf5', await minariOf(demos), 'minari-hdf5'],
    ];
    for (const [name, bytes, format] of good) {
      await upload(page, name, bytes);
      const s = await store<{ summary: { source: string; format: string; episodes: number; transitions: number; returns?: number[] }; error?: string }>(page, 's => s.dataset');
      expect(s.error, name).toBeUndefined();
      expect(s.summary.source).toBe(name);
      expect(s.summary.format.startsWith(format.split('-')[0]), `${name}: ${s.summary.format}`).toBe(true);
      expect([s.summary.episodes, s.summary.transitions]).toEqual([2, T]);
      expect(await page.textContent('[data-testid=dataset-summary]')).toContain(name);
    }
    expect(await store<string>(page, 's => s.setup.demos.kind')).toBe('upload');

    // Bad files: each shows a specific message; the last good file (minari.hdf5) stays loaded.
    const bad: [string, Uint8Array, RegExp][] = [
      ['broken.npz', (await writeDataset(demos, 'npz')).slice(0, 200), /broken\.npz/],
      ['nan.csv', enc('episode,obs_0,obs_1,obs_2,obs_3,action\n0,0.1,NaN,0,0,1\n0,0.1,0,0,0,0\n'), /nan\.csv.*(NaN|finite)/i],
      ['obs.npy', npy([1, 2, 3, 4], [2, 2]), /obs\.npy: a lone \.npy/],
      ['pendulum.json', await writeDataset(generateDemos('Pendulum-v1', { episodes: 1, seed: 0 }), 'json'), /pendulum\.json.*(observation|CartPole)/i],
      ['empty.h5', new Uint8Array(0), /empty\.h5/],
      ['notes.txt', enc('hello'), /notes\.txt/],
    ];
    for (const [name, bytes, re] of bad) {
      await upload(page, name, bytes);
      const s = await store<{ summary: { source: string }; error?: string }>(page, 's => s.dataset');
      expect(s.error, name).toMatch(re);
      expect(s.summary.source).toBe('minari.hdf5');
      expect(await page.textContent('[data-testid=dataset-error]')).toBe(s.error);
    }

    // The previous data is still the worker's dataset: training on it works.
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('accepts a file dropped on the drop zone', async () => {
    const { page, errors } = await openPage(browser);
    const bytes = Array.from(enc(csvOf(demos)));
    const before = await store<number>(page, 's => s.dataset.loads ?? 0');
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'dropped.csv', { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid=dropzone]')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction((b) => (window as unknown as { __droilStore: { getState(): { dataset: { loads?: number } } } }).__droilStore.getState().dataset.loads! > b, before);
    expect(await store<string>(page, 's => s.dataset.summary.source')).toBe('dropped.csv');
    expect(errors).toEqual([]);
    await page.close();
  });
});
