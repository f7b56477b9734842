// The benchmarks' worker entry: the app's RPC methods (src/worker/worker.ts) and the benchmark methods, over
// comlink. Built only into test and benchmark builds (DROIL_BENCH_WORKER=1: vite.config.ts adds
// bench/worker/index.html, which starts it); the shipped app's worker (src/worker/app-worker.ts) has no
// benchmark methods. bench/lib/worker-bench.ts drives it from Node (bench/train-browser.ts,
// bench/mujoco-browser.ts, test/e2e/pool.e2e.test.ts).
import * as Comlink from 'comlink';
import { api, clearEvalCache, ensureBackend, rethrow } from '../../src/worker/worker';
import { defaultPoolSize, helpersStarted } from '../../src/worker/pool';
import { defaultSetup, parseSetup, type BackendPref, type Setup } from '../../src/core/setup';
import { UserError } from '../../src/core/errors';
import { isMujocoEnvId } from '../../src/core/mujoco/tasks';
import type { WorkerApi } from '../../src/worker/protocol';
import { benchProfile, benchTrain, type KernelTime, type TrainBench } from './train';
import { mujocoEnvRate } from './mujoco-rate';

export interface BenchWorkerApi extends WorkerApi {
  /** Default BE-DROIL training throughput on a backend (bench/train-browser.ts). */
  benchTrain(pref: BackendPref, members: number, steps: number, blocks: number): Promise<TrainBench>;
  /** Kernel time of one default training step by kernel name (bench/train-browser.ts --profile). */
  benchProfile(pref: BackendPref, members: number, rounds: number): Promise<{ backend: string; kernels: KernelTime[] }>;
  /** The default comparison (the defaults with `overrides`), demonstrations to finished evaluation. */
  benchDefault(overrides: Partial<Setup>, workers?: number): Promise<{
    members: number; backend: string; trainMs: number; evalMs: number; totalMs: number;
    /** Whether the run ended early (a Stop, or another request). */
    stopped: boolean;
    /** The pool's size it ran with; every progress report's fraction and ETA; a fingerprint of every number of the result. */
    workers: number; helpers: number; progress: { elapsedMs: number; fraction: number; etaMs?: number }[]; digest: string;
    /** The run's divergence lines, if a member diverged. */
    diverged?: string;
  }>;
  /** A MuJoCo task's env steps/s in the worker (mujoco-rate.ts), runs of `seconds`; loadMs: loading MuJoCo now (0 if loaded). */
  benchMujocoEnv(envId: string, n: number, seconds: number, runs: number): Promise<{ loadMs: number; stepsPerSec: number[] }>;
}

/** A fingerprint of every number in `value` (typed arrays included): FNV-1a over its JSON, for bit-for-bit comparisons in tests. */
function digest(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) { h ^= json.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return `${h.toString(16)}:${json.length}`;
}

const benchApi: BenchWorkerApi = {
  ...api,

  async benchTrain(pref, members, steps, blocks) {
    try { return await benchTrain(ensureBackend, pref, members, steps, blocks); } catch (e) { rethrow(e); }
  },

  async benchProfile(pref, members, rounds) {
    try { return await benchProfile(ensureBackend, pref, members, rounds); } catch (e) { rethrow(e); }
  },

  async benchDefault(overrides, workers) {
    try {
      const setup = parseSetup({ ...defaultSetup, ...overrides }, 'bench');
      const t0 = performance.now();
      if (setup.demos.kind === 'builtin') {
        await api.generateDemos(setup.envId, setup.demos.episodes, setup.demos.seed, setup.params, {
          epsilon: setup.demoEpsilon, actionNoise: setup.demoActionNoise, processNoise: setup.demoProcessNoise,
        });
      }
      const progress: { elapsedMs: number; fraction: number; etaMs?: number }[] = [];
      clearEvalCache(); // the same setup trains the same policies: their evaluation is timed (and pooled), not taken from the cache
      const r = await api.train({ setup, workers }, (p) => { if (p.fraction !== undefined) progress.push({ elapsedMs: p.elapsedMs, fraction: p.fraction, etaMs: p.etaMs }); });
      return {
        members: r.members.length, stopped: r.stopped, backend: r.backend.backend, trainMs: r.trainMs, evalMs: r.evalMs, totalMs: performance.now() - t0,
        workers: workers ?? defaultPoolSize(), helpers: helpersStarted(), progress, digest: digest({ policies: r.policies, evals: r.evals, paired: r.paired, reference: r.reference }), diverged: r.diverged,
      };
    } catch (e) { rethrow(e); }
  },

  async benchMujocoEnv(envId, n, seconds, runs) {
    try {
      if (!isMujocoEnvId(envId)) throw new UserError(`'${envId}' is not a MuJoCo task`, 'benchMujocoEnv');
      const loadMs = await api.prepareEnv(envId);
      mujocoEnvRate(envId, n, 0.05, 99); // warm up the JIT
      return { loadMs, stepsPerSec: Array.from({ length: runs }, (_, r) => mujocoEnvRate(envId, n, seconds, r)) };
    } catch (e) { rethrow(e); }
  },
};

Comlink.expose(benchApi);
