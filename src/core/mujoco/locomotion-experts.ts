// Demonstrators of HalfCheetah-v5, Walker2d-v5 and Ant-v5. The cheetah and the walker: SAC actor networks (2 x 128
// tanh, a = tanh(output)) trained in Gymnasium's HalfCheetah-v5 and Walker2d-v5 by bench/mujoco-sac.py and kept as
// droil-policy files (experts-data/half-cheetah-sac.json, walker2d-sac.json; the command and training log inside),
// run by the project's policy forward pass (squashedMlpController below). The linear ARS policies before them,
// a = clip(W (o - mu) / sigma, -1, 1) on the normalised observation, found by Augmented Random Search (ARS V2-t,
// Mania, Guy and Recht 2018) on the nominal model with `bench/mujoco-tune.ts ars`, stay as data
// (experts-data/half-cheetah-ars.json, walker2d-ars.json: W, mu, sigma and how they were found). The ant: a trot gait
// whose oscillator is its first hip (ant-gait.ts), its 8 gains found by the cross-entropy method (`mujoco-tune.ts
// ant-cem`) and a heading-hold gain set by hand, kept as data (experts-data/ant-gait.json); ARS found no linear policy
// that walks. All are deterministic functions of the observation, so demonstrations vary only with the seeded reset
// states. Returns reached: docs/mujoco.md.
import type { ExpertController } from '../experts/types';
import halfCheetah from './experts-data/half-cheetah-ars.json';
import halfCheetahSac from './experts-data/half-cheetah-sac.json';
import walker2d from './experts-data/walker2d-ars.json';
import walker2dSac from './experts-data/walker2d-sac.json';
import antGait from './experts-data/ant-gait.json';
import { antGaitController, antGaitFromVector } from './ant-gait';
import { loadPolicy } from '../algos/policy-file';

/** A stored ARS policy: W (actions x observations read), the observation normalisation, and its provenance. */
export interface StoredLinearPolicy {
  envId: string;
  command: string;
  iteration: number;
  episodes: number;
  /** The search's own score of this policy (3 starts, 1000 steps). */
  searchReturns: number[];
  W: number[];
  mu: number[];
  sigma: number[];
}

type LocomotionId = 'HalfCheetah-v5' | 'Walker2d-v5' | 'Ant-v5';
type PlanarId = Exclude<LocomotionId, 'Ant-v5'>;

/**
 * A stored actor network as a droil-policy file (policy-file.ts: tanh hidden layers; here on the raw observation,
 * normaliser mean 0 and std 1) marked `action.squash: 'tanh'`: its action is a = tanh(output), the deterministic
 * action of a SAC actor (bench/mujoco-sac.py), as `droil eval --policy FILE` runs it too. Runs through the project's
 * policy forward pass (plain-mlp.ts / simd-forward.ts); the file is validated and prepared on the first action, not
 * when this module loads.
 */
export function squashedMlpController(policy: unknown, where: string): ExpertController['act'] {
  let p: ReturnType<typeof loadPolicy> | undefined;
  let row: Float64Array;
  return (obs, oo, a, ao) => {
    if (!p) {
      p = loadPolicy(policy, where);
      if (p.json.action.kind !== 'continuous' || p.json.action.squash !== 'tanh') throw new Error(`${where}: a SAC actor's file must mark action.squash 'tanh'`);
      row = new Float64Array(p.obsDim);
    }
    for (let i = 0; i < row.length; i++) row[i] = obs[oo + i];
    a.set(p.act(row, 1), ao);
  };
}

/** A SAC actor (bench/mujoco-sac.py --export) stored in experts-data/FILE as the task's demonstrator. */
function sacExpert(envId: PlanarId, policy: { training: { steps: number } }, file: string): ExpertController {
  return {
    envId,
    name: 'sac-mlp',
    description: `SAC actor network (2 x 128 tanh, a = tanh(output)) trained in Gymnasium's ${envId} (bench/mujoco-sac.py, ${policy.training.steps} steps); returns in docs/mujoco.md`,
    act: squashedMlpController(policy, `src/core/mujoco/experts-data/${file}`),
  };
}

/** The stored ARS policies: the cheetah's and the walker's demonstrators until the SAC actors replaced them. */
export const LOCOMOTION_POLICIES: Record<PlanarId, StoredLinearPolicy> = {
  'HalfCheetah-v5': halfCheetah,
  'Walker2d-v5': walker2d,
};

/** Ant-v5's stored gait: the gains vector (ant-gait.ts antGaitFromVector) and how it was found. */
export interface StoredAntGait { envId: 'Ant-v5'; command: string; iteration: number; evaluations: number; gains: number[] }
export const ANT_GAIT: StoredAntGait = antGait as StoredAntGait;

export const locomotionExperts: Record<LocomotionId, ExpertController> = {
  'HalfCheetah-v5': sacExpert('HalfCheetah-v5', halfCheetahSac, 'half-cheetah-sac.json'),
  'Walker2d-v5': sacExpert('Walker2d-v5', walker2dSac, 'walker2d-sac.json'),
  'Ant-v5': {
    envId: 'Ant-v5',
    name: 'trot-gait',
    description: `trot gait entrained to the first hip (phase from its angle and velocity), PD to phase-shifted joint targets, heading held by the torso's yaw; gains by the cross-entropy method (${ANT_GAIT.evaluations} search episodes); returns in docs/mujoco.md`,
    act: antGaitController(antGaitFromVector(ANT_GAIT.gains)),
  },
};
