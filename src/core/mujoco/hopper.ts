// Hopper-v5 (Gymnasium `hopper_v5.py`) on MuJoCo: frame_skip 4 (dt 0.008 s).
//   observation  qpos[1:] (rootz, rooty, thigh, leg, foot) ‖ clip(qvel, -10, 10)                       (11)
//   reward       (x_after - x_before) / dt + 1 (while healthy) - 1e-3 |a|^2
//   healthy      z > 0.7, |rooty| < 0.2, every component of qpos[2:] ‖ qvel inside (-100, 100)
//   termination  when unhealthy; reset qpos = [0, 1.25, 0, 0, 0, 0] + U(-5e-3, 5e-3), qvel = U(-5e-3, 5e-3)
// (RRLS's robust Hopper varies the floor friction and the torso/thigh masses; all four masses, a friction
// factor, gravity and the gear of the three motors are parameters here.)
import { HOPPER_XML } from './models/hopper';
import { controlSquared, forwardVelocity, observePlanar, planarNames, resetPlanar } from './planar';
import type { MujocoTask } from './task';

const RESET_NOISE = 5e-3;
const INIT_QPOS = [0, 1.25, 0, 0, 0, 0];

export const hopper: MujocoTask = {
  spec: {
    id: 'Hopper-v5',
    ...planarNames(['rootx', 'rootz', 'rooty', 'thigh', 'leg', 'foot']),
    actionSpace: { kind: 'continuous', dim: 3, low: [-1, -1, -1], high: [1, 1, 1] },
    maxEpisodeSteps: 1000,
    rewardThreshold: 3800,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo).
    params: [
      { name: 'torso_mass', default: 3.665191429188093, unit: 'kg', description: 'mass of the torso (inertia scaled with it)' },
      { name: 'thigh_mass', default: 4.057890510886818, unit: 'kg', description: 'mass of the thigh (inertia scaled with it)' },
      { name: 'leg_mass', default: 2.7813566959781637, unit: 'kg', description: 'mass of the leg (inertia scaled with it)' },
      { name: 'foot_mass', default: 5.315574769873931, unit: 'kg', description: 'mass of the foot (inertia scaled with it)' },
      { name: 'friction', default: 1, unit: 'x', description: 'factor on every geom\'s friction coefficients (floor 1, body 0.9, foot 2.0)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'downward gravity' },
      { name: 'gear', default: 200, unit: 'N m', description: 'gear of the three motors: torque = gear x action' },
    ],
  },
  xml: HOPPER_XML,
  frameSkip: 4,
  targets: [
    { kind: 'body_mass', body: 'torso' },
    { kind: 'body_mass', body: 'thigh' },
    { kind: 'body_mass', body: 'leg' },
    { kind: 'body_mass', body: 'foot' },
    { kind: 'friction_scale' },
    { kind: 'gravity' },
    { kind: 'actuator_gear', actuators: ['thigh', 'leg', 'foot'] },
  ],
  extraState: 0,
  reset(rng, s, so) {
    resetPlanar(rng, s, so, INIT_QPOS, RESET_NOISE, 'uniform');
  },
  afterStep(v, s, so, out) {
    const z = s[so + 1], angle = s[so + 2];
    let healthy = z > 0.7 && angle > -0.2 && angle < 0.2;
    for (let k = 2; k < 12 && healthy; k++) healthy = s[so + k] > -100 && s[so + k] < 100;
    out.reward = forwardVelocity(v, s, so) + (healthy ? 1 : 0) - 1e-3 * controlSquared(v, 3);
    out.terminated = !healthy;
  },
  observe(s, so, o, oo) {
    observePlanar(s, so, o, oo, 6, 10);
  },
};
