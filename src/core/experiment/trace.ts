// The traces a run's result carries (for the charts and the animation): a core rollout trace as plain data
// with every parameter named, and for MuJoCo environments the bodies' poses at every state, because the page
// draws the side view without MuJoCo.
import { getEnvSpec } from '../environments/registry';
import { paramVector } from '../envs/params';
import { geomTrack } from '../mujoco/geoms';
import { getMujocoDynamics } from '../mujoco/registry';
import { isMujocoEnvId } from '../mujoco/tasks';
import type { Trace as CoreTrace } from '../eval/rollout';
import type { Trace } from './types';

/** The trace with its geom frames when the environment runs on MuJoCo (one frame per state row); else unchanged. */
export function withGeoms(trace: Trace): Trace {
  if (!isMujocoEnvId(trace.envId)) return trace;
  const dyn = getMujocoDynamics(trace.envId);
  const rows: Float64Array[] = [];
  for (let t = 0; t <= trace.steps; t++) rows.push(trace.states.subarray(t * trace.stateDim, (t + 1) * trace.stateDim));
  return { ...trace, geoms: geomTrack(dyn, rows, paramVector(dyn.spec, trace.params)) };
}

/** A core rollout trace as a result's trace: every parameter named, its return, geoms for MuJoCo. */
export function toTrace(envId: string, t: CoreTrace): Trace {
  const spec = getEnvSpec(envId);
  const full: Record<string, number> = {};
  for (const p of spec.params) full[p.name] = t.params[p.name] ?? p.default;
  let ret = 0;
  for (const r of t.rewards) ret += r;
  return withGeoms({
    envId, params: full, stateDim: spec.stateNames.length, states: t.states,
    actionDim: spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim, actions: t.actions, rewards: t.rewards,
    steps: t.length, return: ret,
  });
}
