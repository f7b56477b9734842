// The worker's RPC methods (exposed by app-worker.ts, the page's worker entry): a thin comlink layer over the core. It holds the current dataset and the backend, runs
// tfjs (the page never loads it) and moves messages: a run is the core's pipeline (src/core/experiment/run.ts),
// a re-evaluation its evaluation (src/core/experiment/evaluate-run.ts). One request runs at a time: a newer
// train or evaluate, or stop(), ends the running one at its next step or pause (they hand control back every
// few tens of milliseconds), keeping what finished. Large arrays go back as transferred typed arrays.
import '../core/zod-jitless'; // first: no eval probe under the CSP
import { forwardCspViolations } from './csp';
import * as Comlink from 'comlink';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, currentBackend } from '../core/tf';
import { expertActor } from '../core/experts';
import { expertDemos } from '../core/experiment/demos';
import { getEnvSpec } from '../core/envs';
import { Env } from '../core/envs/env';
import { episodeReturns, numEpisodes, numTransitions, type Dataset } from '../core/data/dataset';
import { isUserError, UserError } from '../core/errors';
import { parseSetup, type BackendPref, type Setup } from '../core/setup';
import { planEval } from '../core/experiment/evaluate';
import { evaluateRun } from '../core/experiment/evaluate-run';
import { runResult } from '../core/experiment/result';
import { runExperiment, trainEnsemble, type RunHooks } from '../core/experiment/run';
import { warmUpSetup } from '../core/experiment/warm-up';
import { runEvalItem, type EvalPiece } from '../core/experiment/evaluate';
import { EvalPieceCache } from '../core/experiment/eval-cache';
import { loadPolicy } from '../core/algos/policy';
import { rememberEpisodes } from '../core/eval/episode-memo';
import type { Actor } from '../core/policy';
import { defaultEvalPoolSize, defaultPoolSize, forgetSentPolicies, helperRunners, pooledTrainEnsemble, readyEvalHelpers, readyHelpers, signalHelpers } from './pool';
import { readUpload } from './upload';
import { prepare, withGeoms } from './mujoco';
import { checkFileSize } from '../core/data/read';
import type { BackendInfo, DatasetSummary, RunResult, Trace, WorkerApi } from './protocol';

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
/**
 * The evaluation pieces of this worker's runs and re-evaluations by what they depend on (eval-cache.ts): a changed
 * evaluation setting re-runs only the items whose key changed. Only the primary holds one (helpers run items).
 */
const evalCache = new EvalPieceCache();
/** The control of the evaluation items a pool helper runs now (poolEvalItem). */
let itemControl: Control | null = null;
/** A pool helper's loaded policies by fingerprint (poolEvalItem), the most recently used last. */
const heldPolicies = new Map<string, Actor>();
function hold(key: string, actor: Actor): void {
  heldPolicies.delete(key);
  heldPolicies.set(key, actor);
  while (heldPolicies.size > 64) heldPolicies.delete(heldPolicies.keys().next().value!);
}
/** Forgets the kept pieces (benchmarks that time a run's evaluation, or compare pools, must compute it). */
export function clearEvalCache(): void { evalCache.clear(); heldPolicies.clear(); forgetSentPolicies(); }
/** Requests under way (train, evaluate): a warm-up starts only when there are none. */
let requests = 0;
/** This worker's code has run a whole run or warm-up (its JavaScript compiled, its WebAssembly tiered up). */
let warm = false;
/**
 * The primary's requests, counted: every call and signal to a helper carries its request's number, and a helper
 * ignores what comes from a request older than the newest it has seen. A superseded request's messages still in
 * flight (its training's Stop, repeated every 25 ms until it has unwound, an item's policy sent again) would
 * otherwise stop or take over the newer request's work there (a Train clicked while a pooled Train unwinds).
 */
let generation = 0;
/** A helper's side: the newest request number it has seen (poolTrainEnsemble, poolEvalItem). */
let newestGen = 0;
/** A new request: the running one (if any) is told to stop (its helpers by its watch), and the new one gets its own flags and number. */
function takeControl(): Control {
  generation++;
  control.stopped = true;
  control.paused = false;
  control = { paused: false, stopped: false };
  return control;
}

