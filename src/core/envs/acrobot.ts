// Acrobot-v1, exact to Gymnasium's acrobot.py with the default "book" dynamics: one RK4 step over dt with the
// torque held constant, then both angles wrapped into [-pi, pi] and the velocities clipped. Gymnasium's
// class constants (link masses, centre-of-mass positions, moments of inertia) and the gravity it hard-codes
// inside _dsdt are parameters here; Gymnasium uses one LINK_MOI for both links (split here, same default).
import type { EnvDynamics, EnvSpec, StepOut } from './types';

export const acrobotSpec: EnvSpec = {
  id: 'Acrobot-v1',
  stateNames: ['theta1', 'theta2', 'dtheta1', 'dtheta2'],
  stateUnits: ['rad', 'rad', 'rad/s', 'rad/s'],
  returnRange: [-500, 0],
  obsNames: ['cos(theta1)', 'sin(theta1)', 'cos(theta2)', 'sin(theta2)', 'dtheta1', 'dtheta2'],
  actionSpace: { kind: 'discrete', n: 3, labels: ['torque -1', 'torque 0', 'torque +1'] },
  maxEpisodeSteps: 500,
  rewardThreshold: -100,
  params: [
    { name: 'link_mass_1', default: 1.0, unit: 'kg', description: 'mass of link 1 (attached to the bar)' },
    { name: 'link_mass_2', default: 1.0, unit: 'kg', description: 'mass of link 2 (the free link)' },
    { name: 'link_length_1', default: 1.0, unit: 'm', description: 'length of link 1 (the goal height still assumes unit links, as in Gymnasium)' },
    { name: 'link_com_pos_1', default: 0.5, unit: 'm', description: 'position of the centre of mass of link 1 from its joint' },
    { name: 'link_com_pos_2', default: 0.5, unit: 'm', description: 'position of the centre of mass of link 2 from its joint' },
    { name: 'link_moi_1', default: 1.0, unit: 'kg m^2', description: 'moment of inertia of link 1' },
    { name: 'link_moi_2', default: 1.0, unit: 'kg m^2', description: 'moment of inertia of link 2' },
    { name: 'gravity', default: 9.8, unit: 'm/s^2', description: 'gravitational acceleration (hard-coded in Gymnasium)' },
    { name: 'torque_scale', default: 1.0, unit: 'N m', description: 'magnitude of the torques -1, 0, +1 (actuator gain)' },
  ],
  processNoiseStd: [0.01, 0.01, 0.05, 0.05],
};

const DT = 0.2;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const AVAIL_TORQUE = [-1.0, 0.0, 1.0];

// RK4 scratch (single-threaded: each worker or process has its own module instance).
const y = new Float64Array(4);
const k1 = new Float64Array(4);
const k2 = new Float64Array(4);
const k3 = new Float64Array(4);
const k4 = new Float64Array(4);

/** Gymnasium's _dsdt ("book"): derivatives of (theta1, theta2, dtheta1, dtheta2) into `d`. */
function dsdt(st: Float64Array, torque: number, p: Float64Array, po: number, d: Float64Array): void {
  const m1 = p[po], m2 = p[po + 1], l1 = p[po + 2], lc1 = p[po + 3], lc2 = p[po + 4];
  const I1 = p[po + 5], I2 = p[po + 6], g = p[po + 7];
  const a = torque;
  const theta1 = st[0], theta2 = st[1], dtheta1 = st[2], dtheta2 = st[3];
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 =
    (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) /
    (m2 * lc2 ** 2 + I2 - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  d[0] = dtheta1; d[1] = dtheta2; d[2] = ddtheta1; d[3] = ddtheta2;
}

/** Gymnasium's wrap(): shift by whole turns into [m, M]. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

function bound(x: number, m: number, M: number): number {
  return Math.min(Math.max(x, m), M);
}

export const acrobot: EnvDynamics = {
  spec: acrobotSpec,

  reset(rng, s, so) {
    // Gymnasium draws the reset state as float32.
    for (let i = 0; i < 4; i++) s[so + i] = Math.fround(rng.uniform(-0.1, 0.1));
  },

  step(s, so, p, po, a, ao, out: StepOut) {
    const torque = AVAIL_TORQUE[a[ao]] * p[po + 8];
    // rk4(_dsdt, s_augmented, [0, dt]): one step; the torque (5th component) has zero derivative.
    const dt = DT, dt2 = DT / 2.0;
    for (let i = 0; i < 4; i++) y[i] = s[so + i];
    dsdt(y, torque, p, po, k1);
    for (let i = 0; i < 4; i++) y[i] = s[so + i] + dt2 * k1[i];
    dsdt(y, torque, p, po, k2);
    for (let i = 0; i < 4; i++) y[i] = s[so + i] + dt2 * k2[i];
    dsdt(y, torque, p, po, k3);
    for (let i = 0; i < 4; i++) y[i] = s[so + i] + dt * k3[i];
    dsdt(y, torque, p, po, k4);
    for (let i = 0; i < 4; i++) s[so + i] = s[so + i] + (dt / 6.0) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);

    s[so] = wrap(s[so], -Math.PI, Math.PI);
    s[so + 1] = wrap(s[so + 1], -Math.PI, Math.PI);
    s[so + 2] = bound(s[so + 2], -MAX_VEL_1, MAX_VEL_1);
    s[so + 3] = bound(s[so + 3], -MAX_VEL_2, MAX_VEL_2);

    const terminated = -Math.cos(s[so]) - Math.cos(s[so + 1] + s[so]) > 1.0;
    out.terminated = terminated;
    out.reward = terminated ? 0.0 : -1.0;
  },

  observe(s, so, o, oo) {
    o[oo] = Math.fround(Math.cos(s[so]));
    o[oo + 1] = Math.fround(Math.sin(s[so]));
    o[oo + 2] = Math.fround(Math.cos(s[so + 1]));
    o[oo + 3] = Math.fround(Math.sin(s[so + 1]));
    o[oo + 4] = Math.fround(s[so + 2]);
    o[oo + 5] = Math.fround(s[so + 3]);
  },
};
