// Flat, D4RL-style columns (one row per transition, episodes split at terminals | timeouts), shared by the
// D4RL HDF5 reader and the .npz reader (the layout our own NPZ writer uses). Also the small shape checks
// every array-based reader needs.
import { UserError } from '../../errors';
import { checkDeclaredActionCount, checkRecordedEnv, resolveActions, type EnvShape } from '../actions';
import type { Dataset } from '../dataset';
import { markRecordingEnds, nextFromFollowing, startsFromEnds } from '../episodes';
import { firstNonFlag, shapeText, toFlags, toFloat32, type NdArray } from '../numeric';

/** A 1-D or 2-D array as rows x dim (a 1-D array is dim 1). */
export function asRows(a: NdArray, key: string, file: string): { rows: number; dim: number } {
  if (a.shape.length === 1) return { rows: a.shape[0], dim: 1 };
  if (a.shape.length === 2) return { rows: a.shape[0], dim: a.shape[1] };
  throw new UserError(`field '${key}': expected a 1-D or 2-D array (rows x components), found shape ${shapeText(a.shape)}`, file);
}

/** A column of `n` values: shape (n,) or (n, 1). */
export function asColumn(a: NdArray, key: string, file: string, n: number, what = 'transition'): void {
  const ok = (a.shape.length === 1 && a.shape[0] === n) || (a.shape.length === 2 && a.shape[0] === n && a.shape[1] === 1);
  if (!ok) throw new UserError(`field '${key}': expected shape (${n},), one value per ${what}, found ${shapeText(a.shape)}`, file);
}

export function flagsOf(a: NdArray, key: string, file: string, locate: (i: number) => string = (i) => `row ${i}`): Uint8Array {
  const bad = firstNonFlag(a.data);
  if (bad >= 0) throw new UserError(`field '${key}', ${locate(bad)}: expected 0/1 (or a bool array), found ${Number(a.data[bad])}`, file);
  return toFlags(a.data);
}

export interface FlatColumns {
  observations: NdArray;
  actions: NdArray;
  rewards?: NdArray;
  terminals?: NdArray;
  timeouts?: NdArray;
  next_observations?: NdArray;
}

export function fromFlat(cols: FlatColumns, file: string, format: string, env?: EnvShape, envId?: string): Dataset {
  const fail = (msg: string): never => { throw new UserError(msg, file); };
  checkRecordedEnv(envId, env, file);
  const { rows: n, dim: obsDim } = asRows(cols.observations, 'observations', file);
  if (n === 0) fail(`field 'observations': expected at least one transition, found shape ${shapeText(cols.observations.shape)}`);
  if (obsDim === 0) fail(`field 'observations': observations have no components, shape ${shapeText(cols.observations.shape)}`);
  const { rows: na, dim: actDim } = asRows(cols.actions, 'actions', file);
  if (na !== n) fail(`field 'actions': expected ${n} rows like 'observations', found ${na}`);
  if (actDim === 0) fail(`field 'actions': actions have no components, shape ${shapeText(cols.actions.shape)}`);
  if (cols.rewards) asColumn(cols.rewards, 'rewards', file, n);
  if (cols.terminals) asColumn(cols.terminals, 'terminals', file, n);
  if (cols.timeouts) asColumn(cols.timeouts, 'timeouts', file, n);
  if (cols.next_observations) {
    const s = cols.next_observations.shape;
    const want = cols.observations.shape;
    if (s.length !== want.length || s.some((x, i) => x !== want[i])) fail(`field 'next_observations': expected shape ${shapeText(want)} like 'observations', found ${shapeText(s)}`);
  }

  const terminals = cols.terminals ? flagsOf(cols.terminals, 'terminals', file) : new Uint8Array(n);
  const timeouts = cols.timeouts ? flagsOf(cols.timeouts, 'timeouts', file) : new Uint8Array(n);
  const ends = new Uint8Array(n);
  for (let i = 0; i < n; i++) ends[i] = terminals[i] | timeouts[i];
  const episodeStarts = startsFromEnds(ends, n);
  markRecordingEnds(terminals, timeouts, episodeStarts);

  const observations = toFloat32(cols.observations.data);
  const { next, copied } = cols.next_observations
    ? { next: toFloat32(cols.next_observations.data), copied: 0 }
    : nextFromFollowing(observations, obsDim, episodeStarts);
  const hint = cols.actions.kind === 'float' ? 'continuous' : 'discrete';
  const act = resolveActions(cols.actions.data, actDim, hint, { file, field: 'actions', locate: (i) => `row ${i}` }, env);
  return {
    obsDim,
    ...act,
    observations,
    nextObservations: next,
    rewards: cols.rewards ? toFloat32(cols.rewards.data) : undefined,
    terminals,
    timeouts,
    episodeStarts,
    meta: { source: file, format, ...(envId ? { envId } : {}), ...(copied ? { nextObsCopied: copied } : {}) },
  };
}

/**
 * Our writers add a small JSON record (npz: droil_meta.json, HDF5: attribute droil_meta) with what the
 * arrays cannot say: the environment id, the generator, the number of discrete actions. Unreadable or
 * inconsistent records are ignored: the arrays are the data.
 */
export function applyDroilMeta(d: Dataset, text: string | undefined, env?: EnvShape): Dataset {
  if (!text) return d;
  let meta: { envId?: unknown; generator?: unknown; numActions?: unknown };
  try {
    meta = JSON.parse(text) as typeof meta;
  } catch {
    return d;
  }
  if (typeof meta !== 'object' || meta === null) return d;
  if (typeof meta.envId === 'string') checkRecordedEnv(meta.envId, env, d.meta.source);
  if (typeof meta.envId === 'string' && !d.meta.envId) d.meta.envId = meta.envId;
  if (typeof meta.generator === 'object' && meta.generator !== null) d.meta.generator = meta.generator as Dataset['meta']['generator'];
  const k = meta.numActions;
  if (d.actionKind === 'discrete' && typeof k === 'number') {
    checkDeclaredActionCount(k, env, d.meta.source, 'droil_meta.numActions');
    if (!env && k >= (d.numActions ?? 0)) d.numActions = k;
  }
  return d;
}

/** The envId recorded in our writers' JSON record, if readable. */
export function droilMetaEnvId(text: string | undefined): string | undefined {
  try {
    const id = text ? (JSON.parse(text) as { envId?: unknown }).envId : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
