// Benchmarks that run inside the worker of the production build (bench/train-browser.ts calls them through bench/worker/bench-worker.ts): the
// training throughput of the default BE-DROIL configuration on a chosen backend, and the page's default
// comparison with its time split into training and evaluation. They print nothing; the caller reports.
import { tf, currentBackend } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { generateDemos } from '../../src/core/experts';
import type { BackendPref } from '../../src/core/setup';
import type { BackendInfo } from '../../src/core/experiment/types';

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

export interface KernelTime { name: string; calls: number; ms: number }

/**
 * Kernel time of one training step of the default BE-DROIL configuration, by kernel name: the median over
 * `rounds` profiled steps (tf.profile) of each kernel's summed time, custom-gradient scopes left out (their
 * time includes the kernels they run). Where a step's time goes, inside the worker (bench/train-browser.ts --profile).
 */
export async function benchProfile(init: (pref: BackendPref) => Promise<BackendInfo>, backend: BackendPref, members: number, rounds: number): Promise<{ backend: string; kernels: KernelTime[] }> {
  await init(backend);
  const data = generateDemos('CartPole-v1', { episodes: 10, seed: 0 });
  const t = createTrainer({ members: Array.from({ length: members }, (_, i) => ({ algo: 'be-droil' as const, seed: i })), steps: 1_000_000, warmStartFraction: 0, logEvery: 1_000_000 }, data);
  try {
    await t.steps(5);
    const perRound = new Map<string, { calls: number; ms: number[] }>();
    for (let r = 0; r < rounds; r++) {
      const prof = await tf.profile(async () => { await t.steps(1); });
      const round = new Map<string, { calls: number; ms: number }>();
      for (const k of prof.kernels) {
        if (k.name === 'unnamed scope' || k.name === 'forward') continue;
        const e = round.get(k.name) ?? { calls: 0, ms: 0 };
        e.calls++; e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        round.set(k.name, e);
      }
      for (const [name, e] of round) { const p = perRound.get(name) ?? { calls: e.calls, ms: [] }; p.ms.push(e.ms); perRound.set(name, p); }
    }
    const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    const kernels = [...perRound].map(([name, p]) => ({ name, calls: p.calls, ms: median(p.ms) })).sort((a, b) => b.ms - a.ms);
    return { backend: currentBackend(), kernels };
  } finally {
    t.dispose();
  }
}
