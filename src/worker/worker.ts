// The worker: a thin comlink RPC layer over the core. It holds the current dataset and the trainer,
// runs tfjs (the page never loads it), throttles progress to <= 10 Hz, and answers pause / resume / stop
// between training steps. A run trains the DRO ensemble (BC, DRO-BC, BE-DROIL) first, then MBIL (its
// densities, then its policies), then evaluates every member under the same initial states. Large arrays go back as transferred typed arrays.
import '../core/zod-jitless'; // first: no eval probe under the CSP
import { forwardCspViolations } from './csp';
import * as Comlink from 'comlink';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, currentBackend } from '../core/tf';
import { createTrainer, type Trainer } from '../core/algos/ensemble';
import { generateDemos, expertActor } from '../core/experts';
import { getEnvSpec } from '../core/envs';
import { Env } from '../core/envs/env';
import { episodeReturns, numEpisodes, numTransitions, type Dataset } from '../core/data/dataset';
import { isUserError, UserError } from '../core/errors';
import { ALGO_LABELS, defaultSetup, parseSetup, type BackendPref, type Setup } from '../core/setup';
import { benchProfile, benchTrain } from './bench';
import { createMbilTrainer, type MbilTrainer } from '../core/mbil';
import { balanceTargetsFor } from '../core/mbil/balance';
import type { BalanceTargets } from '../core/algos/ensemble';
import type { PolicyJson } from '../core/algos/policy';
import { planMembers } from '../core/experiment/members';
import { planEval } from '../core/experiment/evaluate';
import { evaluateRun } from '../core/experiment/evaluate-run';
import { runResult } from '../core/experiment/result';
import { readUpload } from './upload';
import { prepare, withGeoms } from './mujoco';
import { mujocoEnvRate } from './bench-mujoco';
import { isMujocoEnvId } from '../core/mujoco/tasks';
import { checkFileSize } from '../core/data/read';
import type { BackendInfo, DatasetSummary, DensityModel, DensityPoint, DiagPoint, MemberEval, RunResult, Trace, TrainProgress, WorkerApi } from './protocol';

// The worker's own CSP violations go to the page (csp.ts); registered before anything else can violate.
forwardCspViolations(self);

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

let backend: BackendInfo | null = null;
let backendPref: BackendPref | null = null;
let dataset: Dataset | null = null;
/** The request that runs now (a training or an evaluation): a newer request or stop() ends it. */
type Control = { paused: boolean; stopped: boolean };
let control: Control = { paused: false, stopped: false };
/** A new request: the running one (if any) is told to stop, and the new one gets its own flags. */
function takeControl(): Control {
  control.stopped = true;
  control.paused = false;
  control = { paused: false, stopped: false };
  return control;
}

/** Errors cross the boundary as plain Errors; a UserError keeps its user-facing message. */
function rethrow(e: unknown): never {
  if (isUserError(e)) throw new Error(e.message);
  throw e instanceof Error ? e : new Error(String(e));
}

function summarise(d: Dataset): DatasetSummary {
  return {
    source: d.meta.source, format: d.meta.format, envId: d.meta.envId, episodes: numEpisodes(d), transitions: numTransitions(d),
    obsDim: d.obsDim, actionKind: d.actionKind, actionDim: d.actionDim, numActions: d.numActions,
    returns: episodeReturns(d), episodeStarts: d.episodeStarts.slice(),
  };
}

// One initialisation at a time: tf.setBackend is not safe to call concurrently, and the page may ask twice
// (React's StrictMode runs effects twice in development).
let pendingInit: Promise<BackendInfo> | null = null;

async function ensureBackend(pref: BackendPref): Promise<BackendInfo> {
  while (pendingInit) await pendingInit.catch(() => undefined);
  if (backend && backendPref === pref) return backend;
  pendingInit = initBackend(pref);
  try {
    backend = await pendingInit;
    backendPref = pref;
    return backend;
  } finally {
    pendingInit = null;
  }
}

// A macrotask without setTimeout's 4 ms clamp: lets the worker answer stop() and newer requests mid-evaluation.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const macrotask = () => new Promise<void>((r) => { waiting.push(r); channel.port2.postMessage(0); });
/** The evaluation's pause: answers messages, then holds while the request is paused (and not stopped). */
const yieldFor = (c: Control) => async () => {
  await macrotask();
  while (c.paused && !c.stopped) await new Promise((r) => setTimeout(r, 50));
};

