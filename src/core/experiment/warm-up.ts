// A warm-up: the setup's own pipeline, run once small while the page waits for its first click, its result thrown
// away. The first run in a fresh worker runs slower than the next ones (the engine has not yet compiled its
// JavaScript nor tiered up its WebAssembly): beside a nice-10 computation, the First look's evaluation took 2.4-3.2 s
// the first time and 1.1-1.4 s on a third Train in the same page; on a quiet machine the warm-up takes the First look
// from 2.6-2.7 s to 2.4-2.5 s (twelfth session, docs/performance.md). Only the sizes shrink, so every code path of
// the run (training, each evaluation part: the box's search and the kernel's look-ahead included) has run once.
// On a MuJoCo task, where every episode runs 1000 steps, the box and the kernel were 85 % of the warm-up: there the box
// searches one parameter (2 corners, not 2^d) and the kernel looks one step ahead (HalfCheetah's warm-up 14 -> 10 s
// through droil run). Classic control keeps them whole: its warm-up is under a second, and with them cut the First
// look's ETA read +32 % in one quiet page run of three (its evaluation's code less warm; thirteenth session).
import { isMujocoEnvId } from '../mujoco/tasks';
import type { Setup } from '../setup';
import { planEval } from './evaluate';

export function warmUpSetup(setup: Setup): Setup {
  const small: Setup = {
    ...setup,
    steps: Math.min(setup.steps, 30),
    mbilDensitySteps: Math.min(setup.mbilDensitySteps, 10),
    evalEpisodes: 1,
    kernelEpisodes: 1,
    evalPoints: Math.min(setup.evalPoints, 3),
  };
  if (!isMujocoEnvId(setup.envId)) return small;
  const box = planEval(setup).box;
  return {
    ...small,
    boxParams: box ? box.params.slice(0, 1) : setup.boxParams,
    boxRandomPoints: Math.min(setup.boxRandomPoints, 1),
    boxRefineRounds: Math.min(setup.boxRefineRounds, 1),
    kernelCandidates: Math.min(setup.kernelCandidates, 2),
    kernelHorizon: Math.min(setup.kernelHorizon, 1),
  };
}
