// Cooperative pause for the long loops (the trainer, MBIL's trainer, the density fits): between two steps,
// wait while the caller's hook says so, polling every 50 ms; a stop request ends the wait.

/** Resolves when shouldPause() is false (or shouldStop() true); true when it returned because of a stop. */
export async function waitWhilePaused(shouldPause?: () => boolean, shouldStop?: () => boolean): Promise<boolean> {
  while (shouldPause?.()) {
    await new Promise((r) => setTimeout(r, 50));
    if (shouldStop?.()) return true;
  }
  return false;
}
