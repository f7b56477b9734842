// A warm-up: the setup's own pipeline, run once small while the page waits for its first click, its result thrown
// away. The first run in a fresh worker ran 2-4x slower than the next ones (the engine had not yet compiled its
// JavaScript nor tiered up its WebAssembly): on the First look the evaluation took 2.4-3.2 s the first time and
// 1.4 s the third, in the same page (twelfth session, docs/performance.md). Only the sizes shrink, so every code
// path of the run (training, each evaluation part) has run once.
import type { Setup } from '../setup';

export function warmUpSetup(setup: Setup): Setup {
  return {
    ...setup,
    steps: Math.min(setup.steps, 30),
    mbilDensitySteps: Math.min(setup.mbilDensitySteps, 10),
    evalEpisodes: 1,
    kernelEpisodes: 1,
    evalPoints: Math.min(setup.evalPoints, 3),
  };
}
