// InvertedPendulum-v5 (Gymnasium `inverted_pendulum_v5.py`) on MuJoCo: frame_skip 2 (dt 0.04 s), observation
// qpos ‖ qvel, reward 1 while |hinge| <= 0.2 and the observation is finite, termination otherwise, reset
// qpos, qvel ~ U(-0.01, 0.01), time limit 1000.
import { INVERTED_PENDULUM_XML } from './models/inverted-pendulum';
import type { MujocoTask } from './task';

const RESET_NOISE = 0.01;

export const invertedPendulum: MujocoTask = {
  spec: {
    id: 'InvertedPendulum-v5',
    stateNames: ['slider', 'hinge', 'slider_dot', 'hinge_dot'],
    stateUnits: ['m', 'rad', 'm/s', 'rad/s'],
    returnRange: [0, 1000],
    obsNames: ['slider', 'hinge', 'slider_dot', 'hinge_dot'],
    actionSpace: { kind: 'continuous', dim: 1, low: [-3], high: [3] },
    maxEpisodeSteps: 1000,
    rewardThreshold: 950,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo).
    params: [
      { name: 'cart_mass', default: 10.47197551196598, unit: 'kg', description: 'mass of the cart body (inertia scaled with it)' },
      { name: 'pole_mass', default: 5.018591641363306, unit: 'kg', description: 'mass of the pole body (inertia scaled with it)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'magnitude of gravity' },
      { name: 'gear', default: 100, unit: 'N', description: 'actuator gear: cart force = gear x action' },
    ],
    processNoiseStd: [0.001, 0.001, 0.01, 0.01],
  },
  xml: INVERTED_PENDULUM_XML,
  frameSkip: 2,
  targets: [
    { kind: 'body_mass', body: 'cart' },
    { kind: 'body_mass', body: 'pole' },
    { kind: 'gravity' },
    { kind: 'actuator_gear', actuators: ['slide'] },
  ],
  extraState: 0,
  reset(rng, s, so) {
    for (let k = 0; k < 4; k++) s[so + k] = rng.uniform(-RESET_NOISE, RESET_NOISE);
  },
  afterStep(v, s, so, out) {
    let finite = true;
    for (let k = 0; k < 4; k++) finite &&= Number.isFinite(s[so + k]);
    out.terminated = !finite || Math.abs(s[so + 1]) > 0.2;
    out.reward = out.terminated ? 0 : 1;
  },
  observe(s, so, o, oo) {
    for (let k = 0; k < 4; k++) o[oo + k] = s[so + k];
  },
};
