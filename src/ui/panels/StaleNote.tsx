// What the results on screen are for: hidden after an environment switch, stale after a training setting
// changed (Train to update), being re-evaluated after an evaluation setting changed (src/ui/live-eval.ts).
import { useShallow } from 'zustand/shallow';
import { useSettings, useStore } from '../store';
import { staleTraining } from '../selectors';

export function StaleNote() {
  const setup = useSettings(); // staleness does not depend on the radius slider
  const [result, note, re, status] = useStore(useShallow((s) => [s.result, s.resultNote, s.reevaluation, s.run.status] as const));
  const stale = status === 'done' || status === 'stopped' ? staleTraining(setup, result) : [];
  if (note && !result) return <p className="stale-note" role="status" data-testid="result-note">{note}</p>;
  return (
    <>
      {stale.length > 0 && (
        <p className="stale-note" role="status" data-testid="stale-note">
          <b>Results below are for the previous settings — Train to update.</b>{' '}
          <span className="muted">Changed since that run: {stale.join(', ')}. The link and the CLI command describe the run on screen.</span>
        </p>
      )}
      {re.status === 'waiting' || re.status === 'running' ? (
        <p className="live-note" role="status" data-testid="live-note">
          {re.afterStop ? 'Evaluating the policies kept at Stop' : 'Re-evaluating the trained policies with the new evaluation settings (no retraining)'}{re.status === 'running' ? `… ${(re.fraction * 100).toFixed(0)}%` : '…'}
        </p>
      ) : re.status === 'stopped' ? (
        <p className="live-note" role="status" data-testid="live-note">{re.afterStop ? 'Evaluation' : 'Re-evaluation'} stopped{result?.kept ? `: ${result.kept}` : ''}. Partly evaluated conditions are left out of the charts.</p>
      ) : re.status === 'error' ? (
        <p className="error" role="alert" data-testid="live-note">Not re-evaluated: {re.error}</p>
      ) : null}
    </>
  );
}
