// "Bring your own model": a MuJoCo environment from a user's MJCF XML, e.g. Gymnasium's hopper.xml for a D4RL
// hopper dataset. Everything the built-in tasks write by hand is derived from the compiled model:
//   id           'mjcf:<file name>'
//   state        qpos ‖ qvel (names from the joints: 'rootz', 'thigh_joint', ..., velocities with '_dot')
//   observation  the layout (obs-layout.ts), e.g. qpos[1:],clip(qvel,10)
//   action       one value per actuator, bounds from ctrlrange (actuators without a ctrlrange: [-1, 1])
//   reward       (qpos[0] after - before) / dt when the first joint is a slide or free joint (forward progress, as
//                Gymnasium's locomotion tasks), + healthyReward per step while healthy (only when a healthy
//                condition is set), - ctrlCost |a|^2
//   termination  only with a healthy condition: rootz = qpos[1] inside healthyZ and |rooty| = |qpos[2]| below
//                healthyAngle (Gymnasium's hopper and walker conventions)
//   reset        the model's qpos0 + U(-resetNoise, resetNoise), qvel U(-resetNoise, resetNoise)
//   parameters   '<body>_mass' for every named body with mass, 'friction' (factor on every geom),
//                'gravity' (|g|), 'gear_scale' (factor on every actuator's gear)
import type { EnvSpec, ParamSpec } from '../envs/types';
import type { Dataset } from '../data/dataset';
import { UserError } from '../errors';
import type { Mujoco } from './loader';
import { parseObsLayout, resolveObsLayout, type ObsEntry } from './obs-layout';
import type { MujocoTask, ParamTarget } from './task';
import type { CustomMujocoEnvId } from './tasks';

export interface CustomModelOptions {
  /** The file the XML came from (messages and the id). */
  file: string;
  /** Observation layout, e.g. 'qpos[1:],clip(qvel,10)' (default 'qpos,qvel'). */
  obsLayout?: string;
  /** mj_step calls per env step (default 1). */
  frameSkip?: number;
  maxEpisodeSteps?: number;
  resetNoise?: number;
  ctrlCost?: number;
  /** Healthy while qpos[1] is inside [lo, hi] (null: no condition). */
  healthyZ?: [number, number] | null;
  /** Healthy while |qpos[2]| < this (null: no condition). */
  healthyAngle?: number | null;
  healthyReward?: number;
  /** Where the options came from, for messages (default: the CLI's flag names). */
  where?: { obsLayout?: string; frameSkip?: string };
}

export const CUSTOM_DEFAULTS = { obsLayout: 'qpos,qvel', frameSkip: 1, maxEpisodeSteps: 1000, resetNoise: 5e-3, ctrlCost: 1e-3, healthyReward: 1 } as const;

/** MJCF attributes MuJoCo 3 no longer reads, which older files (Gymnasium's) still carry. */
const REMOVED_ATTRIBUTES = [/\s+nstack="[^"]*"/g, /\s+coordinate="local"/g, /\s+nuser_geom="[^"]*"/g];

/** The file name without directories. */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

export function customEnvId(file: string): CustomMujocoEnvId {
  return `mjcf:${baseName(file)}`;
}

/**
 * Remove attributes MuJoCo 3 dropped (nstack, coordinate="local", nuser_geom), so Gymnasium's XML files compile
 * as they are. `coordinate="global"` is refused by MuJoCo itself (its message is passed on).
 */
export function modernizeMjcf(xml: string): string {
  let out = xml;
  for (const re of REMOVED_ATTRIBUTES) out = out.replace(re, '');
  return out;
}

