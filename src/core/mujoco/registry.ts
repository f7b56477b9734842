// MuJoCo environments at run time: `await loadMujocoEnvs()` loads the WASM and compiles every task's model
// once; afterwards `getMujocoDynamics(id)` is synchronous, so the environments' registry hands MuJoCo
// dynamics to Env and VecEnv like any other. Nothing here runs until an async entry point is awaited.
import { UserError } from '../errors';
import { MujocoDynamics } from './dynamics';
import { loadMujoco } from './loader';
import { isMujocoEnvId, mujocoEnvIds, mujocoTasks, type MujocoEnvId } from './tasks';

let dynamics: Map<MujocoEnvId, MujocoDynamics> | null = null;
let loading: Promise<void> | null = null;

/** Load MuJoCo and compile the models of all MuJoCo environments (once; later calls return at once). */
export function loadMujocoEnvs(): Promise<void> {
  loading ??= loadMujoco().then((mj) => {
    const m = new Map<MujocoEnvId, MujocoDynamics>();
    for (const id of mujocoEnvIds) m.set(id, new MujocoDynamics(mj, mujocoTasks[id]));
    dynamics = m;
  }).catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/** Make an environment id usable synchronously: loads MuJoCo for MuJoCo ids; nothing for the others. */
export async function prepareEnv(id: string): Promise<void> {
  if (isMujocoEnvId(id)) await loadMujocoEnvs();
}

export function mujocoLoaded(): boolean {
  return dynamics !== null;
}

/** The dynamics of a MuJoCo environment (after loadMujocoEnvs()). */
export function getMujocoDynamics(id: MujocoEnvId): MujocoDynamics {
  const d = dynamics?.get(id);
  if (!d) throw new UserError(`${id} runs on MuJoCo (WebAssembly), which is not loaded: await loadMujocoEnvs() (or prepareEnv) before creating it`);
  return d;
}

/** Free every compiled model (tests; a later loadMujocoEnvs() compiles them again). */
export function disposeMujocoEnvs(): void {
  for (const d of dynamics?.values() ?? []) d.dispose();
  dynamics = null;
  loading = null;
}
