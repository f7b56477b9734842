// The page's side of the worker: one module Worker wrapped by comlink. Every answer lands in the store.
// tfjs, the parsers and the simulations run over there; the main thread only draws.
import * as Comlink from 'comlink';
import type { RunResult, Trace, WorkerApi, TrainProgress, WorkerCspViolation } from '../worker/protocol';
import type { GeomTrack } from '../core/mujoco/geoms';
import { isMujocoSetupEnv, parseSetup, type Setup } from '../core/setup';
import { applyEvaluation, applyProgress, finishRun, setDataset, setReevaluation, setRunStatus, startRun, useStore } from './store';
import { planMembers, planSteps } from '../core/experiment/members';
import { watchEvaluationSettings } from './live-eval';

let api: Comlink.Remote<WorkerApi> | null = null;
/** The store takes the worker's progress at most four times a second (the worker sends up to ten). */
const COMMIT_MS = 250;

function worker(): Comlink.Remote<WorkerApi> {
  if (!api) {
    const w = new Worker(new URL('../worker/app-worker.ts', import.meta.url), { type: 'module', name: 'droil-worker' });
    // The worker's own CSP violations (src/worker/csp.ts) are reported here as the page's.
    w.addEventListener('message', (e: MessageEvent) => {
      if ((e.data as WorkerCspViolation | null)?.type === 'droil-csp-violation') reportWorkerViolation(e.data as WorkerCspViolation);
    });
    // A worker that dies (an uncaught error, a failed load) never answers: say so instead of waiting forever,
    // and start a fresh worker on the next request.
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      lost(w, `The computation worker stopped: ${e.message || 'it failed to load or crashed'}. Train again to retry.`);
    });
    w.addEventListener('messageerror', () => lost(w, 'The computation worker sent a message the page could not read. Train again to retry.'));
    api = Comlink.wrap<WorkerApi>(w);
    current = w;
    gone = new Promise<never>((_, reject) => { lose = reject; });
    gone.catch(() => { /* awaited through untilLost only */ });
  }
  return api;
}

/** Rejects when the current worker is lost: its pending answers never come, and their timers must not outlive it. */
let gone: Promise<never> = new Promise<never>(() => {});
let lose: (e: Error) => void = () => {};
/** `answer`, or the reason the worker that owes it was lost (a commit scheduled by the run would otherwise land after the error). */
function untilLost<T>(answer: Promise<T>): Promise<T> {
  return Promise.race([answer, gone]);
}

let current: Worker | null = null;
/** Workers lost since the demonstrations last loaded. */
let losses = 0;
/** The worker is gone: running work ends with `why`, and the next request starts a new worker (MuJoCo reloads there). */
function lost(w: Worker, why: string): void {
  if (w !== current) return;
  w.terminate();
  api = null;
  current = null;
  mujocoReady = false;
  useStore.setState({ workerWarm: false });
  lose(new Error(why));
  const s = useStore.getState();
  if (s.run.status === 'training' || s.run.status === 'paused' || s.run.status === 'evaluating') setRunStatus('error', why);
  if (s.reevaluation.status === 'running') setReevaluation({ status: 'error', fraction: 0, error: why });
  console.error(why);
  // The demonstrations lived in that worker: built-in ones are generated again, an upload must be loaded again.
  // Once only until a load succeeds again: a worker that cannot even start must not be restarted forever.
  if (s.setup.demos.kind === 'builtin' && ++losses === 1) void loadBuiltin();
  else if (s.setup.demos.kind === 'builtin') setDataset({ summary: null, loading: false, error: why, loads: s.dataset.loads + 1 });
  else setDataset({ summary: null, loading: false, error: `${why} Load '${s.setup.demos.fileName}' again.`, loads: s.dataset.loads + 1 });
}

/** A worker violation as a console error and as a securitypolicyviolation event on the document (what tests watch). */
function reportWorkerViolation(v: WorkerCspViolation): void {
  console.error(`Content-Security-Policy violation in the worker: ${v.directive} ${v.blockedURI} (${v.sourceFile}:${v.lineNumber})`);
  try {
    document.dispatchEvent(new SecurityPolicyViolationEvent('securitypolicyviolation', {
      violatedDirective: v.directive, effectiveDirective: v.directive, blockedURI: v.blockedURI, sourceFile: v.sourceFile,
      lineNumber: v.lineNumber, originalPolicy: '', disposition: 'enforce', documentURI: location.href, statusCode: 200,
    }));
  } catch { /* a browser without the constructor: the console error stands */ }
}

/** MuJoCo tasks load their WebAssembly in the worker first (once); the page says so while it loads. */
let mujocoReady = false;
async function prepareEnv(envId: string): Promise<void> {
  if (!isMujocoSetupEnv(envId) || mujocoReady) return;
  useStore.setState({ envLoading: 'Loading MuJoCo (WebAssembly, about 10 MB, once per page)…' });
  try {
    await worker().prepareEnv(envId);
    mujocoReady = true;
  } finally {
    useStore.setState({ envLoading: null });
  }
}

