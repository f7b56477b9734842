// The last gate before a dataset replaces the loaded one: every reader's output passes through here, and
// so does anything built in memory. Each failure is a UserError naming the file, the field, the episode and
// step, and what was expected versus found.
import { UserError } from '../errors';
import { describeEnvActions, MAX_DISCRETE_ACTIONS, type EnvShape } from './actions';
import type { Dataset } from './dataset';
import { locateTransition } from './episodes';
import { shortestFloat32 } from './json-format';

export interface ValidateOptions {
  /** Name used in messages; defaults to meta.source. */
  file?: string;
  envSpec?: EnvShape;
}

export function validateDataset(d: Dataset, opts: ValidateOptions = {}): Dataset {
  const file = opts.file ?? d.meta?.source ?? 'dataset';
  const fail = (msg: string): never => { throw new UserError(msg, file); };

  if (!Number.isInteger(d.obsDim) || d.obsDim < 1) fail(`observation dimension must be a whole number >= 1, found ${d.obsDim}`);
  if (!Number.isInteger(d.actionDim) || d.actionDim < 1) fail(`action dimension must be a whole number >= 1, found ${d.actionDim}`);
  if (d.actionKind !== 'discrete' && d.actionKind !== 'continuous') fail(`action kind must be 'discrete' or 'continuous', found '${String(d.actionKind)}'`);
  const n = d.terminals.length;
  if (n < 1) fail('expected at least one transition (a step with an observation and an action), found none');

  const sized: [string, { length: number } | undefined, number][] = [
    ['observations', d.observations, n * d.obsDim],
    ['nextObservations', d.nextObservations, n * d.obsDim],
    ['actions', d.actions, n * d.actionDim],
    ['timeouts', d.timeouts, n],
    ['rewards', d.rewards, n],
  ];
  for (const [field, arr, want] of sized) {
    if (arr === undefined) {
      if (field !== 'rewards') fail(`field '${field}' is missing`);
      continue;
    }
    if (arr.length !== want) fail(`field '${field}': expected ${want} values for ${n} transitions, found ${arr.length}`);
  }

  const starts = d.episodeStarts;
  if (starts.length < 2 || starts[0] !== 0 || starts[starts.length - 1] !== n) {
    fail(`episode offsets must start at 0 and end at ${n} (the number of transitions), found [${Array.from(starts.slice(0, 3)).join(', ')}${starts.length > 3 ? ', ...' : ''}]`);
  }
  for (let e = 0; e + 1 < starts.length; e++) {
    if (starts[e + 1] <= starts[e]) fail(`episode ${e} has no transitions (every episode needs at least one step)`);
  }

  const where = (i: number) => locateTransition(starts, i);
  checkFinite(d.observations, d.obsDim, 'observations', where, fail);
  checkFinite(d.nextObservations, d.obsDim, 'nextObservations', where, fail);
  checkFinite(d.actions, d.actionDim, 'actions', where, fail);
  if (d.rewards) checkFinite(d.rewards, 1, 'rewards', where, fail);

  // An episode ends exactly at its last step, with a reason (terminal or timeout).
  for (let e = 0; e + 1 < starts.length; e++) {
    const last = starts[e + 1] - 1;
    for (let i = starts[e]; i <= last; i++) {
      const t = d.terminals[i];
      const o = d.timeouts[i];
      if ((t !== 0 && t !== 1) || (o !== 0 && o !== 1)) fail(`fields 'terminals'/'timeouts', ${where(i)}: expected 0 or 1, found ${t}/${o}`);
      if (i < last && (t || o)) fail(`${where(i)}: the episode is flagged ${t ? 'terminal' : 'timeout'} here but continues for ${last - i} more steps`);
    }
    if (!d.terminals[last] && !d.timeouts[last]) fail(`${where(last)}: the last step of episode ${e} has neither a terminal nor a timeout flag`);
  }

  if (d.actionKind === 'discrete') {
    if (d.actionDim !== 1) fail(`discrete actions are one index per step, found action dimension ${d.actionDim}`);
    const k = d.numActions;
    if (k === undefined || !Number.isInteger(k) || k < 1 || k > MAX_DISCRETE_ACTIONS) fail(`discrete actions need the number of actions (1..${MAX_DISCRETE_ACTIONS}), found ${k}`);
    for (let i = 0; i < n; i++) {
      const a = d.actions[i];
      if (!Number.isInteger(a) || a < 0 || a >= k!) fail(`field 'actions', ${where(i)}: expected an index in 0..${k! - 1}, found ${shortestFloat32(a)}`);
    }
  }

  const env = opts.envSpec;
  if (env) {
    const want = env.obsNames.length;
    if (d.obsDim !== want) fail(`field 'observations': ${env.id} observations have ${want} components (${env.obsNames.join(', ')}), the file has ${d.obsDim}`);
    const space = env.actionSpace;
    if (space.kind !== d.actionKind) fail(`field 'actions': ${describeEnvActions(env)}, the file has ${d.actionKind} actions${d.actionKind === 'continuous' ? ` of dimension ${d.actionDim}` : ''}`);
    if (space.kind === 'continuous' && space.dim !== d.actionDim) fail(`field 'actions': ${describeEnvActions(env)}, the file has dimension ${d.actionDim}`);
    if (space.kind === 'discrete') {
      if (d.numActions !== space.n) fail(`the file declares ${d.numActions} discrete actions, but ${describeEnvActions(env)}`);
      for (let i = 0; i < n; i++) if (d.actions[i] >= space.n) fail(`field 'actions', ${where(i)}: ${describeEnvActions(env)}, found action ${d.actions[i]}`);
    }
    if (d.meta?.envId && d.meta.envId !== env.id) fail(`the file was recorded for ${d.meta.envId}, but ${env.id} is selected`);
  }
  return d;
}

function checkFinite(a: Float32Array, dim: number, field: string, where: (i: number) => string, fail: (m: string) => never): void {
  for (let j = 0; j < a.length; j++) {
    const v = a[j];
    // v - v is 0 for finite numbers and NaN for NaN and +-Infinity: one comparison per element.
    if (v - v !== 0) fail(`field '${field}', ${where(Math.floor(j / dim))}${dim > 1 ? `, component ${j % dim}` : ''}: expected a finite number, found ${v}`);
  }
}
