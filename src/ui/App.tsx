// The one page: header with the backend badge, controls on the left, the run, the animation and the
// charts on the right. It opens on the "First look" preset and shows the expert's rollout at once.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useShallow } from 'zustand/shallow';
import { useStore } from './store';
import { initBackend, loadBuiltin, watchLiveEvaluation } from './worker-client';
import { Controls, RhoSlider } from './panels/Controls';
import { RunBar } from './panels/RunBar';
import { CanvasPanel } from './canvas/CanvasPanel';

// recharts is most of the page's JavaScript: the charts load after the first paint.
const ChartsGrid = lazy(() => import('./charts/ChartsGrid'));
import { SaturationNote } from './panels/SaturationNote';
import { PresetNote } from './panels/PresetNote';
import { StaleNote } from './panels/StaleNote';
import { CopyLinkButton, SharePanel } from './share/SharePanel';
import { LearnPanel, openLearn } from './learn/LearnPanel';
import { viewClasses } from './share/view';
import { PanelBoundary } from './PanelBoundary';
import { TeachConfirm } from './share/TeachConfirm';

export function App() {
  const [envId, demos, params, eps, an, pn] = useStore(useShallow((s) => [s.setup.envId, s.setup.demos, s.setup.params, s.setup.demoEpsilon, s.setup.demoActionNoise, s.setup.demoProcessNoise] as const));
  const notice = useStore((s) => s.notice);
  const viewClass = useStore((s) => viewClasses(s.view));
  // Narrow screens (phones) show one column at a time: the results first, the setup one tap away.
  const [tab, setTab] = useState<'results' | 'setup'>('results');
  useEffect(() => { void initBackend(); }, []);
  // An evaluation setting edited after a run re-evaluates the policies on screen (debounced), no training.
  useEffect(() => watchLiveEvaluation(), []);
  // Built-in demonstrations follow the controls (debounced while typing a seed).
  const builtinKey = demos.kind === 'builtin' ? `${envId}|${demos.episodes}|${demos.seed}|${JSON.stringify(params)}|${eps}|${an}|${pn}` : null;
  useEffect(() => {
    if (builtinKey === null) return;
    const h = setTimeout(() => void loadBuiltin(), 150);
    return () => clearTimeout(h);
  }, [builtinKey]);
  return (
    <div className={`app ${viewClass}`}>
      <a className="skip-link" href="#run-controls" data-testid="skip-link" onClick={(e) => { e.preventDefault(); setTab('results'); skipToRun(); }}>Skip to the run controls</a>
      <header className="top">
        <div>
          <h1>BE-DROIL Playground</h1>
          <p className="tagline">Distributionally robust offline imitation learning, trained and stress-tested in your browser.</p>
        </div>
        <div className="top-actions">
          <CopyLinkButton />
          <button type="button" onClick={() => openLearn('method')} data-testid="open-learn">Learn</button>
          <BackendBadge />
        </div>
      </header>
      {notice && <p className="notice" role="alert">{notice}</p>}
      <TeachConfirm />
      <nav className="tabs" aria-label="View">
        <div role="tablist" aria-label="View" className="tablist">
          <button type="button" role="tab" aria-selected={tab === 'results'} data-testid="tab-results" onClick={() => setTab('results')}>Run &amp; results</button>
          <button type="button" role="tab" aria-selected={tab === 'setup'} data-testid="tab-setup" onClick={() => setTab('setup')}>Setup</button>
        </div>
      </nav>
      {/* One main landmark around both columns: on a phone one column is hidden at a time (tabs), and the page
          must keep its main landmark on either tab. */}
      <main className={`layout tab-${tab}`}>
        <div className="left"><PanelBoundary name="controls"><Controls /></PanelBoundary></div>
        <section className="right" aria-labelledby="run-results-title">
          <h2 className="visually-hidden" id="run-results-title">Run and results</h2>
          <PresetNote />
          <PanelBoundary name="run bar"><RunBar /><StaleNote /></PanelBoundary>
          <PanelBoundary name="slider"><div className="slider-bar"><RhoSlider /></div><SaturationNote /></PanelBoundary>
          <PanelBoundary name="animation"><CanvasPanel /></PanelBoundary>
          <PanelBoundary name="charts">
            <Suspense fallback={<p className="empty">Loading the charts…</p>}>
              <ChartsGrid />
            </Suspense>
          </PanelBoundary>
          <PanelBoundary name="share and saved-data panel"><SharePanel /></PanelBoundary>
        </section>
      </main>
      <PanelBoundary name="Learn panel"><LearnPanel /></PanelBoundary>
      <footer className="foot">
        Everything runs in this tab: the data never leaves your machine. See ALGORITHMS.md for the method.
      </footer>
    </div>
  );
}

/** The skip link's target: the Train button (focus on the first control, not a box around them). */
function skipToRun(): void {
  requestAnimationFrame(() => {
    const target = document.getElementById('run-controls');
    target?.scrollIntoView({ block: 'start' });
    const first = target?.querySelector<HTMLButtonElement>('button:not(:disabled)');
    (first ?? target)?.focus();
  });
}

function BackendBadge() {
  const b = useStore((s) => s.backend);
  return (
    <div className="badge" data-testid="backend-badge" title={b?.reason} aria-live="polite">
      <span className="badge-name">{b ? b.backend : 'starting…'}</span>
      {b && <span className="badge-reason">{b.reason}</span>}
    </div>
  );
}
