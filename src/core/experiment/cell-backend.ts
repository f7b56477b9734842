// The tfjs backend a benchmark cell ran on. tfjs's backend is global to the thread, and the trainer moves it to
// the next backend when the current one throws (ensemble.ts recover: a kernel missing on wasm, a lost WebGPU
// device), so a cell could silently train and evaluate on cpu, and so could every later cell of the thread
// (issue 19: reading A's tf.gather had no wasm gradient; a member's numbers changed with its companions). A
// cell's numbers depend on its backend, so a cell that did not end on the backend it started on fails loudly.
import type { TrainerEvent } from '../algos/ensemble';
import { UserError } from '../errors';
import { currentBackend } from '../tf';

export interface CellBackendWatch {
  /** The trainer's event hook: collects its backend fallbacks. */
  onEvent: (ev: TrainerEvent) => void;
  /** The backend the cell ran on; throws (one line) when it changed or the trainer fell back. */
  check: () => string;
}

/** Started when the cell starts; `name` names the cell in the message. */
export function watchCellBackend(name: string): CellBackendWatch {
  const started = currentBackend();
  const fallbacks: string[] = [];
  return {
    onEvent: (ev) => { if (ev.kind === 'backend-fallback') fallbacks.push(ev.message); },
    check: () => {
      const now = currentBackend();
      if (now === started && fallbacks.length === 0) return now;
      const why = fallbacks.length > 0 ? fallbacks[0] : `the backend changed from ${started} to ${now}`;
      throw new UserError(`ran on ${now}, not on ${started} as the grid does (${why}); its numbers would not be ${started} numbers, so the run stops (finished cells are kept: fix the cause, or rerun with --backend ${now})`, name);
    },
  };
}
