// NumPy .npz archives (np.savez and np.savez_compressed: a zip of .npy files). Three key layouts, told
// apart by their keys (docs/data-formats.md, "NumPy"):
//   npz-d4rl      observations, actions [, rewards, terminals, timeouts, next_observations]  (our NPZ writer)
//   npz-sb        obs, actions, episode_starts [, rewards, episode_returns]   (Stable-Baselines 2 ExpertDataset)
//   npz-imitation obs (T+1 rows per episode), acts, indices [, terminal, rews, infos]   (imitation's legacy .npz)
// A lone .npy holds a single array, which cannot carry both observations and actions: it is refused with a
// message that says how to save an .npz instead.
import { UserError } from '../../errors';
import { resolveActions, type EnvShape } from '../actions';
import type { Dataset } from '../dataset';
import { markRecordingEnds, nextFromFollowing, startsFromStartFlags } from '../episodes';
import { numberAt, shapeText, toFloat32, type NdArray } from '../numeric';
import { parseNpy } from '../numpy';
import { unzipChecked } from '../zip';
import { applyDroilMeta, asColumn, asRows, droilMetaEnvId, flagsOf, fromFlat } from './flat';

const READ_KEYS = new Set(['observations', 'actions', 'rewards', 'terminals', 'timeouts', 'next_observations', 'obs', 'episode_starts', 'acts', 'indices', 'terminal', 'rews']);
const MAX_ENTRIES = 1000;
const META_ENTRY = 'droil_meta.json';

export function refuseNpy(bytes: Uint8Array, file: string): never {
  const arr = parseNpy(bytes, file, 'the array'); // a malformed .npy gets the precise message first
  throw new UserError(
    `a lone .npy holds one array (here shape ${shapeText(arr.shape)}, dtype '${arr.dtype}'), but a dataset needs observations and actions: ` +
      `save them together, e.g. np.savez('demos.npz', observations=obs, actions=acts, terminals=term, timeouts=trunc)`,
    file,
  );
}

/** The .npy entries of the archive that a layout may use, by key (entry name without '.npy'). */
function unzipArrays(bytes: Uint8Array, file: string, maxBytes: number): { arrays: Map<string, NdArray>; names: string[]; meta?: string } {
  const names: string[] = [];
  const raw = unzipChecked(bytes, file, {
    maxEntries: MAX_ENTRIES,
    maxTotalBytes: maxBytes,
    archive: '.npz (zip)',
    contents: 'the arrays',
    want: (name) => {
      names.push(name);
      return name === META_ENTRY || (name.endsWith('.npy') && READ_KEYS.has(name.replace(/\.npy$/, '')));
    },
  });
  if (names.length === 0) throw new UserError('the archive holds no arrays', file);
  const out = new Map<string, NdArray>();
  let meta: string | undefined;
  for (const [name, data] of Object.entries(raw)) {
    if (name === META_ENTRY) {
      meta = new TextDecoder().decode(data);
      continue;
    }
    const key = name.replace(/\.npy$/, '');
    if (out.has(key)) throw new UserError(`key '${key}' appears twice in the archive`, file);
    out.set(key, parseNpy(data, file, `field '${key}'`));
  }
  return { arrays: out, names, meta };
}

export function readNpz(bytes: Uint8Array, file: string, maxBytes: number, env?: EnvShape): Dataset {
  const { arrays, names, meta } = unzipArrays(bytes, file, maxBytes);
  const has = (k: string) => arrays.has(k);
  const found = () => names.map((n) => n.replace(/\.npy$/, '')).join(', ');
  if (has('acts') && has('actions')) throw new UserError(`both 'acts' (imitation layout) and 'actions' (Stable-Baselines/D4RL layout) are present: keep one`, file);
  if (has('observations') && has('obs')) throw new UserError(`both 'observations' and 'obs' are present: keep one`, file);
  if (has('observations')) {
    if (!has('actions')) throw new UserError(`missing key 'actions' (found: ${found()})`, file);
    const d = fromFlat({
      observations: arrays.get('observations')!, actions: arrays.get('actions')!, rewards: arrays.get('rewards'),
      terminals: arrays.get('terminals'), timeouts: arrays.get('timeouts'), next_observations: arrays.get('next_observations'),
    }, file, 'npz-d4rl', env, droilMetaEnvId(meta));
    return applyDroilMeta(d, meta, env);
  }
  if (has('obs') && has('acts')) return readImitation(arrays, file, env);
  if (has('obs') && has('actions')) return readStableBaselines(arrays, file, env);
  throw new UserError(
    `cannot tell the layout from the keys (found: ${found()}): expected 'observations' and 'actions' (D4RL), ` +
      `'obs', 'actions' and 'episode_starts' (Stable-Baselines), or 'obs', 'acts' and 'indices' (imitation)`,
    file,
  );
}

