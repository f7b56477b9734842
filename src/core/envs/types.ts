// The environment contract (Gymnasium-style). Every physical parameter a robustness study varies is an
// explicit, named parameter of the instance. Implementations live one per file beside this one.
import type { Rng } from '../rng';

export type EnvId = 'CartPole-v1' | 'Pendulum-v1' | 'MountainCarContinuous-v0' | 'Acrobot-v1';

export interface ParamSpec {
  name: string;
  default: number;
  unit: string;
  description: string;
}

export type ActionSpace =
  | { kind: 'discrete'; n: number; labels: string[] }
  | { kind: 'continuous'; dim: number; low: number[]; high: number[] };

/** The trainer's and the density models' action settings for an action space: its choices, or its bounds. */
export function actionBounds(space: ActionSpace): { numActions: number } | { actionLow: number[]; actionHigh: number[] } {
  return space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
}

export interface EnvSpec {
  /** The id in core/environments/registry.ts ('mjcf:<file>' for a user's MuJoCo model). */
  id: string;
  /** Internal state, as `droil rollout --state` takes it (e.g. CartPole [x, x_dot, theta, theta_dot]). */
  stateNames: string[];
  /**
   * The unit of each internal-state component (stateNames order), for axis titles: 'rad' marks an angle
   * (charts wrap it to (-pi, pi]), '' a dimensionless value.
   */
  stateUnits?: string[];
  /** The smallest and largest return an episode can have, where the task bounds it (charts clamp bands to it). */
  returnRange?: [number, number];
  /** Observation components, as the policy sees them. */
  obsNames: string[];
  actionSpace: ActionSpace;
  /** Gymnasium's TimeLimit. */
  maxEpisodeSteps: number;
  /** Gymnasium's reward_threshold, where it has one. */
  rewardThreshold?: number;
  /** The physical parameters, in a fixed order (the order of the per-env parameter arrays). */
  params: ParamSpec[];
  /**
   * Standard deviation of Gaussian process noise per internal-state component (stateNames order): the size of
   * a small, plausible one-step disturbance. Nominal dynamics are noise-free; a noise level multiplies these.
   */
  processNoiseStd: number[];
}

export type Params = Record<string, number>;

export interface StepResult {
  observation: Float64Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/** What a policy or an expert acts with: a discrete index, or a continuous vector. */
export type Action = number | ArrayLike<number>;

/** Scratch output of one dynamics step (reused, so stepping allocates nothing). */
export interface StepOut {
  reward: number;
  terminated: boolean;
}

/**
 * One environment's physics as pure functions over flat arrays. The single-env class and the vectorised
 * stepper both call these, so there is exactly one copy of each environment's equations.
 * `s` holds the internal state at offset `so`; `p` the parameter values (spec.params order) at `po`.
 */
export interface EnvDynamics {
  spec: EnvSpec;
  /** Draw an initial state from Gymnasium's reset distribution. */
  reset(rng: Rng, s: Float64Array, so: number): void;
  /**
   * Advance the state in place by one step under the action at a[ao] (discrete: the index; continuous:
   * actionDim values) and report reward and termination in `out`. The action is assumed valid.
   */
  step(s: Float64Array, so: number, p: Float64Array, po: number, a: Float64Array, ao: number, out: StepOut): void;
  /** Observation of the state, float32-rounded as Gymnasium returns it, written at o[oo]. */
  observe(s: Float64Array, so: number, o: Float64Array, oo: number): void;
}
