// D4RL- and Minari-layout files for HalfCheetah-v5, Walker2d-v5 and Ant-v5 (hand-built HDF5 with the real
// datasets' shapes: D4RL's flat arrays, Minari's episode groups with T+1 observations) load for the environment
// and train with `droil train` without --obs-layout; D4RL's 111-value ant observations lose exactly the world
// body's 6 contact-force columns; `droil eval` prints D4RL's normalised score from D4RL's reference returns.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { readDataset } from '../../src/core/data/read';
import { getEnvSpec } from '../../src/core/envs';
import { D4RL_REFERENCE, d4rlScore } from '../../src/core/mujoco/d4rl';
import { disposeMujocoEnvs, loadMujocoEnvs } from '../../src/core/mujoco/registry';
import { Rng } from '../../src/core/rng';
import { hdf5 } from '../fixtures/data/build';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'droil-d4rl-'));
beforeAll(async () => {
  await loadMujocoEnvs();
});
afterAll(() => disposeMujocoEnvs());

/** Values obs[i][j] = i + j / 1000 (distinct per row and column), actions in [-1, 1]. */
function arrays(n: number, obsDim: number, actDim: number) {
  const rng = new Rng(3);
  return {
    obs: Float32Array.from({ length: n * obsDim }, (_, k) => Math.floor(k / obsDim) + (k % obsDim) / 1000),
    act: Float32Array.from({ length: n * actDim }, () => rng.uniform(-1, 1)),
  };
}

/** D4RL's flat layout: N rows, two episodes (a terminal at row 9, the file ends at row 19). */
function d4rlFile(obsDim: number, actDim: number): Promise<Uint8Array> {
  const n = 20, { obs, act } = arrays(n, obsDim, actDim);
  return hdf5((f) => {
    f.create_dataset({ name: 'observations', data: obs, shape: [n, obsDim] });
    f.create_dataset({ name: 'actions', data: act, shape: [n, actDim] });
    f.create_dataset({ name: 'rewards', data: new Float32Array(n).fill(1), shape: [n] });
    f.create_dataset({ name: 'terminals', data: Uint8Array.from({ length: n }, (_, i) => (i === 9 ? 1 : 0)), shape: [n], dtype: '<b' });
    f.create_dataset({ name: 'timeouts', data: new Uint8Array(n), shape: [n], dtype: '<b' });
  });
}

/** Minari's layout: episode groups, T + 1 observations, the environment id in env_spec. */
function minariFile(envId: string, obsDim: number, actDim: number): Promise<Uint8Array> {
  return hdf5((f) => {
    f.create_attribute('env_spec', JSON.stringify({ id: envId, max_episode_steps: 1000 }));
    for (const [i, T] of [[0, 8], [1, 12]] as const) {
      const g = f.create_group(`episode_${i}`);
      const { obs, act } = arrays(T + 1, obsDim, actDim);
      g.create_dataset({ name: 'observations', data: obs, shape: [T + 1, obsDim] });
      g.create_dataset({ name: 'actions', data: act.subarray(0, T * actDim), shape: [T, actDim] });
      g.create_dataset({ name: 'rewards', data: new Float64Array(T).fill(1), shape: [T] });
      g.create_dataset({ name: 'terminations', data: new Uint8Array(T), shape: [T], dtype: '<b' });
      g.create_dataset({ name: 'truncations', data: Uint8Array.from({ length: T }, (_, k) => (k === T - 1 ? 1 : 0)), shape: [T], dtype: '<b' });
    }
  });
}

// D4RL v2 observation sizes: halfcheetah 17, walker2d 17, ant 111; Minari (Gymnasium v5): 17, 17, 105.
const CASES = [
  { id: 'HalfCheetah-v5', d4rl: 17, minari: 17, act: 6 },
  { id: 'Walker2d-v5', d4rl: 17, minari: 17, act: 6 },
  { id: 'Ant-v5', d4rl: 111, minari: 105, act: 8 },
] as const;

