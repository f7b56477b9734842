// Pendulum-v1, exact to Gymnasium's pendulum.py: semi-implicit Euler, the reward computed on the pre-step
// state with the clipped torque, theta kept unwrapped in the state (only the reward normalises it).
import type { EnvDynamics, EnvSpec, StepOut } from './types';

export const pendulumSpec: EnvSpec = {
  id: 'Pendulum-v1',
  stateNames: ['theta', 'theta_dot'],
  stateUnits: ['rad', 'rad/s'],
  // Reward -(theta^2 + 0.1 theta_dot^2 + 0.001 u^2) >= -(pi^2 + 0.1*8^2 + 0.001*2^2) per step, 200 steps.
  returnRange: [-3255, 0],
  obsNames: ['cos(theta)', 'sin(theta)', 'theta_dot'],
  actionSpace: { kind: 'continuous', dim: 1, low: [-2], high: [2] },
  maxEpisodeSteps: 200,
  params: [
    { name: 'g', default: 10.0, unit: 'm/s^2', description: 'gravitational acceleration' },
    { name: 'm', default: 1.0, unit: 'kg', description: 'mass of the pendulum' },
    { name: 'l', default: 1.0, unit: 'm', description: 'length of the pendulum' },
    { name: 'max_torque', default: 2.0, unit: 'N m', description: 'torque limit: actions are clipped to +-max_torque (actuator saturation)' },
  ],
  processNoiseStd: [0.01, 0.05],
};

const MAX_SPEED = 8;
const DT = 0.05;
const TWO_PI = 2 * Math.PI;

/** Gymnasium's angle_normalize: ((x + pi) mod 2pi) - pi with Python's floored modulo. */
export function angleNormalize(x: number): number {
  let m = (x + Math.PI) % TWO_PI; // JS % is C fmod, exact
  if (m !== 0 && m < 0) m += TWO_PI;
  return m - Math.PI;
}

export const pendulum: EnvDynamics = {
  spec: pendulumSpec,

  reset(rng, s, so) {
    s[so] = rng.uniform(-Math.PI, Math.PI);
    s[so + 1] = rng.uniform(-1, 1);
  },

  step(s, so, p, po, a, ao, out: StepOut) {
    const g = p[po], m = p[po + 1], l = p[po + 2], maxTorque = p[po + 3];
    const th = s[so], thdot = s[so + 1];
    const u = Math.min(Math.max(a[ao], -maxTorque), maxTorque);
    const an = angleNormalize(th);
    const costs = an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);

    let newthdot = thdot + (((3 * g) / (2 * l)) * Math.sin(th) + (3.0 / (m * (l * l))) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    const newth = th + newthdot * DT;
    s[so] = newth; s[so + 1] = newthdot;

    out.reward = -costs;
    out.terminated = false;
  },

  observe(s, so, o, oo) {
    o[oo] = Math.fround(Math.cos(s[so]));
    o[oo + 1] = Math.fround(Math.sin(s[so]));
    o[oo + 2] = Math.fround(s[so + 1]);
  },
};
