// The one place that loads TensorFlow.js: the core ops, every gradient, and the backends; then picks the
// backend with an explicit chain and says why. tfjs has no automatic fallback (setBackend resolves false or
// throws, and getBackend() lies until ready()), so every step of the chain checks the result itself.
import * as tf from '@tensorflow/tfjs-core';
import { installWasmCopies } from './wasm-copies';

export { tf };

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/**
 * Each backend's module, imported the first time that backend is tried: a page on wasm never downloads the
 * WebGL and WebGPU kernels (bundlers make each a chunk of its own). webgl registers only in a browser,
 * webgpu only where navigator.gpu exists. The wasm backend's Slice/SplitV/Concat are replaced once it is in.
 */
const backendModules: Record<BackendName, () => Promise<unknown>> = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm').then(() => installWasmCopies()),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
};
const backendLoads = new Map<BackendName, Promise<unknown>>();

/** Imports (once) the module of backend `name`, so tfjs can find its factory. */
export function loadBackend(name: BackendName): Promise<unknown> {
  let p = backendLoads.get(name);
  if (!p) {
    p = backendModules[name]();
    backendLoads.set(name, p);
  }
  return p;
}

let gradients: Promise<void> | null = null;
/**
 * Register every gradient (once). Bundlers (Vite, vitest) load tfjs-core's ESM registration file directly;
 * plain Node cannot (see tf-gradients-node.ts), so there a cached bundle of that file is loaded instead.
 * initBackend awaits this, so anything that trains after initBackend has its gradients.
 */
export function ensureGradients(): Promise<void> {
  gradients ??= import('@tensorflow/tfjs-core/dist/register_all_gradients').then(
    () => undefined,
    async (err: unknown) => {
      const code = (err as { code?: string }).code;
      if (code !== 'ERR_UNSUPPORTED_DIR_IMPORT' && code !== 'ERR_MODULE_NOT_FOUND') throw err;
      const nodeOnly = './tf-gradients-node.ts';
      const mod = (await import(/* @vite-ignore */ nodeOnly)) as typeof import('./tf-gradients-node');
      await mod.registerGradientsForNode();
    },
  );
  return gradients;
}

export type BackendPref = 'auto' | BackendName;

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the UI / CLI: why this backend is in use. */
  reason: string;
}

/** A key-value store for the per-device calibration (localStorage in a page; absent in Node and workers). */
export interface CalibrationStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface InitOptions {
  /** Time each usable non-WebGPU backend on a small training-like workload and take the fastest. */
  calibrate?: boolean;
  /** Where calibration results are cached; defaults to globalThis.localStorage when present. */
  store?: CalibrationStore;
  /** Backends not to try (e.g. one that just failed). */
  exclude?: BackendName[];
}

interface GpuAdapterInfo { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean }
interface GpuAdapterLike { info?: GpuAdapterInfo; isFallbackAdapter?: boolean }

/** What navigator.gpu offers: null when there is no adapter (or no WebGPU at all). */
export async function probeWebGpuAdapter(): Promise<{ adapter: GpuAdapterInfo; software: boolean } | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  try {
    const a = await gpu.requestAdapter();
    if (!a) return null;
    const info: GpuAdapterInfo = a.info ?? {};
    const software = Boolean(info.isFallbackAdapter ?? a.isFallbackAdapter) || /swiftshader/i.test(`${info.architecture ?? ''} ${info.vendor ?? ''} ${info.description ?? ''}`);
    return { adapter: info, software };
  } catch {
    return null;
  }
}

/** Try one backend; true only when tfjs really runs on it afterwards. */
export async function trySetBackend(name: BackendName): Promise<boolean> {
  try { await loadBackend(name); } catch { return false; }
  if (tf.findBackendFactory(name) === null && tf.findBackend(name) === null) return false;
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return false;
    // A backend can register and still fail its first kernel (e.g. a broken GPU driver): run one.
    const probe = tf.tidy(() => tf.sum(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2]))));
    const v = (await probe.data())[0];
    probe.dispose();
    return v === 12;
  } catch {
    return false;
  }
}

function defaultStore(): CalibrationStore | undefined {
  try {
    const ls = (globalThis as { localStorage?: CalibrationStore }).localStorage;
    return ls ?? undefined;
  } catch {
    return undefined;
  }
}

const CALIBRATION_KEY = 'droil.backend-calibration.v1';

