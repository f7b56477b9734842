// Pendulum-v1 expert: energy pumping to swing up, an LQR catch near the top (sim-and-data.md §5.2).
// With a = 3g/(2l) = 15 and b = 3/(m l^2) = 3 at nominal parameters, the scaled energy
// E = theta_dot^2 / 2 + a cos(theta) has dE/dt = b theta_dot u, so u ~ (E* - E) theta_dot pumps energy
// towards E* = a (upright at rest). Near the top, the DARE gain of the exact discrete linearisation of the
// semi-implicit step with Q = diag(1, 0.1), R = 0.001 (the reward's weights) holds it.
import type { ExpertController } from './types';

export const PENDULUM_LQR_GAINS = [19.693, 5.2625];
const A = 15; // 3 g / (2 l) at nominal parameters
const K_ENERGY = 1;
const CATCH_ANGLE = 0.6;
const MAX_TORQUE = 2;

const clip = (u: number) => Math.min(Math.max(u, -MAX_TORQUE), MAX_TORQUE);

export const pendulumExpert: ExpertController = {
  envId: 'Pendulum-v1',
  name: 'energy-lqr',
  description: 'energy pumping u = (E* - E) theta_dot, LQR catch u = -19.693 theta - 5.2625 theta_dot when |theta| < 0.6',
  act(obs, oo, a, ao) {
    const cos = obs[oo], sin = obs[oo + 1], thdot = obs[oo + 2];
    const theta = Math.atan2(sin, cos); // in [-pi, pi], 0 upright
    if (Math.abs(theta) < CATCH_ANGLE) {
      a[ao] = clip(-PENDULUM_LQR_GAINS[0] * theta - PENDULUM_LQR_GAINS[1] * thdot);
    } else if (Math.abs(thdot) < 1e-3) {
      a[ao] = 1; // at rest at the bottom: start the swing
    } else {
      const energy = 0.5 * thdot * thdot + A * cos;
      a[ao] = clip(K_ENERGY * (A - energy) * thdot);
    }
  },
};
