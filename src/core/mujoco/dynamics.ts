// A MuJoCo task as the environments' EnvDynamics: pure step functions over flat state arrays, so Env, VecEnv,
// demonstrations and evaluation use MuJoCo environments exactly as they use classic control.
//
// One compiled MjModel and one MjData serve every environment of a task. A step writes the state (qpos ‖ qvel)
// and the action into the MjData, writes the parameter values into the model if they differ from the last
// ones written, runs frameSkip mj_step calls and reads the state back. Warm start is disabled
// (mjDSBL_WARMSTART), so the result depends only on (state, parameters, action): same inputs, same bits.
import type { EnvDynamics, EnvSpec, StepOut } from '../envs/types';
import type { Rng } from '../rng';
import { release, track, type Mujoco } from './loader';
import type { MujocoTask, ParamTarget, StepView } from './task';

type MjModel = InstanceType<Mujoco['MjModel']>;
type MjData = InstanceType<Mujoco['MjData']>;
type MjOption = MjModel['opt'];

/** A parameter target resolved to indices into the model's arrays, with the model's original values. */
type Resolved =
  | { kind: 'body_mass'; id: number; mass0: number; inertia0: number[] }
  | { kind: 'gravity'; gravity0: number[]; reference: number }
  | { kind: 'actuator_gear'; ids: number[] }
  | { kind: 'actuator_gear_scale'; gear0: Float64Array }
  | { kind: 'friction_scale'; friction0: Float64Array }
  | { kind: 'mass_scale' };

/** Every body's compiled mass and inertia, and which parameter (if any) sets each body's mass. */
interface MassTable {
  mass0: Float64Array;
  inertia0: Float64Array;
  /** Per body: the index of its body_mass parameter, or -1. */
  param: Int32Array;
  /** Index of the mass_scale parameter, or -1. */
  scale: number;
}

export class MujocoDynamics implements EnvDynamics {
  readonly spec: EnvSpec;
  readonly task: MujocoTask;
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  /** Seconds per env step (timestep x frame skip). */
  readonly dt: number;
  private readonly mj: Mujoco;
  private model: MjModel | null;
  private data: MjData | null;
  private opt: MjOption | null;
  private readonly resolved: Resolved[];
  /** The parameter values last written into the model (NaN: none yet). */
  private readonly written: Float64Array;
  /** Set when the task scales all masses (mass_scale): body masses are then rewritten together. */
  private readonly masses: MassTable | null;

  constructor(mj: Mujoco, task: MujocoTask) {
    this.mj = mj;
    this.task = task;
    this.spec = task.spec;
    const model = track(mj.MjModel.from_xml_string(task.xml));
    this.model = model;
    this.data = track(new mj.MjData(model));
    this.opt = track(model.opt);
    this.opt.disableflags = this.opt.disableflags | mj.mjtDisableBit.mjDSBL_WARMSTART.value;
    this.nq = model.nq;
    this.nv = model.nv;
    this.nu = model.nu;
    this.dt = this.opt.timestep * task.frameSkip;
    const stateDim = this.nq + this.nv + task.extraState;
    if (stateDim !== task.spec.stateNames.length) {
      throw new Error(`${task.spec.id}: the model has nq=${this.nq}, nv=${this.nv} (+${task.extraState}) but the spec names ${task.spec.stateNames.length} state values`);
    }
    if (task.targets.length !== task.spec.params.length) throw new Error(`${task.spec.id}: one parameter target per parameter`);
    this.resolved = task.targets.map((t, i) => this.resolve(t, task.spec.params[i].default));
    this.written = new Float64Array(task.targets.length).fill(NaN);
    const scale = task.targets.findIndex((t) => t.kind === 'mass_scale');
    this.masses = scale < 0 ? null : {
      mass0: Float64Array.from(model.body_mass),
      inertia0: Float64Array.from(model.body_inertia),
      param: Int32Array.from({ length: model.nbody }, (_, b) => this.resolved.findIndex((r) => r.kind === 'body_mass' && r.id === b)),
      scale,
    };
  }

  private id(type: 'mjOBJ_BODY' | 'mjOBJ_ACTUATOR', name: string): number {
    const id = this.mj.mj_name2id(this.live().model, this.mj.mjtObj[type].value, name);
    if (id < 0) throw new Error(`${this.spec.id}: the model has no ${type.slice(6).toLowerCase()} named '${name}'`);
    return id;
  }

  private resolve(t: ParamTarget, reference: number): Resolved {
    const { model, opt } = this.live();
    switch (t.kind) {
      case 'body_mass': {
        const id = this.id('mjOBJ_BODY', t.body);
        return { kind: t.kind, id, mass0: model.body_mass[id], inertia0: Array.from(model.body_inertia.subarray(3 * id, 3 * id + 3)) };
      }
      case 'gravity':
        return { kind: t.kind, gravity0: Array.from(opt.gravity), reference };
      case 'actuator_gear':
        return { kind: t.kind, ids: t.actuators.map((a) => this.id('mjOBJ_ACTUATOR', a)) };
      case 'actuator_gear_scale':
        return { kind: t.kind, gear0: Float64Array.from(model.actuator_gear) };
      case 'friction_scale':
        return { kind: t.kind, friction0: Float64Array.from(model.geom_friction) };
      case 'mass_scale':
        return { kind: t.kind };
    }
  }

