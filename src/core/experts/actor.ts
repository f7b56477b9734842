// A built-in expert (core/environments/registry.ts getExpert) as a batched, deterministic Actor.
import { getEnvSpec, getExpert } from '../environments/registry';
import { actionDimOf } from '../envs/params';
import type { Actor } from '../policy';

/** The expert of an environment as an Actor (deterministic, batched over observations). */
export function expertActor(envId: string): Actor {
  const expert = getExpert(envId);
  const spec = getEnvSpec(envId);
  const obsDim = spec.obsNames.length;
  const actionDim = actionDimOf(spec);
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
