// Benchmarks that run inside the worker of the production build (bench/train-browser.ts calls them): the
// training throughput of the default BE-DROIL configuration on a chosen backend, and the page's default
// comparison with its time split into training and evaluation. They print nothing; the caller reports.
import { currentBackend } from '../core/tf';
import { createTrainer } from '../core/algos/ensemble';
import { generateDemos } from '../core/experts';
import type { BackendPref } from '../core/setup';
import type { BackendInfo } from './protocol';

export interface TrainBench {
  backend: string;
  reason: string;
  members: number;
  steps: number;
  /** Steps per second of each timed block (each ends with one parameter read-back, as a logged step would). */
  stepsPerSec: number[];
}

/** Default BE-DROIL (policy 2x64, nu 2x32, batch 256, KL, Adam) on 10 CartPole-v1 demonstrations, M members. */
export async function benchTrain(init: (pref: BackendPref) => Promise<BackendInfo>, backend: BackendPref, members: number, steps: number, blocks: number): Promise<TrainBench> {
  const info = await init(backend);
  const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
  const t = createTrainer({ members: Array.from({ length: members }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 1_000_000, warmStartFraction: 0, logEvery: 1_000_000 }, data);
  try {
    await t.steps(3); // shader compilation, first allocations
    await t.parameters();
    const stepsPerSec: number[] = [];
    const nextTask = () => new Promise((r) => setTimeout(r, 0));
    for (let b = 0; b < blocks; b++) {
      // Each block in tasks of its own between two marks: bench/train-browser.ts --cpu sums the worker
      // thread's CPU time in them from Chromium's trace.
      await nextTask();
      performance.mark('droil-block-start');
      const t0 = performance.now();
      await t.steps(steps);
      await t.parameters();
      stepsPerSec.push(steps / ((performance.now() - t0) / 1000));
      performance.mark('droil-block-end');
      await nextTask();
    }
    return { backend: currentBackend(), reason: info.reason, members, steps, stepsPerSec };
  } finally {
    t.dispose();
  }
}
