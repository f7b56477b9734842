// The worker pool: the page's worker (the primary) starts helper workers of its own (nested dedicated workers
// running this same script) and hands them independent work items of a run: groups of ensemble members (one
// group per seed or seeds) and evaluation items. Every piece is a pure function of its inputs (the setup, the
// dataset, the members' seeds, a policy), so the numbers do not depend on where or in what order pieces run:
// test/e2e/pool.e2e.test.ts compares pool sizes 1 and 2 bit for bit. Sized from navigator.hardwareConcurrency,
// keeping one core for the page (and one for nothing else): size = cores - 1, the primary included.
import * as Comlink from 'comlink';
import type { Dataset } from '../core/data/dataset';
import type { BalanceTargets } from '../core/algos/ensemble';
import type { BackendPref, Setup } from '../core/setup';
import { trainEnsemble, type EnsembleHooks, type EnsembleTrained } from '../core/experiment/run';
import type { ItemRunner } from '../core/experiment/evaluate-run';
import type { EvalPiece } from '../core/experiment/evaluate';
import type { MemberInfo } from '../core/experiment/types';
import type { WorkerApi } from './protocol';

const cores = () => (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1);

/** Workers a run may use (the primary included): the cores less one for the page, at least one. */
export function defaultPoolSize(): number {
  return Math.max(1, cores() - 1);
}

/**
 * Workers an evaluation may use: those of a run (cores - 1). Every core (the eighth session's choice) did not
 * gain: on this 2-core machine the First look's evaluation took 22-25 s on two workers in 3 of 4 runs against
 * 9.8-10.3 s on one (load 11-15, alternating; its first part, 61 small items, 3.5x slower), and a re-evaluation
 * was no faster (docs/performance.md, ninth session). With one worker every item also runs where its episodes
 * are kept (eval/episode-memo.ts). The helper path stays (req.workers, machines with more cores).
 */
export function defaultEvalPoolSize(): number {
  return defaultPoolSize();
}

interface Helper {
  worker: Worker;
  name: string;
  api: Comlink.Remote<WorkerApi>;
  /** The dataset it holds (by identity of the primary's dataset) and the backend it runs. */
  dataset: Dataset | null;
  backend: BackendPref | null;
  envId: string | null;
  /** Rejects (with the run's one line) when the helper dies; every call to it races this. */
  lost: Promise<never>;
  /** Why it died, once it has. */
  gone?: string;
  /** Calls in flight (the heartbeat runs while there are any). */
  calls: number;
  /** Fingerprints of the policies it has been sent (it keeps them loaded: worker.ts poolEvalItem). */
  policies: Set<string>;
}

const helpers: Helper[] = [];

/** A helper that answers no heartbeat for this long is taken for dead (it hands control back every few tens of ms while it works). */
export const HELPER_SILENCE_MS = 20_000;
const HEARTBEAT_MS = 1_000;

/**
 * A new helper, watched: an uncaught error or a failed load (the Worker's error event), an unreadable message,
 * or no heartbeat answer for HELPER_SILENCE_MS while a call is in flight ends every call to it with
 * "The computation worker stopped: ..." (like the page's own worker, src/ui/worker-client.ts); the helper is
 * dropped and the next run starts a fresh one.
 */
