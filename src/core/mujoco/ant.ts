// Ant-v5 (Gymnasium `ant_v5.py`, default options) on MuJoCo: frame_skip 5 (dt 0.05 s).
//   observation  qpos[2:] (z, quaternion, 8 leg joints) ‖ qvel (14) ‖ clip(cfrc_ext[1:], -1, 1) (13 bodies x 6) (105)
//   reward       forward velocity of the torso + 1 (while healthy) - 0.5 |a|^2 - 5e-4 |clip(cfrc_ext, -1, 1)|^2
//   healthy      qpos ‖ qvel finite and 0.2 <= z <= 1
//   termination  when unhealthy; reset qpos = qpos0 + U(-0.1, 0.1), qvel = 0.1 N(0, 1)
// Gymnasium reads the torso's position from data.xpos, which after mj_step holds the last substep's kinematics
// (not the final qpos), and cfrc_ext after mj_rnePostConstraint. Both become state here so a step stays a pure
// function of the state: extras = the torso's (x, y) as last read (qpos' x, y at reset, which is what mj_forward
// gives there) ‖ cfrc_ext of bodies 1..13 (0 at reset: Gymnasium's reset does not compute them either).
// Parameters: the torso mass (RRLS's robust Ant), a factor on every body's mass, a friction factor, gravity and the
// gear of the eight motors.
import { ANT_XML } from './models/ant';
import type { MujocoTask } from './task';

const RESET_NOISE = 0.1;
const CTRL_COST = 0.5;
const CONTACT_COST = 5e-4;
/** Bodies 1..13 of the model (the lower legs are unnamed in the MJCF): names for the contact-force state. */
const BODIES = ['torso', 'front_left_leg', 'aux_1', 'front_left_foot', 'front_right_leg', 'aux_2', 'front_right_foot', 'back_leg', 'aux_3', 'back_foot', 'right_back_leg', 'aux_4', 'right_back_foot'];
const NBODY = BODIES.length + 1;
const LEG_JOINTS = ['hip_1', 'ankle_1', 'hip_2', 'ankle_2', 'hip_3', 'ankle_3', 'hip_4', 'ankle_4'];
const QPOS = ['x', 'y', 'z', 'qw', 'qx', 'qy', 'qz', ...LEG_JOINTS];
const QVEL = ['x_dot', 'y_dot', 'z_dot', 'wx', 'wy', 'wz', ...LEG_JOINTS.map((j) => `${j}_dot`)];
const CFRC = BODIES.flatMap((b) => ['rx', 'ry', 'rz', 'fx', 'fy', 'fz'].map((c) => `cfrc_${b}_${c}`));
const NQ = 15, NV = 14;
/** Offsets of the extras in the state. */
const XY = NQ + NV, CF = XY + 2;
const clip1 = (x: number) => Math.min(Math.max(x, -1), 1);

export const ant: MujocoTask = {
  spec: {
    id: 'Ant-v5',
    stateNames: [...QPOS, ...QVEL, 'torso_x_read', 'torso_y_read', ...CFRC],
    // Position m, orientation quaternion (no unit), joints rad; the contact wrenches torque N m, force N.
    stateUnits: ['m', 'm', 'm', '', '', '', '', ...LEG_JOINTS.map(() => 'rad'), 'm/s', 'm/s', 'm/s', 'rad/s', 'rad/s', 'rad/s', ...LEG_JOINTS.map(() => 'rad/s'),
      'm', 'm', ...BODIES.flatMap(() => ['N m', 'N m', 'N m', 'N', 'N', 'N'])],
    obsNames: [...QPOS.slice(2), ...QVEL, ...CFRC],
    actionSpace: { kind: 'continuous', dim: 8, low: new Array<number>(8).fill(-1), high: new Array<number>(8).fill(1) },
    maxEpisodeSteps: 1000,
    rewardThreshold: 6000,
    // Defaults are the compiled model's values (a test reads them back from MuJoCo and checks them against the geoms).
    params: [
      { name: 'torso_mass', default: 0.32724923474893675, unit: 'kg', description: 'mass of the torso sphere (inertia scaled with it)' },
      { name: 'mass_scale', default: 1, unit: 'x', description: 'factor on the mass and inertia of every body (all links)' },
      { name: 'friction', default: 1, unit: 'x', description: 'factor on every geom\'s friction coefficients (1, 0.5, 0.5)' },
      { name: 'gravity', default: 9.81, unit: 'm/s^2', description: 'downward gravity' },
      { name: 'gear', default: 150, unit: 'N m', description: 'gear of the eight motors: torque = gear x action' },
    ],
    processNoiseStd: [0, 0, ...new Array<number>(NQ - 2).fill(0.001), ...new Array<number>(NV).fill(0.01), ...new Array<number>(2 + CFRC.length).fill(0)],
  },
  xml: ANT_XML,
  frameSkip: 5,
  postConstraint: true,
  targets: [
    { kind: 'body_mass', body: 'torso' },
    { kind: 'mass_scale' },
    { kind: 'friction_scale' },
    { kind: 'gravity' },
    { kind: 'actuator_gear', actuators: ['hip_4', 'ankle_4', 'hip_1', 'ankle_1', 'hip_2', 'ankle_2', 'hip_3', 'ankle_3'] },
  ],
  extraState: 2 + CFRC.length,
  reset(rng, s, so) {
    for (let k = 0; k < NQ; k++) s[so + k] = (k === 2 ? 0.75 : k === 3 ? 1 : 0) + rng.uniform(-RESET_NOISE, RESET_NOISE);
    for (let k = NQ; k < NQ + NV; k++) s[so + k] = RESET_NOISE * rng.normal();
    s[so + XY] = s[so];
    s[so + XY + 1] = s[so + 1];
    for (let k = CF; k < CF + CFRC.length; k++) s[so + k] = 0;
  },
  afterStep(v, s, so, out) {
    // Torso = body 1: its xpos as mj_step left it.
    const x = v.xpos[3], y = v.xpos[4];
    const forward = (x - s[so + XY]) / v.dt;
    s[so + XY] = x;
    s[so + XY + 1] = y;
    let contact = 0;
    for (let k = 0; k < 6 * NBODY; k++) {
      const c = clip1(v.cfrcExt[k]);
      contact += c * c;
      if (k >= 6) s[so + CF + k - 6] = v.cfrcExt[k];
    }
    let healthy = true;
    for (let k = 0; k < NQ + NV && healthy; k++) healthy = Number.isFinite(s[so + k]);
    const z = s[so + 2];
    healthy = healthy && z >= 0.2 && z <= 1;
    let ctrlCost = 0;
    for (let k = 0; k < 8; k++) ctrlCost += v.a[v.ao + k] * v.a[v.ao + k];
    out.reward = forward + (healthy ? 1 : 0) - CTRL_COST * ctrlCost - CONTACT_COST * contact;
    out.terminated = !healthy;
  },
  observe(s, so, o, oo) {
    for (let k = 0; k < NQ - 2; k++) o[oo + k] = s[so + 2 + k];
    for (let k = 0; k < NV; k++) o[oo + NQ - 2 + k] = s[so + NQ + k];
    for (let k = 0; k < CFRC.length; k++) o[oo + NQ - 2 + NV + k] = clip1(s[so + CF + k]);
  },
};
