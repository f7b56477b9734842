// Evaluates a run's trained policies under a setup's evaluation settings, without training: the same pieces
// whether it follows a training (src/core/experiment/run.ts) or re-evaluates a finished run after an
// evaluation setting changed (the live loop). Progressive: after every finished item the caller gets the
// partial result (nominal first, then each sweep point, then the worst cases); cancellable between items and
// inside the long ones (the box search and the worst kernel hand control back every few milliseconds).
import { loadPolicy, type PolicyJson } from '../algos/policy';
import type { Actor } from '../policy';
import type { Setup } from '../setup';
import { assembleEval, evalItems, itemCost, planEval, runEvalItem, type AssembledEval, type EvalItem, type EvalPiece, type EvalPlan } from './evaluate';
import type { MemberInfo } from './types';
import { pieceKey, placeKey, policyFingerprint, type EvalPieceCache } from './eval-cache';

export interface EvalRunInput {
  setup: Setup;
  members: MemberInfo[];
  /** The trained policies by member id; a member without one is left out. */
  policies: Record<number, PolicyJson>;
  /** The adversary's weights by member id, carried over into the result unchanged. */
  weights?: Record<number, Float32Array | undefined>;
  /** Only these kinds of items (default: all); the others stay pending in the result. */
  kinds?: EvalItem['kind'][];
}

export interface EvalRunHooks {
  /** Checked between items and at every pause: true abandons the evaluation (what finished is kept). */
  shouldStop?: () => boolean;
  /** Lets the host answer messages (a macrotask in a worker); awaited every 20 ms or so (after every item with helpers). */
  yieldNow?: () => Promise<void>;
  /** The partial result after each finished item but the last (from the moment every member has its nominal). */
  onPartial?: (partial: AssembledEval, plan: EvalPlan, members: MemberInfo[]) => void;
  /** The evaluation's done fraction in [0, 1] (cost-weighted), after each finished item. */
  onFraction?: (fraction: number) => void;
  /**
   * More places to run items in parallel with this one (a pool's helper workers): each takes the next item
   * from the same queue when it is free; null means it was stopped. The pieces are the same wherever they run.
   * A promise: helpers still starting, which join when ready (the evaluation begins here at once, and does not
   * wait for them if it is over first; helpers that fail to start leave the work to this one).
   */
  helpers?: ItemRunner[] | Promise<ItemRunner[]>;
  /**
   * Pieces kept from earlier evaluations (eval-cache.ts): an item whose key is there is not run again, and every
   * piece run here is kept. The result is the same as without it (test/unit/experiment-eval-cache.test.ts).
   */
  cache?: EvalPieceCache;
}

/**
 * Runs one item somewhere else (the member's policy as JSON, and its fingerprint: a helper keeps the policies it
 * has loaded by it; the box gets its member's nominal piece).
 */
export type ItemRunner = ((item: EvalItem, policy: PolicyJson | null, nominal: Extract<EvalPiece, { kind: 'nominal' }> | undefined, policyKey?: string) => Promise<EvalPiece | null>) & {
  /** A name that stays the same across evaluations (a pool helper's): items go back where their episodes are kept. */
  place?: string;
};

export interface EvalRunResult extends AssembledEval {
  plan: EvalPlan;
  /** The members that were evaluated (those with a policy). */
  members: MemberInfo[];
  /** True when shouldStop ended it early (then `pending` says what is missing). */
  stopped: boolean;
  evalMs: number;
  /** Items taken from the cache (not run). */
  reused: number;
}

/** How often an evaluation without helpers hands control back to its host (yieldNow), at most. */
const YIELD_MS = 20;

/** Thrown by a pause when the evaluation must end; evaluateRun catches it. */
class Abandoned extends Error {}

/**
 * The cost of an evaluation (relative units, see itemCost), for a run's progress before it starts, in the parts the
 * queue runs one after the other, each with its own cost per unit (progress.ts PRIOR_MS): the references, nominals
 * and sweep points (queued first), the worst boxes, the worst kernels.
 */
