// What the playground sets when a MuJoCo task is picked: enough demonstrations and training for the policies to
// imitate the demonstrator at nominal dynamics, and an evaluation small enough that "pick the task, press Train"
// finishes in well under a minute on a laptop (a MuJoCo episode is up to 1000 simulated steps, and the
// worst-case box alone evaluates its centre and 16 corners). Every value stays a setting; docs/mujoco.md says
// what each run costs. Static data: importing this loads no WebAssembly.
import type { Setup } from '../setup';
import type { MujocoEnvId } from './tasks';

/**
 * The evaluation shared by the MuJoCo tasks: two radii (BC + 2 BE-DROIL members), 3 episodes per condition, a
 * 5-point sweep, the worst-case box at its centre and corners only (as docs/results/mujoco.md's pilot), and a
 * small kernel adversary (each real step costs K x (1 + H) simulated look-ahead steps).
 */
const evaluation: Partial<Setup> = {
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

export const MUJOCO_PLAYGROUND_DEFAULTS: Record<MujocoEnvId, Partial<Setup>> = {
  // The LQR expert balances under every perturbation of the default box: the sweep spans a wider range. Its
  // perfect demonstration keeps the pole so still that BC learns nothing from it (return 3 after 300 and 1000
  // steps); recorded under process noise 3 (the expert corrects random pushes and still balances for 1000
  // steps) the same single episode gives BC 1000 at nominal dynamics (droil demos --process-noise 3).
  'InvertedPendulum-v5': {
    ...evaluation, demos: { kind: 'builtin', episodes: 1, seed: 0 }, demoProcessNoise: 3, steps: 300, evalParam: 'pole_mass', evalFactorMin: 0.25, evalFactorMax: 4,
  },
  // The same for the double pendulum: perfect data 66 (3 starts), process noise 3 gives BC 9360 (the expert's).
  'InvertedDoublePendulum-v5': { ...evaluation, demos: { kind: 'builtin', episodes: 1, seed: 0 }, demoProcessNoise: 3, steps: 300, evalParam: 'pole_mass' },
  // BC from one 1000-step demonstration matches the demonstrator at nominal dynamics after 300 steps
  // (3266 vs 3246 over 3 starts); the torso mass is RRLS's robust-Hopper parameter.
  'Hopper-v5': { ...evaluation, demos: { kind: 'builtin', episodes: 1, seed: 0 }, steps: 300, evalParam: 'torso_mass' },
  // The runner's gait is harder to imitate (docs/results/mujoco.md): more data and steps; it never terminates, so
  // every evaluation episode is 1000 steps long: 2 per condition.
  'PlanarRunner-v0': { ...evaluation, demos: { kind: 'builtin', episodes: 3, seed: 0 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
  // The paper's tasks: ARS linear demonstrators (locomotion-experts.ts); 2 evaluation episodes per condition (a
  // HalfCheetah episode never ends early), the sweep over the torso mass (RRLS's parameter for all three).
  'HalfCheetah-v5': { ...evaluation, demos: { kind: 'builtin', episodes: 2, seed: 0 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
  // Seed 1: the walker's first start from seed 0 is one of the few (1 in 20) where it falls early (111 steps).
  'Walker2d-v5': { ...evaluation, demos: { kind: 'builtin', episodes: 2, seed: 1 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
  'Ant-v5': { ...evaluation, demos: { kind: 'builtin', episodes: 2, seed: 0 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
};
