// InvertedDoublePendulum-v5 (Gymnasium `inverted_double_pendulum_v5.py`) on MuJoCo: frame_skip 5 (dt 0.05 s).
//   observation  [x, sin h1, sin h2, cos h1, cos h2, clip(qvel, -10, 10), clip(qfrc_constraint[0], -10, 10)]
//   reward       10 (while healthy) - (0.01 x_tip^2 + (z_tip - 2)^2) - (1e-3 w1^2 + 5e-3 w2^2)
//   termination  z_tip <= 1 (tip from site_xpos after mj_step, as Gymnasium reads it)
//   reset        qpos ~ U(-0.1, 0.1), qvel ~ 0.1 N(0, 1); time limit 1000.
// The slider's constraint force is observed, so it is carried as a 7th state component (written by the step,
// 0 at reset: the limit, active beyond |x| > 0.99, is never active at a reset state).
import { INVERTED_DOUBLE_PENDULUM_XML } from './models/inverted-double-pendulum';
import type { MujocoTask } from './task';

const RESET_NOISE = 0.1;
const HEALTHY_REWARD = 10;
const clip10 = (x: number) => Math.min(Math.max(x, -10), 10);

export const invertedDoublePendulum: MujocoTask = {
  spec: {
    id: 'InvertedDoublePendulum-v5',
    stateNames: ['slider', 'hinge', 'hinge2', 'slider_dot', 'hinge_dot', 'hinge2_dot', 'qfrc_constraint_slider'],
    stateUnits: ['m', 'rad', 'rad', 'm/s', 'rad/s', 'rad/s', 'N'],
    obsNames: ['slider', 'sin_hinge', 'sin_hinge2', 'cos_hinge', 'cos_hinge2', 'slider_dot', 'hinge_dot', 'hinge2_dot', 'qfrc_constraint_slider'],
    actionSpace: { kind: 'continuous', dim: 1, low: [-1], high: [1] },
    maxEpisodeSteps: 1000,
    rewardThreshold: 9100,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo).
    params: [
      { name: 'cart_mass', default: 10.47197551196598, unit: 'kg', description: 'mass of the cart body (inertia scaled with it)' },
      { name: 'pole_mass', default: 4.1987385815227585, unit: 'kg', description: 'mass of the lower pole (inertia scaled with it)' },
      { name: 'pole2_mass', default: 4.1987385815227585, unit: 'kg', description: 'mass of the upper pole (inertia scaled with it)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'downward gravity (the model\'s vector, with its 1e-5 sideways part, scaled by gravity / 9.81)' },
      { name: 'gear', default: 500, unit: 'N', description: 'actuator gear: cart force = gear x action' },
    ],
    processNoiseStd: [0.001, 0.001, 0.001, 0.01, 0.01, 0.01, 0],
  },
  xml: INVERTED_DOUBLE_PENDULUM_XML,
  frameSkip: 5,
  targets: [
    { kind: 'body_mass', body: 'cart' },
    { kind: 'body_mass', body: 'pole' },
    { kind: 'body_mass', body: 'pole2' },
    { kind: 'gravity' },
    { kind: 'actuator_gear', actuators: ['slide'] },
  ],
  extraState: 1,
  reset(rng, s, so) {
    for (let k = 0; k < 3; k++) s[so + k] = rng.uniform(-RESET_NOISE, RESET_NOISE);
    for (let k = 3; k < 6; k++) s[so + k] = RESET_NOISE * rng.normal();
    s[so + 6] = 0;
  },
  afterStep(v, s, so, out) {
    const x = v.siteXpos[0], y = v.siteXpos[2];
    const w1 = v.qvel[1], w2 = v.qvel[2];
    out.terminated = y <= 1;
    const distPenalty = 0.01 * x * x + (y - 2) ** 2;
    const velPenalty = 1e-3 * w1 * w1 + 5e-3 * w2 * w2;
    out.reward = (out.terminated ? 0 : HEALTHY_REWARD) - distPenalty - velPenalty;
    s[so + 6] = v.qfrcConstraint[0];
  },
  observe(s, so, o, oo) {
    o[oo] = s[so];
    o[oo + 1] = Math.sin(s[so + 1]);
    o[oo + 2] = Math.sin(s[so + 2]);
    o[oo + 3] = Math.cos(s[so + 1]);
    o[oo + 4] = Math.cos(s[so + 2]);
    for (let k = 3; k < 6; k++) o[oo + 2 + k] = clip10(s[so + k]);
    o[oo + 8] = clip10(s[so + 6]);
  },
};
