// Hopper-v5 demonstrator: a Raibert-style hopping controller, a deterministic function of the observation.
// The phase comes from the foot's height, computed by planar forward kinematics from the observation (the
// model's link lengths): stance when the ankle is within `contactHeight` of the floor, flight otherwise.
//   stance  thrust: knee PD towards straight (stiff while rising, soft `kneeCompress` target while falling);
//           torso attitude: hip torque kAtt (theta - thetaRef) + kAttD omega;
//           ankle PD keeping the foot level.
//   flight  foot placement: hip PD towards a leg angle psi = -(kPlace vx + kSpeed (vx - vDesired)) (foot
//           ahead of the hip when moving forward), knee PD to `kneeFlight`, ankle level.
// Every action is clipped to [-1, 1]. The gains (HOPPER_GAINS) were found by a cross-entropy search over
// this structure on the nominal model (forward progress weighted x3, 300-step horizon, 42 iterations of
// 25 candidates) and are fixed numbers, so the demonstrator is deterministic; demonstrations vary only
// through the seeded reset states. What it does (docs/mujoco.md): it hops forward about 2 m (x ~ 2.1)
// at about 1 m/s and then falls, after about 270-300 steps, return about 530-560. It is NOT a steady gait:
// an honest, imperfect demonstrator for short-horizon data, not an expert at Gymnasium's threshold (3800).
import type { ExpertController } from '../experts/types';

export interface HopperGains {
  vDesired: number;
  kPlace: number;
  kSpeed: number;
  hipKp: number;
  hipKd: number;
  kAtt: number;
  kAttD: number;
  thetaRef: number;
  kneeKpRise: number;
  kneeKpFall: number;
  kneeCompress: number;
  kneeFlight: number;
  kneeKd: number;
  ankleKp: number;
  ankleKd: number;
  contactHeight: number;
}

export const HOPPER_GAIN_NAMES: (keyof HopperGains)[] = [
  'vDesired', 'kPlace', 'kSpeed', 'hipKp', 'hipKd', 'kAtt', 'kAttD', 'thetaRef', 'kneeKpRise', 'kneeKpFall',
  'kneeCompress', 'kneeFlight', 'kneeKd', 'ankleKp', 'ankleKd', 'contactHeight',
];

export const HOPPER_GAINS: HopperGains = {
  vDesired: 1.6702, kPlace: 0.1995, kSpeed: 0.0684, hipKp: -0.1014, hipKd: 0.307, kAtt: -0.6715, kAttD: -0.0381,
  thetaRef: 0.0002, kneeKpRise: 4.0544, kneeKpFall: 0.4665, kneeCompress: -0.6029, kneeFlight: -0.2149, kneeKd: 0.2945,
  ankleKp: -1.0347, ankleKd: -0.008, contactHeight: 0.4214,
};

const clip1 = (u: number) => Math.min(Math.max(u, -1), 1);

/** The controller for given gains (the built-in expert uses HOPPER_GAINS). */
export function hopperController(g: HopperGains): (obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number) => void {
  return (obs, oo, a, ao) => {
    const z = obs[oo], theta = obs[oo + 1], q1 = obs[oo + 2], q2 = obs[oo + 3], q3 = obs[oo + 4];
    const vx = obs[oo + 5], vz = obs[oo + 6], omega = obs[oo + 7], q1d = obs[oo + 8], q2d = obs[oo + 9], q3d = obs[oo + 10];
    // Absolute link angles about +y (thigh, leg and foot joints turn about -y).
    const a1 = theta - q1, a2 = a1 - q2, a3 = a2 - q3;
    const ankleZ = z - 0.2 * Math.cos(theta) - 0.45 * Math.cos(a1) - 0.5 * Math.cos(a2);
    const stance = ankleZ < g.contactHeight;
    // Foot level: a3 = 0, i.e. q3 = a2.
    const ankle = g.ankleKp * (q3 - a2) * -1 - g.ankleKd * q3d;
    let hip: number, knee: number;
    if (stance) {
      // Hip torque acts on the torso with the opposite sign (reaction); thigh joint turns about -y.
      hip = g.kAtt * (theta - g.thetaRef) + g.kAttD * omega;
      knee = (vz > 0 ? g.kneeKpRise : g.kneeKpFall) * ((vz > 0 ? 0 : g.kneeCompress) - q2) - g.kneeKd * q2d;
    } else {
      const psi = -(g.kPlace * vx + g.kSpeed * (vx - g.vDesired));
      const q1Target = theta - psi;
      hip = g.hipKp * (q1Target - q1) - g.hipKd * q1d;
      knee = g.kneeKpRise * (g.kneeFlight - q2) - g.kneeKd * q2d;
    }
    a[ao] = clip1(hip);
    a[ao + 1] = clip1(knee);
    a[ao + 2] = clip1(ankle);
  };
}

export const hopperExpert: ExpertController = {
  envId: 'Hopper-v5',
  name: 'raibert-hop',
  description: 'Raibert-style phase-switched PD (knee thrust and hip attitude in stance, foot placement by speed in flight), CEM-tuned gains; hops about 2 m forward, then falls (about 280 steps)',
  act: hopperController(HOPPER_GAINS),
};