function readStableBaselines(arrays: Map<string, NdArray>, file: string, env?: EnvShape): Dataset {
  const fail = (msg: string): never => { throw new UserError(msg, file); };
  const obs = arrays.get('obs')!;
  const acts = arrays.get('actions')!;
  const starts = arrays.get('episode_starts');
  if (!starts) fail(`missing key 'episode_starts' (Stable-Baselines layout: obs, actions, episode_starts, rewards)`);
  const { rows: n, dim: obsDim } = asRows(obs, 'obs', file);
  if (n === 0 || obsDim === 0) fail(`field 'obs': expected at least one transition with components, found shape ${shapeText(obs.shape)}`);
  const { rows: na, dim: actDim } = asRows(acts, 'actions', file);
  if (na !== n) fail(`field 'actions': expected ${n} rows like 'obs', found ${na}`);
  if (actDim === 0) fail(`field 'actions': actions have no components, shape ${shapeText(acts.shape)}`);
  asColumn(starts!, 'episode_starts', file, n);
  const rews = arrays.get('rewards');
  if (rews) asColumn(rews, 'rewards', file, n);
  const startFlags = flagsOf(starts!, 'episode_starts', file);
  // Stable-Baselines sets episode_starts[0]: a recording that does not start an episode is not this layout.
  if (!startFlags[0]) fail(`field 'episode_starts', row 0: expected true (the recording starts an episode), found false${startFlags.some((x) => x) ? '' : ' (and no row is true)'}`);
  const episodeStarts = startsFromStartFlags(startFlags, n);
  // Stable-Baselines records `done` without saying why: every episode end is a timeout (docs/data-formats.md).
  const terminals = new Uint8Array(n);
  const timeouts = new Uint8Array(n);
  markRecordingEnds(terminals, timeouts, episodeStarts);
  const observations = toFloat32(obs.data);
  const { next, copied } = nextFromFollowing(observations, obsDim, episodeStarts);
  const act = resolveActions(acts.data, actDim, acts.kind === 'float' ? 'continuous' : 'discrete', { file, field: 'actions', locate: (i) => `row ${i}` }, env);
  return {
    obsDim, actionKind: act.actionKind, actionDim: act.actionDim, numActions: act.numActions,
    observations, actions: act.actions, nextObservations: next, rewards: rews ? toFloat32(rews.data) : undefined,
    terminals, timeouts, episodeStarts,
    meta: { source: file, format: 'npz-sb', ...(copied ? { nextObsCopied: copied } : {}) },
  };
}

function readImitation(arrays: Map<string, NdArray>, file: string, env?: EnvShape): Dataset {
  const fail = (msg: string): never => { throw new UserError(msg, file); };
  const obs = arrays.get('obs')!;
  const acts = arrays.get('acts')!;
  const { rows: no, dim: obsDim } = asRows(obs, 'obs', file);
  const { rows: n, dim: actDim } = asRows(acts, 'acts', file);
  if (n === 0) fail(`field 'acts': expected at least one transition, found shape ${shapeText(acts.shape)}`);
  if (obsDim === 0 || actDim === 0) fail(`fields 'obs'/'acts' have no components: shapes ${shapeText(obs.shape)}, ${shapeText(acts.shape)}`);

  // indices: where trajectories split in `acts` (np.cumsum of the lengths of all but the last).
  const idx = arrays.get('indices');
  const cut: number[] = [];
  if (idx) {
    if (idx.shape.length !== 1) fail(`field 'indices': expected a 1-D array, found shape ${shapeText(idx.shape)}`);
    if (idx.kind === 'float') fail(`field 'indices': expected integers, found dtype '${idx.dtype}'`);
    let prev = 0;
    for (let k = 0; k < idx.data.length; k++) {
      const v = numberAt(idx.data, k);
      if (!(v > prev && v < n)) fail(`field 'indices', entry ${k}: expected split points increasing strictly inside 1..${n - 1}, found ${v}${k ? ` after ${prev}` : ''}`);
      cut.push(v);
      prev = v;
    }
  }
  const E = cut.length + 1;
  if (no !== n + E) {
    fail(idx
      ? `field 'obs': expected ${n + E} rows (${n} actions + one final observation for each of ${E} episodes), found ${no}`
      : `missing key 'indices' (imitation layout), and 'obs' has ${no} rows for ${n} actions, which is not one episode of ${n + 1}`);
  }
  const term = arrays.get('terminal');
  if (term) asColumn(term, 'terminal', file, E, 'episode');
  const rews = arrays.get('rews');
  if (rews) asColumn(rews, 'rews', file, n);
  const termFlags = term ? flagsOf(term, 'terminal', file, (e) => `episode ${e}`) : undefined;

  const allObs = toFloat32(obs.data);
  const observations = new Float32Array(n * obsDim);
  const nextObservations = new Float32Array(n * obsDim);
  const episodeStarts = Int32Array.from([0, ...cut, n]);
  const terminals = new Uint8Array(n);
  const timeouts = new Uint8Array(n);
  for (let e = 0; e < E; e++) {
    const a = episodeStarts[e];
    const b = episodeStarts[e + 1];
    const o = a + e; // this episode's first row in `obs` (each earlier episode has one extra row)
    observations.set(allObs.subarray(o * obsDim, (o + b - a) * obsDim), a * obsDim);
    nextObservations.set(allObs.subarray((o + 1) * obsDim, (o + 1 + b - a) * obsDim), a * obsDim);
    if (termFlags?.[e]) terminals[b - 1] = 1;
    else timeouts[b - 1] = 1;
  }
  const act = resolveActions(acts.data, actDim, acts.kind === 'float' ? 'continuous' : 'discrete', { file, field: 'acts', locate: (i) => `row ${i}` }, env);
  return {
    obsDim, actionKind: act.actionKind, actionDim: act.actionDim, numActions: act.numActions,
    observations, actions: act.actions, nextObservations, rewards: rews ? toFloat32(rews.data) : undefined,
    terminals, timeouts, episodeStarts,
    meta: { source: file, format: 'npz-imitation' },
  };
}
