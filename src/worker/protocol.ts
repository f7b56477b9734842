// What crosses the worker boundary. Plain data only (structured-clone), large arrays as typed arrays
// that the worker transfers. The page never holds tensors, the worker never touches the DOM.
import type { BackendPref, Setup } from '../core/setup';
import type { PolicyJson } from '../core/algos/policy';
import type { GeomTrack } from '../core/mujoco/geoms';
import type { BackendInfo, DiagPoint, MemberInfo, RunResult, Trace, TrainProgress } from '../core/experiment/types';
import type { Dataset } from '../core/data/dataset';
import type { EnsembleTrained } from '../core/experiment/run';
import type { EvalItem, EvalPiece } from '../core/experiment/evaluate';

// The run's data types live in the core (one experiment pipeline, src/core/experiment/); the page imports them from here.
export type {
  BackendInfo, DensityModel, DensityPoint, DiagPoint, EvalPending, MemberEval, MemberInfo, PairedGain, RunResult, Stat, Trace, TrainProgress,
} from '../core/experiment/types';
export { PENDING_STAT } from '../core/experiment/types';


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





/** Imperfect built-in expert (src/core/experts/demos.ts). */
export interface DemoNoise {
  epsilon: number;
  actionNoise: number;
  processNoise: number;
}




/** A Content-Security-Policy violation inside the worker, posted to the page beside comlink's messages. */
export interface WorkerCspViolation {
  type: 'droil-csp-violation';
  directive: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}




export interface TrainRequest {
  setup: Setup;
  /** Workers to use, this one included (src/worker/pool.ts); default: the cores less one for the page. */
  workers?: number;
}

/**
 * Re-evaluation of a finished run's policies under `setup`'s evaluation settings, with no training (the live
 * loop: an evaluation setting changed after a run). The training settings of `setup` are not used; the
 * result's `setup` is this one.
 */
export interface EvaluateRequest {
  setup: Setup;
  /** The run's members (RunResult.members). */
  members: MemberInfo[];
  /** The trained policies by member id (RunResult.policies); a member without one is left out. */
  policies: Record<number, PolicyJson>;
  /** The adversary's final weights by member id (RunResult.evals[i].weights), carried over unchanged. */
  weights?: Record<number, Float32Array>;
  /** Carried over from the run being re-evaluated: its training time, backend and stopped flag. */
  trainMs?: number;
  stopped?: boolean;
  /** A training stopped before its evaluation (RunResult.unevaluated): what it kept, in words, for the result's `kept`. */
  trainKept?: string;
  /** Workers to use, this one included (src/worker/pool.ts); default: the cores less one for the page. */
  workers?: number;
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
  /** The run answers once the page has taken its last progress message (Comlink resolves each call when the page has run it). */
  train(req: TrainRequest, onProgress: (p: TrainProgress) => void): Promise<RunResult>;
  /**
   * Re-evaluates trained policies (EvaluateRequest) without training. Items whose pieces an earlier run or
   * evaluation of the same policies computed under the same settings are not run again (src/core/experiment/eval-cache.ts). Progressive: `onProgress` receives
   * partial RunResults as items finish (every member's nominal first, then each sweep point for every
   * member, then each member's worst box, then each worst kernel). A partial result has `pending` set
   * (src/core/experiment/types.ts, EvalPending: `sweep` holds only finished points, unfinished worst cases are
   * PENDING_STAT with n 0 and NaN mean, `paired` only final conditions, `pending.fraction` the work done).
   * The final result has no `pending`.
   * Cancellation: a newer evaluate or train, or stop(), ends it at its next pause (within tens of ms). The
   * cancelled call still RESOLVES (never rejects for a cancellation) with what finished: `pending` set and
   * `stopped: true`, `kept` saying what it kept. It rejects only on an error (e.g. a bad setting).
   */
  evaluate(req: EvaluateRequest, onProgress: (partial: RunResult) => void): Promise<RunResult>;
  /**
   * Runs the setup's pipeline once, small, and throws the result away (src/core/experiment/warm-up.ts), so the first
   * Train runs on compiled code. Only while nothing else runs and only once per worker: a train or evaluate that
   * arrives ends it at its next step or pause. True when this worker is warm (now or before). It runs in this worker
   * alone: the pool's helpers start with the first Train.
   */
  warmUp(setup: Setup): Promise<boolean>;
  /** The page's Pause, Resume and Stop; on a pool helper the primary passes its request's number (`gen`: one older than the helper's newest is ignored). */
  pause(gen?: number): void;
  resume(gen?: number): void;
  stop(gen?: number): void;
  // ---- a pool helper's side (src/worker/pool.ts): the primary worker calls these on the helpers it started ----
  /** The pool's heartbeat: answered whenever the worker hands control back (a busy helper does every few tens of ms). */
  ping(): true;
  /** Holds `data` as the current dataset, on backend `pref`, with `envId` prepared. */
  poolLoad(data: Dataset, pref: BackendPref, envId: string): Promise<void>;
  /** trainEnsemble (src/core/experiment/run.ts) for a group of members; stop() / pause() apply. `gen`: the primary's request (worker.ts generation). */
  poolTrainEnsemble(setup: Setup, members: MemberInfo[], onProgress: (step: number, diag: Record<number, DiagPoint[]>) => void, gen: number): Promise<EnsembleTrained>;
  /**
   * One evaluation item (src/core/experiment/evaluate.ts); null when stop() ended it. With `policyKey` (the
   * policy's fingerprint) the helper keeps the loaded policy, and `policy` may be null for one it holds;
   * 'policy?' asks for it again (one it no longer holds).
   */
  poolEvalItem(setup: Setup, item: EvalItem, policy: PolicyJson | null, nominal: Extract<EvalPiece, { kind: 'nominal' }> | undefined, policyKey: string | undefined, gen: number): Promise<EvalPiece | null | 'policy?'>;
}
