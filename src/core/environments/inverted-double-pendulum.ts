// InvertedDoublePendulum-v5 (MuJoCo, after Gymnasium): core/mujoco/inverted-double-pendulum.ts, LQR expert.
import { mujocoEntry } from './mujoco-entry';

export const invertedDoublePendulumEntry = mujocoEntry(
  'InvertedDoublePendulum-v5',
  ['pole_mass', 'pole2_mass', 'gravity', 'gear'],
  // As the single pendulum: perfect data gives BC 66 (3 starts), process noise 3 gives 9360 (the expert's).
  { demos: { kind: 'builtin', episodes: 1, seed: 0 }, demoProcessNoise: 3, steps: 300, evalParam: 'pole_mass' },
);