/** Geom frames for a MuJoCo trace that has none (runs imported from a project file: the results JSON keeps states only). */
export function traceGeoms(trace: Trace): Promise<GeomTrack | null> {
  return worker().traceGeoms(trace);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function initBackend(): Promise<void> {
  const info = await worker().init(useStore.getState().setup.backend);
  useStore.setState({ backend: info });
}

/** Built-in demonstrations from the current setup; the expert's rollout comes with them. */
export async function loadBuiltin(): Promise<void> {
  const { setup } = useStore.getState();
  if (setup.demos.kind !== 'builtin') return;
  const { episodes, seed } = setup.demos;
  setDataset({ loading: true, error: undefined });
  try {
    await prepareEnv(setup.envId);
    const [summary, trace] = await Promise.all([
      worker().generateDemos(setup.envId, episodes, seed, setup.params, {
        epsilon: setup.demoEpsilon, actionNoise: setup.demoActionNoise, processNoise: setup.demoProcessNoise,
      }),
      worker().expertTrace(setup.envId, seed, setup.params),
    ]);
    setDataset({ summary, loading: false, error: undefined, loads: useStore.getState().dataset.loads + 1 });
    useStore.setState({ expertTrace: trace });
    losses = 0;
    void warmUp();
  } catch (e) {
    setDataset({ loading: false, error: message(e), loads: useStore.getState().dataset.loads + 1 });
  }
}

/**
 * An uploaded file is parsed in the worker; on error the previous data stays loaded. Returns whether the file
 * loaded (keeping it in this browser is persist.ts's uploadAndKeep).
 */
export async function uploadFile(file: File, opts: { envId?: string } = {}): Promise<boolean> {
  const { setup } = useStore.getState();
  const envId = opts.envId ?? setup.envId;
  setDataset({ loading: true, error: undefined });
  try {
    const summary = await worker().parseUpload(file, file.name, envId);
    useStore.setState((s) => ({
      setup: { ...s.setup, demos: { kind: 'upload', fileName: file.name } },
      dataset: { summary, loading: false, loads: s.dataset.loads + 1 },
    }));
    void warmUp();
    return true;
  } catch (e) {
    setDataset({ loading: false, error: message(e), loads: useStore.getState().dataset.loads + 1 });
    return false;
  }
}

/**
 * While the page waits for its first click, the worker runs the setup's pipeline once, small (worker.ts warmUp): the
 * first Train then runs on compiled code (the First look 0.2 s sooner on a quiet 2-core machine, more on a busy one). Once per worker; a Train
 * that comes first ends it and warms the worker itself.
 */
async function warmUp(): Promise<void> {
  const { setup, workerWarm, run } = useStore.getState();
  if (workerWarm || run.status === 'training' || run.status === 'evaluating' || run.status === 'paused') return;
  try {
    const warm = await worker().warmUp(parseSetup(setup));
    if (warm) useStore.setState({ workerWarm: true });
  } catch { /* a bad setup is the Train's to report */ }
}

export async function train(): Promise<void> {
  const state = useStore.getState();
  let setup: Setup;
  try {
    setup = parseSetup(state.setup);
  } catch (e) {
    setRunStatus('error', message(e));
    return;
  }
  if (!state.dataset.summary) {
    setRunStatus('error', 'No demonstrations loaded: generate built-in ones or upload a file first.');
    return;
  }
  evaluation++; // a re-evaluation still answering is for the previous run: its answers are dropped
  const members = planMembers(setup);
  startRun(members, planSteps(setup, members, state.dataset.summary.actionKind).totalSteps);
  // The store (and so the page) takes progress at most four times a second; diagnostics logged in between
  // are kept and handed over with the next commit. A confirmed pause, a new stage and the evaluation's
  // progress go through at once.
  let pending: TrainProgress['diag'] = {};
  let pendingDensity: NonNullable<TrainProgress['density']> = {};
  let committed = -Infinity;
  let latest: TrainProgress | null = null;
  /** When `latest` arrived: its ETA is as of then, and a commit up to COMMIT_MS later shows what is left now. */
  let latestAt = 0;
  let timer = 0;
  /** The run's answer is in: a progress message still in flight (it comes over another port, so it may land after the answer) is dropped. */
  let over = false;
  const commit = () => {
    if (timer) { clearTimeout(timer); timer = 0; }
    if (!latest || over) return;
    const etaMs = latest.etaMs === undefined ? undefined : Math.max(0, latest.etaMs - (performance.now() - latestAt));
    applyProgress({ ...latest, etaMs, diag: pending, density: pendingDensity });
    pending = {};
    pendingDensity = {};
    latest = null;
    committed = performance.now();
  };
  try {
    const result = await untilLost(worker().train({ setup }, Comlink.proxy((p: TrainProgress) => {
      if (over) return;
      for (const [id, pts] of Object.entries(p.diag)) (pending[Number(id)] ??= []).push(...pts);
      for (const [k, pts] of Object.entries(p.density ?? {}) as [keyof typeof pendingDensity, NonNullable<typeof pendingDensity[keyof typeof pendingDensity]>][]) (pendingDensity[k] ??= []).push(...pts);
      const stageChanged = latest ? latest.stage !== p.stage : useStore.getState().run.stage !== (p.stage ?? '');
      latest = p;
      latestAt = performance.now();
      const wait = COMMIT_MS - (performance.now() - committed);
      if (p.phase === 'evaluating' || p.paused === true || stageChanged || wait <= 0) commit();
      else if (!timer) timer = window.setTimeout(commit, wait);
    })));
    commit();
    over = true;
    // Stopped in training: the run says 'stopped' at once; the live loop's watcher (live-eval.ts) evaluates
    // its kept policies now, as any evaluation (and so after a reload or an import of such a run).
    finishRun(result);
    if (!result.stopped) useStore.setState({ workerWarm: true }); // the run warmed the worker as a warm-up would
  } catch (e) {
    commit();
    over = true;
    setRunStatus('error', message(e));
  }
}

/** Which re-evaluation is current: answers of an older one (or of one before a new Train) are dropped. */
let evaluation = 0;
/** Evaluations asked of the worker since the page loaded (test builds read it: one change, one evaluation). */
let evaluateCalls = 0;
export const evaluateCallCount = (): number => evaluateCalls;

/**
 * The live loop's way to start a re-evaluation: an evaluation setting edited after a run (src/ui/live-eval.ts
 * watches the store and debounces), so one change is one evaluation in the worker; and a run on screen that was
 * stopped before its evaluation (after the Stop, a reload, an import): its kept policies are evaluated once.
 * Returns the function that stops watching.
 */
export function watchLiveEvaluation(): () => void {
  return watchEvaluationSettings(reevaluate);
}

/**
 * Re-evaluates the shown run's trained policies under `setup`'s evaluation settings, without training.
 * Partial results land in the store as they come (result.pending set; at most about ten a second), then the
 * final one; `reevaluation` says how far it is. A newer call, Train or Stop cancels it in the worker (Stop
 * keeps what finished: the result has `stopped` and `kept`). Only the watcher above calls it.
 */
async function reevaluate(setup: Setup, afterStop = false): Promise<void> {
  const { result } = useStore.getState();
  if (!result?.policies) return;
  let s: Setup;
  try {
    s = parseSetup(setup);
  } catch (e) {
    setReevaluation({ status: 'error', fraction: 0, error: message(e) });
    return;
  }
  const mine = ++evaluation;
  setReevaluation({ status: 'running', fraction: 0, ...(afterStop ? { afterStop } : {}) });
  // A result that has not evaluated every trained member (a stopped training or evaluation) names them all.
  const members = result.unevaluated?.members ?? result.members;
  const weights: Record<number, Float32Array> = { ...result.unevaluated?.weights };
  for (const e of result.evals) if (e.weights) weights[e.memberId] = e.weights;
  let latest: RunResult | null = null;
  let timer = 0;
  /** The final answer is in: a partial result still in flight (another port: it may land after the answer) is dropped. */
  let over = false;
  const commit = () => {
    timer = 0;
    if (latest && mine === evaluation && !over) applyEvaluation(latest, false);
    latest = null;
  };
  try {
    evaluateCalls++;
    const final = await untilLost(worker().evaluate(
      { setup: s, members, policies: result.policies, weights, trainMs: result.trainMs, stopped: result.stopped, trainKept: result.unevaluated?.trainKept },
      Comlink.proxy((partial: RunResult) => {
        if (mine !== evaluation || over) return;
        const first = latest === null && !timer && useStore.getState().reevaluation.fraction === 0;
        latest = partial;
        if (first) commit(); // the nominal answer goes through at once
        else if (!timer) timer = window.setTimeout(commit, PARTIAL_EVERY_MS);
      }),
    ));
    over = true;
    if (timer) clearTimeout(timer);
    if (mine === evaluation) applyEvaluation(final, true);
  } catch (e) {
    over = true;
    if (timer) clearTimeout(timer);
    if (mine === evaluation) setReevaluation({ status: 'error', fraction: 0, error: message(e) });
  }
}

/**
 * The charts take a re-evaluation's partial results at most this often (the first at once). Each redraw is
 * ~150-300 ms of main-thread CPU on 2 cores that the evaluation's two workers also use: at 100 ms a box-size
 * change redrew 4-6 times before its answer (docs/performance.md, ninth session).
 */
const PARTIAL_EVERY_MS = 400;

export function pause(): void {
  void worker().pause();
  setRunStatus('paused');
}

export function resume(): void {
  void worker().resume();
  useStore.setState((s) => ({ run: { ...s.run, status: 'training', pausedAt: undefined } }));
}

export function stop(): void {
  void worker().stop();
}