/** Compile the XML once to read its structure, and describe it as a MujocoTask. */
export function buildCustomTask(mj: Mujoco, xmlText: string, options: CustomModelOptions): MujocoTask {
  const file = options.file;
  const layoutWhere = options.where?.obsLayout ?? '--obs-layout';
  const xml = modernizeMjcf(xmlText);
  let model: InstanceType<Mujoco['MjModel']>;
  try {
    model = mj.MjModel.from_xml_string(xml);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/^(Error: )?(MuJoCo Error: )?/, '').replace(/\s+/g, ' ').trim();
    throw new UserError(`MuJoCo cannot compile the model: ${msg}`, file);
  }
  const opt = model.opt;
  try {
    const nq = model.nq, nv = model.nv, nu = model.nu;
    if (nu === 0) throw new UserError('the model has no actuators, so there is nothing for a policy to act on', file);
    const name = (type: 'mjOBJ_JOINT' | 'mjOBJ_BODY', id: number) => mj.mj_id2name(model, mj.mjtObj[type].value, id);
    // State names from the joints (a free joint's 7 positions and 6 velocities get suffixes).
    const qposNames: string[] = new Array<string>(nq), qvelNames: string[] = new Array<string>(nv);
    // Units for the charts: slide m, hinge rad; a free joint's position m then a quaternion (no unit).
    const qposUnits: string[] = new Array<string>(nq), qvelUnits: string[] = new Array<string>(nv);
    const jntType = model.jnt_type, qposAdr = model.jnt_qposadr, dofAdr = model.jnt_dofadr;
    for (let j = 0; j < model.njnt; j++) {
      const jn = name('mjOBJ_JOINT', j) || `joint${j}`;
      const t = jntType[j]; // 0 free, 1 ball, 2 slide, 3 hinge
      const np = t === 0 ? 7 : t === 1 ? 4 : 1, nd = t === 0 ? 6 : t === 1 ? 3 : 1;
      for (let k = 0; k < np; k++) qposNames[qposAdr[j] + k] = np === 1 ? jn : `${jn}[${k}]`;
      for (let k = 0; k < nd; k++) qvelNames[dofAdr[j] + k] = nd === 1 ? `${jn}_dot` : `${jn}_dot[${k}]`;
      for (let k = 0; k < np; k++) qposUnits[qposAdr[j] + k] = t === 2 || (t === 0 && k < 3) ? 'm' : t === 3 ? 'rad' : '';
      for (let k = 0; k < nd; k++) qvelUnits[dofAdr[j] + k] = t === 2 || (t === 0 && k < 3) ? 'm/s' : 'rad/s';
    }
    const forward = model.njnt > 0 && (jntType[0] === 0 || jntType[0] === 2);

    const layoutText = options.obsLayout ?? CUSTOM_DEFAULTS.obsLayout;
    const layout: ObsEntry[] = resolveObsLayout(parseObsLayout(layoutText, layoutWhere), nq, nv, layoutWhere, `the model (${baseName(file)})`);
    const obsNames = layout.map((e) => (e.source === 'qpos' ? qposNames[e.index] : qvelNames[e.index]));

    const frameSkip = options.frameSkip ?? CUSTOM_DEFAULTS.frameSkip;
    if (!Number.isInteger(frameSkip) || frameSkip < 1) throw new UserError(`must be a positive integer, got ${frameSkip}`, options.where?.frameSkip ?? '--frame-skip');

    const low: number[] = [], high: number[] = [];
    // An actuator without ctrllimited keeps ctrlrange 0 0 (its bool flag has no JS view in this build).
    const range = model.actuator_ctrlrange;
    for (let k = 0; k < nu; k++) {
      const limited = range[2 * k] < range[2 * k + 1];
      low.push(limited ? range[2 * k] : -1);
      high.push(limited ? range[2 * k + 1] : 1);
    }

    const params: ParamSpec[] = [], targets: ParamTarget[] = [];
    for (let b = 1; b < model.nbody; b++) {
      const bn = name('mjOBJ_BODY', b);
      if (!bn || !(model.body_mass[b] > 0) || /[,=\s]/.test(bn)) continue;
      params.push({ name: `${bn}_mass`, default: model.body_mass[b], unit: 'kg', description: `mass of body '${bn}' (inertia scaled with it)` });
      targets.push({ kind: 'body_mass', body: bn });
    }
    if (model.ngeom > 0) {
      params.push({ name: 'friction', default: 1, unit: 'x', description: "factor on every geom's friction coefficients" });
      targets.push({ kind: 'friction_scale' });
    }
    const g = opt.gravity, gNorm = Math.hypot(g[0], g[1], g[2]);
    if (gNorm > 0) {
      params.push({ name: 'gravity', default: gNorm, unit: 'm/s^2', description: 'magnitude of gravity (the model\'s direction)' });
      targets.push({ kind: 'gravity' });
    }
    params.push({ name: 'gear_scale', default: 1, unit: 'x', description: "factor on every actuator's gear" });
    targets.push({ kind: 'actuator_gear_scale' });

    const qpos0 = Float64Array.from(model.qpos0 as Float64Array);
    const resetNoise = options.resetNoise ?? CUSTOM_DEFAULTS.resetNoise;
    const ctrlCost = options.ctrlCost ?? CUSTOM_DEFAULTS.ctrlCost;
    const healthyZ = options.healthyZ ?? null, healthyAngle = options.healthyAngle ?? null;
    const healthyReward = options.healthyReward ?? CUSTOM_DEFAULTS.healthyReward;
    const hasHealth = healthyZ !== null || healthyAngle !== null;
    if (hasHealth && nq < 3) throw new UserError(`healthy conditions read qpos[1] (height) and qpos[2] (pitch), but the model has nq = ${nq}`, file);

    const spec: EnvSpec = {
      id: customEnvId(file),
      stateNames: [...qposNames, ...qvelNames],
      stateUnits: [...qposUnits, ...qvelUnits],
      obsNames,
      actionSpace: { kind: 'continuous', dim: nu, low, high },
      maxEpisodeSteps: options.maxEpisodeSteps ?? CUSTOM_DEFAULTS.maxEpisodeSteps,
      params,
      processNoiseStd: [...new Array<number>(nq).fill(0.001), ...new Array<number>(nv).fill(0.01)],
    };
    return {
      spec,
      xml,
      frameSkip,
      targets,
      extraState: 0,
      reset(rng, s, so) {
        for (let k = 0; k < nq; k++) s[so + k] = qpos0[k] + rng.uniform(-resetNoise, resetNoise);
        for (let k = 0; k < nv; k++) s[so + nq + k] = rng.uniform(-resetNoise, resetNoise);
      },
      afterStep(v, s, so, out) {
        let cost = 0;
        for (let k = 0; k < nu; k++) cost += v.a[v.ao + k] * v.a[v.ao + k];
        let healthy = true;
        for (let k = 0; k < nq + nv && healthy; k++) healthy = Number.isFinite(s[so + k]);
        if (healthyZ) healthy &&= s[so + 1] >= healthyZ[0] && s[so + 1] <= healthyZ[1];
        if (healthyAngle !== null) healthy &&= Math.abs(s[so + 2]) < healthyAngle;
        out.reward = (forward ? (s[so] - v.x0) / v.dt : 0) + (hasHealth && healthy ? healthyReward : 0) - ctrlCost * cost;
        out.terminated = !healthy;
      },
      observe(s, so, o, oo) {
        for (let i = 0; i < layout.length; i++) {
          const e = layout[i];
          const x = s[so + (e.source === 'qpos' ? e.index : nq + e.index)];
          o[oo + i] = e.clip === null ? x : Math.min(Math.max(x, -e.clip), e.clip);
        }
      },
    };
  } finally {
    opt.delete();
    model.delete();
  }
}

