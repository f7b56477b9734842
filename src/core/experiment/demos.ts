// The demonstrations a setup describes when they are built in: the environment's expert, `episodes` episodes
// from `seed`, under the setup's nominal parameters and imperfect-expert settings (the page's worker and
// `droil run` both read the setup this way). Action noise applies to continuous actions only.
import type { Dataset } from '../data/dataset';
import { getEnvSpec } from '../envs/registry';
import { generateDemos } from '../experts';
import type { Setup } from '../setup';

export function builtinDemosFor(setup: Setup): Dataset {
  if (setup.demos.kind !== 'builtin') throw new Error('builtinDemosFor: the setup names an uploaded file');
  const continuous = getEnvSpec(setup.envId).actionSpace.kind === 'continuous';
  return generateDemos(setup.envId, {
    episodes: setup.demos.episodes, seed: setup.demos.seed, params: setup.params,
    epsilon: setup.demoEpsilon, actionNoise: continuous ? setup.demoActionNoise : 0, processNoise: setup.demoProcessNoise,
  });
}
