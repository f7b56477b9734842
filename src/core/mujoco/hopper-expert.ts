// Hopper-v5 demonstrator: a linear policy on the normalised observation, a = clip(W (o - mu) / sigma, -1, 1),
// found by Augmented Random Search (ARS V2-t, Mania, Guy and Recht 2018) on the nominal model. It hops forward
// steadily for the whole episode (about 2.2 m/s, 18 m in 1000 steps, return about 3240 from every start tried;
// docs/mujoco.md) and is a deterministic function of the observation; demonstrations vary only with the seeded
// reset states. Search (bench/mujoco-tune.ts ars): 8 directions, top 4, step 0.02, noise 0.03, alive bonus
// subtracted during the search, seed 2026, 131 iterations (2096 episodes of at most 1000 steps), running mean/std
// of the visited observations frozen into HOPPER_MU and HOPPER_SIGMA below.
//
// A Raibert-style hopping controller (stance thrust and attitude, flight foot placement) was tried first, with
// gains from a cross-entropy search: it leaned forward and fell after about 300 steps (2 m), never a steady gait.
import type { ExpertController } from '../experts/types';

/** Policy matrix (3 actions x 11 observations: rootz, rooty, thigh, leg, foot, then the 6 clipped velocities). */
export const HOPPER_W: number[][] = [
  [0.071289812, -0.35099631, -0.018086532, -0.065432692, -0.026244196, -0.006102869, 0.011815373, -0.12377959, -0.1225477, -0.19622887, 0.065709151],
  [0.27059553, -0.27966811, 0.23303303, -0.275127, 0.013128741, -0.45458659, 0.19057223, -0.32401235, 0.0099775306, -0.49717003, -0.10130655],
  [0.72747132, 0.015370114, 0.06105921, 0.26367051, 0.031745328, -0.083118064, -0.085584837, -0.076992013, 0.32909282, 0.19433778, 0.46140938],
];
export const HOPPER_MU: number[] = [1.2222883, -0.054147068, -0.12296911, -0.7752026, 0.30892518, 2.0243222, -0.080159709, -0.0040981016, -0.062105944, -0.27709213, -0.52288437];
export const HOPPER_SIGMA: number[] = [0.13554793, 0.052564736, 0.1310389, 0.27371759, 0.60472016, 0.71413111, 1.2990914, 0.69251448, 1.0894511, 0.84148159, 5.8509701];

/** a = clip(W (o - mu) / sigma, -1, 1) for a linear policy (W: actions x observations). */
export function linearController(W: number[][], mu: number[], sigma: number[]): (obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number) => void {
  const n = mu.length;
  return (obs, oo, a, ao) => {
    for (let k = 0; k < W.length; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (W[k][i] * (obs[oo + i] - mu[i])) / sigma[i];
      a[ao + k] = Math.min(Math.max(s, -1), 1);
    }
  };
}

export const hopperExpert: ExpertController = {
  envId: 'Hopper-v5',
  name: 'ars-linear',
  description: 'linear policy on the normalised observation found by augmented random search (ARS); hops forward steadily for the whole episode (about 2.2 m/s)',
  act: linearController(HOPPER_W, HOPPER_MU, HOPPER_SIGMA),
};
