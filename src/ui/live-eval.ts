// The live loop's evaluation half (issue 17): an evaluation setting changed after a run re-evaluates the
// policies on screen, without training. Changes are debounced (a typed number is one change, not three), and
// each call asks for the run's setup with the evaluation settings now in the controls. A newer call supersedes
// the one running (worker-client.ts reevaluate cancels it in the worker and drops its answers). This watcher is
// the only thing that starts a re-evaluation (worker-client.ts watchLiveEvaluation), so one change is one
// evaluation. Training settings never come here: they mark the results stale instead (StaleNote).
import { SETUP_ROLES, withRole, type Setup } from '../core/setup';
import { idleReevaluation, useStore, type State } from './store';

export const LIVE_DEBOUNCE_MS = 250;

/**
 * Re-evaluates the policies on screen under `setup`; writes partial and final results and `reevaluation` into the
 * store. `afterStop`: the first evaluation of policies a Stop during training kept (the page says so).
 */
export type Reevaluate = (setup: Setup, afterStop?: boolean) => Promise<void>;

/**
 * A run on screen whose training was stopped before any evaluation (RunResult.unevaluated, nothing evaluated):
 * its kept policies are evaluated at once, wherever it came from: the Stop itself, a reload, a saved run
 * reopened, an imported project.
 */
export function awaitsEvaluation(r: State['result']): boolean {
  return !!r && !!r.unevaluated && !!r.policies && r.evals.length === 0 && r.evalMs === 0;
}

/** The evaluation settings of a setup, as one comparable string. */
export function evalKey(s: Setup): string {
  return JSON.stringify((Object.keys(SETUP_ROLES) as (keyof Setup)[]).filter((k) => SETUP_ROLES[k] === 'evaluation').map((k) => s[k]));
}

/** A finished run is on screen, with the trained policies a re-evaluation needs. */
const settled = (s: State) => s.result !== null && !!s.result.policies && (s.run.status === 'done' || s.run.status === 'stopped');

/** Starts watching the store; returns the function that stops. */
export function watchEvaluationSettings(reevaluate: Reevaluate, debounceMs = LIVE_DEBOUNCE_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The evaluation settings the charts show or are being re-evaluated for (null: no run on screen). */
  let shown: string | null = null;
  const cancel = () => { clearTimeout(timer); timer = undefined; };
  const busy = (s: State) => s.reevaluation.status === 'waiting' || s.reevaluation.status === 'running';

  /** A run stopped before its evaluation is evaluated now, under the evaluation settings in the controls. */
  const evaluateKept = (s: State): boolean => {
    if (!settled(s) || busy(s) || !awaitsEvaluation(s.result)) return false;
    cancel();
    const setup = withRole(s.result!.setup, s.setup, 'evaluation');
    shown = evalKey(setup);
    const result = s.result;
    // After this store update has reached every listener (persistence stores the stopped run first).
    queueMicrotask(() => { if (useStore.getState().result === result && !busy(useStore.getState())) void reevaluate(setup, true); });
    return true;
  };

  const unsubscribe = useStore.subscribe((s, prev) => {
    // Stop while a change waits: nothing more is asked for.
    if (timer && s.reevaluation.status === 'stopped' && prev.reevaluation.status !== 'stopped') { cancel(); return; }
    const active = s.run.status === 'training' || s.run.status === 'paused' || s.run.status === 'evaluating';
    if (!s.result || active) {
      // No run on screen, or a new run started: nothing to re-evaluate, and what was pending is moot.
      cancel();
      shown = null;
      if (s.reevaluation.status === 'waiting') useStore.setState({ reevaluation: idleReevaluation });
      return;
    }
    // A new run on screen (trained, loaded, imported): its own evaluation settings are what it shows.
    if (shown === null || (s.result !== prev.result && !busy(s))) shown = evalKey(s.result.setup);
    if (s.result !== prev.result && evaluateKept(s)) return;
    // A setup edit, or a run that just finished while the controls had moved on (an evaluation setting edited
    // during the training): its evaluation settings against the controls'.
    if (!settled(s) || (s.setup === prev.setup && settled(prev))) return;
    const k = evalKey(s.setup);
    if (k === shown) return;
    shown = k;
    cancel();
    useStore.setState({ reevaluation: { status: 'waiting', fraction: 0 } });
    timer = setTimeout(() => {
      timer = undefined;
      const now = useStore.getState();
      if (!settled(now)) return;
      void reevaluate(withRole(now.result!.setup, now.setup, 'evaluation'), awaitsEvaluation(now.result));
    }, debounceMs);
  });
  evaluateKept(useStore.getState()); // such a run may already be on screen (restored before the watch began)
  return () => { cancel(); unsubscribe(); };
}