/** Milliseconds per step of a small MLP Adam-like workload (forward, gradient, update) on the current backend. */
async function timeCurrentBackend(): Promise<number> {
  const w1 = tf.variable(tf.fill([8, 64], 0.01));
  const w2 = tf.variable(tf.fill([64, 1], 0.01));
  const x = tf.fill([256, 8], 0.5);
  const f = () => tf.mean(tf.square(tf.matMul(tf.tanh(tf.matMul(x, w1)), w2))) as tf.Scalar;
  const step = () => {
    const { value, grads } = tf.variableGrads(f, [w1, w2]);
    tf.tidy(() => { w1.assign(tf.sub(w1, tf.mul(grads[w1.name], 0.01))); w2.assign(tf.sub(w2, tf.mul(grads[w2.name], 0.01))); });
    tf.dispose([value, ...Object.values(grads)]);
  };
  step();
  await w1.data(); // warm up (shader compilation) before timing
  const n = 10;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  await w2.data();
  const ms = (performance.now() - t0) / n;
  tf.dispose([w1, w2, x]);
  return ms;
}

async function calibrate(candidates: BackendName[], store?: CalibrationStore): Promise<{ best: BackendName; times: Record<string, number> } | null> {
  const key = `${CALIBRATION_KEY}:${candidates.join(',')}`;
  const cached = store?.getItem(key);
  if (cached) {
    try {
      const parsed = JSON.parse(cached) as { best: BackendName; times: Record<string, number> };
      if (candidates.includes(parsed.best)) return parsed;
    } catch { /* recalibrate */ }
  }
  const times: Record<string, number> = {};
  for (const b of candidates) {
    if (await trySetBackend(b)) times[b] = await timeCurrentBackend();
  }
  const usable = Object.entries(times).sort((a, b) => a[1] - b[1]);
  if (usable.length === 0) return null;
  const result = { best: usable[0][0] as BackendName, times };
  try { store?.setItem(key, JSON.stringify(result)); } catch { /* storage full or denied: not fatal */ }
  return result;
}

/**
 * Pick and initialise a backend. 'auto': WebGPU when a hardware adapter exists; otherwise the fastest of
 * wasm / webgl / cpu (calibrated once per device and cached, when `calibrate`), else the first that works in
 * the order wasm, webgl, cpu. A named backend is tried first (a software WebGPU adapter is accepted when
 * asked for by name) and falls back along the same chain if it fails.
 */
export async function initBackend(pref: BackendPref = 'auto', opts: InitOptions = {}): Promise<BackendChoice> {
  await ensureGradients();
  const exclude = new Set(opts.exclude ?? []);
  const notes: string[] = [];
  if (pref !== 'auto' && !exclude.has(pref)) {
    if (await trySetBackend(pref)) return { backend: pref, reason: `requested ${pref}` };
    notes.push(`${pref} was requested but failed to initialise`);
  }
  if (pref === 'auto' && !exclude.has('webgpu')) {
    const probe = await probeWebGpuAdapter();
    if (probe && !probe.software) {
      if (await trySetBackend('webgpu')) {
        const a = probe.adapter;
        return { backend: 'webgpu', reason: `WebGPU adapter found (${[a.vendor, a.architecture].filter(Boolean).join(' ') || 'hardware'})` };
      }
      notes.push('a WebGPU adapter exists but the webgpu backend failed');
    } else if (probe) notes.push('WebGPU adapter is a software fallback (SwiftShader), slower than wasm');
    else notes.push('no WebGPU adapter');
  }
  const rest = (['wasm', 'webgl', 'cpu'] as BackendName[]).filter((b) => !exclude.has(b) && b !== pref);
  if (opts.calibrate && rest.length > 1) {
    const cal = await calibrate(rest, opts.store ?? defaultStore());
    if (cal && (await trySetBackend(cal.best))) {
      const times = Object.entries(cal.times).map(([b, ms]) => `${b} ${ms.toFixed(1)} ms`).join(', ');
      return { backend: cal.best, reason: [...notes, `fastest in calibration (${times} per step)`].join('; ') };
    }
  }
  for (const b of rest) {
    if (await trySetBackend(b)) return { backend: b, reason: [...notes, `${b}: first that works in the order wasm, webgl, cpu`].join('; ') };
    notes.push(`${b} failed`);
  }
  throw new Error(`no TensorFlow.js backend works here (${notes.join('; ')})`);
}

/** After `failed` broke during a run: the next backend of the chain (never `failed` again). */
export async function fallbackFrom(failed: BackendName, why: string, alreadyFailed: BackendName[] = []): Promise<BackendChoice> {
  const next = await initBackend('auto', { exclude: [failed, ...alreadyFailed] });
  return { backend: next.backend, reason: `${failed} failed (${why}); continued on ${next.backend}: ${next.reason}` };
}

/** Resolves with a message when the current WebGPU device is lost; never resolves on other backends. */
export function webGpuDeviceLost(): Promise<string> {
  if (tf.getBackend() !== 'webgpu') return new Promise(() => {});
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  if (!device?.lost) return new Promise(() => {});
  return device.lost.then((info) => `WebGPU device lost${info?.reason ? ` (${info.reason})` : ''}${info?.message ? `: ${info.message}` : ''}`);
}

export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
