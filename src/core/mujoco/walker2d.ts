// Walker2d-v5 (Gymnasium `walker2d_v5.py`) on MuJoCo: frame_skip 4 (dt 0.008 s).
//   observation  qpos[1:] (rootz, rooty, 3 right-leg and 3 left-leg joints) ‖ clip(qvel, -10, 10)          (17)
//   reward       (x_after - x_before) / dt + 1 (while healthy) - 1e-3 |a|^2
//   healthy      0.8 < z < 2 and -1 < rooty < 1 (no check on the other joints, unlike Hopper)
//   termination  when unhealthy; reset qpos = [0, 1.25, 0, ...] + U(-5e-3, 5e-3), qvel = U(-5e-3, 5e-3)
// Parameters: the torso and right-thigh masses (RRLS's robust Walker2d), a factor on every body's mass, a friction
// factor, gravity and the gear of the six motors.
import { WALKER2D_XML } from './models/walker2d';
import { controlSquared, forwardVelocity, observePlanar, planarNames, resetPlanar } from './planar';
import type { MujocoTask } from './task';

const RESET_NOISE = 5e-3;
const CTRL_COST = 1e-3;
const QPOS0 = [0, 1.25, 0, 0, 0, 0, 0, 0, 0];

export const walker2d: MujocoTask = {
  spec: {
    id: 'Walker2d-v5',
    ...planarNames(['rootx', 'rootz', 'rooty', 'thigh', 'leg', 'foot', 'thigh_left', 'leg_left', 'foot_left']),
    actionSpace: { kind: 'continuous', dim: 6, low: [-1, -1, -1, -1, -1, -1], high: [1, 1, 1, 1, 1, 1] },
    maxEpisodeSteps: 1000,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo and checks them against the geoms).
    params: [
      { name: 'torso_mass', default: 3.6651914291880932, unit: 'kg', description: 'mass of the torso (inertia scaled with it)' },
      { name: 'thigh_mass', default: 4.0578905108868177, unit: 'kg', description: 'mass of the right thigh (inertia scaled with it)' },
      { name: 'mass_scale', default: 1, unit: 'x', description: 'factor on the mass and inertia of every body (all links)' },
      { name: 'friction', default: 1, unit: 'x', description: 'factor on every geom\'s friction coefficients (floor 0.7, body 0.9, feet 1.9)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'downward gravity' },
      { name: 'gear', default: 100, unit: 'N m', description: 'gear of the six motors: torque = gear x action' },
    ],
  },
  xml: WALKER2D_XML,
  frameSkip: 4,
  targets: [
    { kind: 'body_mass', body: 'torso' },
    { kind: 'body_mass', body: 'thigh' },
    { kind: 'mass_scale' },
    { kind: 'friction_scale' },
    { kind: 'gravity' },
    { kind: 'actuator_gear', actuators: ['thigh', 'leg', 'foot', 'thigh_left', 'leg_left', 'foot_left'] },
  ],
  extraState: 0,
  reset(rng, s, so) {
    resetPlanar(rng, s, so, QPOS0, RESET_NOISE, 'uniform');
  },
  afterStep(v, s, so, out) {
    const z = s[so + 1], angle = s[so + 2];
    const healthy = z > 0.8 && z < 2 && angle > -1 && angle < 1;
    out.reward = forwardVelocity(v, s, so) + (healthy ? 1 : 0) - CTRL_COST * controlSquared(v, 6);
    out.terminated = !healthy;
  },
  observe(s, so, o, oo) {
    observePlanar(s, so, o, oo, 9, 10);
  },
};
