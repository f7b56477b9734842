// The built-in experts, one per environment, as controllers and as batched Actors.
import { getEnvSpec, isEnvId } from '../envs/registry';
import type { EnvId } from '../envs/types';
import { UserError } from '../errors';
import type { Actor } from '../policy';
import { acrobotExpert } from './acrobot';
import { cartPoleExpert } from './cartpole';
import { mountainCarContinuousExpert } from './mountain-car-continuous';
import { pendulumExpert } from './pendulum';
import type { ExpertController } from './types';
import { mujocoExperts } from '../mujoco/experts';
import { isMujocoEnvId } from '../mujoco/tasks';


const experts: Record<EnvId, ExpertController> = {
  'CartPole-v1': cartPoleExpert,
  'Pendulum-v1': pendulumExpert,
  'MountainCarContinuous-v0': mountainCarContinuousExpert,
  'Acrobot-v1': acrobotExpert,
};

export function getExpert(envId: string): ExpertController {
  if (!isEnvId(envId)) getEnvSpec(envId); // throws the registry's UserError listing valid ids
  const e = isMujocoEnvId(envId) ? mujocoExperts[envId] : experts[envId as EnvId];
  if (!e) throw new UserError(`no built-in expert for '${envId}'`);
  return e;
}

/** The expert of an environment as an Actor (deterministic, batched over observations). */
export function expertActor(envId: string): Actor {
  const expert = getExpert(envId);
  const spec = getEnvSpec(envId);
  const obsDim = spec.obsNames.length;
  const actionDim = spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim;
  return {
    obsDim,
    actionKind: spec.actionSpace.kind,
    actionDim,
    act(obs, n) {
      const out = new Float64Array(n * actionDim);
      for (let i = 0; i < n; i++) expert.act(obs, i * obsDim, out, i * actionDim);
      return out;
    },
  };
}
