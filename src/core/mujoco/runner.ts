// PlanarRunner-v0: the project's half-cheetah-like runner (models/runner.ts), with Gymnasium's HalfCheetah-v5
// conventions: frame_skip 5 (dt 0.05 s), no termination, time limit 1000.
//   observation  qpos[1:] (rootz, rooty, bthigh, bshin, fthigh, fshin) ‖ qvel                          (13)
//   reward       (x_after - x_before) / dt - 0.1 |a|^2
//   reset        qpos = model qpos0 + U(-0.1, 0.1), qvel = 0.1 N(0, 1)
import { RUNNER_XML } from './models/runner';
import { controlSquared, forwardVelocity, observePlanar, planarNames, resetPlanar } from './planar';
import type { MujocoTask } from './task';

const RESET_NOISE = 0.1;
const QPOS0 = [0, 0.55, 0, 0, 0, 0, 0];
const CTRL_COST = 0.1;

export const runner: MujocoTask = {
  spec: {
    id: 'PlanarRunner-v0',
    ...planarNames(['rootx', 'rootz', 'rooty', 'bthigh', 'bshin', 'fthigh', 'fshin']),
    actionSpace: { kind: 'continuous', dim: 4, low: [-1, -1, -1, -1], high: [1, 1, 1, 1] },
    maxEpisodeSteps: 1000,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo).
    params: [
      { name: 'torso_mass', default: 9.028937286417067, unit: 'kg', description: 'mass of the torso with its head (inertia scaled with it)' },
      { name: 'bthigh_mass', default: 1.5247196345422462, unit: 'kg', description: 'mass of the back thigh (inertia scaled with it)' },
      { name: 'bshin_mass', default: 1.141707130192091, unit: 'kg', description: 'mass of the back shin (inertia scaled with it)' },
      { name: 'fthigh_mass', default: 1.5247196345422462, unit: 'kg', description: 'mass of the front thigh (inertia scaled with it)' },
      { name: 'fshin_mass', default: 1.141707130192091, unit: 'kg', description: 'mass of the front shin (inertia scaled with it)' },
      { name: 'friction', default: 1, unit: 'x', description: 'factor on every geom\'s friction coefficients (0.8 sliding everywhere)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'downward gravity' },
      { name: 'gear', default: 60, unit: 'N m', description: 'gear of the four motors: torque = gear x action' },
    ],
  },
  xml: RUNNER_XML,
  frameSkip: 5,
  targets: [
    { kind: 'body_mass', body: 'torso' },
    { kind: 'body_mass', body: 'bthigh' },
    { kind: 'body_mass', body: 'bshin' },
    { kind: 'body_mass', body: 'fthigh' },
    { kind: 'body_mass', body: 'fshin' },
    { kind: 'friction_scale' },
    { kind: 'gravity' },
    { kind: 'actuator_gear', actuators: ['bthigh', 'bshin', 'fthigh', 'fshin'] },
  ],
  extraState: 0,
  reset(rng, s, so) {
    resetPlanar(rng, s, so, QPOS0, RESET_NOISE, 'normal');
  },
  afterStep(v, s, so, out) {
    out.reward = forwardVelocity(v, s, so) - CTRL_COST * controlSquared(v, 4);
    out.terminated = false;
  },
  observe(s, so, o, oo) {
    observePlanar(s, so, o, oo, 7);
  },
};
