// PlanarRunner-v0 demonstrator: a central-pattern-generator gait whose oscillator is the back thigh itself, so
// the controller is a deterministic function of the observation (a Markov expert that BC can imitate).
//   phase      phi = atan2(-bthigh_dot / omega, bthigh - center[0]): the back thigh's position on its own
//              limit cycle (for q = c + A cos(phi), q_dot = -A omega sin(phi))
//   targets    q*_j = center[j] + amp[j] cos(phi + lead + shift[j]) (+ pitch[.] rooty for the thighs: a posture
//              reflex) for the four leg joints (shift[0] = 0):
//              the targets run `lead` ahead of the thigh, which pumps energy into the cycle (a self-exciting
//              oscillator that entrains to the body's own resonance)
//   torques    a_j = clip(kp (q*_j - q_j) - kd q_j_dot, -1, 1)
// At rest (bthigh = center, velocity 0) the phase is atan2(0, 0) = 0 and the targets push the thigh off it, so
// the gait starts by itself from any reset state. The gains (RUNNER_GAINS) were found by a cross-entropy search
// on the nominal model (docs/mujoco.md) and are fixed numbers: demonstrations vary only with the reset states.
import type { ExpertController } from '../experts/types';

export interface RunnerGains {
  omega: number;
  lead: number;
  kp: number;
  kd: number;
  /** bthigh, bshin, fthigh, fshin */
  center: number[];
  amp: number[];
  /** Phase shifts of bshin, fthigh, fshin relative to bthigh. */
  shift: number[];
  /** Posture reflex: the back and front thigh targets move by these gains times the torso pitch (rooty). */
  pitch: number[];
}

export const RUNNER_GAINS: RunnerGains = {
  omega: 6.11, lead: -0.2562, kp: 1.6838, kd: 0.0959,
  center: [0.1567, 0.2036, 0.4962, 0.0056], amp: [0.4789, 0.3895, 0.3612, 0.4783],
  shift: [1.4164, 3.5826, 6.3855], pitch: [-1.0983, -0.2016],
};

const clip1 = (u: number) => Math.min(Math.max(u, -1), 1);

/** The controller for given gains (the built-in expert uses RUNNER_GAINS). */
export function runnerController(g: RunnerGains): (obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number) => void {
  return (obs, oo, a, ao) => {
    const phi = Math.atan2(-obs[oo + 9] / g.omega, obs[oo + 2] - g.center[0]);
    for (let j = 0; j < 4; j++) {
      const reflex = j === 0 ? g.pitch[0] * obs[oo + 1] : j === 2 ? g.pitch[1] * obs[oo + 1] : 0;
      const target = g.center[j] + g.amp[j] * Math.cos(phi + g.lead + (j === 0 ? 0 : g.shift[j - 1])) + reflex;
      a[ao + j] = clip1(g.kp * (target - obs[oo + 2 + j]) - g.kd * obs[oo + 9 + j]);
    }
  };
}

export const runnerExpert: ExpertController = {
  envId: 'PlanarRunner-v0',
  name: 'cpg-gait',
  description: 'central pattern generator entrained to the back thigh (phase from its angle and velocity), PD to phase-shifted sinusoidal joint targets',
  act: runnerController(RUNNER_GAINS),
};
