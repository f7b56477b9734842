// HDF5 demonstrations, told apart by their layout (docs/data-formats.md, "HDF5"):
//   D4RL    root datasets observations [N, n], actions [N, m], rewards [N], terminals [N], timeouts [N]
//           (optional next_observations [N, n]); episodes end at terminals | timeouts.
//   Minari  groups episode_<i> with observations [T+1, n], actions [T, m], rewards [T], terminations [T],
//           truncations [T]; the environment id comes from the root attribute env_spec when present.
import { UserError } from '../../errors';
import { checkRecordedEnv, resolveActions, type EnvShape } from '../actions';
import type { Dataset } from '../dataset';
import { allocateTransitions } from '../episodes';
import { readNumeric, rootStringAttr, withHdf5, type H5, type H5File } from '../hdf5';
import { shapeText, toFloat32, type NdArray } from '../numeric';
import { applyDroilMeta, asColumn, asRows, flagsOf, fromFlat } from './flat';

export async function readHdf5(bytes: Uint8Array, file: string, maxBytes: number, env?: EnvShape): Promise<Dataset> {
  return withHdf5(bytes, file, (f, h5) => {
    const keys = f.keys();
    const budget = { left: maxBytes };
    if (keys.includes('observations') || keys.includes('actions')) return readD4rl(f, h5, file, budget, env);
    const episodes = keys.filter((k) => /^episode_\d+$/.test(k));
    if (episodes.length > 0) return readMinari(f, h5, file, budget, episodes, env);
    throw new UserError(
      `cannot tell the layout from the keys (found: ${keys.join(', ') || 'none'}): expected root datasets 'observations' and 'actions' (D4RL) or groups 'episode_0', 'episode_1', ... (Minari)`,
      file,
    );
  });
}

function readD4rl(f: H5File, h5: H5, file: string, budget: { left: number }, env?: EnvShape): Dataset {
  const envId = rootStringAttr(f, 'env_id', file);
  checkRecordedEnv(envId, env, file);
  const get = (name: string, optional = false) => readNumeric(f, name, name, h5, file, budget, optional);
  const cols = {
    observations: get('observations')!,
    actions: get('actions')!,
    rewards: get('rewards', true),
    terminals: get('terminals', true),
    timeouts: get('timeouts', true),
    next_observations: get('next_observations', true),
  };
  if (!cols.terminals && !cols.timeouts) throw new UserError(`missing dataset 'terminals' (D4RL layout: observations, actions, rewards, terminals, timeouts)`, file);
  const d = fromFlat(cols, file, 'd4rl-hdf5', env, envId);
  return applyDroilMeta(d, rootStringAttr(f, 'droil_meta'), env);
}

/** Minari records the environment as the root attribute env_spec, a JSON object whose `id` is the environment id. */
function envIdFromSpec(f: H5File, file: string): string | undefined {
  const spec = rootStringAttr(f, 'env_spec', file);
  if (spec === undefined) return rootStringAttr(f, 'env_id', file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(spec);
  } catch {
    throw new UserError(`attribute 'env_spec': expected a JSON object (Minari's environment spec), found '${spec.slice(0, 40)}'`, file);
  }
  const id = (parsed as { id?: unknown } | null)?.id;
  if (typeof parsed !== 'object' || parsed === null || typeof id !== 'string') throw new UserError(`attribute 'env_spec': expected a JSON object with a text 'id' (the environment id)`, file);
  return id;
}

