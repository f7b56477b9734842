// Ant-v5 (MuJoCo, after Gymnasium; a task of the paper): core/mujoco/ant.ts, a trot gait as demonstrator (locomotion-experts.ts).
import { mujocoEntry } from './mujoco-entry';

export const antEntry = mujocoEntry(
  'Ant-v5',
  // the literature's families: torso mass, all links' masses, friction, gear (gravity, also a parameter, is left
  // to sweeps and --box-params: a fifth box dimension would double the box's 16 corners)
  ['torso_mass', 'mass_scale', 'friction', 'gear'],
  // 2 evaluation episodes per condition; the sweep over the torso mass (RRLS's parameter).
  { demos: { kind: 'builtin', episodes: 2, seed: 0 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
);
