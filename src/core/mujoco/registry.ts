// MuJoCo environments at run time: `await loadMujocoEnvs()` loads the WASM once; afterwards
// `getMujocoDynamics(id)` is synchronous (it compiles a task's model on its first use: each compiled model holds
// a 13.6 MB MjData arena, so a page that uses one task does not pay for seven), so the environments' registry hands MuJoCo
// dynamics to Env and VecEnv like any other. Nothing here runs until an async entry point is awaited.
import type { EnvSpec } from '../envs/types';
import { UserError } from '../errors';
import { buildCustomTask, customEnvId, type CustomModelOptions } from './custom';
import { MujocoDynamics } from './dynamics';
import { loadMujoco, type Mujoco } from './loader';
import { isCustomMujocoEnvId, isMujocoEnvId, mujocoTasks, type CustomMujocoEnvId, type MujocoEnvId } from './tasks';

/** The loaded module and the tasks compiled so far (null: not loaded). */
let dynamics: { mj: Mujoco; compiled: Map<MujocoEnvId, MujocoDynamics> } | null = null;
/** Users' models (custom.ts), by id; registering a file name again replaces its model. */
const custom = new Map<CustomMujocoEnvId, MujocoDynamics>();
let loading: Promise<void> | null = null;

/** Load MuJoCo for the MuJoCo environments (once; later calls return at once). Models compile on first use. */
export function loadMujocoEnvs(): Promise<void> {
  loading ??= loadMujoco().then((mj) => {
    dynamics = { mj, compiled: new Map() };
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

/**
 * Compile a user's MJCF model (custom.ts) and register it as environment 'mjcf:<file name>'; returns its spec.
 * Bad XML or a layout that does not fit the model is a UserError naming the file or flag.
 */
export async function loadCustomMujocoEnv(xml: string, options: CustomModelOptions): Promise<EnvSpec> {
  const mj = await loadMujoco();
  const id = customEnvId(options.file);
  const dyn = new MujocoDynamics(mj, buildCustomTask(mj, xml, options));
  custom.get(id)?.dispose();
  custom.set(id, dyn);
  return dyn.spec;
}

/** The dynamics of a MuJoCo environment (after loadMujocoEnvs(), or loadCustomMujocoEnv for 'mjcf:' ids). */
export function getMujocoDynamics(id: MujocoEnvId | CustomMujocoEnvId): MujocoDynamics {
  if (isCustomMujocoEnvId(id)) {
    const c = custom.get(id);
    if (!c) throw new UserError(`${id} is a user's MJCF model that is not loaded in this session: give the model file (--mjcf FILE)`);
    return c;
  }
  if (!dynamics) throw new UserError(`${id} runs on MuJoCo (WebAssembly), which is not loaded: await loadMujocoEnvs() (or prepareEnv) before creating it`);
  let d = dynamics.compiled.get(id);
  if (!d) {
    d = new MujocoDynamics(dynamics.mj, mujocoTasks[id]);
    dynamics.compiled.set(id, d);
  }
  return d;
}

/** Free every compiled model (tests; a later loadMujocoEnvs() compiles them again). */
export function disposeMujocoEnvs(): void {
  for (const d of dynamics?.compiled.values() ?? []) d.dispose();
  for (const d of custom.values()) d.dispose();
  custom.clear();
  dynamics = null;
  loading = null;
}
