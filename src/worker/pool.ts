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
import type { MemberInfo } from '../core/experiment/types';
import type { WorkerApi } from './protocol';

/** Workers a run may use (the primary included): the cores less one for the page, at least one. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return Math.max(1, cores - 1);
}

interface Helper {
  worker: Worker;
  api: Comlink.Remote<WorkerApi>;
  /** The dataset it holds (by identity of the primary's dataset) and the backend it runs. */
  dataset: Dataset | null;
  backend: BackendPref | null;
  envId: string | null;
}

const helpers: Helper[] = [];

/** Helpers ready for a run: `size - 1` of them, each holding `data`, on `pref`, with `envId` prepared. */
export async function readyHelpers(size: number, data: Dataset, pref: BackendPref, envId: string): Promise<Helper[]> {
  while (helpers.length < size - 1) {
    const worker = new Worker(self.location.href, { type: 'module', name: `droil-helper-${helpers.length + 1}` });
    helpers.push({ worker, api: Comlink.wrap<WorkerApi>(worker), dataset: null, backend: null, envId: null });
  }
  const used = helpers.slice(0, Math.max(0, size - 1));
  await Promise.all(used.map(async (h) => {
    if (h.dataset === data && h.backend === pref && h.envId === envId) return;
    await h.api.poolLoad(data, pref, envId);
    h.dataset = data; h.backend = pref; h.envId = envId;
  }));
  return used;
}

/** Tells every helper to stop (a Stop, a newer request), or to pause / resume. */
export function signalHelpers(what: 'stop' | 'pause' | 'resume'): void {
  for (const h of helpers) void h.api[what]();
}

/**
 * trainEnsemble over the pool: the members split by seed into one group per worker (round-robin over the
 * seeds); group 0 trains here, the others on helpers. Progress: the slowest group's step, every group's diagnostics.
 */
export function pooledTrainEnsemble(used: Helper[]): typeof trainEnsemble {
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
      if (hooks.shouldStop?.()) signalHelpers('stop');
      const p = hooks.shouldPause?.() ?? false;
      if (p !== paused) { paused = p; signalHelpers(p ? 'pause' : 'resume'); }
    }, 25);
    try {
      const parts = await Promise.all(groups.map((group, g) => g === 0
        ? trainEnsemble(setup, data, group, undefined, { ...hooks, onProgress: progress(0) })
        : used[g - 1].api.poolTrainEnsemble(setup, group, Comlink.proxy(progress(g)))));
      const diverged = parts.find((p) => p.status === 'diverged');
      return {
        status: diverged ? 'diverged' : parts.some((p) => p.status === 'stopped') ? 'stopped' : 'done',
        ...(diverged ? { message: diverged.message } : {}),
        step: Math.min(...parts.map((p) => p.step)),
        policies: Object.assign({}, ...parts.map((p) => p.policies)),
        weights: Object.assign({}, ...parts.map((p) => p.weights)),
      };
    } finally {
      clearInterval(watch);
    }
  };
}

/** Each helper as an evaluation item runner (the pieces come back as plain data). */
export function helperRunners(used: Helper[], setup: Setup): ItemRunner[] {
  return used.map((h) => (item, policy, nominal) => h.api.poolEvalItem(setup, item, policy, nominal));
}

/** Helper workers started so far (benchmarks and tests check that a pool of n really ran on n workers). */
export function helpersStarted(): number {
  return helpers.length;
}