function startHelper(n: number): Helper {
  const name = `droil-helper-${n}`;
  const worker = new Worker(self.location.href, { type: 'module', name });
  let fail!: (e: Error) => void;
  const lost = new Promise<never>((_, reject) => { fail = reject; });
  lost.catch(() => undefined); // observed through the calls' races
  const h: Helper = { worker, name, api: Comlink.wrap<WorkerApi>(worker), dataset: null, backend: null, envId: null, lost, calls: 0, policies: new Set() };
  const die = (why: string) => {
    if (h.gone) return;
    h.gone = why;
    clearInterval(beat);
    worker.terminate();
    const i = helpers.indexOf(h);
    if (i >= 0) helpers.splice(i, 1);
    fail(new Error(`The computation worker stopped: its pool helper ${name} ${why}. Train again to retry.`));
  };
  worker.addEventListener('error', (e: ErrorEvent) => { e.preventDefault(); die(`failed (${e.message || 'it failed to load or crashed'})`); });
  worker.addEventListener('messageerror', () => die('sent a message that could not be read'));
  // The heartbeat: while a call is in flight, the helper must answer a ping at least every HELPER_SILENCE_MS.
  let heard = performance.now();
  let asking = false;
  const beat = setInterval(() => {
    if (h.calls === 0) { heard = performance.now(); return; }
    if (performance.now() - heard > HELPER_SILENCE_MS) { die(`stopped answering (no heartbeat for ${HELPER_SILENCE_MS / 1000} s)`); return; }
    if (asking) return;
    asking = true;
    h.api.ping().then(() => { heard = performance.now(); }, () => undefined).finally(() => { asking = false; });
  }, HEARTBEAT_MS);
  return h;
}

/** A call to helper `h` that rejects as soon as the helper is lost. */
async function guarded<T>(h: Helper, call: (api: Comlink.Remote<WorkerApi>) => Promise<T>): Promise<T> {
  if (h.gone) throw new Error(`The computation worker stopped: its pool helper ${h.name} ${h.gone}. Train again to retry.`);
  h.calls++;
  try {
    return await Promise.race([call(h.api), h.lost]);
  } finally {
    h.calls--;
  }
}

/** Helpers ready for a run: `size - 1` of them, each holding `data`, on `pref`, with `envId` prepared. */
export async function readyHelpers(size: number, data: Dataset, pref: BackendPref, envId: string): Promise<Helper[]> {
  let n = helpers.reduce((a, h) => Math.max(a, Number(h.name.split('-').at(-1))), 0);
  while (helpers.length < size - 1) helpers.push(startHelper(++n));
  const used = helpers.slice(0, Math.max(0, size - 1));
  await Promise.all(used.map(async (h) => {
    if (h.dataset === data && h.backend === pref && h.envId === envId) return;
    await guarded(h, (api) => api.poolLoad(data, pref, envId));
    h.dataset = data; h.backend = pref; h.envId = envId;
  }));
  return used;
}

/**
 * Helpers for an evaluation: `size - 1` of them with `envId` prepared. Evaluation items need neither the dataset
 * nor the tfjs backend (the policies run in plain TypeScript), so a helper started for them is ready once its
 * script has loaded; those of the training (readyHelpers) are reused as they are.
 */
export async function readyEvalHelpers(size: number, envId: string): Promise<Helper[]> {
  let n = helpers.reduce((a, h) => Math.max(a, Number(h.name.split('-').at(-1))), 0);
  while (helpers.length < size - 1) helpers.push(startHelper(++n));
  const used = helpers.slice(0, Math.max(0, size - 1));
  await Promise.all(used.map(async (h) => {
    if (h.envId === envId) return;
    await guarded(h, (api) => api.prepareEnv(envId));
  }));
  return used;
}

/** Tells every helper to stop (a Stop, a newer request), or to pause / resume. */
/** Stop, pause or resume the helpers' work for request `gen` (worker.ts: a helper ignores an older request's signal). */
export function signalHelpers(what: 'stop' | 'pause' | 'resume', gen: number): void {
  for (const h of helpers) void h.api[what](gen).catch(() => undefined);
}

/**
 * trainEnsemble over the pool: the members split by seed into one group per worker (round-robin over the
 * seeds); group 0 trains here, the others on helpers. Progress: the slowest group's step, every group's diagnostics.
 */
