// The built-in demonstrations a setup describes: the environment's expert, `episodes` episodes from `seed`,
// under the setup's nominal parameters and imperfect-expert settings. The page's worker, its project export
// and `droil run` all go through here, so they agree. Action noise applies to continuous actions only (a
// discrete environment ignores the setting, where `droil demos --action-noise` refuses it).
import type { Dataset } from '../data/dataset';
import { getEnvSpec } from '../environments/registry';
import { generateDemos } from '../experts';
import type { Setup } from '../setup';

export interface ExpertDemoSettings {
  episodes: number;
  seed: number;
  params: Record<string, number>;
  epsilon: number;
  actionNoise: number;
  processNoise: number;
}

export function expertDemos(envId: string, o: ExpertDemoSettings): Dataset {
  const continuous = getEnvSpec(envId).actionSpace.kind === 'continuous';
  return generateDemos(envId, { ...o, actionNoise: continuous ? o.actionNoise : 0 });
}

export function builtinDemosFor(setup: Setup): Dataset {
  if (setup.demos.kind !== 'builtin') throw new Error('builtinDemosFor: the setup names an uploaded file');
  return expertDemos(setup.envId, {
    episodes: setup.demos.episodes, seed: setup.demos.seed, params: setup.params,
    epsilon: setup.demoEpsilon, actionNoise: setup.demoActionNoise, processNoise: setup.demoProcessNoise,
  });
}