function readMinari(f: H5File, h5: H5, file: string, budget: { left: number }, names: string[], env?: EnvShape): Dataset {
  const fail = (msg: string): never => { throw new UserError(msg, file); };
  const envId = envIdFromSpec(f, file);
  checkRecordedEnv(envId, env, file);
  names.sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
  interface Ep { obs: NdArray; acts: NdArray; rews?: NdArray; term?: Uint8Array; trunc?: Uint8Array; T: number }
  const eps: Ep[] = [];
  let obsDim = -1;
  let actDim = -1;
  let actKind: NdArray['kind'] | undefined;
  let withRewards: boolean | undefined;
  let total = 0;
  for (const name of names) {
    const g = f.get(name);
    if (!(g instanceof h5.Group)) fail(`'${name}' should be a group of datasets, found a dataset`);
    const group = g as InstanceType<H5['Group']>;
    const get = (key: string, optional = false) => readNumeric(group, key, `${name}/${key}`, h5, file, budget, optional);
    const obs = get('observations')!;
    const acts = get('actions')!;
    const o = asRows(obs, `${name}/observations`, file);
    const a = asRows(acts, `${name}/actions`, file);
    const T = a.rows;
    if (T === 0) fail(`field '${name}/actions': expected at least one step, found shape ${shapeText(acts.shape)}`);
    if (o.rows !== T + 1) fail(`field '${name}/observations': expected ${T + 1} rows (${T} actions + the final observation), found ${o.rows}`);
    if (obsDim < 0) obsDim = o.dim;
    if (o.dim !== obsDim) fail(`field '${name}/observations': expected ${obsDim} components like ${names[0]}, found ${o.dim}`);
    if (actDim < 0) { actDim = a.dim; actKind = acts.kind; }
    if (a.dim !== actDim) fail(`field '${name}/actions': expected ${actDim} components like ${names[0]}, found ${a.dim}`);
    if ((acts.kind === 'float') !== (actKind === 'float')) fail(`field '${name}/actions': dtype '${acts.dtype}' differs from ${names[0]}'s`);
    const rews = get('rewards', true);
    if (withRewards === undefined) withRewards = !!rews;
    if (!!rews !== withRewards) fail(`'${name}' ${rews ? 'has' : 'has no'} 'rewards' but ${names[0]} ${withRewards ? 'has' : 'has none'} (all episodes or none)`);
    if (rews) asColumn(rews, `${name}/rewards`, file, T, 'step');
    const flags = (key: string) => {
      const arr = get(key, true);
      if (!arr) return undefined;
      asColumn(arr, `${name}/${key}`, file, T, 'step');
      const fl = flagsOf(arr, `${name}/${key}`, file, (i) => `step ${i}`);
      for (let t = 0; t + 1 < T; t++) if (fl[t]) fail(`field '${name}/${key}', step ${t}: the episode ends here but has ${T - 1 - t} more steps`);
      return fl;
    };
    eps.push({ obs, acts, rews, term: flags('terminations'), trunc: flags('truncations'), T });
    total += T;
  }

  const { observations, nextObservations, rawActions, rewards, terminals, timeouts, episodeStarts } =
    allocateTransitions(total, obsDim, actDim, eps.length, withRewards);
  let i0 = 0;
  eps.forEach((ep, e) => {
    episodeStarts[e] = i0;
    const o = toFloat32(ep.obs.data);
    observations.set(o.subarray(0, ep.T * obsDim), i0 * obsDim);
    nextObservations.set(o.subarray(obsDim, (ep.T + 1) * obsDim), i0 * obsDim);
    for (let j = 0; j < ep.T * actDim; j++) rawActions[i0 * actDim + j] = Number(ep.acts.data[j]);
    if (rewards && ep.rews) rewards.set(toFloat32(ep.rews.data), i0);
    const last = i0 + ep.T - 1;
    terminals[last] = ep.term?.[ep.T - 1] ?? 0;
    timeouts[last] = ep.trunc?.[ep.T - 1] ?? 0;
    if (!terminals[last] && !timeouts[last]) timeouts[last] = 1; // cut by the end of the recording
    i0 += ep.T;
  });
  episodeStarts[eps.length] = total;
  const locate = (i: number) => {
    let e = 0;
    while (episodeStarts[e + 1] <= i) e++;
    return `${names[e]}, step ${i - episodeStarts[e]}`;
  };
  const act = resolveActions(rawActions, actDim, actKind === 'float' ? 'continuous' : 'discrete', { file, field: 'actions', locate }, env);
  return {
    obsDim, ...act, observations, nextObservations, rewards, terminals, timeouts, episodeStarts,
    meta: { source: file, format: 'minari-hdf5', ...(envId ? { envId } : {}) },
  };
}
