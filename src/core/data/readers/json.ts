// JSON demonstrations: the project's own schema (what `droil demos` writes, see ../json-format.ts) and the
// plain form {episodes: [{observations: [[...]], actions: [...]}]}. Both are lists of episodes; the project
// schema adds a header (format, version, envId, generator, dimensions) that must agree with the contents.
import { UserError } from '../../errors';
import { checkDeclaredActionCount, checkRecordedEnv, resolveActions, type ActionHint, type EnvShape } from '../actions';
import type { Dataset, GeneratorInfo } from '../dataset';
import { allocateTransitions, markRecordingEnds } from '../episodes';
import { decodeUtf8 } from '../text';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const EPISODE_KEYS = new Set(['observations', 'actions', 'nextObservations', 'next_observations', 'rewards', 'terminal', 'timeout', 'terminals', 'timeouts']);

function typeName(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '...' : v)}`;
  return String(v);
}

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readJson(bytes: Uint8Array, file: string, env?: EnvShape): Dataset {
  const fail = (msg: string): never => { throw new UserError(msg, file); };
  const text = decodeUtf8(bytes, file);
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    return fail(`not valid JSON: ${jsonSyntaxReason((e as Error).message, text)}`);
  }
  if (!isObj(root)) return fail(`expected a JSON object with a key 'episodes', found ${typeName(root)}`);

  let format = 'json';
  let hint: ActionHint | undefined;
  let declared: { obsDim?: number; actionDim?: number; numActions?: number } = {};
  if (root.format !== undefined) {
    if (root.format !== 'droil-demos') fail(`field 'format': expected 'droil-demos', found ${typeName(root.format)}`);
    if (root.version !== 1) fail(`field 'version': this reader knows version 1 of 'droil-demos', found ${typeName(root.version)}`);
    format = 'droil-json';
    if (root.actionKind !== 'discrete' && root.actionKind !== 'continuous') fail(`field 'actionKind': expected 'discrete' or 'continuous', found ${typeName(root.actionKind)}`);
    hint = root.actionKind as ActionHint;
    for (const k of ['obsDim', 'actionDim', 'numActions'] as const) {
      const v = root[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(`field '${k}': expected a whole number >= 1, found ${typeName(v)}`);
      declared[k] = v as number;
    }
  }
  const envId = root.envId;
  if (envId !== undefined && envId !== null && typeof envId !== 'string') fail(`field 'envId': expected text, found ${typeName(envId)}`);
  checkRecordedEnv(typeof envId === 'string' ? envId : undefined, env, file);

  const episodes = root.episodes;
  if (episodes === undefined) fail(`missing key 'episodes' (found keys: ${Object.keys(root).join(', ') || 'none'})`);
  if (!Array.isArray(episodes)) return fail(`field 'episodes': expected a list of episodes, found ${typeName(episodes)}`);
  if (episodes.length === 0) fail(`field 'episodes': expected at least one episode, found an empty list`);

  // First pass: shapes and counts.
  let obsDim = declared.obsDim ?? -1;
  let actDim = -1;
  let scalarActions: boolean | undefined;
  let total = 0;
  let withRewards: boolean | undefined;
  const lengths: number[] = [];
  const eps = episodes as Json[];
  for (let e = 0; e < eps.length; e++) {
    const ep = eps[e];
    const at = `episodes[${e}]`;
    if (!isObj(ep)) fail(`${at}: expected an object with 'observations' and 'actions', found ${typeName(ep)}`);
    const epo = ep as Obj;
    for (const k of Object.keys(epo)) if (!EPISODE_KEYS.has(k)) fail(`${at}: unknown key '${k}' (expected ${[...EPISODE_KEYS].slice(0, 7).join(', ')})`);
    const obs = epo.observations;
    const acts = epo.actions;
    if (obs === undefined) fail(`${at}: missing key 'observations'`);
    if (acts === undefined) fail(`${at}: missing key 'actions'`);
    if (!Array.isArray(obs)) fail(`${at}.observations: expected a list of observation rows, found ${typeName(obs)}`);
    if (!Array.isArray(acts)) fail(`${at}.actions: expected a list of actions, found ${typeName(acts)}`);
    const T = (acts as Json[]).length;
    const O = (obs as Json[]).length;
    if (T === 0) fail(`${at}.actions: expected at least one action, found an empty list`);
    if (O !== T && O !== T + 1) fail(`${at}: expected ${T} observations (one per action) or ${T + 1} (with the final one), found ${O}`);
    for (let t = 0; t < O; t++) {
      const row = (obs as Json[])[t];
      if (!Array.isArray(row)) fail(`${at}.observations[${t}]: expected a list of numbers, found ${typeName(row)}`);
      if (obsDim < 0) obsDim = (row as Json[]).length;
      if ((row as Json[]).length !== obsDim) fail(`${at}.observations[${t}]: expected ${obsDim} numbers${declared.obsDim ? " ('obsDim')" : ' (like the first row)'}, found ${(row as Json[]).length}`);
    }
    for (let t = 0; t < T; t++) {
      const a = (acts as Json[])[t];
      const scalar = !Array.isArray(a);
      if (scalarActions === undefined) scalarActions = scalar;
      if (scalar !== scalarActions) fail(`${at}.actions[${t}]: expected ${scalarActions ? 'a number' : 'a list of numbers'} like the first action, found ${typeName(a)}`);
      const dim = scalar ? 1 : (a as Json[]).length;
      if (actDim < 0) actDim = dim;
      if (dim !== actDim) fail(`${at}.actions[${t}]: expected ${actDim} numbers (like the first action), found ${dim}`);
    }
    const next = epo.nextObservations ?? epo.next_observations;
    if (next !== undefined) {
      if (!Array.isArray(next) || next.length !== T) fail(`${at}.nextObservations: expected a list of ${T} rows (one per action), found ${typeName(next)}`);
      for (let t = 0; t < T; t++) {
        const row = (next as Json[])[t];
        if (!Array.isArray(row) || row.length !== obsDim) fail(`${at}.nextObservations[${t}]: expected ${obsDim} numbers, found ${typeName(row)}`);
      }
    }
    const hasRew = epo.rewards !== undefined;
    if (withRewards === undefined) withRewards = hasRew;
    if (hasRew !== withRewards) fail(`${at}: ${hasRew ? 'has' : 'has no'} 'rewards' but episodes[0] ${withRewards ? 'has' : 'has none'} (all episodes or none)`);
    if (hasRew && (!Array.isArray(epo.rewards) || (epo.rewards as Json[]).length !== T)) fail(`${at}.rewards: expected a list of ${T} numbers (one per action), found ${typeName(epo.rewards)}`);
    lengths.push(T);
    total += T;
  }
  if (obsDim < 1) fail('observations have no components (empty rows)');
  if (actDim < 1) fail('actions have no components (empty lists)');
  if (declared.actionDim !== undefined && declared.actionDim !== actDim) fail(`field 'actionDim' says ${declared.actionDim}, but the actions have ${actDim} components`);

  // Second pass: numbers into flat arrays.
  const { observations, nextObservations, rawActions, rewards, terminals, timeouts, episodeStarts } =
    allocateTransitions(total, obsDim, actDim, eps.length, withRewards);
  let copied = 0;
  let i0 = 0;
  const num = (v: Json | undefined, at: string): number => {
    if (typeof v !== 'number') fail(`${at}: expected a number, found ${typeName(v)}`);
    return v as number;
  };
  for (let e = 0; e < eps.length; e++) {
    const ep = eps[e] as Obj;
    const at = `episodes[${e}]`;
    const T = lengths[e];
    const obs = ep.observations as Json[][];
    const next = (ep.nextObservations ?? ep.next_observations) as Json[][] | undefined;
    const acts = ep.actions as Json[];
    episodeStarts[e] = i0;
    for (let t = 0; t < T; t++) {
      const i = i0 + t;
      for (let j = 0; j < obsDim; j++) observations[i * obsDim + j] = num(obs[t][j], `${at}.observations[${t}][${j}]`);
      const nrow = next ? next[t] : t + 1 < obs.length ? obs[t + 1] : obs[t];
      const nat = next ? `${at}.nextObservations[${t}]` : `${at}.observations[${t + 1 < obs.length ? t + 1 : t}]`;
      for (let j = 0; j < obsDim; j++) nextObservations[i * obsDim + j] = num(nrow[j], `${nat}[${j}]`);
      const a = acts[t];
      if (scalarActions) rawActions[i] = num(a, `${at}.actions[${t}]`);
      else for (let j = 0; j < actDim; j++) rawActions[i * actDim + j] = num((a as Json[])[j], `${at}.actions[${t}][${j}]`);
      if (rewards) rewards[i] = num((ep.rewards as Json[])[t], `${at}.rewards[${t}]`);
    }
    if (!next && obs.length === T) copied++;
    for (const [key, out] of [['terminal', terminals], ['timeout', timeouts]] as const) {
      const v = ep[key] ?? ep[`${key}s`];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) {
        if (v.length !== T) fail(`${at}.${key}s: expected a list of ${T} flags (one per action), found ${typeName(v)}`);
        for (let t = 0; t < T; t++) out[i0 + t] = flag(v[t], `${at}.${key}s[${t}]`, fail);
      } else {
        out[i0 + T - 1] = flag(v, `${at}.${key}`, fail);
      }
    }
    i0 += T;
  }
  episodeStarts[eps.length] = total;
  markRecordingEnds(terminals, timeouts, episodeStarts);

  const located = (i: number) => {
    let e = 0;
    while (episodeStarts[e + 1] <= i) e++;
    return `episodes[${e}].actions[${i - episodeStarts[e]}]`;
  };
  const act = resolveActions(rawActions, actDim, hint ?? (scalarActions ? 'auto' : 'continuous'), { file, field: 'actions', locate: located }, env);
  if (declared.numActions !== undefined && act.actionKind === 'discrete') {
    checkDeclaredActionCount(declared.numActions, env, file);
    if (act.numActions! > declared.numActions) fail(`field 'numActions' says ${declared.numActions}, but an action index ${act.numActions! - 1} occurs`);
    if (!env) act.numActions = declared.numActions;
  }

  return {
    obsDim,
    ...act,
    observations,
    nextObservations,
    rewards,
    terminals,
    timeouts,
    episodeStarts,
    meta: {
      source: file,
      format,
      ...(typeof envId === 'string' ? { envId } : {}),
      ...(isObj(root.generator) ? { generator: root.generator as unknown as GeneratorInfo } : {}),
      ...(copied ? { nextObsCopied: copied } : {}),
    },
  };
}

function flag(v: Json, at: string, fail: (m: string) => never): number {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  return fail(`${at}: expected true/false (or 1/0), found ${typeName(v)}`);
}

/** V8's JSON.parse message without the quoted source snippet (it can span lines), with the line and column. */
function jsonSyntaxReason(message: string, text: string): string {
  const reason = message.replace(/,\s*"[\s\S]*" is not valid JSON$/, '').replace(/\s+/g, ' ').trim();
  const pos = /at position (\d+)/.exec(message);
  if (!pos || /line \d+/.test(reason)) return reason;
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  return `${reason} (line ${line}, column ${Number(pos[1]) - before.lastIndexOf('\n')})`;
}