  private live(): { model: MjModel; data: MjData; opt: MjOption } {
    if (!this.model || !this.data || !this.opt) throw new Error(`${this.spec.id}: the MuJoCo model was disposed`);
    return { model: this.model, data: this.data, opt: this.opt };
  }

  /** Write parameter values (spec.params order, at p[po..]) into the model, if they changed. */
  applyParams(p: Float64Array, po: number): void {
    const { model, opt } = this.live();
    let massesChanged = false;
    for (let i = 0; i < this.resolved.length; i++) {
      const v = p[po + i];
      if (v === this.written[i]) continue;
      const r = this.resolved[i];
      switch (r.kind) {
        case 'mass_scale':
          massesChanged = true;
          break;
        case 'body_mass': {
          if (this.masses) {
            massesChanged = true;
            break;
          }
          const f = v / r.mass0;
          model.body_mass[r.id] = v;
          const inertia = model.body_inertia;
          for (let k = 0; k < 3; k++) inertia[3 * r.id + k] = r.inertia0[k] * f;
          break;
        }
        case 'gravity': {
          const g = opt.gravity;
          for (let k = 0; k < 3; k++) g[k] = r.gravity0[k] * (v / r.reference);
          break;
        }
        case 'actuator_gear': {
          const gear = model.actuator_gear;
          for (const id of r.ids) gear[6 * id] = v;
          break;
        }
        case 'actuator_gear_scale': {
          const gear = model.actuator_gear;
          for (let k = 0; k < gear.length; k++) gear[k] = r.gear0[k] * v;
          break;
        }
        case 'friction_scale': {
          const fr = model.geom_friction;
          for (let k = 0; k < fr.length; k++) fr[k] = r.friction0[k] * v;
          break;
        }
      }
      this.written[i] = v;
    }
    if (massesChanged && this.masses) this.writeMasses(p, po, this.masses);
  }

  /** Every body's mass (its own parameter or the compiled mass) x the mass_scale factor; inertia scaled alike. */
  private writeMasses(p: Float64Array, po: number, t: MassTable): void {
    const { model } = this.live();
    const f = p[po + t.scale];
    const mass = model.body_mass, inertia = model.body_inertia;
    for (let b = 0; b < t.mass0.length; b++) {
      const m = (t.param[b] >= 0 ? p[po + t.param[b]] : t.mass0[b]) * f;
      mass[b] = m;
      const ratio = t.mass0[b] > 0 ? m / t.mass0[b] : 0;
      for (let k = 0; k < 3; k++) inertia[3 * b + k] = t.inertia0[3 * b + k] * ratio;
    }
  }

  reset(rng: Rng, s: Float64Array, so: number): void {
    this.task.reset(rng, s, so, this.nq, this.nv);
  }

  step(s: Float64Array, so: number, p: Float64Array, po: number, a: Float64Array, ao: number, out: StepOut): void {
    const { mj } = this;
    const { model, data } = this.live();
    this.applyParams(p, po);
    const { nq, nv, nu } = this;
    const x0 = s[so];
    // Views are taken afresh each step: a growing WASM memory would detach cached ones.
    const qpos = data.qpos, qvel = data.qvel, ctrl = data.ctrl;
    for (let k = 0; k < nq; k++) qpos[k] = s[so + k];
    for (let k = 0; k < nv; k++) qvel[k] = s[so + nq + k];
    // MuJoCo clamps ctrl to ctrlrange itself (ctrllimited), as in Gymnasium.
    for (let k = 0; k < nu; k++) ctrl[k] = a[ao + k];
    data.time = 0;
    for (let f = 0; f < this.task.frameSkip; f++) mj.mj_step(model, data);
    if (this.task.postConstraint) mj.mj_rnePostConstraint(model, data);
    const view: StepView = {
      qpos: data.qpos, qvel: data.qvel, siteXpos: data.site_xpos, qfrcConstraint: data.qfrc_constraint, xpos: data.xpos, cfrcExt: data.cfrc_ext, x0, dt: this.dt, a, ao,
    };
    for (let k = 0; k < nq; k++) s[so + k] = view.qpos[k];
    for (let k = 0; k < nv; k++) s[so + nq + k] = view.qvel[k];
    this.task.afterStep(view, s, so, out);
  }

  observe(s: Float64Array, so: number, o: Float64Array, oo: number): void {
    this.task.observe(s, so, o, oo);
  }

  /**
   * Run `fn` with the model and data after writing parameters `p` and the state `s` into them (for tests and
   * tools that read model fields or forces). The data is left as `fn` leaves it.
   */
  withSim<T>(p: Float64Array, s: Float64Array, fn: (model: MjModel, data: MjData, mj: Mujoco) => T): T {
    const { model, data } = this.live();
    this.applyParams(p, 0);
    const qpos = data.qpos, qvel = data.qvel;
    for (let k = 0; k < this.nq; k++) qpos[k] = s[k];
    for (let k = 0; k < this.nv; k++) qvel[k] = s[this.nq + k];
    return fn(model, data, this.mj);
  }

  /** Bytes of WASM linear memory (it only grows, so a leak shows as growth over many episodes). */
  heapBytes(): number {
    return this.live().data.qpos.buffer.byteLength;
  }

  /** Free the model and data (the dynamics cannot step afterwards). */
  dispose(): void {
    if (this.opt) release(this.opt);
    if (this.data) release(this.data);
    if (this.model) release(this.model);
    this.opt = this.data = this.model = null;
  }
}
