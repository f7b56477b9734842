// The random policy: the lower reference of the normalised score. Uniform over the discrete actions, or
// uniform in the continuous action box. Its draws come from the Rng it is given, so a seed fixes it.
import { getEnvSpec } from '../environments/registry';
import type { EnvId } from '../envs/types';
import type { Actor } from '../policy';
import type { Rng } from '../rng';

export function randomActor(envId: EnvId | string, rng: Rng): Actor {
  const spec = getEnvSpec(envId);
  const space = spec.actionSpace;
  const actionDim = space.kind === 'discrete' ? 1 : space.dim;
  return {
    obsDim: spec.obsNames.length,
    actionKind: space.kind,
    actionDim,
    act(_obs, n) {
      const out = new Float64Array(n * actionDim);
      for (let i = 0; i < n; i++) {
        if (space.kind === 'discrete') out[i] = rng.int(space.n);
        else for (let k = 0; k < space.dim; k++) out[i * actionDim + k] = rng.uniform(space.low[k], space.high[k]);
      }
      return out;
    },
  };
}
