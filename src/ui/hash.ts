// A setup can arrive in the page's URL hash (the share link, src/core/setup.ts). It is validated like any
// input: a bad link falls back to the defaults with a message, and nothing it carries runs; a good one in
// teaching mode (`teach=1`) trains once its demonstrations are loaded.
import { decodeLink } from '../core/setup';
import { useStore } from './store';
import { train } from './worker-client';

let teachingArmed = false;

export function applyHashSetup(): void {
  if (!location.hash || location.hash === '#') return;
  const { setup, view, message } = decodeLink(location.hash);
  const notes: string[] = [];
  if (message) notes.push(message);
  if (setup.demos.kind === 'upload') {
    notes.push(`This link names the uploaded file '${setup.demos.fileName}'. Uploaded data never travels in a link: load that file (or the project file it came with) to train.`);
  }
  useStore.setState({ setup, view, notice: notes.length ? notes.join(' ') : undefined });
  if (view.teach && !message && setup.demos.kind === 'builtin') armTeachingRun();
}

/** Teaching mode: train once, as soon as the link's built-in demonstrations are loaded. */
function armTeachingRun(): void {
  if (teachingArmed) return;
  teachingArmed = true;
  const startLoads = useStore.getState().dataset.loads;
  const unsubscribe = useStore.subscribe((s) => {
    if (s.dataset.loads > startLoads && s.dataset.summary && !s.dataset.loading && s.run.status === 'idle') {
      unsubscribe();
      void train();
    }
  });
}

/** A link pasted into the address bar of an open page applies at once (no reload needed). */
export function watchHash(): void {
  window.addEventListener('hashchange', () => applyHashSetup());
}
