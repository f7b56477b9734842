// Fuzzing the readers: valid files of every format, mutated by a seeded generator (bytes overwritten,
// truncated, spans deleted or inserted). Every outcome must be a dataset that passes validation on its own,
// or a clean one-line UserError: never another exception type, never a hang, never an inconsistent dataset.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/core/data/dataset';
import { readDataset } from '../../src/core/data/read';
import { validateDataset } from '../../src/core/data/validate';
import { writeDataset } from '../../src/core/data/write';
import { isUserError } from '../../src/core/errors';
import { Rng } from '../../src/core/rng';
import { enc, hdf5, npy, npz, synth } from '../fixtures/data/build';
import { mutate } from '../fixtures/data/mutate';

/** A copy that shares nothing with the reader's output, validated from scratch. */
function revalidate(d: Dataset): void {
  const copy: Dataset = {
    ...d,
    observations: d.observations.slice(), nextObservations: d.nextObservations.slice(), actions: d.actions.slice(),
    rewards: d.rewards?.slice(), terminals: d.terminals.slice(), timeouts: d.timeouts.slice(), episodeStarts: d.episodeStarts.slice(),
    meta: { ...d.meta },
  };
  validateDataset(copy);
  expect(copy.observations).toBeInstanceOf(Float32Array);
  expect(copy.actions).toBeInstanceOf(Float32Array);
  expect(copy.terminals).toBeInstanceOf(Uint8Array);
}

async function seeds(): Promise<[string, Uint8Array][]> {
  const disc = synth({ lengths: [4, 3], obsDim: 2, kind: 'discrete', rewards: true, envId: 'CartPole-v1', seed: 11 });
  const cont = synth({ lengths: [3, 2], obsDim: 3, kind: 'continuous', actionDim: 1, seed: 12 });
  const csv = 'episode,obs_0,obs_1,action,reward,terminal\n0,0.5,1.25,0,1,0\n0,0.75,-1,1,1,1\n1,2,3,1,0.5,0\n1,4,5,0,0.5,0\n';
  const minari = await hdf5((f) => {
    for (let e = 0; e < 2; e++) {
      const g = f.create_group(`episode_${e}`);
      g.create_dataset({ name: 'observations', data: Float32Array.from([0, 1, 2, 3, 4, 5]), shape: [3, 2] });
      g.create_dataset({ name: 'actions', data: BigInt64Array.from([1n, 0n]), shape: [2] });
      g.create_dataset({ name: 'rewards', data: Float64Array.from([1, 1]), shape: [2] });
      g.create_dataset({ name: 'terminations', data: Uint8Array.from([0, 1]), shape: [2], dtype: '<b' });
      g.create_dataset({ name: 'truncations', data: Uint8Array.from([0, 0]), shape: [2], dtype: '<b' });
    }
  });
  return [
    ['demos.json', await writeDataset(disc, 'json')],
    ['plain.json', enc(JSON.stringify({ episodes: [{ observations: [[0, 1], [2, 3], [4, 5]], actions: [[0.5], [-0.5]], rewards: [1, 2] }] }))],
    ['steps.csv', enc(csv)],
    ['d4rl.npz', await writeDataset(cont, 'npz')],
    ['sb.npz', npz({ obs: npy([0, 1, 2, 3, 4, 5], [3, 2]), actions: npy([1, 0, 1], [3], '<i8'), episode_starts: npy([1, 0, 1], [3], '|b1'), rewards: npy([1, 1, 1], [3], '<f8') }, 0)],
    ['traj.npz', npz({ obs: npy([0, 1, 2, 3, 10, 11, 12], [7]), acts: npy([0, 1, 0, 1, 1], [5], '<i8'), indices: npy([3], [1], '<i8'), terminal: npy([1, 0], [2], '|b1') }, 6)],
    ['d4rl.h5', await writeDataset(disc, 'hdf5')],
    ['minari.hdf5', minari],
  ];
}

