// Malformed inputs, each refused with a UserError whose message names the file, the field (or line,
// column, episode) and what was expected versus found.
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../src/core/data/read';
import { readDataset } from '../../src/core/data/read';
import { writeDataset } from '../../src/core/data/write';
import { getEnvSpec } from '../../src/core/envs';
import { isUserError } from '../../src/core/errors';
import { enc, hdf5, npy, npz, synth } from '../fixtures/data/build';

type Bytes = Uint8Array | (() => Uint8Array | Promise<Uint8Array>);
type Case = [label: string, file: string, bytes: Bytes, expected: RegExp, opts?: ReadOptions];

const cartpole = { envSpec: getEnvSpec('CartPole-v1') };
const pendulum = { envSpec: getEnvSpec('Pendulum-v1') };
const json = (v: unknown) => enc(JSON.stringify(v));
const ep = (extra: Record<string, unknown> = {}) => ({ observations: [[0, 1], [2, 3]], actions: [0, 1], ...extra });
const project = (extra: Record<string, unknown> = {}) => ({
  format: 'droil-demos', version: 1, envId: null, generator: null, obsDim: 2, actionKind: 'discrete', actionDim: 1, numActions: 2,
  episodes: [{ observations: [[0, 1], [2, 3]], actions: [0, 1], nextObservations: [[2, 3], [4, 5]], terminal: true, timeout: false }], ...extra,
});
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const obs4 = (rows: number) => npy(Array.from({ length: rows * 2 }, (_, i) => i), [rows, 2], '<f4');
const flags = (v: number[]) => npy(v, [v.length], '|u1');
const d4rlNpz = (over: Record<string, Uint8Array | undefined>) => {
  const base: Record<string, Uint8Array | undefined> = { observations: obs4(4), actions: npy([0.1, 0.2, 0.3, 0.4], [4], '<f4'), terminals: flags([0, 0, 0, 1]), ...over };
  return npz(Object.fromEntries(Object.entries(base).filter(([, v]) => v)) as Record<string, Uint8Array>);
};
const d4rlH5 = (fill: (f: Parameters<Parameters<typeof hdf5>[0]>[0]) => void) => () => hdf5(fill);
const minari = (eps: { T: number; obsRows?: number; obsDim?: number; trunc?: number[]; intActions?: boolean; dictObs?: boolean }[]) => () => hdf5((f) => {
  eps.forEach((e, i) => {
    const g = f.create_group(`episode_${i}`);
    const dim = e.obsDim ?? 2;
    const rows = e.obsRows ?? e.T + 1;
    if (e.dictObs) g.create_group('observations');
    else g.create_dataset({ name: 'observations', data: new Float32Array(rows * dim).fill(0.5), shape: [rows, dim] });
    if (e.intActions) g.create_dataset({ name: 'actions', data: new Int32Array(e.T), shape: [e.T] });
    else g.create_dataset({ name: 'actions', data: new Float32Array(e.T).fill(0.1), shape: [e.T, 1] });
    const trunc = e.trunc ?? Array.from({ length: e.T }, (_, k) => (k === e.T - 1 ? 1 : 0));
    g.create_dataset({ name: 'truncations', data: Uint8Array.from(trunc), shape: [e.T], dtype: '<b' });
  });
});
/** Rename the second zip entry to the first's name (same length), in the local header and the central directory. */
function duplicateEntry(): Uint8Array {
  const z = zipSync({ 'observations.npy': obs4(2), 'observationz.npy': obs4(2) }, { level: 0 });
  const text = latin1('observationz.npy');
  for (let i = 0; i + text.length <= z.length; i++) {
    if (text.every((b, k) => z[i + k] === b)) z[i + text.length - 5] = 's'.charCodeAt(0);
  }
  return z;
}
const validH5 = () => writeDataset(synth({ lengths: [3, 3], obsDim: 2, kind: 'discrete', seed: 2 }), 'hdf5');

