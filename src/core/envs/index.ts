// Public API of the environments: registry, the Gymnasium-style Env, the vectorised VecEnv.
export type { Action, ActionSpace, EnvDynamics, EnvId, EnvSpec, ParamSpec, Params, StepOut, StepResult } from './types';
export { envIds, allEnvIds, isEnvId, getEnvSpec, getDynamics, resolveParams, paramVector, defaultParams, actionDimOf } from './registry';
export { packAction } from './action';
export { Env } from './env';
export { VecEnv, type VecEnvOptions } from './vec-env';
export { angleNormalize } from './pendulum';
