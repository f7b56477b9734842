// The environment throughput measurement shared by bench/envs.ts and the harness (bench/run.ts): a VecEnv of
// n environments stepped with pre-drawn random actions for about `seconds`, finished environments reset in
// place, so every step counts n environment steps.
import { VecEnv, getEnvSpec } from '../../src/core/envs';
import { Rng } from '../../src/core/rng';

/** `count` random actions of the environment's action space, flat (count x action dim). */
export function randomActions(id: string, count: number, rng: Rng): Float64Array {
  const space = getEnvSpec(id).actionSpace;
  const dim = space.kind === 'discrete' ? 1 : space.dim;
  const a = new Float64Array(count * dim);
  for (let i = 0; i < a.length; i++) a[i] = space.kind === 'discrete' ? rng.int(space.n) : rng.uniform(space.low[i % dim], space.high[i % dim]);
  return a;
}

/** One timed run: environment steps per second of a VecEnv of n, over at least `seconds`. */
export function vecEnvStepsPerSecond(id: string, n: number, seconds: number, seed: number): number {
  const rng = new Rng(seed);
  const env = new VecEnv(id, n);
  env.reset(rng);
  const tables = Array.from({ length: 8 }, () => randomActions(id, n, rng));
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    for (let k = 0; k < 64; k++) {
      env.step(tables[k & 7]);
      for (let i = 0; i < n; i++) if (!env.active[i]) env.resetOne(i, rng);
      steps += n;
    }
    t = performance.now();
  }
  return steps / ((t - t0) / 1000);
}
