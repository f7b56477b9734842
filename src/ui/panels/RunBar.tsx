// Train / pause / resume / stop, with a progress bar, steps per second and the time left.
import { useStore } from '../store';
import { pause, resume, stop, train } from '../worker-client';

export function RunBar() {
  const run = useStore((s) => s.run);
  const hasData = useStore((s) => s.dataset.summary !== null);
  const reevaluating = useStore((s) => s.reevaluation.status === 'running');
  const reevalFraction = useStore((s) => s.reevaluation.fraction);
  const kept = useStore((s) => s.result?.kept);
  const diverged = useStore((s) => s.result?.diverged);
  const nMembers = run.members.length;
  const active = run.status === 'training' || run.status === 'paused' || run.status === 'evaluating';
  // One bar and one time left for the whole run, training and evaluation together (the worker's estimate);
  // while the policies on screen are (re-)evaluated after the run (a Stop in training, a changed setting), that evaluation's.
  const frac = reevaluating ? reevalFraction : run.status === 'done' ? 1 : run.fraction ?? 0;
  const eta = active && run.status !== 'paused' && run.etaMs !== undefined ? run.etaMs / 1000 : NaN;
  return (
    <div className="runbar" id="run-controls" tabIndex={-1} role="group" aria-label="Training">
      <div className="buttons">
        <button type="button" className="primary" onClick={() => void train()} disabled={active || !hasData} data-testid="train">
          Train
        </button>
        {run.status === 'paused'
          ? <button type="button" onClick={resume} data-testid="resume">Resume</button>
          : <button type="button" onClick={pause} disabled={run.status !== 'training'} data-testid="pause">Pause</button>}
        <button type="button" onClick={stop} disabled={!active && !reevaluating} data-testid="stop">Stop</button>
      </div>
      <div className="progress-wrap">
        <progress max={1} value={frac} aria-label="Progress" data-testid="progress" />
        <span className="progress-text" role="status" data-testid="run-status">{statusText(run.status, run.step, run.totalSteps, nMembers, run.stepsPerSec, eta, run.evalFraction, run.error, run.pausedAt, run.stage, kept, diverged)}</span>
      </div>
    </div>
  );
}

function statusText(status: string, step: number, total: number, members: number, sps: number, eta: number, evalFrac: number, error?: string, pausedAt?: number, stage?: string, kept?: string, diverged?: string): string {
  switch (status) {
    case 'idle': return 'Ready. Train compares the chosen algorithms on the loaded demonstrations.';
    case 'training': return `Training ${members} policies${stage ? ` (now: ${stage})` : ''}: step ${step} / ${total} · ${sps.toFixed(0)} steps/s · ${left(eta)}`;
    case 'paused': return pausedAt === undefined ? 'Pausing after the current step…' : `Paused at step ${pausedAt} / ${total}`;
    case 'evaluating': return `Evaluating under perturbations… ${(evalFrac * 100).toFixed(0)}% · ${left(eta)}`;
    // One line per diverged member (frozen at its kept step; the others trained on): one status line, joined by '; '.
    case 'done': if (diverged) return `Diverged: ${diverged.split('\n').map((l) => l.replace(/^training diverged: /, '')).join('; ')}; those are evaluated below. Try a lower learning rate.`;
      return `Done: ${members} policies trained (${total} steps in all) and evaluated.`;
    case 'stopped': return kept ? `Stopped at step ${step} / ${total} (${kept}); what finished is shown below.` : `Stopped at step ${step} / ${total}; the policies as they were are evaluated below.`;
    case 'error': return `Error: ${error ?? 'unknown'}`;
    default: return '';
  }
}

/** The run's time left, training and evaluation together. */
function left(eta: number): string {
  return Number.isFinite(eta) ? `about ${fmtTime(eta)} left in all` : 'estimating time left';
}

function fmtTime(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