/** Errors cross the boundary as plain Errors; a UserError keeps its user-facing message. */
export function rethrow(e: unknown): never {
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

export async function ensureBackend(pref: BackendPref): Promise<BackendInfo> {
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

/** The result's large arrays, handed over rather than copied. */
function transfers(result: RunResult): Transferable[] {
  const out = new Set<ArrayBufferLike>();
  for (const e of result.evals) {
    out.add(e.traceNominal.states.buffer);
    out.add(e.traceWorst.states.buffer);
    if (e.weights) out.add(e.weights.buffer);
  }
  for (const w of Object.values(result.unevaluated?.weights ?? {})) out.add(w.buffer);
  return [...out] as Transferable[];
}

/** The helpers a request may use (none for a pool of one), and a watch that passes its Stop on to them until `unwatch`. */
async function pool(workers: number, control: Control, ready: () => Promise<Awaited<ReturnType<typeof readyHelpers>>>) {
  if (workers <= 1) return { used: [], unwatch: () => {} };
  const used = await ready();
  return { used, unwatch: watchStop(control) };
}

/** Passes a request's Stop on to the helpers; returns the function that ends the watch. */
function watchStop(c: Control): () => void {
  const gen = generation; // a helper that has seen a newer request ignores this Stop
  const id = setInterval(() => { if (c.stopped) { clearInterval(id); signalHelpers('stop', gen); } }, 25);
  return () => clearInterval(id);
}

/**
 * A run on the pool (the training's helpers, then the evaluation's, started beside the training to be ready when it
 * ends): Train's, and the warm-up's (on one worker). `workers` forces the pool's size (the warm-up, tests, benchmarks).
 */
async function runOnPool(setup: Setup, data: Dataset, control: Control, info: BackendInfo, workers: number | undefined, hooks: Pick<RunHooks, 'onProgress' | 'evalCache'>): Promise<RunResult> {
  const trainSize = workers ?? defaultPoolSize(), evalSize = workers ?? defaultEvalPoolSize(), gen = generation;
  const { used, unwatch } = await pool(trainSize, control, () => readyHelpers(trainSize, data, setup.backend, setup.envId));
  const evalHelpers = evalSize > trainSize ? readyEvalHelpers(evalSize, setup.envId) : Promise.resolve(used);
  evalHelpers.catch(() => undefined); // a lost helper is reported by the evaluation that awaits it
  const unwatchEval = evalSize > trainSize ? watchStop(control) : () => {};
  try {
    return await runExperiment(setup, data, {
      ...hooks, control, yieldNow: yieldFor(control), backend: info, currentBackend, workers: used.length + 1,
      // The evaluation's prior is divided by the training's workers (runStages): by default the evaluation runs on
      // them (pool.ts defaultEvalPoolSize); a forced larger pool (workers) uses the same number for both.
      onBackend: (b) => { backend = b; },
      ...(used.length ? { trainEnsemble: pooledTrainEnsemble(used, gen) } : {}),
      ...(evalSize > 1 ? { evaluate: (input, h) => evaluateRun(input, { ...h, helpers: evalHelpers.then((hs) => helperRunners(hs, setup, gen)) }) } : {}),
    });
  } finally {
    unwatch();
    unwatchEval();
  }
}

/** The app's RPC surface; app-worker.ts exposes it (bench/bench-worker.ts: the same with the benchmarks added). */
export const api: WorkerApi = {
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
      dataset = expertDemos(envId, { episodes, seed, params, epsilon: noise?.epsilon ?? 0, actionNoise: noise?.actionNoise ?? 0, processNoise: noise?.processNoise ?? 0 });
      return summarise(dataset);
    } catch (e) { rethrow(e); }
  },

  async parseUpload(file, fileName, envId) {
    try {
      // The size limit is checked before the bytes are read into memory.
      checkFileSize(file.size, fileName);
      await prepare(envId);
      const d = await readUpload(file, fileName, envId); // in a worker of its own, with a time limit
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
    const control = takeControl(); // a new Train ends whatever runs (keeping what finished there)
    requests++;
    try {
      const setup: Setup = parseSetup(req.setup, 'training request');
      if (!dataset) throw new UserError('no demonstrations are loaded');
      await prepare(setup.envId); // the evaluation's simulator (and the expert reference) run on MuJoCo
      planEval(setup); // checks the evaluation settings (evalShift's and boxParams' names) before the backend starts
      const info = await ensureBackend(setup.backend);
      const result = await runOnPool(setup, dataset, control, info, req.workers, { onProgress, evalCache });
      if (!result.stopped) warm = true;
      return Comlink.transfer(result, transfers(result));
    } catch (e) {
      rethrow(e);
    } finally {
      requests--;
    }
  },

  async evaluate(req, onProgress) {
    const control = takeControl(), gen = generation;
    let stopWatch: (() => void) | undefined;
    requests++;
    try {
      const setup: Setup = parseSetup(req.setup, 'evaluation request');
      await prepare(setup.envId);
      const info = backend ?? { backend: currentBackend(), reason: '' };
      const book = (evalMs: number, stopped: boolean) => ({ backend: info, stopped, trainMs: req.trainMs ?? 0, evalMs, policies: req.policies, trainKept: req.trainKept });
      const t0 = performance.now();
      // A result that lacks some members (partial, stopped) names them all, so the next evaluation covers them;
      // so does every result of a run whose training was stopped (its next re-evaluation says what the training kept).
      const everyone = { members: req.members.filter((m) => req.policies[m.id] !== undefined), weights: req.weights ?? {}, ...(req.trainKept ? { trainKept: req.trainKept } : {}) };
      const carry = (r: RunResult): RunResult => (r.members.length < everyone.members.length || req.trainKept ? { ...r, unevaluated: everyone } : r);
      const evalSize = req.workers ?? defaultEvalPoolSize();
      const { used, unwatch } = await pool(evalSize, control, () => readyEvalHelpers(evalSize, setup.envId));
      stopWatch = unwatch;
      const ev = await evaluateRun({ setup, members: req.members, policies: req.policies, weights: req.weights }, {
        shouldStop: () => control.stopped, yieldNow: yieldFor(control), helpers: helperRunners(used, setup, gen), cache: evalCache,
        onPartial: (partial, plan, members) => onProgress(carry(runResult(setup, members, plan, partial, book(performance.now() - t0, req.stopped ?? false)))),
      });
      const result = carry(runResult(setup, ev.members, ev.plan, ev, book(ev.evalMs, (req.stopped ?? false) || ev.stopped)));
      return Comlink.transfer(result, transfers(result));
    } catch (e) {
      rethrow(e);
    } finally {
      requests--;
      stopWatch?.();
    }
  },

  async warmUp(setupIn) {
    if (warm || requests > 0 || !dataset) return warm;
    const control = takeControl(); // nothing runs (requests is 0); a train or evaluate that arrives stops this one
    try {
      const setup = warmUpSetup(parseSetup(setupIn, 'warm-up request'));
      await prepare(setup.envId);
      const info = await ensureBackend(setup.backend);
      if (control.stopped) return false;
      // Here alone, no cache, no progress: nothing of it reaches a later run but compiled code. (On the pool it would
      // start every helper at page load, cores - 2 of them, each with its own tfjs and copy of the data, before anyone
      // trains; on this 2-core machine a warm helper did not make the first pooled run measurably faster: 4.0-5.1 s
      // against 4.0-4.4 s with a cold one, load 5.5; thirteenth session.)
      const result = await runOnPool(setup, dataset, control, info, 1, {});
      warm ||= !result.stopped && !control.stopped;
      return warm;
    } catch {
      return false; // a warm-up that fails costs only the time it would have saved
    }
  },

  async poolLoad(data, pref, envId) {
    try {
      dataset = data;
      await ensureBackend(pref);
      await prepare(envId);
    } catch (e) { rethrow(e); }
  },

  async poolTrainEnsemble(setup, members, onProgress, gen) {
    if (gen < newestGen) return { status: 'stopped', step: 0, policies: {}, weights: {} }; // a superseded request's
    newestGen = gen;
    const control = takeControl();
    try {
      if (!dataset) throw new Error('pool helper: no dataset loaded');
      const r = await trainEnsemble(setup, dataset, members, undefined, {
        shouldStop: () => control.stopped, shouldPause: () => control.paused, onProgress: (step, diag) => { void onProgress(step, diag); },
      });
      return Comlink.transfer(r, Object.values(r.weights).map((w) => w.buffer as ArrayBuffer));
    } catch (e) { rethrow(e); }
  },

  async poolEvalItem(setup, item, policy, nominal, policyKey, gen): Promise<EvalPiece | null | 'policy?'> {
    if (gen < newestGen) return null; // a superseded request's item
    // The items of one evaluation share a control (a helper has two in flight); stop() or another request ends them.
    if (gen > newestGen || control !== itemControl || control.stopped) itemControl = takeControl();
    newestGen = gen;
    const mine = itemControl;
    const stopped = new Error('stopped');
    try {
      const answer = yieldFor(mine);
      let actor: Actor | null = null;
      if (item.kind !== 'references') {
        // A held policy keeps its episodes' memo (eval/episode-memo.ts): a re-evaluation rolls out only new episodes.
        // A policy sent again is loaded afresh (the primary forgot it had sent it: clearEvalCache, a bench's timing).
        actor = policy ? rememberEpisodes(loadPolicy(policy)) : policyKey ? heldPolicies.get(policyKey) ?? null : null;
        if (!actor) return 'policy?';
        if (policyKey) hold(policyKey, actor);
      }
      return await runEvalItem(planEval(setup), item, actor, async () => {
        await answer();
        if (mine.stopped) throw stopped;
      }, nominal);
    } catch (e) {
      if (e === stopped) return null;
      rethrow(e);
    }
  },

  ping() { return true; },
  // From the page (no number), or from the primary to a helper (its request's number: an older request's is ignored).
  pause(gen) { if (gen === undefined || gen >= newestGen) control.paused = true; },
  resume(gen) { if (gen === undefined || gen >= newestGen) control.paused = false; },
  stop(gen) { if (gen === undefined || gen >= newestGen) { control.stopped = true; control.paused = false; } },
};

