// The held-out verdicts on the readings of ALGORITHMS.md 3.5 (issue 19), in ONE place: the Learn panel's chart and
// table and the presets' sentences read these numbers, and the sentence that says whether a reading pays is
// computed from them. Each number is the paired gain over BC on the mean return over the perturbed conditions,
// mean ± half-width of the 95% t-interval over 20 seeds (1000-1019) never used to choose a setting, with the seeds
// better / worse than BC. Source: docs/results/issue-19.md (the section named per task). A new task (e.g. a
// MuJoCo one) is one more entry of HELD_OUT_VERDICTS.
import type { AlgoId } from '../../core/setup';

export interface Verdict { mean: number; ci95: number; better: number; worse: number }

/** The methods the verdicts compare with BC: A with the learned model, its control, C, and A's expert-labelled bound. */
export const VERDICT_METHODS = ['tilted-model', 'augment-model', 'segment-dro', 'tilted-expert'] as const satisfies readonly AlgoId[];
export type VerdictMethod = (typeof VERDICT_METHODS)[number];

/** The bound is an oracle (it asks the expert off the data): never a reading that "pays". */
export const ORACLES: readonly VerdictMethod[] = ['tilted-expert'];

export interface TaskVerdict {
  task: string;
  /** The cell, in words. */
  cell: string;
  /** Where in docs/results/issue-19.md. */
  section: string;
  seeds: number;
  /** A method not run on a task is left out. */
  verdicts: Partial<Record<VerdictMethod, Verdict>>;
}

const v = (mean: number, ci95: number, better: number, worse: number): Verdict => ({ mean, ci95, better, worse });

export const HELD_OUT_VERDICTS: TaskVerdict[] = [
  {
    task: 'Acrobot-v1', cell: '1 demonstration, process noise 2', section: '5b', seeds: 20,
    verdicts: { 'tilted-model': v(-17.7, 15.2, 7, 13), 'augment-model': v(-10.7, 11.1, 10, 10), 'segment-dro': v(5.0, 5.6, 15, 5), 'tilted-expert': v(15.1, 16.6, 14, 6) },
  },
  {
    task: 'Pendulum-v1', cell: '3 demonstrations, process noise 2', section: '5d', seeds: 20,
    verdicts: { 'tilted-model': v(-21.6, 61.0, 7, 13), 'augment-model': v(11.1, 43.1, 8, 12), 'segment-dro': v(-7.0, 24.0, 10, 10), 'tilted-expert': v(92.6, 53.1, 15, 5) },
  },
  {
    task: 'CartPole-v1', cell: '1 perfect demonstration, wide sweeps', section: '5f', seeds: 20,
    verdicts: { 'tilted-model': v(-0.9, 16.8, 9, 11), 'augment-model': v(1.6, 9.9, 9, 9), 'segment-dro': v(4.8, 11.7, 7, 11), 'tilted-expert': v(112.0, 47.9, 16, 2) },
  },
  {
    task: 'Hopper-v5', cell: '1 demonstration, torso mass and friction sweeps', section: '5g', seeds: 20,
    verdicts: { 'tilted-model': v(-354.2, 157.1, 3, 17), 'augment-model': v(-283.6, 141.4, 3, 17), 'segment-dro': v(-12.0, 79.0, 9, 11), 'tilted-expert': v(26.0, 123.3, 10, 10) },
  },
];

/** B's exact-ratio oracle over whole episodes (lr-oracle-ep), on the process-noise cells it can run on (section 5h;
 * not CartPole's noise-free cell, not Hopper, whose observations do not give the simulator's state). */
export const B_ORACLE_VERDICTS: { task: string; seeds: number; verdict: Verdict }[] = [
  { task: 'Acrobot-v1', seeds: 20, verdict: v(-320.8, 53.9, 0, 20) },
  { task: 'Pendulum-v1', seeds: 20, verdict: v(-622.7, 214.8, 2, 18) },
];

/** The rule: a reading pays when its held-out interval lies above 0 on at least two tasks. */
export const PAYS_ON_TASKS = 2;

export const wins = (x: Verdict) => x.mean - x.ci95 > 0;
export const loses = (x: Verdict) => x.mean + x.ci95 < 0;

/** The readings (oracles excluded) that pay by the rule, from the numbers above. */
export function readingsThatPay(verdicts: TaskVerdict[] = HELD_OUT_VERDICTS): VerdictMethod[] {
  return VERDICT_METHODS.filter((m) => !ORACLES.includes(m) && verdicts.filter((t) => t.verdicts[m] && wins(t.verdicts[m])).length >= PAYS_ON_TASKS);
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(1)}`;

/** "+15.1 ± 16.6" (a tie, a win or a loss is for the caller to say). */
export const fmtVerdict = (x: Verdict) => `${signed(x.mean)} ± ${x.ci95.toFixed(1)}`;

/** "tie", "win" or "loss" by the interval. */
export const verdictWord = (x: Verdict) => (wins(x) ? 'win' : loses(x) ? 'loss' : 'tie');

/** The verdict of one method on one task, or undefined. */
export const verdictOf = (task: string, m: VerdictMethod) => HELD_OUT_VERDICTS.find((t) => t.task === task)?.verdicts[m];

/** The seeds per task, in words: "20", or "8-20" when tasks differ. */
export function verdictSeeds(): string {
  const n = HELD_OUT_VERDICTS.map((t) => t.seeds), lo = Math.min(...n), hi = Math.max(...n);
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/** The tasks, as a list in words: "Acrobot-v1, Pendulum-v1 and CartPole-v1". */
export const verdictTasks = () => {
  const t = HELD_OUT_VERDICTS.map((x) => x.task);
  return t.length > 1 ? `${t.slice(0, -1).join(', ')} and ${t[t.length - 1]}` : t.join('');
};
