// What one MuJoCo-backed environment is: an MJCF model, Gymnasium's frame skip, its physical parameters
// (each a named model field to overwrite), and Gymnasium's reset, reward, termination and observation.
//
// Internal state = qpos ‖ qvel (‖ any quantities the observation copies from the last step, such as a
// constraint force). The solver's warm start is disabled, so one step is a pure function of
// (state, parameters, action): one MjModel/MjData pair can serve any number of environments (Env, VecEnv).
import type { Rng } from '../rng';
import type { EnvSpec } from '../envs/types';

/** How a parameter value is written into the compiled model. */
export type ParamTarget =
  /** A body's mass by name; its inertia is scaled by the same factor (uniform density). */
  | { kind: 'body_mass'; body: string }
  /** Downward gravity g: the model's gravity vector scaled by g / (the parameter's default). */
  | { kind: 'gravity' }
  /** The gear of actuators by name, all set to the value (force = gear x ctrl). */
  | { kind: 'actuator_gear'; actuators: string[] }
  /** A factor on every actuator's gear (models whose motors have different gears). */
  | { kind: 'actuator_gear_scale' }
  /** A factor on every geom's friction coefficients (sliding, torsional, rolling). */
  | { kind: 'friction_scale' }
  /**
   * A factor on every body's mass and inertia ("all links"), applied on top of the per-body mass parameters:
   * a body with its own parameter gets that value x the factor, every other body its compiled mass x the factor.
   */
  | { kind: 'mass_scale' };

/** Read-only view of the simulation after a step, for reward and termination. */
export interface StepView {
  qpos: Float64Array;
  qvel: Float64Array;
  /** data.site_xpos after mj_step (as Gymnasium reads it: from the last substep's kinematics). */
  siteXpos: Float64Array;
  /** data.qfrc_constraint after mj_step. */
  qfrcConstraint: Float64Array;
  /** data.xpos after mj_step (body positions from the last substep's kinematics, as Gymnasium reads them). */
  xpos: Float64Array;
  /** data.cfrc_ext after mj_step and mj_rnePostConstraint (only filled for tasks with postConstraint). */
  cfrcExt: Float64Array;
  /** qpos[0] before the step (Gymnasium's x_position_before). */
  x0: number;
  /** Duration of the env step (timestep x frame skip). */
  dt: number;
  /** The action as given (before MuJoCo clamps ctrl), at a[ao..ao + nu). */
  a: Float64Array;
  ao: number;
}

export interface MujocoTask {
  spec: EnvSpec;
  xml: string;
  /** mj_step calls per env step (Gymnasium's frame_skip). */
  frameSkip: number;
  /** One entry per spec.params, same order. */
  targets: ParamTarget[];
  /** Components of the state after qpos ‖ qvel that the step writes (e.g. a constraint force). */
  extraState: number;
  /** Call mj_rnePostConstraint after the frames (Gymnasium does, for the contact forces cfrc_ext). */
  postConstraint?: boolean;
  /** Gymnasium's reset distribution, written into s[so..]: qpos ‖ qvel ‖ extras. */
  reset(rng: Rng, s: Float64Array, so: number, nq: number, nv: number): void;
  /** After the frames: reward, termination, and the extra state components (at s[so + nq + nv..]). */
  afterStep(v: StepView, s: Float64Array, so: number, out: { reward: number; terminated: boolean }): void;
  /** Gymnasium's observation (float64, not rounded) of the state. */
  observe(s: Float64Array, so: number, o: Float64Array, oo: number): void;
}
