// A setup can arrive in the page's URL hash (`#steps=200&algos=bc,dro-bc`). It is validated like any
// input: a bad link falls back to the defaults with a message, and nothing runs on its own.
import { setupFromHash } from '../core/setup';
import { useStore } from './store';

export function applyHashSetup(): void {
  if (!location.hash || location.hash === '#') return;
  try {
    useStore.setState({ setup: setupFromHash(location.hash) });
  } catch (e) {
    useStore.setState({ notice: `The link's setup was not used (${e instanceof Error ? e.message : String(e)}); the defaults are loaded instead.` });
  }
}
