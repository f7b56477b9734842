// Expert demonstrations from a seed. Episode e's initial state comes from the e-th seed of a reset stream
// derived from `seed`, so the same seed gives the same dataset, and more episodes extend it (the first k
// episodes of a larger set equal a set of k). All episodes run together in one VecEnv.
import { VecEnv } from '../envs/vec-env';
import { getEnvSpec } from '../envs/registry';
import type { Params } from '../envs/types';
import type { Dataset } from '../data/dataset';
import { UserError } from '../errors';
import { Rng } from '../rng';
import { getExpert } from './registry';

export interface DemoOptions {
  episodes: number;
  seed: number;
  /** Physical parameters of the demonstrating environment (defaults: nominal). */
  params?: Params;
  /** Imperfect expert: probability of a uniformly random action at each step (default 0). */
  epsilon?: number;
  /** Imperfect expert (continuous actions): Gaussian noise, std as a fraction of the half action range. */
  actionNoise?: number;
}

export function generateDemos(envId: string, options: DemoOptions): Dataset {
  const spec = getEnvSpec(envId);
  const expert = getExpert(envId);
  const { episodes, seed, params = {}, epsilon = 0, actionNoise = 0 } = options;
  if (!Number.isInteger(episodes) || episodes < 1) throw new UserError(`episodes must be a positive integer, got ${episodes}`, 'episodes');
  if (!Number.isFinite(seed)) throw new UserError(`seed must be a finite number, got ${seed}`, 'seed');
  if (!(epsilon >= 0 && epsilon <= 1)) throw new UserError(`epsilon must be in [0, 1], got ${epsilon}`, 'epsilon');
  if (!(actionNoise >= 0 && Number.isFinite(actionNoise))) throw new UserError(`actionNoise must be >= 0, got ${actionNoise}`, 'actionNoise');

  const env = new VecEnv(envId, episodes, params);
  const { obsDim, actionDim } = env;
  const root = new Rng(seed);
  const resetSeeds = root.derive('demos/reset');
  const noiseSeeds = root.derive('demos/noise');
  const noise: Rng[] = [];
  for (let e = 0; e < episodes; e++) {
    env.resetOne(e, resetSeeds.nextSeed());
    noise.push(new Rng(noiseSeeds.nextSeed()));
  }

  const eps = Array.from({ length: episodes }, () => ({ obs: [] as number[], act: [] as number[], next: [] as number[], rew: [] as number[] }));
  const actions = new Float64Array(episodes * actionDim);
  const space = spec.actionSpace;
  while (env.numActive > 0) {
    for (let e = 0; e < episodes; e++) {
      if (!env.active[e]) continue;
      expert.act(env.observations, e * obsDim, actions, e * actionDim);
      perturbAction(actions, e * actionDim, space, noise[e], epsilon, actionNoise);
      for (let k = 0; k < obsDim; k++) eps[e].obs.push(env.observations[e * obsDim + k]);
      for (let k = 0; k < actionDim; k++) eps[e].act.push(actions[e * actionDim + k]);
    }
    env.step(actions);
    for (let e = 0; e < episodes; e++) {
      // An episode just stepped has one more action than next-observations recorded.
      if (eps[e].act.length / actionDim === eps[e].rew.length) continue;
      for (let k = 0; k < obsDim; k++) eps[e].next.push(env.observations[e * obsDim + k]);
      eps[e].rew.push(env.rewards[e]);
    }
  }

  const lengths = eps.map((x) => x.rew.length);
  const total = lengths.reduce((a, b) => a + b, 0);
  const d: Dataset = {
    obsDim,
    actionKind: space.kind,
    actionDim,
    numActions: space.kind === 'discrete' ? space.n : undefined,
    observations: new Float32Array(total * obsDim),
    actions: new Float32Array(total * actionDim),
    nextObservations: new Float32Array(total * obsDim),
    rewards: new Float32Array(total),
    terminals: new Uint8Array(total),
    timeouts: new Uint8Array(total),
    episodeStarts: new Int32Array(episodes + 1),
    meta: {
      envId: spec.id,
      source: 'built-in',
      format: 'built-in',
      generator: {
        expert: expert.name,
        seed,
        episodes,
        ...(epsilon > 0 ? { epsilon } : {}),
        ...(actionNoise > 0 ? { actionNoise } : {}),
        ...(Object.keys(params).length > 0 ? { params: { ...params } } : {}),
      },
    },
  };
  let t = 0;
  for (let e = 0; e < episodes; e++) {
    d.episodeStarts[e] = t;
    d.observations.set(eps[e].obs, t * obsDim);
    d.actions.set(eps[e].act, t * actionDim);
    d.nextObservations.set(eps[e].next, t * obsDim);
    d.rewards!.set(eps[e].rew, t);
    t += lengths[e];
    // The last transition ends the episode: by termination, or else by the time limit.
    if (env.terminated[e]) d.terminals[t - 1] = 1;
    else d.timeouts[t - 1] = 1;
  }
  d.episodeStarts[episodes] = t;
  return d;
}

/** The imperfect-expert hooks: epsilon-random actions and Gaussian action noise, from the episode's stream. */
function perturbAction(a: Float64Array, ao: number, space: ReturnType<typeof getEnvSpec>['actionSpace'], rng: Rng, epsilon: number, actionNoise: number): void {
  if (epsilon > 0 && rng.next() < epsilon) {
    if (space.kind === 'discrete') a[ao] = rng.int(space.n);
    else for (let k = 0; k < space.dim; k++) a[ao + k] = rng.uniform(space.low[k], space.high[k]);
    return;
  }
  if (actionNoise > 0 && space.kind === 'continuous') {
    for (let k = 0; k < space.dim; k++) {
      const half = (space.high[k] - space.low[k]) / 2;
      a[ao + k] = Math.min(Math.max(a[ao + k] + rng.normal(0, actionNoise * half), space.low[k]), space.high[k]);
    }
  }
}
