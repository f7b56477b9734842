// MuJoCo in the worker. The WebAssembly (about 10 MB) loads here on the first MuJoCo task, never on the first
// page load; traces of MuJoCo environments carry the bodies' poses (src/core/mujoco/geoms.ts), because the page
// draws the side view without MuJoCo.
import { paramVector } from '../core/envs/registry';
import { geomTrack } from '../core/mujoco/geoms';
import { getMujocoDynamics, mujocoLoaded, prepareEnv } from '../core/mujoco/registry';
import { isMujocoEnvId } from '../core/mujoco/tasks';
import type { Trace } from './protocol';

/** Loads what `envId` needs (MuJoCo: once per worker); the milliseconds it took, 0 when nothing was loaded. */
export async function prepare(envId: string): Promise<number> {
  if (!isMujocoEnvId(envId) || mujocoLoaded()) return 0;
  const t0 = performance.now();
  await prepareEnv(envId);
  return performance.now() - t0;
}

/** The trace with its geom frames when the environment runs on MuJoCo (one frame per state row); else unchanged. */
export function withGeoms(trace: Trace): Trace {
  if (!isMujocoEnvId(trace.envId)) return trace;
  const dyn = getMujocoDynamics(trace.envId);
  const rows: Float64Array[] = [];
  for (let t = 0; t <= trace.steps; t++) rows.push(trace.states.subarray(t * trace.stateDim, (t + 1) * trace.stateDim));
  return { ...trace, geoms: geomTrack(dyn, rows, paramVector(dyn.spec, trace.params)) };
}