export function pooledTrainEnsemble(used: Helper[], gen: number): typeof trainEnsemble {
  return async (setup: Setup, data: Dataset, members: MemberInfo[], balance: BalanceTargets | undefined, hooks: EnsembleHooks = {}): Promise<EnsembleTrained> => {
    const seeds = [...new Set(members.map((m) => m.seed))];
    const G = Math.min(used.length + 1, seeds.length);
    if (G <= 1 || balance) return trainEnsemble(setup, data, members, balance, hooks);
    const groups = Array.from({ length: G }, (_, g) => members.filter((m) => seeds.indexOf(m.seed) % G === g));
    const steps = new Array<number>(G).fill(0);
    const progress = (g: number) => (step: number, diag: Parameters<NonNullable<EnsembleHooks['onProgress']>>[1]) => {
      steps[g] = step;
      hooks.onProgress?.(Math.min(...steps), diag);
    };
    // The primary's stop and pause reach the helpers while they train.
    let paused = false;
    const watch = setInterval(() => {
      if (hooks.shouldStop?.()) signalHelpers('stop', gen);
      const p = hooks.shouldPause?.() ?? false;
      if (p !== paused) { paused = p; signalHelpers(p ? 'pause' : 'resume', gen); }
    }, 25);
    // A lost helper ends the run: the groups still training here and on the other helpers stop first.
    let failed = false;
    const shouldStop = () => failed || (hooks.shouldStop?.() ?? false);
    try {
      const running = groups.map((group, g) => g === 0
        ? trainEnsemble(setup, data, group, undefined, { ...hooks, shouldStop, onProgress: progress(0) })
        : guarded(used[g - 1], (api) => api.poolTrainEnsemble(setup, group, Comlink.proxy(progress(g)), gen)));
      const parts = await Promise.all(running).catch(async (e: unknown) => {
        failed = true;
        signalHelpers('stop', gen);
        await Promise.allSettled(running);
        throw e;
      });
      // Each group's diverged members, one line each (a diverged member is frozen; the rest of its group trains on).
      const diverged = parts.filter((p) => p.status === 'diverged').map((p) => p.message ?? 'training diverged');
      return {
        status: diverged.length > 0 ? 'diverged' : parts.some((p) => p.status === 'stopped') ? 'stopped' : 'done',
        ...(diverged.length > 0 ? { message: diverged.join('\n') } : {}),
        // A group whose members all diverged ends at its last good step; the run's step is then that of the groups trained on.
        step: parts.some((p) => p.status === 'stopped') ? Math.min(...parts.map((p) => p.step)) : Math.max(...parts.map((p) => p.step)),
        policies: Object.assign({}, ...parts.map((p) => p.policies)),
        weights: Object.assign({}, ...parts.map((p) => p.weights)),
      };
    } finally {
      clearInterval(watch);
    }
  };
}

/**
 * Each helper as an evaluation item runner (the pieces come back as plain data). A policy goes to a helper once
 * (by its fingerprint): copying and loading a 64x64 policy for every item cost about as much as a sweep point.
 */
export function helperRunners(used: Helper[], setup: Setup, gen: number): ItemRunner[] {
  return used.map((h) => {
    const run: ItemRunner = async (item, policy, nominal, key) => {
      const call = (p: typeof policy) => guarded<EvalPiece | null | 'policy?'>(h, (api) => api.poolEvalItem(setup, item, p, nominal, key, gen));
      let piece = await call(key && h.policies.has(key) ? null : policy);
      if (piece === 'policy?') piece = await call(policy);
      if (key && policy) h.policies.add(key);
      return piece === 'policy?' ? null : piece;
    };
    run.place = h.name; // the helper keeps its policies' episodes: the next evaluation sends it the same items
    return run;
  });
}

/** The helpers get every policy again (and load it afresh, without its episodes' memo): a benchmark times the evaluation. */
export function forgetSentPolicies(): void {
  for (const h of helpers) h.policies.clear();
}

/** Helper workers started so far (benchmarks and tests check that a pool of n really ran on n workers). */
export function helpersStarted(): number {
  return helpers.length;
}