describe('fuzzed demonstration files', () => {
  it('every mutation gives a valid dataset or a clean UserError (seeded, 320 cases)', async () => {
    const rng = new Rng(20261124);
    const outcomes: Record<string, { ok: number; refused: number }> = {};
    for (const [name, bytes] of await seeds()) {
      // the unmutated file reads: the fuzz starts from valid input
      revalidate(await readDataset(bytes, name));
      outcomes[name] = { ok: 0, refused: 0 };
      for (let k = 0; k < 40; k++) {
        const input = mutate(bytes, rng);
        let d: Dataset | undefined;
        try {
          d = await readDataset(input, name);
        } catch (e) {
          if (!isUserError(e)) throw new Error(`${name} case ${k}: ${String(e)} is not a UserError`);
          const msg = (e as Error).message;
          expect(msg.startsWith(`${name}: `), msg).toBe(true);
          expect(msg, `${name} case ${k}`).not.toMatch(/please report|\n/);
          outcomes[name].refused++;
          continue;
        }
        revalidate(d);
        outcomes[name].ok++;
      }
    }
    // Every format saw refusals; the text formats also survive some mutations (a changed digit is still data).
    for (const [name, o] of Object.entries(outcomes)) expect(o.refused, name).toBeGreaterThan(0);
    expect(outcomes['steps.csv'].ok + outcomes['plain.json'].ok).toBeGreaterThan(0);
  });
});

// Files written by numpy (np.savez, np.savez_compressed), h5py (its defaults) and `droil demos`, with seeded
// byte mutations whose outcome under numpy/h5py was recorded by test/fixtures/reference/make.py. Whatever
// numpy/h5py refuse must be refused; whatever is accepted must hold exactly what numpy/h5py read.
interface RefCase { m: ['set', number[], number[]] | ['truncate', number, null] | ['delete', number, number] | ['insert', number, number[]]; ref: null | 'hang' | { observations: number[]; actions: number[] } }
const REF_DIR = new URL('../fixtures/reference/', import.meta.url);

function applyMutation(src: Uint8Array, [op, at, arg]: RefCase['m']): Uint8Array {
  if (op === 'set') { const b = src.slice(); (at as number[]).forEach((i, k) => { b[i] = (arg as number[])[k]; }); return b; }
  if (op === 'truncate') return src.slice(0, at as number);
  if (op === 'delete') return Uint8Array.from([...src.subarray(0, at as number), ...src.subarray((at as number) + (arg as number))]);
  return Uint8Array.from([...src.subarray(0, at as number), ...(arg as number[]), ...src.subarray(at as number)]);
}

const f32bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('files written by numpy, h5py and droil demos, mutated (reference: numpy/h5py)', () => {
  it('refuses what numpy/h5py refuse; accepts only what they read, value for value (seeded, 560 cases)', async () => {
    const { readFileSync } = await import('node:fs');
    const table = JSON.parse(readFileSync(new URL('mutations.json', REF_DIR), 'utf8')) as Record<string, { original: RefCase['ref']; cases: RefCase[] }>;
    let total = 0;
    const wrong: string[] = [];
    for (const [name, { original, cases }] of Object.entries(table)) {
      const bytes = new Uint8Array(readFileSync(new URL(name, REF_DIR)));
      const check = (d: Dataset, ref: RefCase['ref'], what: string) => {
        if (ref === null) { wrong.push(`${what}: accepted, but the reference refused it`); return; }
        if (ref === 'hang') return; // the reference hung (none recorded so far); ours returned
        if (JSON.stringify(f32bits(d.observations)) !== JSON.stringify(ref.observations)) wrong.push(`${what}: observations differ from the reference's`);
        if (JSON.stringify(f32bits(d.actions)) !== JSON.stringify(ref.actions)) wrong.push(`${what}: actions differ from the reference's`);
      };
      check(await readDataset(bytes, name), original, `${name} unmutated`);
      for (const [k, c] of cases.entries()) {
        const what = `${name} case ${k} (${JSON.stringify(c.m)})`;
        let d: Dataset | undefined;
        try {
          d = await readDataset(applyMutation(bytes, c.m), name);
        } catch (e) {
          if (!isUserError(e)) throw new Error(`${what}: ${String(e)} is not a UserError`);
          expect((e as Error).message, what).not.toMatch(/please report|\n/);
          continue;
        }
        revalidate(d);
        check(d, c.ref, what);
      }
      total += cases.length;
    }
    expect(wrong).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(500);
  }, 60_000);
});