export function evaluationCost(setup: Setup, memberCount: number, kept?: KeptPieces): EvalCost {
  const plan = planEval(setup);
  const ids = Array.from({ length: memberCount }, (_, i) => i);
  const cost = { first: 0, box: 0, kernel: 0 };
  for (const it of evalItems(plan, ids)) {
    if (kept && isKept(plan, it, kept)) continue;
    cost[it.kind === 'box' || it.kind === 'kernel' ? it.kind : 'first'] += itemCost(plan, it);
  }
  return cost;
}

export type EvalCost = { first: number; box: number; kernel: number };

/** A cache and the members' policy fingerprints by id (undefined: not known yet), for evaluationCost: the items kept. */
export interface KeptPieces { cache: EvalPieceCache; prints: (string | undefined)[] }

/** Whether evaluateRun would take `item`'s piece from the cache (the references need no policy). */
function isKept(plan: EvalPlan, item: EvalItem, { cache, prints }: KeptPieces): boolean {
  const print = item.kind === 'references' ? '' : prints[item.memberId];
  return print !== undefined && cache.has(pieceKey(plan, item, print));
}

export async function evaluateRun(input: EvalRunInput, hooks: EvalRunHooks = {}): Promise<EvalRunResult> {
  const t0 = performance.now();
  const { setup } = input;
  const plan = planEval(setup);
  const members = input.members.filter((m) => input.policies[m.id] !== undefined);
  const items = evalItems(plan, members.map((m) => m.id)).filter((it) => !input.kinds || input.kinds.includes(it.kind));
  const costs = items.map((it) => itemCost(plan, it));
  const total = costs.reduce((a, b) => a + b, 0);
  const shouldStop = hooks.shouldStop ?? (() => false);
  const yieldNow = hooks.yieldNow ?? (() => Promise.resolve());
  // Alone, the host gets control back every YIELD_MS (a Stop lands within that), not after every item: on a loaded
  // machine each hand-back costs a wake-up, and the First look's first part alone has 61 items. With helpers, every
  // pause yields: this thread hands them their next items only then.
  let lastYield = -Infinity;
  const pause = async () => {
    if (hooks.helpers || performance.now() - lastYield >= YIELD_MS) {
      await yieldNow();
      lastYield = performance.now();
    }
    if (shouldStop()) throw new Abandoned();
  };
  const pieces: EvalPiece[] = [];
  const nominal = new Map<number, Extract<EvalPiece, { kind: 'nominal' }>>();
  // A box waits for its member's nominal piece (it is the box's centre), wherever that runs.
  const nominalReady = new Map<number, Promise<void>>();
  const nominalDone = new Map<number, () => void>();
  for (const m of members) nominalReady.set(m.id, new Promise<void>((r) => nominalDone.set(m.id, r)));
  let done = 0, finished = 0;
  let stopped = false;
  const partial = () => assembleEval(plan, members, pieces, input.weights ?? {}, total > 0 ? done / total : 1, input.kinds !== undefined);
  const take = (piece: EvalPiece, i: number) => {
    if (piece.kind === 'nominal') { nominal.set(piece.memberId, piece); nominalDone.get(piece.memberId)!(); }
    pieces.push(piece);
    done += costs[i];
    finished++;
  };
  // Kept pieces first (a changed setting re-runs only the items whose key changed); the rest is the queue.
  const { cache } = hooks;
  const prints = new Map<number, string>(cache || hooks.helpers ? members.map((m) => [m.id, policyFingerprint(input.policies[m.id])]) : []);
  // With a cache, the policies stay loaded with their episodes' memo for the next evaluation (eval-cache.ts).
  const actors = new Map<number, Actor>(members.map((m) => {
    const load = () => loadPolicy(input.policies[m.id]);
    return [m.id, cache ? cache.actor(prints.get(m.id)!, load) : load()];
  }));
  const keys = cache ? items.map((it) => pieceKey(plan, it, it.kind === 'references' ? '' : prints.get(it.memberId)!)) : [];
  const queue: number[] = [];
  items.forEach((it, i) => {
    const kept = cache?.get(keys[i], it);
    if (kept) take(kept, i); else queue.push(i);
  });
  // Where each item ran before (the cache keeps it by the item without the settings it depends on: the policy, the
  // kind, the sweep value): the episodes that runner keeps (eval/episode-memo.ts) are not rolled out again there.
  const places = cache ? items.map((it) => placeKey(plan, it, it.kind === 'references' ? '' : prints.get(it.memberId)!)) : [];
  const reused = finished;
  if (reused > 0) {
    hooks.onFraction?.(total > 0 ? done / total : 1);
    if (queue.length > 0 && nominal.size === members.length) hooks.onPartial?.(partial(), plan, members);
  }
  const here: ItemRunner = (item, _policy, nom) => runEvalItem(plan, item, item.kind === 'references' ? null : actors.get(item.memberId)!, pause, nom);
  /**
   * The next item for the runner at `place`, in the queue's order: its own items first (where it ran them before),
   * then new ones, then another runner's (so that none idles). Without a cache: the queue's order.
   */
  const nextFor = (place: string): number => {
    if (!cache) return queue.shift()!;
    let k = queue.findIndex((i) => cache.placeOf(places[i]) === place);
    if (k < 0) k = queue.findIndex((i) => cache.placeOf(places[i]) === undefined);
    if (k < 0) k = 0;
    const i = queue.splice(k, 1)[0];
    cache.place(places[i], place);
    return i;
  };
  const work = async (run: ItemRunner) => {
    while (!stopped && queue.length > 0) {
      const i = nextFor(run.place ?? 'here');
      const item: EvalItem = items[i];
      if (item.kind === 'box') await nominalReady.get(item.memberId);
      if (stopped) break;
      await pause();
      const piece = await run(item, item.kind === 'references' ? null : input.policies[item.memberId], item.kind === 'box' ? nominal.get(item.memberId) : undefined, item.kind === 'references' ? undefined : prints.get(item.memberId));
      if (piece === null) throw new Abandoned();
      cache?.set(keys[i], piece);
      take(piece, i);
      hooks.onFraction?.(total > 0 ? done / total : 1);
      // Partial results start once every member has its nominal return (the charts' first answer).
      if (finished < items.length && nominal.size === members.length) hooks.onPartial?.(partial(), plan, members);
    }
  };
  const releaseAll = () => { for (const release of nominalDone.values()) release(); };
  const guard = (r: ItemRunner) => work(r).catch((e) => { stopped = true; releaseAll(); throw e; });
  // Helpers join the queue when they are ready; once this one has found it empty, the work still out is theirs alone.
  // Each helper has two items in flight: this thread hands out the next item only between its own items, so with
  // one a helper waited for that after every item (it ran a third of them on 2 cores instead of a half).
  const helperWork: Promise<void>[] = [];
  let over = false;
  Promise.resolve(hooks.helpers ?? []).then((hs) => { if (!over) for (const h of hs) helperWork.push(guard(h), guard(h)); }, () => undefined);
  await Promise.resolve(); // helpers already given (an array) join before the queue starts
  const mine = await Promise.allSettled([guard(here)]);
  over = true;
  const results = [...mine, ...(await Promise.allSettled(helperWork))];
  for (const r of results) {
    if (r.status === 'rejected' && !(r.reason instanceof Abandoned)) throw r.reason;
  }
  if (results.some((r) => r.status === 'rejected')) stopped = true;
  return { ...partial(), plan, members: members.filter((m) => nominal.has(m.id)), stopped, evalMs: performance.now() - t0, reused };
}
