// Deciding whether a file's actions are discrete indices or continuous vectors, and checking them against
// the selected environment. One rule for every reader (docs/data-formats.md, "Actions"):
// - an environment is selected: its action space decides; float columns holding whole numbers are accepted
//   as indices for a discrete environment;
// - no environment: integer/bool element types (or a CSV `action` column) are discrete, float vectors are
//   continuous, and untyped scalars (JSON) are discrete when every value is a whole number >= 0.
import { UserError } from '../errors';
import type { EnvSpec } from '../envs/types';
import type { ActionKind } from './dataset';
import { shortestFloat32 } from './json-format';
import { numberAt, type NumericArray } from './numeric';

/** What a reader needs to know about the selected environment. */
export type EnvShape = Pick<EnvSpec, 'id' | 'obsNames' | 'actionSpace'>;

/** 'discrete': the file says indices (integer dtype, `action` column); 'continuous': it says vectors; 'auto': it does not say. */
export type ActionHint = 'discrete' | 'continuous' | 'auto';

export interface ResolvedActions {
  actions: Float32Array;
  actionKind: ActionKind;
  actionDim: number;
  numActions?: number;
}

export interface ActionSource {
  /** The file name, for UserError's `where`. */
  file: string;
  /** The field as the file names it ('actions', 'acts', columns 'act_0..act_2'). */
  field: string;
  /** Where row i is, in the file's own terms ('line 17', 'row 4', 'episode 2, step 5'). */
  locate: (row: number) => string;
}

export function describeEnvActions(env: EnvShape): string {
  const s = env.actionSpace;
  return s.kind === 'discrete' ? `${env.id} has discrete actions (${s.n} choices, indices 0..${s.n - 1})` : `${env.id} has continuous actions of dimension ${s.dim}`;
}

/** values: rows x dim, row-major. */
export function resolveActions(values: NumericArray, dim: number, hint: ActionHint, src: ActionSource, env?: EnvShape): ResolvedActions {
  const n = dim > 0 ? values.length / dim : 0;
  const fail = (msg: string): never => { throw new UserError(`field '${src.field}': ${msg}`, src.file); };
  let kind: ActionKind;
  if (env) {
    const space = env.actionSpace;
    if (space.kind === 'discrete') {
      if (dim !== 1) fail(`${describeEnvActions(env)}, so one index per step is expected, but the file has ${dim} action components per step`);
      kind = 'discrete';
    } else {
      if (hint === 'discrete') fail(`${describeEnvActions(env)}, but the file holds integer action indices`);
      if (dim !== space.dim) fail(`${describeEnvActions(env)}, but the file has ${dim} action components per step`);
      kind = 'continuous';
    }
  } else if (hint === 'auto') {
    kind = dim === 1 && n > 0 && allIndices(values) ? 'discrete' : 'continuous';
  } else {
    kind = hint;
  }

  const actions = new Float32Array(values.length);
  if (kind === 'continuous') {
    for (let i = 0; i < values.length; i++) actions[i] = numberAt(values, i);
    return { actions, actionKind: 'continuous', actionDim: dim };
  }
  if (dim !== 1) fail(`discrete actions need one index per step, but the file has ${dim} components per step`);
  const limit = env && env.actionSpace.kind === 'discrete' ? env.actionSpace.n : Infinity;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = numberAt(values, i);
    if (!Number.isInteger(v) || v < 0) {
      const why = env ? describeEnvActions(env) : 'the actions are discrete indices';
      fail(`${src.locate(i)}: expected a whole number >= 0 (${why}), found ${Math.fround(v) === v ? shortestFloat32(v) : v}`);
    }
    if (v >= limit) fail(`${src.locate(i)}: ${describeEnvActions(env!)}, found action ${v}`);
    if (v > max) max = v;
    actions[i] = v;
  }
  return { actions, actionKind: 'discrete', actionDim: 1, numActions: Number.isFinite(limit) ? limit : max + 1 };
}

function allIndices(values: NumericArray): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = numberAt(values, i);
    if (!Number.isInteger(v) || v < 0) return false;
  }
  return true;
}

/** A file that records its environment must match the selected one; said before any shape complaint. */
export function checkRecordedEnv(recorded: string | undefined, env: EnvShape | undefined, file: string): void {
  if (env && recorded && recorded !== env.id) throw new UserError(`the file was recorded for ${recorded}, but ${env.id} is selected`, file);
}

/** More discrete actions than this is not a demonstration file (the policy has one output per action). */
export const MAX_DISCRETE_ACTIONS = 10_000;

/** A count of discrete actions the file declares (droil-demos `numActions`) must fit the selected environment. */
export function checkDeclaredActionCount(k: number, env: EnvShape | undefined, file: string, field = 'numActions'): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_DISCRETE_ACTIONS) throw new UserError(`field '${field}': expected a whole number in 1..${MAX_DISCRETE_ACTIONS}, found ${k}`, file);
  if (env && env.actionSpace.kind === 'discrete' && k !== env.actionSpace.n) throw new UserError(`field '${field}' says ${k} actions, but ${describeEnvActions(env)}`, file);
}
