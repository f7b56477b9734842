// CartPole-v1 expert: the sign of a discrete-time LQR force (sim-and-data.md §5.1). The gains come from the
// DARE for the Euler-discretised linearisation at the upright position with Q = diag(1, 1, 10, 1), R = 1.
import type { ExpertController } from './types';

/** u = -K s with K = [-0.910, -2.143, -30.856, -7.879]. */
export const CARTPOLE_LQR_GAINS = [0.91, 2.143, 30.856, 7.879];

export const cartPoleExpert: ExpertController = {
  envId: 'CartPole-v1',
  name: 'lqr-sign',
  description: 'push in the direction of the LQR force 0.910 x + 2.143 x_dot + 30.856 theta + 7.879 theta_dot',
  act(obs, oo, a, ao) {
    const [kx, kv, kt, kw] = CARTPOLE_LQR_GAINS;
    const u = kx * obs[oo] + kv * obs[oo + 1] + kt * obs[oo + 2] + kw * obs[oo + 3];
    a[ao] = u > 0 ? 1 : 0;
  },
};