const cases: Case[] = [
  // --- any format
  ['empty file', 'x.csv', new Uint8Array(0), /^x\.csv: the file is empty \(0 bytes\)/],
  ['empty HDF5 file', 'x.h5', new Uint8Array(0), /^x\.h5: the file is empty/],
  ['over the size limit', 'big.json', json(project()), /^big\.json: the file is .* MB, above the 0\.00010 MB size limit/, { maxBytes: 100 }],
  ['unknown extension, not JSON', 'data.txt', enc('hello world'), /^data\.txt: cannot tell the format: expected a \.json, \.csv, \.npz or \.h5\/\.hdf5 file.*found 'hello wo'/],
  ['wrong magic for .h5', 'x.h5', enc('hello, world'), /^x\.h5: not a \.h5 file: expected the HDF5 signature .* found 'hello, w' at byte 0/],
  ['wrong magic for .npz', 'x.npz', enc('{"episodes": []}'), /^x\.npz: not a \.npz file: expected a zip archive .* found '\{"episod' at byte 0/],
  ['wrong magic for .npy', 'x.npy', new Uint8Array([1, 2, 3, 4]), /^x\.npy: not a \.npy file: expected the NumPy magic/],
  // --- CSV
  ['CSV not UTF-8', 'x.csv', latin1('obs_0,action\n1,0\ncaf\xe9,1\n'), /^x\.csv: not UTF-8 text: invalid byte sequence on line 3/],
  ['CSV header only', 'x.csv', enc('obs_0,action\n'), /^x\.csv: expected at least one data line after the header, found none/],
  ['CSV duplicate column', 'x.csv', enc('obs_0,obs_0,action\n1,2,0\n'), /^x\.csv: column 'obs_0' appears twice in the header \(columns 1 and 2\)/],
  ['CSV unknown column', 'x.csv', enc('obs0,action\n1,0\n'), /^x\.csv: unknown column 'obs0' in the header \(known columns: episode, t, obs_0/],
  ['CSV gap in obs columns', 'x.csv', enc('obs_0,obs_2,action\n1,2,0\n'), /^x\.csv: missing column 'obs_1' \(found obs_2, so obs_0\.\.obs_2 are expected\)/],
  ['CSV without observations', 'x.csv', enc('episode,action\n0,1\n'), /^x\.csv: missing observation columns: expected obs_0\.\.obs_\{n-1\}/],
  ['CSV without actions', 'x.csv', enc('obs_0,reward\n1,0\n'), /^x\.csv: missing action column: expected 'action'/],
  ['CSV with both action forms', 'x.csv', enc('obs_0,action,act_0\n1,0,0\n'), /^x\.csv: both 'action' and act_\* columns are present/],
  ['CSV ragged row', 'x.csv', enc('episode,obs_0,obs_1,action\n0,1,2,0\n0,3,1\n'), /^x\.csv: line 3: expected 4 fields like the header, found 3/],
  ['CSV NaN', 'x.csv', enc('obs_0,obs_1,action\n1,NaN,0\n'), /^x\.csv: line 2, column 'obs_1': expected a finite number, found 'NaN'/],
  ['CSV infinity', 'x.csv', enc('obs_0,action\n1,0\ninf,1\n'), /^x\.csv: line 3, column 'obs_0': expected a finite number, found 'inf'/],
  ['CSV empty field', 'x.csv', enc('obs_0,reward,action\n1,,0\n'), /^x\.csv: line 2, column 'reward': expected a finite number, found an empty field/],
  ['CSV text in a number', 'x.csv', enc('obs_0,action\nabc,0\n'), /^x\.csv: line 2, column 'obs_0': expected a finite number, found 'abc'/],
  ['CSV bad flag', 'x.csv', enc('obs_0,action,terminal\n1,0,yes\n'), /^x\.csv: line 2, column 'terminal': expected 0\/1 or true\/false, found 'yes'/],
  ['CSV episode rows not contiguous', 'x.csv', enc('episode,obs_0,action\n0,1,0\n1,1,0\n0,2,1\n'), /^x\.csv: line 4: episode 0 appears again after other episodes/],
  ['CSV terminal before the episode ends', 'x.csv', enc('episode,obs_0,action,terminal\n0,1,0,1\n0,2,1,0\n'), /^x\.csv: line 2: episode 0 is flagged terminal here but continues on line 3/],
  ['CSV fractional discrete action', 'x.csv', enc('obs_0,action\n1,0.5\n'), /^x\.csv: field 'action': line 2: expected a whole number >= 0 .*found 0\.5/],
  ['CSV negative action index', 'x.csv', enc('obs_0,action\n1,0\n2,-1\n'), /^x\.csv: field 'action': line 3: expected a whole number >= 0 .*found -1/],
  ['CSV continuous actions for CartPole', 'x.csv', enc('obs_0,obs_1,obs_2,obs_3,act_0,act_1\n0,0,0,0,0.1,0.2\n'), /^x\.csv: field 'act_0\.\.act_1': CartPole-v1 has discrete actions \(2 choices, indices 0\.\.1\), so one index per step is expected, but the file has 2 action components per step/, cartpole],
  ['CSV observation size for CartPole', 'x.csv', enc('obs_0,obs_1,action\n0,0,1\n'), /^x\.csv: field 'observations': CartPole-v1 observations have 4 components \(.*\), the file has 2/, cartpole],
  ['CSV action index out of range for CartPole', 'x.csv', enc('obs_0,obs_1,obs_2,obs_3,action\n0,0,0,0,1\n0,0,0,0,2\n'), /^x\.csv: field 'action': line 3: CartPole-v1 has discrete actions \(2 choices, indices 0\.\.1\), found action 2/, cartpole],
  ['CSV unterminated quote', 'x.csv', enc('obs_0,action\n"1,0\n'), /^x\.csv: line \d+: .*[Qq]uote/],
  // --- JSON
  ['JSON syntax error', 'x.json', enc('{"episodes": [1, 2,]}'), /^x\.json: not valid JSON: /],
  ['JSON not UTF-8', 'x.json', latin1('{"episodes": "\xff"}'), /^x\.json: not UTF-8 text: invalid byte sequence on line 1/],
  ['JSON top-level list', 'x.json', json([ep()]), /^x\.json: expected a JSON object with a key 'episodes', found a list of 1/],
  ['JSON without episodes', 'x.json', json({ observations: [] }), /^x\.json: missing key 'episodes' \(found keys: observations\)/],
  ['JSON with no episode', 'x.json', json({ episodes: [] }), /^x\.json: field 'episodes': expected at least one episode, found an empty list/],
  ['JSON episode without actions', 'x.json', json({ episodes: [{ observations: [[1]] }] }), /^x\.json: episodes\[0\]: missing key 'actions'/],
  ['JSON ragged observation rows', 'x.json', json({ episodes: [{ observations: [[0, 1], [2, 3, 4]], actions: [0, 1] }] }), /^x\.json: episodes\[0\]\.observations\[1\]: expected 2 numbers \(like the first row\), found 3/],
  ['JSON observations vs actions', 'x.json', json({ episodes: [ep(), { observations: [[1, 1], [1, 1], [1, 1], [1, 1], [1, 1]], actions: [0, 1] }] }), /^x\.json: episodes\[1\]: expected 2 observations \(one per action\) or 3 \(with the final one\), found 5/],
  ['JSON text in an observation', 'x.json', json({ episodes: [ep({ observations: [[0, 'x'], [2, 3]] })] }), /^x\.json: episodes\[0\]\.observations\[0\]\[1\]: expected a number, found the text "x"/],
  ['JSON null action', 'x.json', json({ episodes: [ep({ actions: [0, null] })] }), /^x\.json: episodes\[0\]\.actions\[1\]: expected a number, found null/],
  ['JSON mixed action forms', 'x.json', json({ episodes: [ep({ actions: [0, [1]] })] }), /^x\.json: episodes\[0\]\.actions\[1\]: expected a number like the first action, found a list of 1/],
  ['JSON unknown episode key', 'x.json', json({ episodes: [ep({ obs: [] })] }), /^x\.json: episodes\[0\]: unknown key 'obs'/],
  ['JSON rewards in some episodes only', 'x.json', json({ episodes: [ep({ rewards: [1, 1] }), ep()] }), /^x\.json: episodes\[1\]: has no 'rewards' but episodes\[0\] has \(all episodes or none\)/],
  ['JSON bad flag', 'x.json', json({ episodes: [ep({ terminal: 'yes' })] }), /^x\.json: episodes\[0\]\.terminal: expected true\/false \(or 1\/0\), found the text "yes"/],
  ['JSON float32 overflow', 'x.json', enc('{"episodes": [{"observations": [[1e39, 0]], "actions": [0]}]}'), /^x\.json: field 'observations', episode 0, step 0, component 0: expected a finite number, found Infinity/],
  ['droil-demos unknown version', 'x.json', json(project({ version: 2 })), /^x\.json: field 'version': this reader knows version 1 of 'droil-demos', found 2/],
  ['droil-demos wrong format name', 'x.json', json(project({ format: 'd4rl' })), /^x\.json: field 'format': expected 'droil-demos', found the text "d4rl"/],
  ['droil-demos obsDim disagrees', 'x.json', json(project({ obsDim: 3 })), /^x\.json: episodes\[0\]\.observations\[0\]: expected 3 numbers \('obsDim'\), found 2/],
  ['droil-demos discrete data for Pendulum', 'x.json', json(project()), /^x\.json: field 'actions': Pendulum-v1 has continuous actions of dimension 1, but the file holds integer action indices/, pendulum],
  ['recorded for another environment', 'x.json', json(project({ envId: 'CartPole-v1', obsDim: 6, numActions: 3, episodes: [{ observations: [[0, 0, 0, 0, 0, 0]], actions: [2], nextObservations: [[0, 0, 0, 0, 0, 1]], terminal: true, timeout: false }] })), /^x\.json: the file was recorded for CartPole-v1, but Acrobot-v1 is selected/, { envSpec: getEnvSpec('Acrobot-v1') }],
  // --- NumPy
  ['npy data truncated', 'x.npy', npy([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]).subarray(0, 128 + 20), /^x\.npy: the array: truncated: shape \(4, 2\) of '<f4' needs 32 bytes of data, found 20/],
  ['npy header truncated', 'x.npy', npy([1], [1]).subarray(0, 30), /^x\.npy: the array: truncated: the header says it is \d+ bytes long/],
  ['npz garbage after the magic', 'x.npz', enc('PK\x03\x04 this is not a zip archive at all'), /^x\.npz: not a readable \.npz \(zip\) archive: /],
  ['npz truncated', 'x.npz', () => d4rlNpz({}).subarray(0, 200), /^x\.npz: not a readable \.npz \(zip\) archive: /],
  ['npz without arrays', 'x.npz', zipSync({}), /^x\.npz: the archive holds no arrays/],
  ['npz unknown keys', 'x.npz', npz({ x: obs4(2), y: obs4(2) }), /^x\.npz: cannot tell the layout from the keys \(found: x, y\): expected 'observations' and 'actions' \(D4RL\)/],
  ['npz SB without episode_starts', 'x.npz', npz({ obs: obs4(2), actions: npy([0, 1], [2], '<i8') }), /^x\.npz: missing key 'episode_starts'/],
  ['npz D4RL without actions', 'x.npz', () => d4rlNpz({ actions: undefined }), /^x\.npz: missing key 'actions' \(found: observations, terminals\)/],
  ['npz both acts and actions', 'x.npz', npz({ obs: obs4(3), acts: obs4(2), actions: obs4(2) }), /^x\.npz: both 'acts' \(imitation layout\) and 'actions'/],
  ['npz mismatched lengths', 'x.npz', () => d4rlNpz({ observations: obs4(5) }), /^x\.npz: field 'actions': expected 5 rows like 'observations', found 4/],
  ['npz pickled objects', 'x.npz', () => d4rlNpz({ observations: npy([1, 2], [2], '<i8', { headerOverride: "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }" }) }), /^x\.npz: field 'observations': holds pickled Python objects \(dtype '\|O'\)/],
  ['npz complex dtype', 'x.npz', () => d4rlNpz({ observations: npy([1, 2, 3, 4], [4], '<f4', { headerOverride: "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }" }) }), /^x\.npz: field 'observations': unsupported dtype '<c8'/],
  ['npz big-endian', 'x.npz', () => d4rlNpz({ observations: npy([1, 2, 3, 4, 5, 6, 7, 8], [8], '<f4', { headerOverride: "{'descr': '>f4', 'fortran_order': False, 'shape': (4, 2), }" }) }), /^x\.npz: field 'observations': big-endian dtype '>f4' is not supported/],
  ['npz absurd declared shape', 'x.npz', () => d4rlNpz({ observations: npy([1, 2, 3, 4], [4], '<f4', { headerOverride: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 4), }" }) }), /^x\.npz: field 'observations': truncated: shape \(1000000000, 4\) of '<f4' needs 16000000000 bytes of data, found 16/],
  ['npz NaN observation', 'x.npz', () => d4rlNpz({ observations: npy([0, 1, NaN, 3, 4, 5, 6, 7], [4, 2], '<f4') }), /^x\.npz: field 'observations', episode 0, step 1, component 0: expected a finite number, found NaN/],
  ['npz flag not 0/1', 'x.npz', () => d4rlNpz({ terminals: flags([0, 2, 0, 1]) }), /^x\.npz: field 'terminals', row 1: expected 0\/1 \(or a bool array\), found 2/],
  ['npz 3-D observations', 'x.npz', () => d4rlNpz({ observations: npy(new Array(16).fill(0), [4, 2, 2], '<f4') }), /^x\.npz: field 'observations': expected a 1-D or 2-D array \(rows x components\), found shape \(4, 2, 2\)/],
  ['npz imitation obs without final rows', 'x.npz', npz({ obs: obs4(5), acts: npy([0, 1, 0, 1, 0], [5], '<i8'), indices: npy([3], [1], '<i8') }), /^x\.npz: field 'obs': expected 7 rows \(5 actions \+ one final observation for each of 2 episodes\), found 5/],
  ['npz imitation indices not increasing', 'x.npz', npz({ obs: obs4(8), acts: npy([0, 1, 0, 1, 0], [5], '<i8'), indices: npy([3, 2], [2], '<i8') }), /^x\.npz: field 'indices', entry 1: expected split points increasing strictly inside 1\.\.4, found 2 after 3/],
  ['npz imitation float indices', 'x.npz', npz({ obs: obs4(7), acts: npy([0, 1, 0, 1, 0], [5], '<i8'), indices: npy([3], [1], '<f8') }), /^x\.npz: field 'indices': expected integers, found dtype '<f8'/],
  ['npz decompresses above the limit', 'x.npz', () => npz({ observations: npy(new Array(20000).fill(0), [10000, 2], '<f4'), actions: npy(new Array(10000).fill(0), [10000], '<f4') }, 6), /^x\.npz: the arrays would take 0\.080 MB once uncompressed, above the 0\.0050 MB size limit/, { maxBytes: 5000 }],
  ['npz duplicate entry', 'x.npz', duplicateEntry, /^x\.npz: entry 'observations\.npy' appears twice in the archive/],
  ['npz unknown npy version', 'x.npz', () => { const a = obs4(4); a[6] = 4; return d4rlNpz({ observations: a }); }, /^x\.npz: field 'observations': unsupported NumPy format version 4\.0/],
  ['npz integer actions for Pendulum', 'x.npz', () => d4rlNpz({ observations: npy(new Array(12).fill(0), [4, 3], '<f4'), actions: npy([0, 1, 0, 1], [4], '<i8') }), /^x\.npz: field 'actions': Pendulum-v1 has continuous actions of dimension 1, but the file holds integer action indices/, pendulum],
  // --- HDF5
  ['HDF5 truncated', 'x.h5', async () => (await validH5()).subarray(0, 120), /^x\.h5: (not a readable HDF5 file|could not read the HDF5 file): /],
  ['HDF5 unknown layout', 'x.h5', d4rlH5((f) => { f.create_dataset({ name: 'foo', data: new Float32Array(2), shape: [2] }); }), /^x\.h5: cannot tell the layout from the keys \(found: foo\): expected root datasets 'observations' and 'actions' \(D4RL\)/],
  ['D4RL without actions', 'x.h5', d4rlH5((f) => { f.create_dataset({ name: 'observations', data: new Float32Array(4), shape: [2, 2] }); }), /^x\.h5: missing dataset 'actions'/],
  ['D4RL without terminals or timeouts', 'x.h5', d4rlH5((f) => {
    f.create_dataset({ name: 'observations', data: new Float32Array(4), shape: [2, 2] });
    f.create_dataset({ name: 'actions', data: new Float32Array(2), shape: [2] });
  }), /^x\.h5: missing dataset 'terminals' \(D4RL layout/],
  ['D4RL rewards of the wrong length', 'x.h5', d4rlH5((f) => {
    f.create_dataset({ name: 'observations', data: new Float32Array(8), shape: [4, 2] });
    f.create_dataset({ name: 'actions', data: new Float32Array(4), shape: [4] });
    f.create_dataset({ name: 'rewards', data: new Float32Array(3), shape: [3] });
    f.create_dataset({ name: 'terminals', data: new Uint8Array(4), shape: [4], dtype: '<b' });
  }), /^x\.h5: field 'rewards': expected shape \(4,\), one value per transition, found \(3,\)/],
  ['D4RL text observations', 'x.h5', d4rlH5((f) => {
    f.create_dataset({ name: 'observations', data: ['a', 'b'], shape: [2] });
    f.create_dataset({ name: 'actions', data: new Float32Array(2), shape: [2] });
    f.create_dataset({ name: 'terminals', data: new Uint8Array(2), shape: [2], dtype: '<b' });
  }), /^x\.h5: field 'observations': expected numbers \(float, int or bool\), found HDF5 type class 3/],
  ['D4RL observations as a group', 'x.h5', d4rlH5((f) => {
    f.create_group('observations');
    f.create_dataset({ name: 'actions', data: new Float32Array(2), shape: [2] });
  }), /^x\.h5: field 'observations': expected a numeric dataset, found a group/],
  ['D4RL NaN', 'x.h5', d4rlH5((f) => {
    f.create_dataset({ name: 'observations', data: Float32Array.from([0, 0, 0, 0, 0, NaN]), shape: [3, 2] });
    f.create_dataset({ name: 'actions', data: new Float32Array(3), shape: [3] });
    f.create_dataset({ name: 'terminals', data: new Uint8Array(3), shape: [3], dtype: '<b' });
  }), /^x\.h5: field 'observations', episode 0, step 2, component 1: expected a finite number, found NaN/],
  ['D4RL decodes above the limit', 'x.h5', d4rlH5((f) => {
    f.create_dataset({ name: 'observations', data: new Float32Array(200000), shape: [100000, 2], chunks: [10000, 2], compression: 9 });
    f.create_dataset({ name: 'actions', data: new Float32Array(100000), shape: [100000], chunks: [10000], compression: 9 });
    f.create_dataset({ name: 'terminals', data: new Uint8Array(100000), shape: [100000], dtype: '<b', chunks: [10000], compression: 9 });
  }), /^x\.h5: field 'observations': shape \(100000, 2\) would take 0\.8 MB once decoded, above what is left of the size limit \(0\.1 MB\)/, { maxBytes: 100_000 }],
  ['Minari observations without the final row', 'x.h5', minari([{ T: 3, obsRows: 3 }]), /^x\.h5: field 'episode_0\/observations': expected 4 rows \(3 actions \+ the final observation\), found 3/],
  ['Minari truncation before the end', 'x.h5', minari([{ T: 3, trunc: [1, 0, 1] }]), /^x\.h5: field 'episode_0\/truncations', step 0: the episode ends here but has 2 more steps/],
  ['Minari episodes of different observation sizes', 'x.h5', minari([{ T: 2 }, { T: 2, obsDim: 3 }]), /^x\.h5: field 'episode_1\/observations': expected 2 components like episode_0, found 3/],
  ['Minari dict observations', 'x.h5', minari([{ T: 2, dictObs: true }]), /^x\.h5: field 'episode_0\/observations': expected a numeric dataset, found a group \(dict\/tuple spaces are not supported\)/],
  ['Minari integer actions for Pendulum', 'x.h5', minari([{ T: 2, obsDim: 3, intActions: true }]), /^x\.h5: field 'actions': Pendulum-v1 has continuous actions of dimension 1, but the file holds integer action indices/, pendulum],
  // --- files written by numpy and h5py (test/fixtures/reference/make.py), and integrity checks
  ...(['vlen-utf8', 'vlen-ascii', 'fixed-ascii', 'fixed-utf8', 'vlen-bytes', 'array-vlen'].map((enc): Case =>
    [`h5py env_id as ${enc} string, another environment`, 'x.h5', () => reference(`h5py-env-${enc}.h5`), /^x\.h5: the file was recorded for Pendulum-v1, but CartPole-v1 is selected/, cartpole])),
  ['Minari env_spec that is not JSON', 'x.hdf5', () => reference('h5py-minari-bad-spec.hdf5'), /^x\.hdf5: attribute 'env_spec': expected a JSON object \(Minari's environment spec\), found 'CartPole-v1 \(not JSON\)'/],
  ['env_id that is not a string', 'x.h5', d4rlH5((f) => {
    f.create_dataset({ name: 'observations', data: new Float32Array(4), shape: [2, 2] });
    f.create_dataset({ name: 'actions', data: new Float32Array(2), shape: [2] });
    f.create_dataset({ name: 'terminals', data: Uint8Array.from([0, 1]), shape: [2], dtype: '<b' });
    f.create_attribute('env_id', 7);
  }), /^x\.h5: attribute 'env_id': expected a string, found HDF5 type class 0/],
  ['npz data byte flipped (CRC-32)', 'x.npz', () => { const b = reference('np-savez-d4rl.npz'); b[200] ^= 0x40; return b; }, /^x\.npz: entry 'observations\.npy' fails its CRC-32 check \(damaged archive\)/],
  ['npz declared size altered', 'x.npz', () => { const b = d4rlNpz({}); const cd = findCentral(b); new DataView(b.buffer).setUint32(cd + 24, 999, true); return b; }, /^x\.npz: entry 'observations\.npy' inflates to \d+ bytes, but the archive declares 999/],
  ['npz bytes inserted before the central directory', 'x.npz', () => { const b = reference('np-savez-d4rl.npz'); const at = findCentral(b); return Uint8Array.from([...b.subarray(0, at), 1, 2, 3, ...b.subarray(at)]); }, /^x\.npz: not a readable \.npz \(zip\) archive: the central directory does not end where the end record begins/],
  ['npz with 1001 entries', 'x.npz', () => npz(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`a${i}`, npy([0], [1])]))), /^x\.npz: more than 1000 entries in the archive/],
  ['Stable-Baselines npz whose episode_starts are all false', 'x.npz', () => npz({ obs: npy([0, 1, 2, 3], [2, 2]), actions: npy([0, 1], [2], '<i8'), episode_starts: npy([0, 0], [2], '|b1') }), /^x\.npz: field 'episode_starts', row 0: expected true \(the recording starts an episode\), found false \(and no row is true\)/],
  ['numActions 1e12 declared for a 2-action environment', 'x.json', json(project({ numActions: 1e12 })), /^x\.json: field 'numActions': expected a whole number in 1\.\.10000, found 1000000000000/, cartpole],
  ['numActions 3 declared for a 2-action environment', 'x.json', json(project({ obsDim: 4, numActions: 3, episodes: [{ observations: [[0, 1, 2, 3]], actions: [1], nextObservations: [[0, 1, 2, 4]], terminal: true, timeout: false }] })), /^x\.json: field 'numActions' says 3 actions, but CartPole-v1 has discrete actions \(2 choices/, cartpole],
  ['numActions 1e12 declared without an environment', 'x.json', json(project({ numActions: 1e12 })), /^x\.json: field 'numActions': expected a whole number in 1\.\.10000/],
];

/** A committed file written by numpy/h5py (a fresh copy). */
function reference(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/reference/${name}`, import.meta.url)));
}
/** Offset of the first central-directory record of a zip. */
function findCentral(b: Uint8Array): number {
  for (let i = 0; i + 4 <= b.length; i++) if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 1 && b[i + 3] === 2) return i;
  throw new Error('no central directory');
}

describe('malformed demonstration files', () => {
  it(`has at least 50 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });
  for (const [label, file, bytes, expected, opts] of cases) {
    it(label, async () => {
      const input = typeof bytes === 'function' ? await bytes() : bytes;
      let error: unknown;
      try {
        await readDataset(input, file, opts);
      } catch (e) {
        error = e;
      }
      expect(isUserError(error), `expected a UserError, got ${String(error)}`).toBe(true);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).not.toMatch(/please report|\n/);
    });
  }
});
