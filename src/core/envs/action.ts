// Checking and packing actions into the flat Float64Array layout the dynamics read.
import { UserError } from '../errors';
import type { Action, EnvSpec } from './types';

/**
 * Write one action at a[ao], checking it against the action space: a discrete action must be an integer
 * index in [0, n); a continuous one needs `dim` finite numbers. Continuous values outside [low, high] are
 * accepted (the environment clips them, as Gymnasium does) unless `strictBounds` is set.
 */
export function packAction(spec: EnvSpec, action: Action, a: Float64Array, ao: number, where = 'action', strictBounds = false): void {
  const space = spec.actionSpace;
  if (space.kind === 'discrete') {
    const v = typeof action === 'number' ? action : action.length === 1 ? action[0] : NaN;
    if (!Number.isInteger(v) || v < 0 || v >= space.n) {
      throw new UserError(`${spec.id} expects an integer action in 0..${space.n - 1}, got ${fmt(action)}`, where);
    }
    a[ao] = v;
    return;
  }
  const vals: ArrayLike<number> = typeof action === 'number' ? [action] : action;
  if (vals.length !== space.dim) {
    throw new UserError(`${spec.id} expects an action of ${space.dim} number(s), got ${fmt(action)}`, where);
  }
  for (let i = 0; i < space.dim; i++) {
    if (typeof vals[i] !== 'number' || !Number.isFinite(vals[i])) {
      throw new UserError(`${spec.id} expects finite numbers in its action, got ${fmt(action)}`, where);
    }
    if (strictBounds && (vals[i] < space.low[i] || vals[i] > space.high[i])) {
      throw new UserError(`${spec.id} expects action values in [${space.low[i]}, ${space.high[i]}], got ${fmt(action)}`, where);
    }
    a[ao + i] = vals[i];
  }
}

/** Is a discrete index valid? (The vectorised stepper checks this cheaply per step.) */
export function isValidDiscrete(v: number, n: number): boolean {
  return v >= 0 && v < n && Math.floor(v) === v;
}

function fmt(action: Action): string {
  return typeof action === 'number' ? String(action) : JSON.stringify(Array.from(action));
}
