// The page's side of the worker: one module Worker wrapped by comlink. Every answer lands in the store.
// tfjs, the parsers and the simulations run over there; the main thread only draws.
import * as Comlink from 'comlink';
import type { WorkerApi, TrainProgress } from '../worker/protocol';
import { parseSetup, type Setup } from '../core/setup';
import { applyProgress, finishRun, setDataset, setRunStatus, startRun, useStore } from './store';
import { planMembers } from '../worker/members';

let api: Comlink.Remote<WorkerApi> | null = null;
const DIAG_COMMIT_MS = 1000;

function worker(): Comlink.Remote<WorkerApi> {
  if (!api) {
    const w = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'droil-worker' });
    api = Comlink.wrap<WorkerApi>(w);
  }
  return api;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function initBackend(): Promise<void> {
  const info = await worker().init(useStore.getState().setup.backend);
  useStore.setState({ backend: info });
}

/** Built-in demonstrations from the current setup; the expert's rollout comes with them. */
export async function loadBuiltin(): Promise<void> {
  const { setup } = useStore.getState();
  if (setup.demos.kind !== 'builtin') return;
  const { episodes, seed } = setup.demos;
  setDataset({ loading: true, error: undefined });
  try {
    const [summary, trace] = await Promise.all([
      worker().generateDemos(setup.envId, episodes, seed, setup.params),
      worker().expertTrace(setup.envId, seed, setup.params),
    ]);
    setDataset({ summary, loading: false, loads: useStore.getState().dataset.loads + 1 });
    useStore.setState({ expertTrace: trace });
  } catch (e) {
    setDataset({ loading: false, error: message(e), loads: useStore.getState().dataset.loads + 1 });
  }
}

/** An uploaded file is parsed in the worker; on error the previous data stays loaded. */
export async function uploadFile(file: File): Promise<void> {
  const { setup } = useStore.getState();
  setDataset({ loading: true, error: undefined });
  try {
    const summary = await worker().parseUpload(file, file.name, setup.envId);
    useStore.setState((s) => ({
      setup: { ...s.setup, demos: { kind: 'upload', fileName: file.name } },
      dataset: { summary, loading: false, loads: s.dataset.loads + 1 },
    }));
  } catch (e) {
    setDataset({ loading: false, error: message(e), loads: useStore.getState().dataset.loads + 1 });
  }
}

export async function train(): Promise<void> {
  const state = useStore.getState();
  let setup: Setup;
  try {
    setup = parseSetup(state.setup);
  } catch (e) {
    setRunStatus('error', message(e));
    return;
  }
  if (!state.dataset.summary) {
    setRunStatus('error', 'No demonstrations loaded: generate built-in ones or upload a file first.');
    return;
  }
  startRun(planMembers(setup), setup.steps);
  // The progress bar follows every message (<= 10 Hz); the charts get new points at most once a
  // second (the first at once), which keeps the main thread's work per second small while training.
  let pending: TrainProgress['diag'] = {};
  let committed = -Infinity;
  const flushDiag = (p: TrainProgress, force: boolean) => {
    const now = performance.now();
    if (force || now - committed >= DIAG_COMMIT_MS) {
      applyProgress({ ...p, diag: pending });
      pending = {};
      committed = now;
    } else {
      applyProgress({ ...p, diag: {} });
    }
  };
  try {
    const result = await worker().train({ setup }, Comlink.proxy((p: TrainProgress) => {
      for (const [id, pts] of Object.entries(p.diag)) (pending[Number(id)] ??= []).push(...pts);
      flushDiag(p, p.phase === 'evaluating' || p.paused === true);
    }));
    finishRun(result);
  } catch (e) {
    setRunStatus('error', message(e));
  }
}

export function pause(): void {
  void worker().pause();
  setRunStatus('paused');
}

export function resume(): void {
  void worker().resume();
  useStore.setState((s) => ({ run: { ...s.run, status: 'training', pausedAt: undefined } }));
}

export function stop(): void {
  void worker().stop();
}
