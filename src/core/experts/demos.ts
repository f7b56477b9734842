// Expert demonstrations from a seed. Episode e's initial state comes from the e-th seed of a reset stream
// derived from `seed`, so the same seed gives the same dataset, and more episodes extend it (the first k
// episodes of a larger set equal a set of k). All episodes run together in one VecEnv.
//
// Imperfect experts (PRODUCT.md part 2; the study of where robustness pays needs data a policy cannot fit
// perfectly). Three independent settings, each drawn from its own stream derived from `seed` (and within it,
// one generator per episode), so a setting of 0 draws nothing and gives exactly the perfect expert's data,
// and changing one setting changes neither the reset states nor the other settings' draws:
//   epsilon      at each step, with probability epsilon, the expert's action is replaced by a uniformly
//                random action from the action space (discrete: each index with probability 1/n;
//                continuous: uniform in [low, high) per component).
//   actionNoise  continuous actions only: Gaussian noise with this std, in action units, is added to the
//                expert's action, which is then clipped to the action space's bounds (as Gymnasium's
//                environments clip their input; Pendulum clips to max_torque, which is the bound unless the
//                parameter is perturbed). The recorded action is the clipped, noisy one. Not applied to a
//                step whose action epsilon replaced.
//   processNoise after each nominal step that did not terminate, Gaussian noise of processNoise times the
//                environment's documented EnvSpec.processNoiseStd is added to the internal state
//                (envs/process-noise.ts, which also restores the env's state invariants). The recorded
//                transition is (s, a, s' = the noisy next state), with the nominal step's reward and
//                termination, and the next step starts from the noisy state.
import { addProcessNoise } from '../envs/process-noise';
import { VecEnv } from '../envs/vec-env';
import { getDynamics, getExpert } from '../environments/registry';
import type { ActionSpace, Params } from '../envs/types';
import type { Dataset } from '../data/dataset';
import { UserError } from '../errors';
import { Rng } from '../rng';

export interface DemoOptions {
  episodes: number;
  seed: number;
  /** Physical parameters of the demonstrating environment (defaults: nominal). */
  params?: Params;
  /** Imperfect expert: probability of a uniformly random action at each step (default 0). */
  epsilon?: number;
  /** Imperfect expert (continuous actions only): Gaussian action noise, std in action units (default 0). */
  actionNoise?: number;
  /** Stochastic nominal dynamics: process noise, in multiples of the env's processNoiseStd (default 0). */
  processNoise?: number;
}

/** Per-episode generators of one noise stream, derived from the seed by a fixed label. */
function episodeStreams(root: Rng, label: string, episodes: number): Rng[] {
  const seeds = root.derive(label);
  return Array.from({ length: episodes }, () => new Rng(seeds.nextSeed()));
}

export function generateDemos(envId: string, options: DemoOptions): Dataset {
  const dyn = getDynamics(envId);
  const spec = dyn.spec;
  const expert = getExpert(envId);
  const { episodes, seed, params = {}, epsilon = 0, actionNoise = 0, processNoise = 0 } = options;
  if (!Number.isInteger(episodes) || episodes < 1) throw new UserError(`episodes must be a positive integer, got ${episodes}`, 'episodes');
  if (!Number.isFinite(seed)) throw new UserError(`seed must be a finite number, got ${seed}`, 'seed');
  if (!(epsilon >= 0 && epsilon <= 1)) throw new UserError(`epsilon must be in [0, 1], got ${epsilon}`, 'epsilon');
  if (!(actionNoise >= 0 && Number.isFinite(actionNoise))) throw new UserError(`actionNoise must be a finite number >= 0, got ${actionNoise}`, 'actionNoise');
  if (actionNoise > 0 && spec.actionSpace.kind === 'discrete') {
    throw new UserError(`${spec.id} has discrete actions; action noise applies to continuous actions only (use epsilon for random actions)`, 'actionNoise');
  }
  if (!(processNoise >= 0 && Number.isFinite(processNoise))) throw new UserError(`processNoise must be a finite number >= 0, got ${processNoise}`, 'processNoise');

  const env = new VecEnv(envId, episodes, params);
  const { obsDim, actionDim, stateDim } = env;
  const root = new Rng(seed);
  const resetSeeds = root.derive('demos/reset');
  for (let e = 0; e < episodes; e++) env.resetOne(e, resetSeeds.nextSeed());
  const epsRng = episodeStreams(root, 'demos/epsilon', episodes);
  const actRng = episodeStreams(root, 'demos/action-noise', episodes);
  const procRng = episodeStreams(root, 'demos/process-noise', episodes);

  const eps = Array.from({ length: episodes }, () => ({ obs: [] as number[], act: [] as number[], next: [] as number[], rew: [] as number[] }));
  const actions = new Float64Array(episodes * actionDim);
  const space = spec.actionSpace;
  while (env.numActive > 0) {
    for (let e = 0; e < episodes; e++) {
      if (!env.active[e]) continue;
      expert.act(env.observations, e * obsDim, actions, e * actionDim);
      perturbAction(actions, e * actionDim, space, epsRng[e], epsilon, actRng[e], actionNoise);
      for (let k = 0; k < obsDim; k++) eps[e].obs.push(env.observations[e * obsDim + k]);
      for (let k = 0; k < actionDim; k++) eps[e].act.push(actions[e * actionDim + k]);
    }
    env.step(actions);
    for (let e = 0; e < episodes; e++) {
      // An episode just stepped has one more action than next-observations recorded.
      if (eps[e].act.length / actionDim === eps[e].rew.length) continue;
      if (processNoise > 0 && !env.terminated[e]) {
        addProcessNoise(spec, env.states, e * stateDim, processNoise, procRng[e]);
        dyn.observe(env.states, e * stateDim, env.observations, e * obsDim);
      }
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
      // The noise settings are always recorded (0 = perfect expert, deterministic dynamics).
      generator: {
        expert: expert.name,
        seed,
        episodes,
        epsilon,
        actionNoise,
        processNoise,
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

/**
 * The imperfect expert's action. Each stream draws the same numbers at every step whatever the other
 * setting (epsilon: one uniform for the decision and one random action; action noise: one normal per
 * component), so step t's draws do not depend on whether earlier steps were replaced, and the steps
 * replaced at a smaller epsilon are among those replaced at a larger one.
 */
function perturbAction(a: Float64Array, ao: number, space: ActionSpace, epsRng: Rng, epsilon: number, actRng: Rng, actionNoise: number): void {
  let replaced = false;
  if (epsilon > 0) {
    const u = epsRng.next();
    if (space.kind === 'discrete') {
      const r = epsRng.int(space.n);
      if (u < epsilon) { a[ao] = r; replaced = true; }
    } else {
      replaced = u < epsilon;
      for (let k = 0; k < space.dim; k++) {
        const r = epsRng.uniform(space.low[k], space.high[k]);
        if (replaced) a[ao + k] = r;
      }
    }
  }
  if (actionNoise > 0 && space.kind === 'continuous') {
    for (let k = 0; k < space.dim; k++) {
      const z = actRng.normal(0, actionNoise);
      if (!replaced) a[ao + k] = Math.min(Math.max(a[ao + k] + z, space.low[k]), space.high[k]);
    }
  }
}
