// What crosses the worker boundary. Plain data only (structured-clone), large arrays as typed arrays
// that the worker transfers. The page never holds tensors, the worker never touches the DOM.
import type { AlgoId, BackendPref, Setup } from '../core/setup';
import type { Summary } from '../core/eval/stats';
import type { PolicyJson } from '../core/algos/policy';
import type { GeomTrack } from '../core/mujoco/geoms';

export interface BackendInfo {
  backend: string;
  reason: string;
}

/** What the page shows about the loaded demonstrations (the dataset itself stays in the worker). */
export interface DatasetSummary {
  source: string;
  format: string;
  envId?: string;
  episodes: number;
  transitions: number;
  obsDim: number;
  actionKind: 'discrete' | 'continuous';
  actionDim: number;
  numActions?: number;
  /** Per-episode returns when the data has rewards. */
  returns?: number[];
  /** Episode boundaries (E+1 offsets), so the weights chart can mark episodes. */
  episodeStarts: Int32Array;
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

/** Imperfect built-in expert (src/core/experts/demos.ts). */
export interface DemoNoise {
  epsilon: number;
  actionNoise: number;
  processNoise: number;
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

/** A Content-Security-Policy violation inside the worker, posted to the page beside comlink's messages. */
export interface WorkerCspViolation {
  type: 'droil-csp-violation';
  directive: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
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
}

export interface TrainRequest {
  setup: Setup;
}

/** The RPC surface of the worker (comlink). */
export interface WorkerApi {
  init(pref: BackendPref): Promise<BackendInfo>;
  /** Loads what an environment needs before use (MuJoCo: the WebAssembly, once); milliseconds it took, 0 if nothing. */
  prepareEnv(envId: string): Promise<number>;
  /** The geom frames of a MuJoCo trace that came without them (a run imported from a project file); null for classic control. */
  traceGeoms(trace: Trace): Promise<GeomTrack | null>;
  /** Built-in expert demonstrations; they become the worker's current dataset. */
  generateDemos(envId: string, episodes: number, seed: number, params: Record<string, number>, noise?: DemoNoise): Promise<DatasetSummary>;
  /** Parses an uploaded file; on success it replaces the current dataset, on error the old one stays. */
  parseUpload(file: File | Blob, fileName: string, envId: string): Promise<DatasetSummary>;
  /** The expert's rollout under nominal parameters, for the first thing the page shows. */
  expertTrace(envId: string, seed: number, params: Record<string, number>): Promise<Trace>;
  train(req: TrainRequest, onProgress: (p: TrainProgress) => void): Promise<RunResult>;
  /** Benchmarks (bench/train-browser.ts): default BE-DROIL training throughput on a backend (src/worker/bench.ts). */
  benchTrain(pref: BackendPref, members: number, steps: number, blocks: number): Promise<import('./bench').TrainBench>;
  /** Benchmarks (bench/train-browser.ts --profile): kernel time of one default training step by kernel name (src/worker/bench.ts). */
  benchProfile(pref: BackendPref, members: number, rounds: number): Promise<{ backend: string; kernels: import('./bench').KernelTime[] }>;
  /** Benchmarks: the default comparison (the defaults with `overrides`), demonstrations to finished evaluation. */
  benchDefault(overrides: Partial<Setup>): Promise<{ members: number; backend: string; trainMs: number; evalMs: number; totalMs: number }>;
  /** Benchmarks (bench/mujoco-browser.ts): a MuJoCo task's env steps/s in the worker (src/worker/bench-mujoco.ts), runs of `seconds`; loadMs: loading MuJoCo now (0 if loaded). */
  benchMujocoEnv(envId: string, n: number, seconds: number, runs: number): Promise<{ loadMs: number; stepsPerSec: number[] }>;
  pause(): void;
  resume(): void;
  stop(): void;
}
