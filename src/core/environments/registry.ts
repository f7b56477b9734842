// The environment registry: one entry per environment (entry.ts), keyed by its id. Everything that depends on
// the environment (physics, spec, expert, default perturbations, playground defaults) is read from here.
// Users' MuJoCo models ('mjcf:<file>', core/mujoco/custom.ts) are registered at run time, not listed here.
import type { EnvDynamics, EnvId, EnvSpec } from '../envs/types';
import type { ExpertController } from '../experts/types';
import { UserError } from '../errors';
import { customEvalParams } from '../mujoco/custom';
import { getMujocoDynamics } from '../mujoco/registry';
import { isCustomMujocoEnvId, type CustomMujocoEnvId } from '../mujoco/tasks';
import { acrobotEntry } from './acrobot';
import { antEntry } from './ant';
import { cartPoleEntry } from './cartpole';
import type { EnvEntry, PlaygroundDefaults } from './entry';
import { halfCheetahEntry } from './half-cheetah';
import { hopperEntry } from './hopper';
import { invertedDoublePendulumEntry } from './inverted-double-pendulum';
import { invertedPendulumEntry } from './inverted-pendulum';
import { mountainCarContinuousEntry } from './mountain-car-continuous';
import { pendulumEntry } from './pendulum';
import { planarRunnerEntry } from './planar-runner';
import { walker2dEntry } from './walker2d';

/** Every built-in environment, in the order the page and `droil envs` list them. */
export const ENVIRONMENTS = {
  'CartPole-v1': cartPoleEntry,
  'Pendulum-v1': pendulumEntry,
  'MountainCarContinuous-v0': mountainCarContinuousEntry,
  'Acrobot-v1': acrobotEntry,
  'InvertedPendulum-v5': invertedPendulumEntry,
  'InvertedDoublePendulum-v5': invertedDoublePendulumEntry,
  'Hopper-v5': hopperEntry,
  'PlanarRunner-v0': planarRunnerEntry,
  'HalfCheetah-v5': halfCheetahEntry,
  'Walker2d-v5': walker2dEntry,
  'Ant-v5': antEntry,
} as const satisfies Record<string, EnvEntry>;

/** The id of a built-in environment. */
export type BuiltinEnvId = keyof typeof ENVIRONMENTS;
/** A built-in environment or a user's MuJoCo model registered in this session. */
export type AnyEnvId = BuiltinEnvId | CustomMujocoEnvId;

const entries: Record<string, EnvEntry> = ENVIRONMENTS;

export const allEnvIds = Object.keys(ENVIRONMENTS) as BuiltinEnvId[];
/** The classic-control environments (pure TypeScript physics, nothing to load). */
export const envIds = allEnvIds.filter((id) => entries[id].family === 'classic') as EnvId[];
/** The MuJoCo tasks (their WebAssembly loads on first use: `await prepareEnv(id)`). */
export const builtinMujocoEnvIds = allEnvIds.filter((id) => entries[id].family === 'mujoco');

export function isBuiltinEnvId(id: string): id is BuiltinEnvId {
  return Object.prototype.hasOwnProperty.call(ENVIRONMENTS, id);
}

/** A classic-control id. */
export function isEnvId(id: string): id is EnvId {
  return isBuiltinEnvId(id) && entries[id].family === 'classic';
}

/** A MuJoCo task, built in or a user's model ('mjcf:'). */
export function isMujocoEnv(id: string): boolean {
  return isCustomMujocoEnvId(id) || (isBuiltinEnvId(id) && entries[id].family === 'mujoco');
}

/** The registry entry of a built-in environment; an unknown id is a UserError listing the valid ones. */
export function getEnvEntry(id: string): EnvEntry {
  if (!isBuiltinEnvId(id)) throw new UserError(`unknown environment '${id}' (valid: ${allEnvIds.join(', ')})`);
  return entries[id];
}

/** The physics functions of an environment (shared by Env and VecEnv). */
export function getDynamics(id: string): EnvDynamics {
  if (isCustomMujocoEnvId(id)) return getMujocoDynamics(id);
  return getEnvEntry(id).dynamics();
}

export function getEnvSpec(id: string): EnvSpec {
  if (isCustomMujocoEnvId(id)) return getMujocoDynamics(id).spec; // users' MuJoCo models: the loaded model's spec
  return getEnvEntry(id).spec;
}

/** The built-in expert of an environment (users' models have none). */
export function getExpert(id: string): ExpertController {
  if (isCustomMujocoEnvId(id)) throw new UserError(`no built-in expert for '${id}'`);
  return getEnvEntry(id).expert;
}

/** The parameters perturbed by default (sweeps and box), by built-in environment. */
export const DEFAULT_EVAL_PARAMS = Object.fromEntries(allEnvIds.map((id) => [id, entries[id].evalParams])) as Record<BuiltinEnvId, string[]>;

/** The default perturbed parameters of any environment, users' MuJoCo models ('mjcf:') included. */
export function defaultEvalParamsOf(spec: EnvSpec): string[] {
  return isBuiltinEnvId(spec.id) ? entries[spec.id].evalParams : customEvalParams(spec);
}

/** What the playground sets when the environment is picked (core/setup.ts setupForEnv). */
export function playgroundDefaults(id: BuiltinEnvId): PlaygroundDefaults {
  return entries[id].playground;
}
