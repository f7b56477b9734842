// First: zod must not probe for eval under the CSP (before any schema is built).
import './core/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { PanelBoundary } from './ui/PanelBoundary';
import { applyHashSetup, watchHash } from './ui/hash';
import { initPersistence } from './ui/persist/persist';
import './ui/styles.css';
import { useStore } from './ui/store';
import { evaluateCallCount, stop } from './ui/worker-client';

// A share link wins over what this browser kept; without one, the last setup, data and run come back.
const hasLink = location.hash.length > 1;
applyHashSetup();
watchHash();
void initPersistence(hasLink);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PanelBoundary name="page" root>
      <App />
    </PanelBoundary>
  </StrictMode>,
);

// Tests and benchmarks read the store directly: only in a build made for them (VITE_DROIL_TEST_HOOKS=1, as
// test/e2e/global-setup.ts and the bench scripts build); the shipped app exposes nothing on window.
// They edit the setup through the store (a re-evaluation starts from there, as from the controls), press Stop,
// and count the evaluations the worker was asked for.
if (import.meta.env.VITE_DROIL_TEST_HOOKS === '1') {
  (window as unknown as { __droilStore: typeof useStore }).__droilStore = useStore;
  (window as unknown as { __droilClient: { evaluateCalls: typeof evaluateCallCount; stop: typeof stop } }).__droilClient = { evaluateCalls: evaluateCallCount, stop };
}
