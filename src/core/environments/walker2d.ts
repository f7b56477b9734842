// Walker2d-v5 (MuJoCo, after Gymnasium; a task of the paper): core/mujoco/walker2d.ts, a SAC actor network as demonstrator (locomotion-experts.ts).
import { mujocoEntry } from './mujoco-entry';

export const walker2dEntry = mujocoEntry(
  'Walker2d-v5',
  // the literature's families: torso mass, all links' masses, friction, gear (gravity, also a parameter, is left
  // to sweeps and --box-params: a fifth box dimension would double the box's 16 corners)
  ['torso_mass', 'mass_scale', 'friction', 'gear'],
  // Seed 1: the walker's first start from seed 0 is one of the few (1 in 20) where it falls early (111 steps).
  // 2 evaluation episodes per condition; the sweep over the torso mass (RRLS's parameter).
  { demos: { kind: 'builtin', episodes: 2, seed: 1 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
);
