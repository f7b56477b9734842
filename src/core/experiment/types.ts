// The plain data of an experiment run, as the core produces it and the page shows it: the members a run
// trains, their diagnostics, the evaluation of every member and the paired statistics. Structured-clone
// safe (the worker sends it as is); src/worker/protocol.ts re-exports these types.
import type { AlgoId, Setup } from '../setup';
import type { Summary } from '../eval/stats';
import type { PolicyJson } from '../algos/policy';
import type { GeomTrack } from '../mujoco/geoms';

export interface BackendInfo {
  backend: string;
  reason: string;
}

/** One trained policy of a run: an algorithm at one radius and one seed. */
export interface MemberInfo {
  id: number;
  algo: AlgoId;
  /** 0 for BC. */
  rho: number;
  seed: number;
}

/** One logged training step of one member (ALGORITHMS.md 3.3, "diagnostics every run must log"). */
export interface DiagPoint {
  step: number;
  bcLoss: number;
  robustLoss: number;
  lambda: number;
  divergence: number;
  ess: number;
  maxWeight: number;
  balanceResidual: number;
  /** MBIL members: alpha * r^2 + beta * l and the balance loss mean r^2 (ALGORITHMS.md 3.4). */
  mbilLoss?: number;
  balanceLoss?: number;
}

/** MBIL's density models, fitted and frozen before its policies train. */
export type DensityModel = 'transition' | 'joint' | 'classifier';

/** One logged point of a density fit: NLL of the noisy training batches and of the clean data (nats per sample). */
export interface DensityPoint {
  step: number;
  trainNll: number;
  dataNll: number;
}

export interface TrainProgress {
  phase: 'training' | 'evaluating';
  step: number;
  totalSteps: number;
  stepsPerSec: number;
  elapsedMs: number;
  /** Diagnostics logged since the previous event, per member id. */
  diag: Record<number, DiagPoint[]>;
  /** MBIL density-fit points logged since the previous event, per model. */
  density?: Partial<Record<DensityModel, DensityPoint[]>>;
  /** What runs now, in words (e.g. 'MBIL density models'). */
  stage?: string;
  /** Evaluation progress in [0, 1] once phase is 'evaluating'. */
  evalFraction?: number;
  /** A backend change during the run (a lost device, a failed kernel) and why. */
  backend?: BackendInfo;
  /** True on the message that confirms a pause: `step` is where the run holds. */
  paused?: boolean;
  /** The whole run's done fraction in [0, 1], training and evaluation together (src/core/experiment/progress.ts). */
  fraction?: number;
  /** Estimated milliseconds left for the whole run (training and evaluation); undefined before an estimate exists. */
  etaMs?: number;
}

/** Mean, std and 95% CI (low, high; NaN when n < 2), from the evaluation engine's statistics. */
export type Stat = Summary;

/** A rollout for the charts and the animation: internal states (T+1 rows), actions and rewards (T rows). */
export interface Trace {
  envId: string;
  params: Record<string, number>;
  stateDim: number;
  states: Float64Array;
  actionDim: number;
  actions: Float64Array;
  rewards: Float64Array;
  steps: number;
  return: number;
  /** MuJoCo environments: the bodies' poses at every state, for the side view (src/ui/canvas/mujoco). */
  geoms?: GeomTrack;
}

export interface MemberEval {
  memberId: number;
  nominal: Stat;
  /** Return per sweep factor of the evaluation parameter. */
  sweep: { factor: number; stat: Stat }[];
  /** The worst parameters found in the box and their return. */
  worstBox: { params: Record<string, number>; stat: Stat };
  /** Worst-case transition kernel in the KL ball of radius klKernelRho. */
  worstKernel: Stat;
  /** Area under the sweep curve on the log-factor axis, normalised by the log range. */
  sweepArea: number;
  traceNominal: Trace;
  traceWorst: Trace;
  /** Final adversary weights over every demonstration transition (robust members). */
  weights?: Float32Array;
  /** Per-seed returns (nominal, worst box) for paired comparisons, same initial states for every member. */
  nominalReturns: number[];
  /** The setup's fixed multi-parameter shift (evalShift), when it has one. */
  shift?: Stat;
}

export interface PairedGain {
  algo: AlgoId;
  rho: number;
  condition: 'nominal' | 'worst box' | 'sweep area' | 'shift';
  /** Per-seed difference X - BC. */
  diffs: number[];
  stat: Stat;
}

export interface RunResult {
  /** The setup this run was trained and evaluated with. */
  setup: Setup;
  members: MemberInfo[];
  evals: MemberEval[];
  paired: PairedGain[];
  evalParam: string;
  factors: number[];
  /** The shift's parameters (absolute values) and a label such as 'link_mass_2 ×2, gravity ×1.5'. */
  shift?: { params: Record<string, number>; label: string };
  /** Expert and random references from the same evaluator (normalised score). */
  reference?: { expert: number; random: number };
  backend: BackendInfo;
  stopped: boolean;
  trainMs: number;
  evalMs: number;
  /** The trained policies by member id, as the CLI's policy JSON (for export and the project file). */
  policies?: Record<number, PolicyJson>;
  /**
   * Present while an evaluation is unfinished (a progressive partial result) and on a result whose evaluation
   * was stopped or cancelled: what is still missing. A finished evaluation has no `pending`.
   */
  pending?: EvalPending;
  /** A stopped run, in words: what it kept (e.g. 'stopped at step 120 of 300; evaluated nominal and 4 of 9 sweep points'). */
  kept?: string;
  /**
   * Training diverged (loss non-finite or grown by orders of magnitude): the run stopped there and evaluated
   * the last good parameters; the trainer's one line, e.g. 'training diverged: the loss grew from 0.69 to
   * 1.8e+6 at step 5 (member 0: BC); kept the last good parameters, from step 0'.
   */
  diverged?: string;
  /**
   * Every trained member, when `members` does not list them all: a training that was stopped ends at once,
   * before any evaluation (issue 17 item 4; `members` and `evals` are empty), and an evaluation that was
   * stopped or is still partial lists only the members it reached. The evaluation that follows takes these
   * (src/ui/worker-client.ts): the members, their adversary weights, and what the stopped training kept in words.
   * Every (re-)evaluation of a run whose training was stopped carries it (then `members` may list them all).
   */
  unevaluated?: { members: MemberInfo[]; weights: Record<number, Float32Array>; trainKept?: string };
}

/**
 * What a partial RunResult still lacks. While `pending` is set:
 * - `evals` has one entry per member with its nominal (and shift) statistics and nominal trace: nominal comes first;
 * - `evals[i].sweep` holds only the finished sweep points, in factor order (a subset of `factors`);
 *   `sweepArea` is NaN until every point of that member is in;
 * - `worstBox.stat` / `worstKernel` are `PENDING_STAT` (n 0, NaN mean) until they finish; `traceWorst` is the
 *   nominal trace until the box finishes;
 * - `paired` holds only conditions whose every input is final (nominal first, sweep area, worst box, shift).
 */
export interface EvalPending {
  /** The evaluation's work done, in [0, 1) (cost-weighted, src/core/experiment/progress.ts). */
  fraction: number;
  /** Sweep points still missing, summed over the members. */
  sweepPoints: number;
  /** Members whose worst box / worst kernel is still missing (counts). */
  worstBox: number;
  worstKernel: number;
}

/** The statistic of a condition that has not been evaluated yet (partial results, EvalPending). */
export const PENDING_STAT: Stat = Object.freeze({ n: 0, mean: NaN, std: NaN, ci95: NaN, low: NaN, high: NaN, min: NaN, max: NaN }) as Stat;
