// MountainCarContinuous-v0, exact to Gymnasium's continuous_mountain_car.py: the state is stored as float32
// after every step (Math.fround), termination is tested on the unrounded values, the action penalty uses the
// UNclipped action, and the left wall is inelastic. Gymnasium's literal gravity constant 0.0025 is `gravity`.
// The arithmetic in between is float64, which is what Gymnasium computes under NumPy 1.x. Under NumPy 2
// (NEP 50 promotion) Gymnasium's own step depends on dtypes: with the float32 state, 3*position is rounded to
// float32 before the cosine, and with float32 or clipped actions velocity and position are summed in float32.
// That changes the last float32 bit now and then; measured over random trajectories, states then drift apart
// by up to ~1e-6. We follow the dtype-independent NumPy 1.x reading.
import type { EnvDynamics, EnvSpec, StepOut } from './types';

export const mountainCarContinuousSpec: EnvSpec = {
  id: 'MountainCarContinuous-v0',
  stateNames: ['position', 'velocity'],
  stateUnits: ['m', 'm/s'],
  // -0.1 a^2 per step (|a| <= 1, 999 steps), +100 at the goal.
  returnRange: [-100, 100],
  obsNames: ['position', 'velocity'],
  actionSpace: { kind: 'continuous', dim: 1, low: [-1], high: [1] },
  maxEpisodeSteps: 999,
  rewardThreshold: 90,
  params: [
    { name: 'power', default: 0.0015, unit: 'velocity per unit action per step', description: 'engine power (actuator gain)' },
    { name: 'gravity', default: 0.0025, unit: 'velocity per step', description: "gravity's pull along the slope, times cos(3 position) (a literal in Gymnasium)" },
  ],
  processNoiseStd: [0.001, 0.0005],
};

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;

export const mountainCarContinuous: EnvDynamics = {
  spec: mountainCarContinuousSpec,

  reset(rng, s, so) {
    // Gymnasium keeps the reset state in float64; only the observation is float32.
    s[so] = rng.uniform(-0.6, -0.4);
    s[so + 1] = 0;
  },

  step(s, so, p, po, a, ao, out: StepOut) {
    const power = p[po], gravity = p[po + 1];
    let position = s[so], velocity = s[so + 1];
    const action = a[ao];
    const force = Math.min(Math.max(action, -1.0), 1.0);

    velocity += force * power - gravity * Math.cos(3 * position);
    if (velocity > MAX_SPEED) velocity = MAX_SPEED;
    if (velocity < -MAX_SPEED) velocity = -MAX_SPEED;
    position += velocity;
    if (position > MAX_POSITION) position = MAX_POSITION;
    if (position < MIN_POSITION) position = MIN_POSITION;
    if (position === MIN_POSITION && velocity < 0) velocity = 0;

    const terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    let reward = 0;
    if (terminated) reward = 100.0;
    reward -= action * action * 0.1;

    s[so] = Math.fround(position);
    s[so + 1] = Math.fround(velocity);
    out.reward = reward;
    out.terminated = terminated;
  },

  observe(s, so, o, oo) {
    o[oo] = Math.fround(s[so]);
    o[oo + 1] = Math.fround(s[so + 1]);
  },
};
