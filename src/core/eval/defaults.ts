// The default evaluation, in one place (ALGORITHMS.md §4 marks these as choices).
// The sweep grid, the box radius and the settings of the worst-case transition kernel; the physical
// parameters each environment perturbs by default are in its registry entry (core/environments/).

/** Factors lo..hi, equally spaced on the log axis (inclusive). */
export function logGrid(lo: number, hi: number, points: number): number[] {
  if (points === 1) return [Math.sqrt(lo * hi)];
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: points }, (_, i) => (i === 0 ? lo : i === points - 1 ? hi : Math.exp(a + ((b - a) * i) / (points - 1))));
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
