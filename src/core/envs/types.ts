// The environment contract (Gymnasium-style). Every physical parameter a robustness study varies is an
// explicit, named parameter of the instance. Implementations live one per file beside this one.

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

export interface EnvSpec {
  id: EnvId;
  /** Internal state, as `droil rollout --state` takes it (e.g. CartPole [x, x_dot, theta, theta_dot]). */
  stateNames: string[];
  /** Observation components, as the policy sees them. */
  obsNames: string[];
  actionSpace: ActionSpace;
  /** Gymnasium's TimeLimit. */
  maxEpisodeSteps: number;
  /** Gymnasium's reward_threshold, where it has one. */
  rewardThreshold?: number;
  /** The physical parameters, in a fixed order (the order of the per-env parameter arrays). */
  params: ParamSpec[];
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
