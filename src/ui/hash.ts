// A setup can arrive in the page's URL hash (the share link, src/core/setup.ts). It is validated like any
// input: a bad link falls back to the defaults with a message, and nothing it carries runs; a good one in
// teaching mode (`teach=1`) trains once its demonstrations are loaded. A teaching link whose run is heavy
// (more than HEAVY_FACTOR times the default setup's member-steps) asks first, saying the cost. Every new
// link cancels a teaching run that an earlier link armed and that has not started.
import { decodeLink, defaultSetup, type Setup } from '../core/setup';
import { planMembers } from '../core/experiment/members';
import { READING_A_IDS } from '../core/experiment/readings';
import { useStore } from './store';
import { train } from './worker-client';

/** A teaching link beyond this many times the default's member-steps asks before it trains. */
export const HEAVY_FACTOR = 10;

let disarm: (() => void) | null = null;

/** Member-steps of a setup: policies trained times steps, plus MBIL's density fits (three models per seed) and reading A's (two). */
export function memberSteps(s: Setup): number {
  const mbil = s.algos.includes('mbil') || (s.loss === 'mbil' && s.algos.some((a) => a === 'dro-bc' || a === 'be-droil'));
  const readingA = s.algos.some((a) => READING_A_IDS.includes(a));
  return planMembers(s).length * s.steps + (mbil ? 3 * s.seeds * s.mbilDensitySteps : 0) + (readingA ? 2 * s.seeds * s.mbilDensitySteps : 0);
}

export function applyHashSetup(): void {
  cancelTeaching();
  if (!location.hash || location.hash === '#') return;
  const { setup, view, message } = decodeLink(location.hash);
  const notes: string[] = [];
  if (message) notes.push(message);
  if (setup.demos.kind === 'upload') {
    notes.push(`This link names the uploaded file '${setup.demos.fileName}'. Uploaded data never travels in a link: load that file (or the project file it came with) to train.`);
  }
  useStore.setState({ setup, view, rho: view.rho, notice: notes.length ? notes.join(' ') : undefined });
  if (!view.teach || message || setup.demos.kind !== 'builtin') return;
  const cost = memberSteps(setup);
  const base = memberSteps(defaultSetup);
  if (cost > HEAVY_FACTOR * base) {
    const members = planMembers(setup).length;
    useStore.setState({
      teachPending: `This link trains ${members} policies for ${setup.steps.toLocaleString('en')} steps each: ${cost.toLocaleString('en')} member-steps, ` +
        `${Math.round(cost / base)} times the default run, which may take minutes and keep this device busy. Train it?`,
    });
    return;
  }
  armTeachingRun();
}

/** The user agreed to a heavy teaching run. */
export function confirmTeaching(): void {
  useStore.setState({ teachPending: undefined });
  armTeachingRun();
}

/** A pending teaching run (armed, or waiting for the user's answer) is dropped: nothing runs. */
export function cancelTeaching(): void {
  disarm?.();
  disarm = null;
  if (useStore.getState().teachPending !== undefined) useStore.setState({ teachPending: undefined });
}

/** Teaching mode: train once, as soon as the link's built-in demonstrations are loaded. */
function armTeachingRun(): void {
  if (disarm) return;
  const startLoads = useStore.getState().dataset.loads;
  const unsubscribe = useStore.subscribe((s) => {
    if (s.dataset.loads > startLoads && s.dataset.summary && !s.dataset.loading && s.run.status === 'idle') {
      unsubscribe();
      disarm = null;
      void train();
    }
  });
  disarm = unsubscribe;
}

/** A link pasted into the address bar of an open page applies at once (no reload needed). */
export function watchHash(): void {
  window.addEventListener('hashchange', () => applyHashSetup());
}
