// The environment registry: ids, specs, and parameter resolution with user-facing errors.
import { UserError } from '../errors';
import { getMujocoDynamics } from '../mujoco/registry';
import { isCustomMujocoEnvId, isMujocoEnvId, mujocoEnvIds, mujocoTasks } from '../mujoco/tasks';
import { acrobot } from './acrobot';
import { cartPole } from './cartpole';
import { mountainCarContinuous } from './mountain-car-continuous';
import { pendulum } from './pendulum';
import type { AnyEnvId, EnvDynamics, EnvId, EnvSpec, Params } from './types';

const dynamicsById: Record<EnvId, EnvDynamics> = {
  'CartPole-v1': cartPole,
  'Pendulum-v1': pendulum,
  'MountainCarContinuous-v0': mountainCarContinuous,
  'Acrobot-v1': acrobot,
};

export const envIds: EnvId[] = Object.keys(dynamicsById) as EnvId[];

/** Classic control and MuJoCo ids (MuJoCo dynamics exist after `await prepareEnv(id)`, src/core/mujoco). */
export const allEnvIds: AnyEnvId[] = [...envIds, ...mujocoEnvIds];

export function isEnvId(id: string): id is EnvId {
  return Object.prototype.hasOwnProperty.call(dynamicsById, id);
}

/** The physics functions of an environment (shared by Env and VecEnv). */
export function getDynamics(id: string): EnvDynamics {
  if (isMujocoEnvId(id) || isCustomMujocoEnvId(id)) return getMujocoDynamics(id);
  if (!isEnvId(id)) throw new UserError(`unknown environment '${id}' (valid: ${allEnvIds.join(', ')})`);
  return dynamicsById[id];
}

export function getEnvSpec(id: string): EnvSpec {
  if (isMujocoEnvId(id)) return mujocoTasks[id].spec;
  return getDynamics(id).spec; // users' MuJoCo models ('mjcf:'): the spec of the loaded model
}

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
