// MuJoCo in the worker. The WebAssembly (about 10 MB) loads here on the first MuJoCo task, never on the first
// page load; traces of MuJoCo environments carry the bodies' poses (src/core/experiment/trace.ts).
import { mujocoLoaded, prepareEnv } from '../core/mujoco/registry';
import { isMujocoEnvId } from '../core/mujoco/tasks';

/** Loads what `envId` needs (MuJoCo: once per worker); the milliseconds it took, 0 when nothing was loaded. */
export async function prepare(envId: string): Promise<number> {
  if (!isMujocoEnvId(envId) || mujocoLoaded()) return 0;
  const t0 = performance.now();
  await prepareEnv(envId);
  return performance.now() - t0;
}

export { withGeoms } from '../core/experiment/trace';
