// Public API of the environments: registry, the Gymnasium-style Env, the vectorised VecEnv.
export type { Action, ActionSpace, EnvDynamics, EnvId, EnvSpec, ParamSpec, Params, StepOut, StepResult } from './types';
export { envIds, allEnvIds, isEnvId, getEnvSpec, getDynamics } from '../environments/registry';
export { resolveParams, paramVector, defaultParams, actionDimOf } from './params';
export { packAction } from './action';
export { Env } from './env';
export { VecEnv, type VecEnvOptions } from './vec-env';
export { angleNormalize } from './pendulum';
