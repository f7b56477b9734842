import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { applyHashSetup } from './ui/hash';
import './ui/styles.css';
import { useStore } from './ui/store';

applyHashSetup();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Tests and the benchmark read the store directly (it is plain data, never a way in for links).
(window as unknown as { __droilStore: typeof useStore }).__droilStore = useStore;