/** The adversary's final weights over every transition, batch by batch (each batch has mean weight 1). */
async function datasetWeights(trainer: Trainer, N: number): Promise<Float32Array[]> {
  const B = trainer.config.batchSize;
  const M = trainer.members.length;
  const out = Array.from({ length: M }, () => new Float32Array(N));
  for (let start = 0; start < N; start += B) {
    const idx = Int32Array.from({ length: B }, (_, i) => (start + i) % N);
    const bw = await trainer.batchWeights(idx);
    const count = Math.min(B, N - start);
    for (let m = 0; m < M; m++) out[m].set(bw.members[m].weights.subarray(0, count), start);
  }
  return out;
}

const api: WorkerApi = {
  async init(pref) {
    try { return await ensureBackend(pref); } catch (e) { rethrow(e); }
  },

  async prepareEnv(envId) {
    try { return await prepare(envId); } catch (e) { rethrow(e); }
  },

  async traceGeoms(trace) {
    try {
      await prepare(trace.envId);
      return withGeoms(trace).geoms ?? null;
    } catch (e) { rethrow(e); }
  },

  async generateDemos(envId, episodes, seed, params, noise) {
    try {
      await prepare(envId); // MuJoCo environments load their WebAssembly first
      // Action noise applies to continuous actions only; a discrete environment ignores the setting.
      const continuous = getEnvSpec(envId).actionSpace.kind === 'continuous';
      dataset = generateDemos(envId, {
        episodes, seed, params, epsilon: noise?.epsilon ?? 0, actionNoise: continuous ? noise?.actionNoise ?? 0 : 0, processNoise: noise?.processNoise ?? 0,
      });
      return summarise(dataset);
    } catch (e) { rethrow(e); }
  },

  async parseUpload(file, fileName, envId) {
    try {
      // The size limit is checked before the bytes are read into memory.
      checkFileSize(file.size, fileName);
      await prepare(envId);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const d = await readUpload(bytes, fileName, envId);
      dataset = d; // replaced only after the whole file parsed and validated
      return summarise(d);
    } catch (e) { rethrow(e); }
  },

  async expertTrace(envId, seed, params) {
    try {
      await prepare(envId);
      const env = new Env(envId, params);
      const actor = expertActor(envId);
      const spec = getEnvSpec(envId);
      const sd = spec.stateNames.length;
      let obs = env.reset(seed);
      const states: number[] = Array.from(env.state);
      const actions: number[] = [];
      const rewards: number[] = [];
      for (let t = 0; t < env.maxEpisodeSteps; t++) {
        const a = actor.act(obs, 1);
        const r = env.step(spec.actionSpace.kind === 'discrete' ? a[0] : a);
        actions.push(...a);
        rewards.push(r.reward);
        states.push(...env.state);
        obs = r.observation;
        if (r.terminated || r.truncated) break;
      }
      const trace: Trace = withGeoms({
        envId, params: { ...env.params }, stateDim: sd, states: Float64Array.from(states), actionDim: actor.actionDim,
        actions: Float64Array.from(actions), rewards: Float64Array.from(rewards), steps: rewards.length,
        return: rewards.reduce((a, b) => a + b, 0),
      });
      return Comlink.transfer(trace, [trace.states.buffer, trace.actions.buffer, trace.rewards.buffer]);
    } catch (e) { rethrow(e); }
  },

  async train(req, onProgress) {
    let trainer: Trainer | null = null;
    let mbil: MbilTrainer | null = null;
    try {
      const setup: Setup = parseSetup(req.setup, 'training request');
      if (!dataset) throw new UserError('no demonstrations are loaded');
      await prepare(setup.envId); // the evaluation's simulator (and the expert reference) run on MuJoCo
      const data = dataset;
      const spec = getEnvSpec(setup.envId);
      if (data.obsDim !== spec.obsNames.length) {
        throw new UserError(`the loaded demonstrations have ${data.obsDim} observation values but ${spec.id} has ${spec.obsNames.length}; load data for ${spec.id}`, data.meta.source);
      }
      const plan = planEval(setup); // checks the evaluation settings (e.g. evalShift's names) before training
      const info = await ensureBackend(setup.backend);
      const members = planMembers(setup);
      // MBIL trains outside the DRO ensemble (its own trainer, densities first); everything else is one ensemble.
      const ensembleMembers = members.filter((m) => m.algo !== 'mbil');
      const mbilMembers = members.filter((m) => m.algo === 'mbil');
      const space = spec.actionSpace;
      const bounds = space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
      const logEvery = Math.max(5, Math.min(50, Math.round(setup.steps / 150)));
      // Discrete actions fit one density model (the classifier), continuous ones two flows (mbil/densities.ts).
      const densityModels = space.kind === 'discrete' ? 1 : 2;
      // "Robust MBIL": BE-DROIL members with the MBIL loss need MBIL's frozen balance targets, fitted first.
      const robustMbil = setup.loss === 'mbil' && ensembleMembers.some((m) => m.algo === 'be-droil');
      const balanceSteps = robustMbil ? densityModels * setup.mbilDensitySteps : 0;
      const ensembleSteps = ensembleMembers.length ? balanceSteps + setup.steps : 0;
      const mbilSteps = mbilMembers.length ? densityModels * setup.mbilDensitySteps + setup.steps : 0;
      const totalSteps = ensembleSteps + mbilSteps;

      const control = takeControl();
      const yieldNow = yieldFor(control);
      const t0 = performance.now();
      let pausedMs = 0, pauseStart = 0;
      let pending: Record<number, DiagPoint[]> = {};
      let pendingDensity: Partial<Record<DensityModel, DensityPoint[]>> = {};
      let lastSent = 0, lastStep = 0;
      let stage = '';
      let currentBackendInfo: BackendInfo | undefined;
      const flush = (phase: TrainProgress['phase'], evalFraction?: number, paused = false) => {
        const elapsed = performance.now() - t0 - pausedMs;
        onProgress({
          phase, step: lastStep, totalSteps, stepsPerSec: lastStep / Math.max(1e-3, elapsed / 1000), elapsedMs: elapsed,
          diag: pending, density: pendingDensity, evalFraction, backend: currentBackendInfo, paused, stage,
        });
        pending = {};
        pendingDensity = {};
        currentBackendInfo = undefined;
        lastSent = performance.now();
      };
      // At most ten messages a second: the page redraws on each.
      const maybeFlush = () => { if (performance.now() - lastSent >= 100) flush('training'); };
      /** Every stage's pause hook; `at` is where the run holds (a pause lands between two steps), for the page. */
      const pauseHook = (at: () => number) => () => {
        if (control.paused && !pauseStart) {
          pauseStart = performance.now();
          lastStep = at();
          flush('training', undefined, true);
        }
        if (!control.paused && pauseStart) { pausedMs += performance.now() - pauseStart; pauseStart = 0; }
        return control.paused;
      };

      let stopped = false;
      const policies = new Map<number, PolicyJson>();
      let weights: Float32Array[] = [];
      const densityConfig = { seed: setup.seed, envId: spec.id, densitySteps: setup.mbilDensitySteps, flowBlocks: setup.mbilFlowBlocks, ...bounds };
      const densityIndex: Partial<Record<DensityModel, number>> = {};
      /** A density-fit point: its place in the run's progress and its point on the NLL curve. */
      const densityPoint = (offset: number, model: DensityModel, point: DensityPoint, chart = true) => {
        const k = (densityIndex[model] ??= Object.keys(densityIndex).length);
        lastStep = offset + k * setup.mbilDensitySteps + point.step;
        if (chart) (pendingDensity[model] ??= []).push({ step: point.step, trainNll: point.trainNll, dataNll: point.dataNll });
        maybeFlush();
      };
      let balance: BalanceTargets | undefined;
      if (robustMbil) {
        stage = 'MBIL density models (for BE-DROIL\'s balance loss)';
        flush('training');
        balance = (await balanceTargetsFor(data, densityConfig, {
          shouldStop: () => control.stopped,
          shouldPause: pauseHook(() => lastStep),
          onDensityProgress: ({ model, point }) => densityPoint(0, model, point),
        }, 'MBIL settings')).targets;
      }
      if (ensembleMembers.length && !control.stopped) {
        stage = ensembleMembers.length === 1 ? ALGO_LABELS[ensembleMembers[0].algo] : 'the ensemble';
        const stepOffset = balanceSteps;
        trainer = createTrainer({
          loss: 'nll', mbilAlpha: setup.mbilAlpha, mbilBeta: setup.mbilBeta,
          members: ensembleMembers.map((m) => ({ algo: m.algo, rho: m.rho, kappa: setup.kappa, seed: m.seed, loss: m.algo === 'be-droil' ? setup.loss : 'nll' })),
          divergence: setup.divergence, gamma: setup.gamma, weightClip: setup.clip > 1 ? setup.clip : null,
          warmStartFraction: setup.warmStart, policyHidden: [setup.hidden, setup.hidden], learningRate: setup.lr,
          batchSize: setup.batch, steps: setup.steps, logEvery, envId: spec.id, seed: setup.seed, ...bounds,
        }, data, balance);
        const t = trainer;
        const run = await t.run({
          shouldStop: () => control.stopped,
          shouldPause: pauseHook(() => stepOffset + t.step),
          onEvent: (ev) => {
            if (ev.kind === 'backend-fallback') { backend = { backend: currentBackend(), reason: ev.message }; currentBackendInfo = backend; }
          },
          onProgress: (d) => {
            lastStep = stepOffset + d.step;
            d.members.forEach((md, i) => {
              (pending[ensembleMembers[i].id] ??= []).push({
                step: d.step, bcLoss: md.bcLoss, robustLoss: md.robustLoss, lambda: md.lambda, divergence: md.divergence,
                ess: md.ess, maxWeight: md.maxWeight, balanceResidual: md.balanceResidual,
              });
            });
            maybeFlush();
          },
        });
        if (run.status === 'diverged') throw new UserError(run.message ?? 'training diverged');
        stopped = run.status === 'stopped';
        (await t.snapshot()).forEach((j, i) => policies.set(ensembleMembers[i].id, j));
        weights = await datasetWeights(t, numTransitions(data));
        flush('training');
      }

      stopped ||= control.stopped;
      if (mbilMembers.length && !stopped) {
        stage = 'MBIL density models';
        flush('training');
        const offset = ensembleSteps;
        // The same data, seed and settings give the same densities as the balance fit above (mbil/balance.ts):
        // their curves are on the chart already.
        const curvesShown = robustMbil;
        for (const k of Object.keys(densityIndex)) delete densityIndex[k as DensityModel];
        mbil = createMbilTrainer({
          members: mbilMembers.map((m) => ({ alpha: setup.mbilAlpha, beta: setup.mbilBeta, seed: m.seed })),
          steps: setup.steps, batchSize: setup.batch, learningRate: setup.lr, policyHidden: [setup.hidden, setup.hidden],
          logEvery, ...densityConfig,
        }, data, 'MBIL settings');
        const mb = mbil;
        const run = await mb.run({
          shouldStop: () => control.stopped,
          shouldPause: pauseHook(() => lastStep),
          onDensityProgress: ({ model, point }) => densityPoint(offset, model, point, !curvesShown),
          onProgress: (d) => {
            if (stage !== 'MBIL policies') { stage = 'MBIL policies'; }
            lastStep = offset + densityModels * setup.mbilDensitySteps + d.step;
            d.members.forEach((md, i) => {
              (pending[mbilMembers[i].id] ??= []).push({
                step: d.step, bcLoss: md.bcLoss, robustLoss: NaN, lambda: NaN, divergence: NaN, ess: 1, maxWeight: 1,
                balanceResidual: md.balanceResidual, mbilLoss: md.mbilLoss, balanceLoss: md.balanceLoss,
              });
            });
            maybeFlush();
          },
        });
        if (run.status === 'diverged') throw new UserError(run.message ?? 'MBIL training diverged', 'MBIL');
        stopped = run.status === 'stopped';
        // Stopped during the density fit: the policies are still at their initialisation (evaluated as such).
        (await mb.snapshot()).forEach((j, i) => policies.set(mbilMembers[i].id, j));
        stage = '';
        flush('training');
      }
      stage = '';
      const trainMs = performance.now() - t0 - pausedMs;

      // Evaluation: plain-TS policies (no tfjs) on the vectorised simulator.
      const trained = members.filter((m) => policies.has(m.id));
      const weightsById: Record<number, Float32Array | undefined> = {};
      trained.forEach((m) => { const k = ensembleMembers.indexOf(m); weightsById[m.id] = k < 0 || m.algo === 'bc' || m.rho === 0 ? undefined : weights[k]; });
      const ev = await evaluateRun({ setup, members: trained, policies: Object.fromEntries(policies), weights: weightsById }, {
        shouldStop: () => control.stopped, yieldNow,
        onFraction: (f) => { if (performance.now() - lastSent >= 100 || f === 1) flush('evaluating', f); },
      });
      const result = runResult(setup, trained, ev.plan, ev, {
        backend: backend ?? info, stopped: stopped || ev.stopped, trainMs, evalMs: ev.evalMs, policies: Object.fromEntries(policies),
        trainKept: stopped ? `training stopped at step ${lastStep} of ${totalSteps}` : undefined,
      });
      const transfers: Transferable[] = [];
      for (const e of result.evals) {
        transfers.push(e.traceNominal.states.buffer, e.traceWorst.states.buffer);
        if (e.weights) transfers.push(e.weights.buffer);
      }
      return Comlink.transfer(result, [...new Set(transfers)]);
    } catch (e) {
      rethrow(e);
    } finally {
      trainer?.dispose();
      mbil?.dispose();
    }
  },

  async evaluate(req, onProgress) {
    const control = takeControl();
    try {
      const setup: Setup = parseSetup(req.setup, 'evaluation request');
      await prepare(setup.envId);
      const info = backend ?? { backend: currentBackend(), reason: '' };
      const book = (evalMs: number, stopped: boolean) => ({ backend: info, stopped, trainMs: req.trainMs ?? 0, evalMs, policies: req.policies });
      const t0 = performance.now();
      const ev = await evaluateRun({ setup, members: req.members, policies: req.policies, weights: req.weights }, {
        shouldStop: () => control.stopped, yieldNow: yieldFor(control),
        onPartial: (partial, plan, members) => onProgress(runResult(setup, members, plan, partial, book(performance.now() - t0, req.stopped ?? false))),
      });
      return runResult(setup, ev.members, ev.plan, ev, book(ev.evalMs, (req.stopped ?? false) || ev.stopped));
    } catch (e) { rethrow(e); }
  },

  async benchTrain(pref, members, steps, blocks) {
    try { return await benchTrain(ensureBackend, pref, members, steps, blocks); } catch (e) { rethrow(e); }
  },

  async benchProfile(pref, members, rounds) {
    try { return await benchProfile(ensureBackend, pref, members, rounds); } catch (e) { rethrow(e); }
  },

  async benchDefault(overrides) {
    try {
      const setup = parseSetup({ ...defaultSetup, ...overrides }, 'bench');
      const t0 = performance.now();
      if (setup.demos.kind === 'builtin') {
        await api.generateDemos(setup.envId, setup.demos.episodes, setup.demos.seed, setup.params, {
          epsilon: setup.demoEpsilon, actionNoise: setup.demoActionNoise, processNoise: setup.demoProcessNoise,
        });
      }
      const r = await api.train({ setup }, () => {});
      return { members: r.members.length, backend: r.backend.backend, trainMs: r.trainMs, evalMs: r.evalMs, totalMs: performance.now() - t0 };
    } catch (e) { rethrow(e); }
  },

  async benchMujocoEnv(envId, n, seconds, runs) {
    try {
      if (!isMujocoEnvId(envId)) throw new UserError(`'${envId}' is not a MuJoCo task`, 'benchMujocoEnv');
      const loadMs = await prepare(envId);
      mujocoEnvRate(envId, n, 0.05, 99); // warm up the JIT
      return { loadMs, stepsPerSec: Array.from({ length: runs }, (_, r) => mujocoEnvRate(envId, n, seconds, r)) };
    } catch (e) { rethrow(e); }
  },

  pause() { control.paused = true; },
  resume() { control.paused = false; },
  stop() { control.stopped = true; control.paused = false; },
};

Comlink.expose(api);
