// Cooperative pause for the long loops (the trainer, MBIL's trainer, the density fits): between two steps,
// wait while the caller's hook says so, polling every 50 ms; a stop request ends the wait. Every call also
// hands control to the event loop when YIELD_MS have passed since it last did, so a worker sees Stop (and a
// newer request) within tens of milliseconds, not at the next logged step.

const YIELD_MS = 40;
let lastYield = 0;

/** Resolves when shouldPause() is false (or shouldStop() true); true when it returned because of a stop. */
export async function waitWhilePaused(shouldPause?: () => boolean, shouldStop?: () => boolean): Promise<boolean> {
  const now = performance.now();
  if (now - lastYield >= YIELD_MS) {
    lastYield = now;
    await new Promise((r) => setTimeout(r, 0));
    if (shouldStop?.()) return true;
  }
  while (shouldPause?.()) {
    await new Promise((r) => setTimeout(r, 50));
    if (shouldStop?.()) return true;
  }
  return false;
}
