// MuJoCo environment throughput, the same measurement in Node (bench/mujoco.ts) and in the production worker
// (bench/mujoco-browser.ts calls it through bench/worker/bench-worker.ts's benchMujocoEnv): the expert's closed loop in a VecEnv of
// n environments with n different pole (Hopper, runner: torso) masses, so the parameters are rewritten into the
// shared model every step; environments that end are reset and every step counts. Prints nothing.
import { VecEnv, getEnvSpec } from '../../src/core/envs';
import { getExpert } from '../../src/core/experts';
import type { MujocoEnvId } from '../../src/core/mujoco/tasks';
import { Rng } from '../../src/core/rng';

/** Environment steps per second over about `seconds` of stepping (MuJoCo must be loaded). */
export function mujocoEnvRate(id: MujocoEnvId, n: number, seconds: number, seed: number): number {
  const spec = getEnvSpec(id);
  const mass = spec.params.find((p) => p.name.endsWith('_mass') && p.name !== 'cart_mass')!; // pole or torso
  const env = new VecEnv(id, n, Array.from({ length: n }, (_, i) => ({ [mass.name]: mass.default * (1 + (0.2 * i) / n) })));
  const rng = new Rng(seed);
  env.reset(rng);
  const expert = getExpert(id);
  const actions = new Float64Array(n * env.actionDim);
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    for (let k = 0; k < 16; k++) {
      for (let i = 0; i < n; i++) expert.act(env.observations, i * env.obsDim, actions, i * env.actionDim);
      env.step(actions);
      for (let i = 0; i < n; i++) if (!env.active[i]) env.resetOne(i, rng);
      steps += n;
    }
    t = performance.now();
  }
  return (steps / (t - t0)) * 1000;
}