describe('D4RL and Minari files for HalfCheetah-v5, Walker2d-v5, Ant-v5', () => {
  it('load for the environment without a layout flag; D4RL ant drops exactly the world body\'s 6 contact forces', async () => {
    for (const c of CASES) {
      const spec = getEnvSpec(c.id);
      const d = await readDataset(await d4rlFile(c.d4rl, c.act), `${c.id}-d4rl.hdf5`, { envSpec: spec });
      expect(d.meta.format).toBe('d4rl-hdf5');
      expect(d.obsDim).toBe(spec.obsNames.length);
      expect(Array.from(d.episodeStarts)).toEqual([0, 10, 20]);
      // Row 3 keeps the columns it had, in order: D4RL's 0..26 and 33..110 for the ant, all of them otherwise.
      const cols = c.d4rl === 111 ? [...Array(27).keys(), ...Array.from({ length: 78 }, (_, k) => 33 + k)] : [...Array(c.d4rl).keys()];
      expect(Array.from(d.observations.subarray(3 * d.obsDim, 4 * d.obsDim))).toEqual(cols.map((j) => Math.fround(3 + j / 1000)));
      expect(Array.from(d.nextObservations.subarray(3 * d.obsDim, 4 * d.obsDim))).toEqual(cols.map((j) => Math.fround(4 + j / 1000)));
      const m = await readDataset(await minariFile(c.id, c.minari, c.act), `${c.id}-minari.hdf5`, { envSpec: spec });
      expect(m.meta).toMatchObject({ format: 'minari-hdf5', envId: c.id });
      expect(m.obsDim).toBe(spec.obsNames.length);
      expect(Array.from(m.episodeStarts)).toEqual([0, 8, 20]);
    }
  });

  it('a wrong width is still refused with the environment\'s size in the message', async () => {
    await expect(readDataset(await d4rlFile(11, 6), 'hopper-like.hdf5', { envSpec: getEnvSpec('Walker2d-v5') })).rejects.toThrow(/Walker2d-v5 observations have 17 components .*the file has 11/);
    await expect(readDataset(await d4rlFile(27, 8), 'ant-v4.hdf5', { envSpec: getEnvSpec('Ant-v5') })).rejects.toThrow(/Ant-v5 observations have 105 components/);
  });

  it('droil train reads them without --obs-layout, and droil eval prints D4RL\'s normalised score', async () => {
    for (const c of CASES) {
      const file = join(tmp, `${c.id}.hdf5`);
      writeFileSync(file, c.id === 'Ant-v5' ? await d4rlFile(c.d4rl, c.act) : await minariFile(c.id, c.minari, c.act));
      const policy = join(tmp, `${c.id}.json`);
      const r = await run(['train', '--env', c.id, '--data', file, '--algo', 'bc', '--steps', '3', '--batch', '8', '--out', policy, '--backend', 'cpu']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(readFileSync(policy, 'utf8'))).toMatchObject({ envId: c.id });
    }
    const e = await run(['eval', '--env', 'HalfCheetah-v5', '--policy', join(tmp, 'HalfCheetah-v5.json'), '--episodes', '1', '--json']);
    expect(e.code, e.err).toBe(0);
    const j = JSON.parse(e.out) as { mean: number; d4rlScore: number };
    const ref = D4RL_REFERENCE['HalfCheetah-v5'];
    expect(j.d4rlScore).toBeCloseTo((100 * (j.mean - ref.random)) / (ref.expert - ref.random), 10);
  });

  it('D4RL\'s reference returns: random 0, expert 100, for the four tasks; none for other tasks', () => {
    for (const id of ['Hopper-v5', 'HalfCheetah-v5', 'Walker2d-v5', 'Ant-v5']) {
      const r = D4RL_REFERENCE[id];
      expect(d4rlScore(id, r.random)).toBeCloseTo(0, 10);
      expect(d4rlScore(id, r.expert)).toBeCloseTo(100, 10);
    }
    expect(D4RL_REFERENCE['HalfCheetah-v5']).toMatchObject({ random: -280.178953, expert: 12135 });
    expect(D4RL_REFERENCE['Ant-v5']).toMatchObject({ random: -325.6, expert: 3879.7 });
    expect(d4rlScore('CartPole-v1', 100)).toBeNull();
  });
});
