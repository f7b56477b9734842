// The default evaluation, in one place (ALGORITHMS.md §4 marks these as choices).
// Per environment: the four physical parameters a sweep and the worst-case box perturb by default
// (pole length/mass, gravity and actuator strength, or their counterparts), the sweep grid, the box
// radius and the settings of the worst-case transition kernel.
import type { AnyEnvId, EnvSpec } from '../envs/types';
import { customEvalParams } from '../mujoco/custom';

/** Factors lo..hi, equally spaced on the log axis (inclusive). */
export function logGrid(lo: number, hi: number, points: number): number[] {
  if (points === 1) return [Math.sqrt(lo * hi)];
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: points }, (_, i) => (i === 0 ? lo : i === points - 1 ? hi : Math.exp(a + ((b - a) * i) / (points - 1))));
}

/** The parameters perturbed by default (sweeps and box), by environment. */
export const DEFAULT_EVAL_PARAMS: Record<AnyEnvId, string[]> = {
  // pole half-length, pole mass, gravity, push force (actuator gain)
  'CartPole-v1': ['length', 'masspole', 'gravity', 'force_mag'],
  // length, mass, gravity, torque limit (actuator gain)
  'Pendulum-v1': ['l', 'm', 'g', 'max_torque'],
  // the environment has only two physical knobs: engine power and the slope's gravity term
  'MountainCarContinuous-v0': ['power', 'gravity'],
  // link masses, gravity, torque magnitude (actuator gain)
  'Acrobot-v1': ['link_mass_1', 'link_mass_2', 'gravity', 'torque_scale'],
  // MuJoCo (src/core/mujoco): body masses, gravity, motor gear; the hopper as RRLS (friction, torso, thigh)
  'InvertedPendulum-v5': ['pole_mass', 'cart_mass', 'gravity', 'gear'],
  'InvertedDoublePendulum-v5': ['pole_mass', 'pole2_mass', 'gravity', 'gear'],
  'Hopper-v5': ['friction', 'torso_mass', 'thigh_mass', 'gear'],
  'PlanarRunner-v0': ['friction', 'torso_mass', 'bthigh_mass', 'gear'],
  // the literature's families on the paper's tasks: torso mass, all links' masses, friction, gear (gravity, also a
  // parameter, is left to sweeps and --box-params: a fifth box dimension would double the box's 16 corners)
  'HalfCheetah-v5': ['torso_mass', 'mass_scale', 'friction', 'gear'],
  'Walker2d-v5': ['torso_mass', 'mass_scale', 'friction', 'gear'],
  'Ant-v5': ['torso_mass', 'mass_scale', 'friction', 'gear'],
};

/** The default perturbed parameters of any environment, users' MuJoCo models ('mjcf:') included. */
export function defaultEvalParamsOf(spec: EnvSpec): string[] {
  return (DEFAULT_EVAL_PARAMS as Partial<Record<string, string[]>>)[spec.id] ?? customEvalParams(spec);
}

export const EVAL_DEFAULTS = {
  /** Evaluation episodes per condition. */
  episodes: 20,
  /** Seed of the evaluation's initial states (shared by every algorithm in a comparison). */
  seed: 12345,
  /** Sweep factors: 0.5x .. 2x, 9 points on a log grid. */
  sweepLow: 0.5,
  sweepHigh: 2,
  sweepPoints: 9,
  /** Worst-case box: |log(p/p0)| <= eps; ln 1.5 gives factors in [2/3, 3/2]. */
  boxEps: Math.log(1.5),
  boxRandomPoints: 16,
  boxRefineRounds: 6,
  /**
   * From this many evaluation episodes on, the box search runs on the first half of them (the same starts and
   * noise streams), and its boxConfirmPoints lowest points are re-evaluated with all: about half the rows.
   */
  boxScreenMinEpisodes: 8,
  boxConfirmPoints: 3,
  /** Worst-case kernel: KL radius per step (small: a per-step adversary compounds over an episode). */
  kernelRho: 0.05,
  /** Candidate next states per step. */
  kernelCandidates: 16,
  /** Look-ahead horizon (steps of the policy under nominal, noise-free dynamics) that scores a candidate. */
  kernelHorizon: 40,
  /** Multiplies the environment's documented processNoiseStd (EnvSpec) for the nominal stochastic kernel. */
  kernelNoiseScale: 1,
} as const;

export function defaultFactors(): number[] {
  return logGrid(EVAL_DEFAULTS.sweepLow, EVAL_DEFAULTS.sweepHigh, EVAL_DEFAULTS.sweepPoints);
}
