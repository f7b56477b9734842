// Hopper-v5 (MuJoCo, after Gymnasium): core/mujoco/hopper.ts, hopper-expert.ts.
import { mujocoEntry } from './mujoco-entry';

export const hopperEntry = mujocoEntry(
  'Hopper-v5',
  // as RRLS: friction, torso, thigh; and the motor gear
  ['friction', 'torso_mass', 'thigh_mass', 'gear'],
  // BC from one 1000-step demonstration matches the demonstrator at nominal dynamics after 300 steps
  // (3266 vs 3246 over 3 starts); the torso mass is RRLS's robust-Hopper parameter.
  { demos: { kind: 'builtin', episodes: 1, seed: 0 }, steps: 300, evalParam: 'torso_mass' },
);
