// The page's one store (zustand). Data flows one way: controls edit `setup`; the worker's answers land in
// `dataset`, `run` and `result`; charts and the canvas are pure functions of this state.
// zustand v5: select primitives or use useShallow; never build new objects inside a selector.
import { create } from 'zustand';
import { DEFAULT_RHO, defaultSetup, defaultView, type LinkView, type Setup } from '../core/setup';
import type { BackendInfo, DatasetSummary, DensityModel, DensityPoint, DiagPoint, MemberInfo, RunResult, Trace, TrainProgress } from '../worker/protocol';

export type RunStatus = 'idle' | 'training' | 'paused' | 'evaluating' | 'done' | 'stopped' | 'error';

export interface RunState {
  status: RunStatus;
  step: number;
  totalSteps: number;
  stepsPerSec: number;
  elapsedMs: number;
  evalFraction: number;
  /** The members being trained (known at the start of a run). */
  members: MemberInfo[];
  /** Logged diagnostics per member id. */
  diag: Record<number, DiagPoint[]>;
  /** MBIL's density-fit curves per model. */
  density: Partial<Record<DensityModel, DensityPoint[]>>;
  /** What trains now, in words, and whether it can pause (MBIL cannot). */
  stage: string;
  /** The step where the worker confirmed a pause (undefined while running). */
  pausedAt?: number;
  /** The whole run's done fraction and ETA, training and evaluation together (TrainProgress.fraction / etaMs). */
  fraction?: number;
  etaMs?: number;
  error?: string;
}

export interface DatasetState {
  summary: DatasetSummary | null;
  loading: boolean;
  /** The last load's error; the previous summary (and the worker's dataset) stay loaded. */
  error?: string;
  /** Load attempts finished (success or error), so a test or a view can tell a new answer from an old one. */
  loads: number;
}

export interface State {
  setup: Setup;
  /** The radius the charts show (the slider): view state, not a setting; the nearest trained member of the sweep answers. */
  rho: number;
  /** A message about the setup that came with the page (a bad link), shown once. */
  notice?: string;
  /** A heavy teaching link waits for the user's yes (src/ui/hash.ts): what it would cost, in words. */
  teachPending?: string;
  /** How the page was opened (share link): teaching mode, embed mode and the parts it hides. */
  view: LinkView;
  /** The Learn panel's open paragraph (null: closed). */
  learnTopic: string | null;
  /** What this browser keeps (IndexedDB, src/ui/persist): uploaded datasets and finished runs. */
  saved: SavedState;
  backend: BackendInfo | null;
  dataset: DatasetState;
  expertTrace: Trace | null;
  /** What the worker is loading before it can use the chosen environment (MuJoCo's WebAssembly), in words; null when nothing. */
  envLoading: string | null;
  /** The worker has run the setup's pipeline once (a warm-up or a run: worker-client.ts warmUp), so a Train runs on compiled code. */
  workerWarm: boolean;
  run: RunState;
  result: RunResult | null;
  canvas: { playing: boolean; speed: number };
  /** The state variable the traces chart plots. */
  traceVar: number;
  /** Why the charts are empty although a run finished (an environment switch hid its results), in words. */
  resultNote?: string;
  /** The live re-evaluation of `result` after an evaluation setting changed (src/ui/live-eval.ts debounces, src/ui/worker-client.ts reevaluate runs it). */
  reevaluation: ReevaluationState;
}

export interface SavedState {
  datasets: { name: string; size: number; envId: string; savedAt: number }[];
  runs: { id: number; label: string; savedAt: number }[];
  /** Runs this page removed to keep the last KEEP_RUNS (persist.ts), newest first, in words. */
  dropped?: string[];
  /** The last storage problem (quota full, no IndexedDB), in words. */
  error?: string;
}

export interface ReevaluationState {
  /** waiting: a change is being debounced (live-eval.ts); running: the worker re-evaluates. */
  status: 'idle' | 'waiting' | 'running' | 'done' | 'stopped' | 'error';
  /** Work done in [0, 1] while running. */
  fraction: number;
  error?: string;
  /** The evaluation of the policies a Stop during training kept (not a changed setting): the page says so. */
  afterStop?: boolean;
}

export const idleReevaluation: ReevaluationState = { status: 'idle', fraction: 0 };

export const idleRun: RunState = {
  status: 'idle', step: 0, totalSteps: 0, stepsPerSec: 0, elapsedMs: 0, evalFraction: 0, members: [], diag: {}, density: {},
  stage: '',
};

