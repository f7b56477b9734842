// Lazy loading of the official MuJoCo WebAssembly build (@mujoco/mujoco, single-threaded). The dynamic import
// keeps the 10 MB WASM out of the first page load and out of classic-control code paths; the module is loaded
// once per realm (page, worker, Node process) and shared. In Node the package finds its wasm next to its JS
// (`new URL('mujoco.wasm', import.meta.url)`), so the CLI and tests need nothing else; Vite serves the same file.
//
// Embind handles (MjModel, MjData, MjOption, ...) live on the WASM heap and are not garbage collected: every
// handle this project creates goes through `track` and is freed through `release`, which keep a count so
// tests can check that nothing leaks.
import type { MainModule } from '@mujoco/mujoco';

export type Mujoco = MainModule;

let loading: Promise<Mujoco> | null = null;
let live = 0;

/** Load (once) and return the MuJoCo module. */
export function loadMujoco(): Promise<Mujoco> {
  loading ??= import('@mujoco/mujoco')
    .then((m) => m.default())
    .catch((e: unknown) => {
      loading = null;
      throw new Error(`could not load MuJoCo (WebAssembly): ${e instanceof Error ? e.message : String(e)}`);
    });
  return loading;
}

/** Count a handle this project created (to be freed with `release`). */
export function track<T extends { delete(): void }>(handle: T): T {
  live++;
  return handle;
}

/** Free a handle created through `track`. */
export function release(handle: { delete(): void }): void {
  handle.delete();
  live--;
}

/** Handles created through `track` and not yet released. */
export function liveHandles(): number {
  return live;
}
