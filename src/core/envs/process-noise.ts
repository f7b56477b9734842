// Gaussian process noise: the one stochastic version of the nominal kernel, shared by imperfect
// demonstrations (experts/demos.ts) and the evaluation's stochastic kernel.
//
// Convention: after a nominal step, each internal-state component k (EnvSpec.stateNames order) gets
//   s'[k] += sigmaScale * spec.processNoiseStd[k] * N(0, 1),
// so sigmaScale = 1 (`--process-noise 1`) is the environment's documented scale and 0 is the deterministic
// kernel. Then the environment's own state invariants are restored, exactly as its step leaves them:
//   CartPole-v1              none (Gymnasium's state is unbounded; termination is tested by the next step)
//   Pendulum-v1              theta_dot clipped to [-8, 8]; theta stays unwrapped, as in Gymnasium
//   MountainCarContinuous-v0 velocity clipped to [-0.07, 0.07], position to [-1.2, 0.6], the inelastic left
//                            wall (velocity 0 when at -1.2 and moving left), then both stored as float32
//   Acrobot-v1               both angles wrapped into [-pi, pi], dtheta1 clipped to +-4 pi, dtheta2 to +-9 pi
// The bounds are Gymnasium's constants (also private to each environment's file; a test checks that each
// step leaves the state inside them). Callers decide when to add noise; the demos and the evaluator add it
// only after steps that did not terminate (termination and reward come from the nominal step).
import type { Rng } from '../rng';
import type { EnvId, EnvSpec } from './types';

/** Restore an environment's state invariants in place after a disturbance. */
type Constrain = (s: Float64Array, so: number) => void;

const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

/** Gymnasium's acrobot wrap(): shift by whole turns into [m, M]. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

export const STATE_BOUNDS = {
  'Pendulum-v1': { maxSpeed: 8 },
  'MountainCarContinuous-v0': { minPosition: -1.2, maxPosition: 0.6, maxSpeed: 0.07 },
  'Acrobot-v1': { maxVel1: 4 * Math.PI, maxVel2: 9 * Math.PI },
} as const;

const constrainById: Record<EnvId, Constrain> = {
  'CartPole-v1': () => {},
  'Pendulum-v1': (s, so) => {
    const { maxSpeed } = STATE_BOUNDS['Pendulum-v1'];
    s[so + 1] = clip(s[so + 1], -maxSpeed, maxSpeed);
  },
  'MountainCarContinuous-v0': (s, so) => {
    const { minPosition, maxPosition, maxSpeed } = STATE_BOUNDS['MountainCarContinuous-v0'];
    const velocity = clip(s[so + 1], -maxSpeed, maxSpeed);
    const position = clip(s[so], minPosition, maxPosition);
    s[so] = Math.fround(position);
    s[so + 1] = Math.fround(position === minPosition && velocity < 0 ? 0 : velocity);
  },
  'Acrobot-v1': (s, so) => {
    const { maxVel1, maxVel2 } = STATE_BOUNDS['Acrobot-v1'];
    s[so] = wrap(s[so], -Math.PI, Math.PI);
    s[so + 1] = wrap(s[so + 1], -Math.PI, Math.PI);
    s[so + 2] = clip(s[so + 2], -maxVel1, maxVel1);
    s[so + 3] = clip(s[so + 3], -maxVel2, maxVel2);
  },
};

/**
 * Add process noise to the state at state[offset..offset+stateDim) in place: sigmaScale times the
 * environment's documented processNoiseStd per component, one N(0,1) draw from `rng` per component (in
 * stateNames order), then the environment's invariants. sigmaScale = 0 leaves the state and the generator
 * untouched.
 */
export function addProcessNoise(spec: EnvSpec, state: Float64Array, offset: number, sigmaScale: number, rng: Rng): void {
  if (sigmaScale === 0) return;
  const std = spec.processNoiseStd;
  for (let k = 0; k < std.length; k++) state[offset + k] += sigmaScale * std[k] * rng.normal();
  constrainById[spec.id as EnvId]?.(state, offset); // MuJoCo envs (src/core/mujoco): no invariants to restore
}
