// A MuJoCo task as a registry entry: its spec and model from core/mujoco/tasks.ts, physics compiled on first
// use after `await prepareEnv(id)`, its expert from core/mujoco/experts.ts. Static data: importing this loads no
// WebAssembly.
import { mujocoExperts } from '../mujoco/experts';
import { getMujocoDynamics } from '../mujoco/registry';
import { mujocoTasks, type MujocoEnvId } from '../mujoco/tasks';
import type { EnvEntry, PlaygroundDefaults } from './entry';

/**
 * The playground's evaluation shared by the MuJoCo tasks: two radii (BC + 2 BE-DROIL members), 3 episodes per
 * condition, a 5-point sweep, the worst-case box at its centre and corners only (as docs/results/mujoco.md's
 * pilot), and a small kernel adversary (each real step costs K x (1 + H) simulated look-ahead steps). A MuJoCo
 * episode is up to 1000 simulated steps: "pick the task, press Train" should finish in well under a minute on a
 * laptop (docs/mujoco.md says what each run costs).
 */
export const MUJOCO_PLAYGROUND_EVALUATION: PlaygroundDefaults = {
  rhoSweep: [0.2, 2],
  evalFactorMin: 0.5,
  evalFactorMax: 2,
  evalPoints: 5,
  evalEpisodes: 3,
  kernelEpisodes: 1,
  kernelCandidates: 2,
  kernelHorizon: 3,
  boxRandomPoints: 0,
  boxRefineRounds: 0,
};

/**
 * One seed at batch 256: the classic First look's 2 seeds at batch 64 (core/setup.ts defaultSetup) are a CartPole
 * run of seconds; a MuJoCo run takes minutes per seed (docs/mujoco.md).
 */
export const MUJOCO_PLAYGROUND_TRAINING: PlaygroundDefaults = { seeds: 1, batch: 256 };

export function mujocoEntry(id: MujocoEnvId, evalParams: string[], playground: PlaygroundDefaults): EnvEntry {
  return {
    spec: mujocoTasks[id].spec,
    family: 'mujoco',
    dynamics: () => getMujocoDynamics(id),
    expert: mujocoExperts[id],
    evalParams,
    playground: { ...MUJOCO_PLAYGROUND_TRAINING, ...MUJOCO_PLAYGROUND_EVALUATION, ...playground },
  };
}
