// A single environment with Gymnasium's API: reset(seed) -> observation, step(action) -> StepResult, with
// truncation from the time limit as Gymnasium's TimeLimit wrapper (truncated once elapsed >= max steps).
import { UserError } from '../errors';
import { Rng } from '../rng';
import { packAction } from './action';
import { getDynamics } from '../environments/registry';
import { actionDimOf, paramVector, resolveParams } from './params';
import type { Action, EnvDynamics, EnvId, EnvSpec, Params, StepOut, StepResult } from './types';

export class Env {
  readonly spec: EnvSpec;
  /** The full parameter record (defaults filled in). */
  readonly params: Params;
  /** Steps since the last reset (or since `state` was set). */
  elapsedSteps = 0;
  readonly maxEpisodeSteps: number;

  private readonly dyn: EnvDynamics;
  private readonly p: Float64Array;
  private readonly s: Float64Array;
  private readonly a: Float64Array;
  private readonly out: StepOut = { reward: 0, terminated: false };
  private rng: Rng | null = null;

  constructor(id: EnvId | string, params: Params = {}, options: { maxEpisodeSteps?: number } = {}) {
    this.dyn = getDynamics(id);
    this.spec = this.dyn.spec;
    this.params = resolveParams(this.spec, params);
    this.p = paramVector(this.spec, params);
    this.s = new Float64Array(this.spec.stateNames.length);
    this.a = new Float64Array(actionDimOf(this.spec));
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? this.spec.maxEpisodeSteps;
  }

  /**
   * Start an episode. A number seeds a fresh generator (same seed, same initial state); an Rng is drawn
   * from; nothing continues the generator of the previous reset (as Gymnasium's reset(seed=None)).
   */
  reset(seedOrRng?: number | Rng): Float64Array {
    if (typeof seedOrRng === 'number') this.rng = new Rng(seedOrRng);
    else if (seedOrRng) this.rng = seedOrRng;
    else if (!this.rng) this.rng = new Rng(0);
    this.dyn.reset(this.rng, this.s, 0);
    this.elapsedSteps = 0;
    return this.observe();
  }

  step(action: Action): StepResult {
    packAction(this.spec, action, this.a, 0);
    this.dyn.step(this.s, 0, this.p, 0, this.a, 0, this.out);
    this.elapsedSteps++;
    return {
      observation: this.observe(),
      reward: this.out.reward,
      terminated: this.out.terminated,
      truncated: this.elapsedSteps >= this.maxEpisodeSteps,
    };
  }

  /** A copy of the internal state (stateNames order). */
  get state(): Float64Array {
    return Float64Array.from(this.s);
  }

  /** Set the internal state (e.g. to replay from a given state); resets the step counter. */
  set state(v: ArrayLike<number>) {
    if (v.length !== this.s.length) {
      throw new UserError(`${this.spec.id} has a state of ${this.s.length} values (${this.spec.stateNames.join(', ')}), got ${v.length}`, 'state');
    }
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new UserError(`${this.spec.stateNames[i]} must be a finite number, got ${v[i]}`, 'state');
      this.s[i] = v[i];
    }
    this.elapsedSteps = 0;
  }

  /** The observation of the current state (float32-rounded values, as Gymnasium returns). */
  observe(): Float64Array {
    const o = new Float64Array(this.spec.obsNames.length);
    this.dyn.observe(this.s, 0, o, 0);
    return o;
  }
}
