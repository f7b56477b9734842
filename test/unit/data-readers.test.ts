// Each reader on small hand-built files whose expected dataset is written out by hand.
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/core/data/read';
import { getEnvSpec } from '../../src/core/envs';
import { enc, hdf5, npy, npz } from '../fixtures/data/build';

const arr = (a: ArrayLike<number>) => Array.from(a);

describe('CSV reader', () => {
  it('reads episodes, next observations from the following row, flags and rewards', async () => {
    const csv = 'episode,t,obs_0,obs_1,action,reward,terminal,timeout\r\n' +
      'a,0,1,2,0,1.5,0,0\r\na,1,3,4,1,0.5,0,0\r\na,2,5,6,1,2,1,0\r\n\r\nb,0,7,8,0,-1,0,0\r\nb,1,9,10,2,0,0,0\r\n';
    const d = await readDataset(enc(csv), 'demo.csv');
    expect(d.meta.format).toBe('csv');
    expect(d.obsDim).toBe(2);
    expect(d.actionKind).toBe('discrete');
    expect(d.numActions).toBe(3); // 1 + the largest index, no environment selected
    expect(arr(d.episodeStarts)).toEqual([0, 3, 5]);
    expect(arr(d.observations)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // next = following row within the episode; the last step of each episode copies its observation
    expect(arr(d.nextObservations)).toEqual([3, 4, 5, 6, 5, 6, 9, 10, 9, 10]);
    expect(d.meta.nextObsCopied).toBe(2);
    expect(arr(d.actions)).toEqual([0, 1, 1, 0, 2]);
    expect(arr(d.rewards!)).toEqual([1.5, 0.5, 2, -1, 0]);
    expect(arr(d.terminals)).toEqual([0, 0, 1, 0, 0]);
    expect(arr(d.timeouts)).toEqual([0, 0, 0, 0, 1]); // episode b ends with the recording
  });

  it('splits at flags without an episode column, reads act_* as continuous and next_obs_* when given', async () => {
    const csv = 'obs_0,act_0,act_1,terminated,truncated,next_obs_0\n0.5,0.1,-0.2,false,false,0.6\n0.6,0.3,0.4,true,false,0.7\n0.9,1,1,false,false,1.1\n';
    const d = await readDataset(enc(csv), 'demo.csv');
    expect(d.actionKind).toBe('continuous');
    expect(d.actionDim).toBe(2);
    expect(arr(d.episodeStarts)).toEqual([0, 2, 3]);
    expect(arr(d.nextObservations)).toEqual([0.6, 0.7, 1.1].map(Math.fround));
    expect(arr(d.terminals)).toEqual([0, 1, 0]);
    expect(arr(d.timeouts)).toEqual([0, 0, 1]);
    expect(d.meta.nextObsCopied).toBeUndefined();
  });

  it('with a continuous environment selected, an `action` column is a continuous action', async () => {
    const d = await readDataset(enc('obs_0,obs_1,obs_2,action\n1,0,0,0.5\n0,1,0,-2\n'), 'p.csv', { envSpec: getEnvSpec('Pendulum-v1') });
    expect(d.actionKind).toBe('continuous');
    expect(arr(d.actions)).toEqual([0.5, -2]);
  });
});

describe('JSON reader', () => {
  it('plain form: T observations, scalar integer actions are discrete', async () => {
    const json = JSON.stringify({ episodes: [{ observations: [[0, 1], [2, 3]], actions: [1, 0], terminal: true }, { observations: [[4, 5]], actions: [1] }] });
    const d = await readDataset(enc(json), 'plain.json');
    expect(d.meta.format).toBe('json');
    expect(d.actionKind).toBe('discrete');
    expect(d.numActions).toBe(2);
    expect(arr(d.nextObservations)).toEqual([2, 3, 2, 3, 4, 5]);
    expect(arr(d.terminals)).toEqual([0, 1, 0]);
    expect(arr(d.timeouts)).toEqual([0, 0, 1]);
    expect(d.meta.nextObsCopied).toBe(2);
  });

  it('plain form: T+1 observations give every next observation; vector actions are continuous', async () => {
    const json = JSON.stringify({ episodes: [{ observations: [[0], [1], [2]], actions: [[0.5], [-0.5]], rewards: [1, 2], timeout: true }] });
    const d = await readDataset(enc(json), 'plain.json');
    expect(d.actionKind).toBe('continuous');
    expect(arr(d.observations)).toEqual([0, 1]);
    expect(arr(d.nextObservations)).toEqual([1, 2]);
    expect(arr(d.rewards!)).toEqual([1, 2]);
    expect(arr(d.timeouts)).toEqual([0, 1]);
    expect(d.meta.nextObsCopied).toBeUndefined();
  });

  it('the droil-demos schema: header fields become metadata', async () => {
    const json = JSON.stringify({
      format: 'droil-demos', version: 1, envId: 'CartPole-v1', generator: { expert: 'lqr-sign', seed: 3, episodes: 1 },
      obsDim: 4, actionKind: 'discrete', actionDim: 1, numActions: 2,
      episodes: [{ observations: [[0, 0, 0, 0]], actions: [0], nextObservations: [[1, 1, 1, 1]], rewards: [1], terminal: true, timeout: false }],
    });
    const d = await readDataset(enc(json), 'demos.json');
    expect(d.meta).toMatchObject({ format: 'droil-json', envId: 'CartPole-v1', generator: { expert: 'lqr-sign', seed: 3 } });
    expect(d.numActions).toBe(2); // from the header, although only action 0 occurs
    expect(arr(d.nextObservations)).toEqual([1, 1, 1, 1]);
  });
});

describe('NumPy .npz reader', () => {
  const sb = {
    obs: npy([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 2], '<f4'),
    actions: npy([1, 0, 1, 1, 0], [5], '<i8'),
    episode_starts: npy([true, false, false, true, false], [5], '|b1'),
    rewards: npy([1, 1, 1, 0.5, 0.5], [5], '<f8'),
    episode_returns: npy([3, 1], [2], '<f8'),
  };
  for (const level of [0, 6] as const) {
    it(`Stable-Baselines keys (${level ? 'deflated' : 'stored'})`, async () => {
      const d = await readDataset(npz(sb, level), 'sb.npz');
      expect(d.meta.format).toBe('npz-sb');
      expect(d.actionKind).toBe('discrete');
      expect(arr(d.episodeStarts)).toEqual([0, 3, 5]);
      expect(arr(d.nextObservations)).toEqual([2, 3, 4, 5, 4, 5, 8, 9, 8, 9]);
      expect(arr(d.timeouts)).toEqual([0, 0, 1, 0, 1]); // SB does not say why an episode ended
      expect(arr(d.terminals)).toEqual([0, 0, 0, 0, 0]);
      expect(arr(d.rewards!)).toEqual([1, 1, 1, 0.5, 0.5]);
    });
  }

  it('imitation keys: obs with T+1 rows per trajectory, split at indices', async () => {
    // trajectories of 3 and 2 steps: obs rows 0..3 and 4..6
    const files = {
      obs: npy([0, 1, 2, 3, 10, 11, 12], [7, 1], '<f8'),
      acts: npy([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [5, 2], '<f4'),
      indices: npy([3], [1], '<i8'),
      terminal: npy([true, false], [2], '|b1'),
      rews: npy([1, 2, 3, 4, 5], [5], '<f4'),
    };
    const d = await readDataset(npz(files, 6), 'traj.npz');
    expect(d.meta.format).toBe('npz-imitation');
    expect(d.actionKind).toBe('continuous');
    expect(d.actionDim).toBe(2);
    expect(arr(d.episodeStarts)).toEqual([0, 3, 5]);
    expect(arr(d.observations)).toEqual([0, 1, 2, 10, 11]);
    expect(arr(d.nextObservations)).toEqual([1, 2, 3, 11, 12]);
    expect(arr(d.terminals)).toEqual([0, 0, 1, 0, 0]);
    expect(arr(d.timeouts)).toEqual([0, 0, 0, 0, 1]);
  });

  it('D4RL keys in an .npz, and float actions as indices for a discrete environment', async () => {
    const files = {
      observations: npy(Array.from({ length: 12 }, (_, i) => i), [3, 4], '<f4'),
      actions: npy([1, 0, 1], [3, 1], '<f4'),
      terminals: npy([0, 1, 0], [3], '|u1'),
    };
    const d = await readDataset(npz(files), 'd.npz', { envSpec: getEnvSpec('CartPole-v1') });
    expect(d.meta.format).toBe('npz-d4rl');
    expect(d.actionKind).toBe('discrete');
    expect(d.numActions).toBe(2);
    expect(arr(d.episodeStarts)).toEqual([0, 2, 3]);
    expect(arr(d.timeouts)).toEqual([0, 0, 1]);
  });

  it('a Fortran-ordered 2-D array is read in row order', async () => {
    const files = {
      observations: npy([0, 2, 4, 1, 3, 5], [3, 2], '<f4', { fortran: true }), // rows [0,1],[2,3],[4,5]
      actions: npy([0.5, 0.5, 0.5], [3], '<f4'),
      terminals: npy([0, 0, 1], [3], '|b1'),
    };
    const d = await readDataset(npz(files), 'f.npz');
    expect(arr(d.observations)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('HDF5 readers', () => {
  it('D4RL: episodes split at terminals | timeouts, next observations from the following row', async () => {
    const bytes = await hdf5((f) => {
      f.create_dataset({ name: 'observations', data: Float32Array.from([0, 1, 2, 3, 4, 5]), shape: [6, 1] });
      f.create_dataset({ name: 'actions', data: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), shape: [6, 1] });
      f.create_dataset({ name: 'rewards', data: Float32Array.from([1, 1, 1, 1, 1, 1]), shape: [6] });
      f.create_dataset({ name: 'terminals', data: Uint8Array.from([0, 1, 0, 0, 0, 0]), shape: [6], dtype: '<b' });
      f.create_dataset({ name: 'timeouts', data: Uint8Array.from([0, 0, 0, 1, 0, 0]), shape: [6], dtype: '<b' });
    });
    const d = await readDataset(bytes, 'hopper.hdf5');
    expect(d.meta.format).toBe('d4rl-hdf5');
    expect(d.actionKind).toBe('continuous');
    expect(arr(d.episodeStarts)).toEqual([0, 2, 4, 6]);
    expect(arr(d.nextObservations)).toEqual([1, 1, 3, 3, 5, 5]);
    expect(arr(d.terminals)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(arr(d.timeouts)).toEqual([0, 0, 0, 1, 0, 1]); // the last episode is cut by the end of the file
    expect(d.meta.nextObsCopied).toBe(3);
  });

  it('D4RL with next_observations uses them', async () => {
    const bytes = await hdf5((f) => {
      f.create_dataset({ name: 'observations', data: Float64Array.from([0, 1, 2]), shape: [3] });
      f.create_dataset({ name: 'next_observations', data: Float64Array.from([1, 2, 9]), shape: [3] });
      f.create_dataset({ name: 'actions', data: BigInt64Array.from([1n, 0n, 1n]), shape: [3] });
      f.create_dataset({ name: 'terminals', data: Uint8Array.from([0, 0, 1]), shape: [3], dtype: '<b' });
    });
    const d = await readDataset(bytes, 'x.h5');
    expect(d.actionKind).toBe('discrete'); // int64 actions
    expect(arr(d.nextObservations)).toEqual([1, 2, 9]);
    expect(arr(d.terminals)).toEqual([0, 0, 1]);
  });

  it('Minari: episode groups in numeric order, T+1 observations, env id from env_spec', async () => {
    const bytes = await hdf5((f) => {
      f.create_attribute('env_spec', JSON.stringify({ id: 'Pendulum-v1', max_episode_steps: 200 }));
      for (const [i, T, base] of [[10, 1, 100], [2, 2, 20]] as const) {
        const g = f.create_group(`episode_${i}`);
        const obs = Array.from({ length: (T + 1) * 3 }, (_, k) => base + k);
        g.create_dataset({ name: 'observations', data: Float32Array.from(obs), shape: [T + 1, 3] });
        g.create_dataset({ name: 'actions', data: Float32Array.from({ length: T }, (_, k) => base + k), shape: [T, 1] });
        g.create_dataset({ name: 'rewards', data: Float64Array.from({ length: T }, () => -1), shape: [T] });
        g.create_dataset({ name: 'terminations', data: Uint8Array.from({ length: T }, () => 0), shape: [T], dtype: '<b' });
        g.create_dataset({ name: 'truncations', data: Uint8Array.from({ length: T }, (_, k) => (k === T - 1 ? 1 : 0)), shape: [T], dtype: '<b' });
      }
    });
    const d = await readDataset(bytes, 'minari.hdf5', { envSpec: getEnvSpec('Pendulum-v1') });
    expect(d.meta).toMatchObject({ format: 'minari-hdf5', envId: 'Pendulum-v1' });
    expect(arr(d.episodeStarts)).toEqual([0, 2, 3]); // episode_2 before episode_10
    expect(arr(d.observations)).toEqual([20, 21, 22, 23, 24, 25, 100, 101, 102]);
    expect(arr(d.nextObservations)).toEqual([23, 24, 25, 26, 27, 28, 103, 104, 105]);
    expect(arr(d.actions)).toEqual([20, 21, 100]);
    expect(arr(d.timeouts)).toEqual([0, 1, 1]);
  });
});

describe('a lone .npy', () => {
  it('is refused with a message that says how to save an .npz', async () => {
    await expect(readDataset(npy([1, 2, 3, 4], [2, 2]), 'obs.npy')).rejects.toThrow(/obs\.npy: a lone \.npy holds one array \(here shape \(2, 2\), dtype '<f4'\).*np\.savez/);
  });
});
