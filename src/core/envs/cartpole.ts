// CartPole-v1, exact to Gymnasium's cartpole.py (Euler integrator, positions updated with the old velocities).
// Unlike Gymnasium, total_mass and polemass_length are recomputed from the parameters on every step, so
// perturbing masspole, masscart or length changes every term that depends on them.
import type { EnvDynamics, EnvSpec, StepOut } from './types';

export const cartPoleSpec: EnvSpec = {
  id: 'CartPole-v1',
  stateNames: ['x', 'x_dot', 'theta', 'theta_dot'],
  stateUnits: ['m', 'm/s', 'rad', 'rad/s'],
  returnRange: [0, 500],
  obsNames: ['x', 'x_dot', 'theta', 'theta_dot'],
  actionSpace: { kind: 'discrete', n: 2, labels: ['push left', 'push right'] },
  maxEpisodeSteps: 500,
  rewardThreshold: 475,
  params: [
    { name: 'gravity', default: 9.8, unit: 'm/s^2', description: 'gravitational acceleration' },
    { name: 'masscart', default: 1.0, unit: 'kg', description: 'mass of the cart' },
    { name: 'masspole', default: 0.1, unit: 'kg', description: 'mass of the pole' },
    { name: 'length', default: 0.5, unit: 'm', description: "half the pole's length (pivot to centre of mass)" },
    { name: 'force_mag', default: 10.0, unit: 'N', description: 'force of one push (actuator gain)' },
  ],
  // About 1% of the typical range of each component per step; velocities are disturbed more than positions.
  processNoiseStd: [0.005, 0.05, 0.005, 0.05],
};

const TAU = 0.02; // seconds between state updates
const X_THRESHOLD = 2.4;
const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;

export const cartPole: EnvDynamics = {
  spec: cartPoleSpec,

  reset(rng, s, so) {
    for (let i = 0; i < 4; i++) s[so + i] = rng.uniform(-0.05, 0.05);
  },

  step(s, so, p, po, a, ao, out: StepOut) {
    const gravity = p[po], masscart = p[po + 1], masspole = p[po + 2], length = p[po + 3], forceMag = p[po + 4];
    const totalMass = masspole + masscart;
    const polemassLength = masspole * length;
    let x = s[so], xDot = s[so + 1], theta = s[so + 2], thetaDot = s[so + 3];

    const force = a[ao] === 1 ? forceMag : -forceMag;
    const costheta = Math.cos(theta);
    const sintheta = Math.sin(theta);
    const temp = (force + polemassLength * (thetaDot * thetaDot) * sintheta) / totalMass;
    const thetaacc = (gravity * sintheta - costheta * temp) /
      (length * (4.0 / 3.0 - (masspole * (costheta * costheta)) / totalMass));
    const xacc = temp - (polemassLength * thetaacc * costheta) / totalMass;

    x = x + TAU * xDot;
    xDot = xDot + TAU * xacc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaacc;
    s[so] = x; s[so + 1] = xDot; s[so + 2] = theta; s[so + 3] = thetaDot;

    out.terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    out.reward = 1.0; // also on the terminating step
  },

  observe(s, so, o, oo) {
    for (let i = 0; i < 4; i++) o[oo + i] = Math.fround(s[so + i]);
  },
};
