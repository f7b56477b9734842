// The live loop's evaluation half (issue 17): an evaluation setting changed after a run re-evaluates the
// policies on screen, without training. Changes are debounced (a typed number is one change, not three), and
// each call asks for the run's setup with the evaluation settings now in the controls. A newer call supersedes
// the one running (worker-client.ts reevaluate cancels it in the worker and drops its answers). This watcher is
// the only thing that starts a re-evaluation (worker-client.ts watchLiveEvaluation), so one change is one
// evaluation. Training settings never come here: they mark the results stale instead (StaleNote).
import { SETUP_ROLES, withRole, type Setup } from '../core/setup';
import { idleReevaluation, useStore, type State } from './store';

export const LIVE_DEBOUNCE_MS = 250;

/** Re-evaluates the policies on screen under `setup`; writes partial and final results and `reevaluation` into the store. */
export type Reevaluate = (setup: Setup) => Promise<void>;

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
      void reevaluate(withRole(now.result!.setup, now.setup, 'evaluation'));
    }, debounceMs);
  });
  return () => { cancel(); unsubscribe(); };
}
