// InvertedPendulum-v5 (MuJoCo, after Gymnasium): core/mujoco/inverted-pendulum.ts, LQR expert.
import { mujocoEntry } from './mujoco-entry';

export const invertedPendulumEntry = mujocoEntry(
  'InvertedPendulum-v5',
  ['pole_mass', 'cart_mass', 'gravity', 'gear'],
  // The LQR expert balances under every perturbation of the default box: the sweep spans a wider range. Its
  // perfect demonstration keeps the pole so still that BC learns nothing from it (return 3 after 300 and 1000
  // steps); recorded under process noise 3 (the expert corrects random pushes and still balances for 1000
  // steps) the same single episode gives BC 1000 at nominal dynamics (droil demos --process-noise 3).
  { demos: { kind: 'builtin', episodes: 1, seed: 0 }, demoProcessNoise: 3, steps: 300, evalParam: 'pole_mass', evalFactorMin: 0.25, evalFactorMax: 4 },
);
