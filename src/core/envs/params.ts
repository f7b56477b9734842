// Physical parameters: resolution against a spec's defaults with user-facing errors, and the flat layout the
// dynamics read. (Which environments exist: core/environments/registry.ts.)
import { UserError } from '../errors';
import type { EnvSpec, Params } from './types';

/** Number of action values per environment in a flat action array (discrete: 1, the index). */
export function actionDimOf(spec: EnvSpec): number {
  return spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim;
}

/**
 * Complete a partial parameter record with the defaults. Unknown names and values that are not finite and
 * positive are UserErrors (`where` names the flag, file or field the values came from).
 */
export function resolveParams(spec: EnvSpec, partial: Params = {}, where = 'params'): Params {
  const known = new Set(spec.params.map((p) => p.name));
  for (const [name, value] of Object.entries(partial)) {
    if (!known.has(name)) {
      throw new UserError(`unknown parameter '${name}' for ${spec.id} (valid: ${[...known].join(', ')})`, where);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new UserError(`parameter '${name}' must be a finite positive number, got ${String(value)}`, where);
    }
  }
  const out: Params = {};
  for (const p of spec.params) out[p.name] = partial[p.name] ?? p.default;
  return out;
}

/** Parameter values as a Float64Array in spec.params order (the layout the dynamics functions read). */
export function paramVector(spec: EnvSpec, partial: Params = {}, where = 'params'): Float64Array {
  const full = resolveParams(spec, partial, where);
  return Float64Array.from(spec.params.map((p) => full[p.name]));
}

/** The default parameters of an environment. */
export function defaultParams(spec: EnvSpec): Params {
  return resolveParams(spec, {});
}
