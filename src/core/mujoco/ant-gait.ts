// Ant-v5 trot gait: a central pattern generator whose oscillator is the first hip itself (as the runner's,
// runner-expert.ts), so the controller is a deterministic function of the observation that BC can imitate.
//   phase    phi = atan2(-hip_1_dot / omega, hip_1): the front-left hip's position on its own limit cycle
//   targets  diagonal legs (1, 3) at phase phi + lead, (2, 4) half a cycle later; hips swing by hipAmp with the sign
//            that moves each foot backward (legs 1, 2 on +hip, 3, 4 on -hip); ankles bend by ankleCenter +
//            ankleAmp cos(phase + ankleShift) in magnitude, signed by each ankle's range (30..70 or -70..-30 deg)
//   heading  hips 3, 4 swing by hipAmp (1 - steer x yaw) (clipped to 0..2): keeps the torso facing +x (gain 9, 0 if absent)
//   torques  a = clip(kp (target - q) - kd q_dot, -1, 1)
// Observation indices (Ant-v5, 105 values): joints at 5..12 (hip_1, ankle_1, ..., hip_4, ankle_4), their
// velocities at 19..26; actions in Gymnasium's order hip_4, ankle_4, hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3.

export interface AntGaitGains { omega: number; lead: number; kp: number; kd: number; hipAmp: number; ankleCenter: number; ankleAmp: number; ankleShift: number; steer: number }

export const antGaitFromVector = (x: number[]): AntGaitGains => ({
  omega: Math.max(1, x[0]), lead: x[1], kp: Math.max(0, x[2]), kd: Math.max(0, x[3]), hipAmp: x[4], ankleCenter: x[5], ankleAmp: x[6], ankleShift: x[7], steer: x[8] ?? 0,
});

const HIP_SIGN = [1, 1, -1, -1];
const ANKLE_SIGN = [1, -1, -1, 1];
const clip1 = (u: number) => Math.min(Math.max(u, -1), 1);

export function antGaitController(g: AntGaitGains): (obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number) => void {
  return (obs, oo, a, ao) => {
    const phi = Math.atan2(-obs[oo + 19] / g.omega, obs[oo + 5]);
    // Heading hold: the torso's yaw (from its quaternion, obs 1..4) scales the hip swing of legs 3, 4 by 1 - steer x yaw
    // (clipped to 0..2); without it the gait turns steadily (about -1.7 rad in 1000 steps) and walks a curve. Legs 1, 2
    // keep their swing: a larger first hip target sticks at its 30 deg limit, where the phase (from that hip) stalls.
    const [w, x, y, z] = [obs[oo + 1], obs[oo + 2], obs[oo + 3], obs[oo + 4]];
    const turn = clip1(g.steer * Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z)));
    for (let leg = 0; leg < 4; leg++) {
      const p = phi + g.lead + (leg % 2 === 1 ? Math.PI : 0);
      const hip = HIP_SIGN[leg] * g.hipAmp * Math.cos(p) * (leg < 2 ? 1 : 1 - turn);
      const ankle = ANKLE_SIGN[leg] * (g.ankleCenter + g.ankleAmp * Math.cos(p + g.ankleShift));
      const q = oo + 5 + 2 * leg, v = oo + 19 + 2 * leg, act = ao + 2 * ((leg + 1) % 4);
      a[act] = clip1(g.kp * (hip - obs[q]) - g.kd * obs[v]);
      a[act + 1] = clip1(g.kp * (ankle - obs[q + 1]) - g.kd * obs[v + 1]);
    }
  };
}