export const useStore = create<State>()(() => ({
  setup: defaultSetup,
  rho: DEFAULT_RHO,
  view: defaultView,
  learnTopic: null,
  saved: { datasets: [], runs: [] },
  backend: null,
  dataset: { summary: null, loading: false, loads: 0 },
  expertTrace: null,
  envLoading: null,
  workerWarm: false,
  run: idleRun,
  result: null,
  reevaluation: idleReevaluation,
  canvas: { playing: true, speed: 1 },
  traceVar: 0,
}));

// A run's results never stand under another environment's name: switching environment (a preset, the
// picker, a link, an import) hides them with a note, unless the switch brings its own result (a saved run).
useStore.subscribe((s, prev) => {
  if (s.setup.envId === prev.setup.envId || !s.result || s.result.setup.envId === s.setup.envId) return;
  const active = s.run.status === 'training' || s.run.status === 'paused' || s.run.status === 'evaluating';
  if (active) return;
  useStore.setState({
    result: null, run: idleRun, reevaluation: idleReevaluation,
    resultNote: `The last run (${s.result.setup.envId}) is not shown under ${s.setup.envId}: Train to get results for it, or reopen that run under "Kept in this browser".`,
  });
});

/** The setup for the form and the preset note (a slider move changes the store's `rho`, not the setup, so it does not re-render them). */
export function useSettings(): Setup {
  return useStore((s) => s.setup);
}

// ---- updates (plain functions; components call these, the worker client too) ----

/** The slider's radius (view state). */
export function setRho(rho: number): void {
  useStore.setState({ rho });
}

export function patchSetup(patch: Partial<Setup>): void {
  useStore.setState((s) => ({ setup: { ...s.setup, ...patch } }));
}

export function setDataset(patch: Partial<DatasetState>): void {
  useStore.setState((s) => ({ dataset: { ...s.dataset, ...patch } }));
}

export function startRun(members: MemberInfo[], totalSteps: number): void {
  const diag: Record<number, DiagPoint[]> = {};
  for (const m of members) diag[m.id] = [];
  useStore.setState({ run: { ...idleRun, status: 'training', members, totalSteps, diag }, result: null, resultNote: undefined, reevaluation: idleReevaluation });
}

/** Progress arrives at most ~10 times a second; append the new diagnostics without copying old points. */
export function applyProgress(p: TrainProgress): void {
  useStore.setState((s) => {
    // A new diag object only when points arrived, so the diagnostics chart re-renders only then.
    let diag = s.run.diag;
    if (Object.keys(p.diag).length > 0) {
      diag = { ...diag };
      for (const [id, pts] of Object.entries(p.diag)) diag[Number(id)] = [...(diag[Number(id)] ?? []), ...pts];
    }
    let density = s.run.density;
    if (p.density && Object.keys(p.density).length > 0) {
      density = { ...density };
      for (const [k, pts] of Object.entries(p.density) as [DensityModel, DensityPoint[]][]) density[k] = [...(density[k] ?? []), ...pts];
    }
    const status: RunStatus = s.run.status === 'paused' ? 'paused' : p.phase === 'evaluating' ? 'evaluating' : 'training';
    return {
      run: {
        ...s.run, status, diag, density, stage: p.stage ?? s.run.stage, step: p.step, totalSteps: p.totalSteps, stepsPerSec: p.paused ? s.run.stepsPerSec : p.stepsPerSec,
        pausedAt: p.paused ? p.step : status === 'paused' ? s.run.pausedAt : undefined,
        elapsedMs: p.elapsedMs, evalFraction: p.evalFraction ?? s.run.evalFraction,
        fraction: p.fraction ?? s.run.fraction, etaMs: p.fraction !== undefined ? p.etaMs : s.run.etaMs,
      },
      backend: p.backend ?? s.backend,
    };
  });
}

export function setRunStatus(status: RunStatus, error?: string): void {
  useStore.setState((s) => ({ run: { ...s.run, status, error } }));
}

export function finishRun(result: RunResult): void {
  useStore.setState((s) => ({
    result,
    backend: result.backend,
    run: { ...s.run, status: result.stopped ? 'stopped' : 'done', evalFraction: 1 },
  }));
}

/** A re-evaluation's partial (result.pending set) or final result replaces the shown one; the run's training state stays. */
export function applyEvaluation(result: RunResult, final: boolean): void {
  useStore.setState((s) => {
    const afterStop = s.reevaluation.afterStop ? { afterStop: true } : {};
    return {
      result,
      reevaluation: final ? { status: result.stopped && result.pending ? 'stopped' : 'done', fraction: 1, ...afterStop } : { status: 'running', fraction: result.pending?.fraction ?? 0, ...afterStop },
    };
  });
}

export function setReevaluation(r: ReevaluationState): void {
  useStore.setState({ reevaluation: r });
}
