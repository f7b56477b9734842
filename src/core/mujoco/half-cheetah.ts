// HalfCheetah-v5 (Gymnasium `half_cheetah_v5.py`) on MuJoCo: frame_skip 5 (dt 0.05 s), no termination.
//   observation  qpos[1:] (rootz, rooty, bthigh, bshin, bfoot, fthigh, fshin, ffoot) ‖ qvel (9), not clipped  (17)
//   reward       (x_after - x_before) / dt - 0.1 |a|^2
//   reset        qpos = qpos0 (all zeros) + U(-0.1, 0.1), qvel = 0.1 N(0, 1)
// Parameters: the torso and back-thigh masses (RRLS's robust HalfCheetah), a factor on every body's mass,
// a friction factor, gravity and a factor on the six motors' gears (120, 90, 60, 120, 60, 30).
import { HALF_CHEETAH_XML } from './models/half-cheetah';
import { controlSquared, forwardVelocity, observePlanar, planarNames, resetPlanar } from './planar';
import type { MujocoTask } from './task';

const RESET_NOISE = 0.1;
const CTRL_COST = 0.1;
const QPOS0 = new Array<number>(9).fill(0);

export const halfCheetah: MujocoTask = {
  spec: {
    id: 'HalfCheetah-v5',
    ...planarNames(['rootx', 'rootz', 'rooty', 'bthigh', 'bshin', 'bfoot', 'fthigh', 'fshin', 'ffoot']),
    actionSpace: { kind: 'continuous', dim: 6, low: [-1, -1, -1, -1, -1, -1], high: [1, 1, 1, 1, 1, 1] },
    maxEpisodeSteps: 1000,
    rewardThreshold: 4800,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo and checks them against the geoms).
    params: [
      { name: 'torso_mass', default: 6.25020920502092, unit: 'kg', description: 'mass of the torso with its head (inertia scaled with it)' },
      { name: 'bthigh_mass', default: 1.5435146443514645, unit: 'kg', description: 'mass of the back thigh (inertia scaled with it)' },
      { name: 'mass_scale', default: 1, unit: 'x', description: 'factor on the mass and inertia of every body (all links)' },
      { name: 'friction', default: 1, unit: 'x', description: 'factor on every geom\'s friction coefficients (0.4 sliding everywhere)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'downward gravity' },
      { name: 'gear', default: 1, unit: 'x', description: 'factor on the six motors\' gears (120, 90, 60, 120, 60, 30 N m)' },
    ],
  },
  xml: HALF_CHEETAH_XML,
  frameSkip: 5,
  targets: [
    { kind: 'body_mass', body: 'torso' },
    { kind: 'body_mass', body: 'bthigh' },
    { kind: 'mass_scale' },
    { kind: 'friction_scale' },
    { kind: 'gravity' },
    { kind: 'actuator_gear_scale' },
  ],
  extraState: 0,
  reset(rng, s, so) {
    resetPlanar(rng, s, so, QPOS0, RESET_NOISE, 'normal');
  },
  afterStep(v, s, so, out) {
    out.reward = forwardVelocity(v, s, so) - CTRL_COST * controlSquared(v, 6);
    out.terminated = false;
  },
  observe(s, so, o, oo) {
    observePlanar(s, so, o, oo, 9);
  },
};
