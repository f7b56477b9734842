// HalfCheetah-v5 (MuJoCo, after Gymnasium; a task of the paper): core/mujoco/half-cheetah.ts, a SAC actor network as demonstrator (locomotion-experts.ts).
import { mujocoEntry } from './mujoco-entry';

export const halfCheetahEntry = mujocoEntry(
  'HalfCheetah-v5',
  // the literature's families: torso mass, all links' masses, friction, gear (gravity, also a parameter, is left
  // to sweeps and --box-params: a fifth box dimension would double the box's 16 corners)
  ['torso_mass', 'mass_scale', 'friction', 'gear'],
  // 2 evaluation episodes per condition (a HalfCheetah episode never ends early); the sweep over the torso mass (RRLS's parameter).
  { demos: { kind: 'builtin', episodes: 2, seed: 0 }, steps: 500, evalParam: 'torso_mass', evalEpisodes: 2 },
);
