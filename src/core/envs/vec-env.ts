// Many environments of one kind stepped together over flat typed arrays (no allocation per step). Each
// environment has its own parameter values, so one VecEnv can hold a whole perturbation grid. The physics
// are the same functions the single Env calls, so results are bitwise identical.
import { UserError } from '../errors';
import { Rng } from '../rng';
import { isValidDiscrete, packAction } from './action';
import { getDynamics } from '../environments/registry';
import { actionDimOf, paramVector } from './params';
import type { Action, EnvDynamics, EnvId, EnvSpec, Params, StepOut } from './types';

export interface VecEnvOptions {
  /** Time limit (defaults to the spec's, Gymnasium's TimeLimit). */
  maxEpisodeSteps?: number;
}

export class VecEnv {
  readonly spec: EnvSpec;
  readonly n: number;
  readonly stateDim: number;
  readonly obsDim: number;
  /** Values per environment in the flat action array (discrete: 1, the index). */
  readonly actionDim: number;
  readonly paramDim: number;
  readonly maxEpisodeSteps: number;

  /** n x paramDim, spec.params order. Write with setParams (validated) or directly. */
  readonly params: Float64Array;
  /** n x stateDim internal states. */
  readonly states: Float64Array;
  /** n x obsDim observations of the current states (float32-rounded values). */
  readonly observations: Float64Array;
  /** Reward of the last step (0 for environments that were not stepped). */
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** Steps since each environment's reset. */
  readonly steps: Int32Array;
  /** 1: step() advances this environment. Cleared when it terminates or truncates; set by reset. */
  readonly active: Uint8Array;

  private readonly dyn: EnvDynamics;
  private readonly out: StepOut = { reward: 0, terminated: false };

  /** `params`: one record for all environments, or one per environment. */
  constructor(id: EnvId | string, n: number, params: Params | Params[] = {}, options: VecEnvOptions = {}) {
    if (!Number.isInteger(n) || n < 1) throw new UserError(`number of environments must be a positive integer, got ${n}`);
    this.dyn = getDynamics(id);
    this.spec = this.dyn.spec;
    this.n = n;
    this.stateDim = this.spec.stateNames.length;
    this.obsDim = this.spec.obsNames.length;
    this.actionDim = actionDimOf(this.spec);
    this.paramDim = this.spec.params.length;
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? this.spec.maxEpisodeSteps;
    this.params = new Float64Array(n * this.paramDim);
    this.states = new Float64Array(n * this.stateDim);
    this.observations = new Float64Array(n * this.obsDim);
    this.rewards = new Float64Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.steps = new Int32Array(n);
    this.active = new Uint8Array(n);
    if (Array.isArray(params)) {
      if (params.length !== n) throw new UserError(`expected ${n} parameter records (one per environment), got ${params.length}`, 'params');
      params.forEach((p, i) => this.setParams(i, p));
    } else {
      const v = paramVector(this.spec, params);
      for (let i = 0; i < n; i++) this.params.set(v, i * this.paramDim);
    }
  }

  /** Set environment i's parameters (a partial record; the rest are defaults). */
  setParams(i: number, partial: Params): void {
    this.params.set(paramVector(this.spec, partial, `params[${i}]`), i * this.paramDim);
  }

  /** Reset every environment, drawing initial states in index order from one generator. */
  reset(seedOrRng: number | Rng): Float64Array {
    const rng = typeof seedOrRng === 'number' ? new Rng(seedOrRng) : seedOrRng;
    for (let i = 0; i < this.n; i++) this.resetOne(i, rng);
    return this.observations;
  }

  /** Reset environment i (a seed gives the same initial state as `new Env(id).reset(seed)`). */
  resetOne(i: number, seedOrRng: number | Rng): void {
    const rng = typeof seedOrRng === 'number' ? new Rng(seedOrRng) : seedOrRng;
    this.dyn.reset(rng, this.states, i * this.stateDim);
    this.restart(i);
  }

  /** Put environment i in a given internal state (stateNames order) and restart its episode there. */
  setState(i: number, state: ArrayLike<number>): void {
    if (state.length !== this.stateDim) {
      throw new UserError(`${this.spec.id} has a state of ${this.stateDim} values, got ${state.length}`, 'state');
    }
    for (let k = 0; k < this.stateDim; k++) this.states[i * this.stateDim + k] = state[k];
    this.restart(i);
  }

  private restart(i: number): void {
    this.dyn.observe(this.states, i * this.stateDim, this.observations, i * this.obsDim);
    this.steps[i] = 0;
    this.rewards[i] = 0;
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.active[i] = 1;
  }

  /**
   * Step every active environment with its action from `actions` (n x actionDim; discrete: the index).
   * Inactive environments keep their state and flags and get reward 0. Returns how many remain active.
   */
  step(actions: Float64Array | Float32Array): number {
    if (actions.length < this.n * this.actionDim) {
      throw new UserError(`expected ${this.n * this.actionDim} action values (${this.n} x ${this.actionDim}), got ${actions.length}`, 'actions');
    }
    const { dyn, out, stateDim: sd, obsDim: od, actionDim: ad, paramDim: pd } = this;
    const a = actions instanceof Float64Array ? actions : Float64Array.from(actions);
    const discreteN = this.spec.actionSpace.kind === 'discrete' ? this.spec.actionSpace.n : 0;
    let remaining = 0;
    for (let i = 0; i < this.n; i++) {
      if (!this.active[i]) {
        this.rewards[i] = 0;
        continue;
      }
      if (discreteN > 0 && !isValidDiscrete(a[i], discreteN)) {
        throw new UserError(`${this.spec.id} expects an integer action in 0..${discreteN - 1}, got ${a[i]}`, `actions[${i}]`);
      }
      dyn.step(this.states, i * sd, this.params, i * pd, a, i * ad, out);
      dyn.observe(this.states, i * sd, this.observations, i * od);
      const t = ++this.steps[i];
      this.rewards[i] = out.reward;
      this.terminated[i] = out.terminated ? 1 : 0;
      this.truncated[i] = t >= this.maxEpisodeSteps ? 1 : 0;
      if (out.terminated || t >= this.maxEpisodeSteps) this.active[i] = 0;
      else remaining++;
    }
    return remaining;
  }

  /** Write environment i's action into a flat action array, checked against the action space. */
  packAction(i: number, action: Action, into: Float64Array): void {
    packAction(this.spec, action, into, i * this.actionDim, `actions[${i}]`);
  }

  get numActive(): number {
    let c = 0;
    for (let i = 0; i < this.n; i++) c += this.active[i];
    return c;
  }
}
