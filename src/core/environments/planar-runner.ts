// PlanarRunner-v0 (MuJoCo, the project's own planar runner): core/mujoco/runner.ts, runner-expert.ts.
import { mujocoEntry } from './mujoco-entry';

export const planarRunnerEntry = mujocoEntry(
  'PlanarRunner-v0',
  ['friction', 'torso_mass', 'bthigh_mass', 'gear'],
  // The runner's gait is harder to imitate (docs/results/mujoco.md): more data and steps; it never terminates, so
  // every evaluation episode is 1000 steps long: 2 per condition.
  { demos: { kind: 'builtin', episodes: 3, seed: 0 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
);