/**
 * A dataset fits a user's model when its observations have the layout's size and its actions the model's
 * number of actuators; otherwise a UserError naming the data file, the field and expected-vs-found.
 */
export function checkDatasetFitsModel(spec: EnvSpec, data: Pick<Dataset, 'obsDim' | 'actionDim' | 'actionKind'>, dataFile: string, layoutText: string, modelFile: string): void {
  const obsDim = spec.obsNames.length;
  if (data.obsDim !== obsDim) {
    throw new UserError(`the dataset has ${data.obsDim} values per observation, but the observation layout '${layoutText}' of ${baseName(modelFile)} gives ${obsDim} (${spec.obsNames.join(', ')}); ` +
      'change --obs-layout (e.g. qpos[1:] leaves out root x)', `${dataFile}: observations`);
  }
  const dim = spec.actionSpace.kind === 'continuous' ? spec.actionSpace.dim : 1;
  if (data.actionKind !== 'continuous' || data.actionDim !== dim) {
    throw new UserError(`the dataset has ${data.actionKind} actions of ${data.actionDim} value(s), but ${baseName(modelFile)} has ${dim} actuators (continuous)`, `${dataFile}: actions`);
  }
}

/** Default perturbed parameters of a user's model: friction, the heaviest body's mass, gravity, gear_scale. */
export function customEvalParams(spec: EnvSpec): string[] {
  const masses = spec.params.filter((p) => p.name.endsWith('_mass')).sort((a, b) => b.default - a.default);
  const names = ['friction', masses[0]?.name, 'gravity', 'gear_scale'];
  return names.filter((n): n is string => n !== undefined && spec.params.some((p) => p.name === n));
}
