// The evaluation's pieces kept by what they depend on, so that a changed evaluation setting re-runs only the
// items it touches (the live loop, issue 17 item 1): a piece is a pure function of its member's policy and
// of the few plan fields its key names (evaluate.ts: "a piece depends only on its item, the member's policy
// and the plan"), so a kept piece is the piece a full evaluation would compute, bit for bit
// (test/unit/experiment-eval-cache.test.ts). Keys:
//   references  the evaluation context (environment, episodes, seed)
//   nominal     the policy, the context, the combined shift (nominal and shift roll out in one batch)
//   sweep point the policy, the context, the parameter and its value (one point per batch: its index does not matter)
//   box         the nominal's key (the box's centre is the nominal piece) and the box's settings
//   kernel      the policy, the context with the kernel's episodes, the kernel's settings
// Pieces are stored and handed out as copies: results transfer their traces' buffers to the page.
// Below the pieces, the loaded policies by fingerprint keep their episodes' returns (eval/episode-memo.ts): a
// piece whose key changed with the episode count (or a box's confirmation) rolls out only the episodes not seen.
import type { PolicyJson } from '../algos/policy';
import { rememberEpisodes } from '../eval/episode-memo';
import type { Dataset } from '../data/dataset';
import type { Actor } from '../policy';
import { SETUP_KEYS, SETUP_ROLES, type Setup } from '../setup';
import { sweepPoints, type EvalItem, type EvalPiece, type EvalPlan } from './evaluate';

/** A short fingerprint of a policy's JSON (FNV-1a, two 32-bit lanes): the cache's name for "this member's policy". */
export function policyFingerprint(policy: PolicyJson): string {
  const s = JSON.stringify(policy);
  let a = 0x811c9dc5, b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${s.length.toString(36)}`;
}

/** What an item's piece depends on, as one string; `policy` is the member's fingerprint (unused for references). */
export function pieceKey(plan: EvalPlan, item: EvalItem, policy: string): string {
  const ctx = JSON.stringify(plan.ctx);
  const nominal = () => `${policy}|nominal|${ctx}|${JSON.stringify(plan.shift ?? null)}|${plan.traces}`;
  switch (item.kind) {
    case 'references': return `references|${ctx}`;
    case 'nominal': return nominal();
    case 'sweep': {
      const p = sweepPoints(plan)[item.point];
      return `${policy}|sweep|${ctx}|${p.param}|${p.value}`;
    }
    case 'box': return `${nominal()}|box|${JSON.stringify(plan.box)}`;
    case 'kernel': return `${policy}|kernel|${JSON.stringify({ ...plan.ctx, episodes: plan.kernel!.episodes })}|${JSON.stringify(plan.kernel)}`;
  }
}

/**
 * What an item is without the settings it depends on (the policy, the kind, a sweep point's parameter and value):
 * the runner that ran it keeps its episodes, so a changed episode count or box is cheapest there.
 */
export function placeKey(plan: EvalPlan, item: EvalItem, policy: string): string {
  if (item.kind === 'sweep') {
    const p = sweepPoints(plan)[item.point];
    return `${policy}|sweep|${p.param}|${p.value}`;
  }
  return item.kind === 'references' ? 'references' : `${policy}|${item.kind}`;
}

/**
 * What decides a run's policies: its demonstrations (their content), its training settings and the backend it starts
 * on (seeded: the same numbers on the same backend). A run of an earlier run's trainingKey trains its policies again.
 */
export function trainingKey(setup: Setup, data: Dataset, backend: string): string {
  return JSON.stringify([datasetFingerprint(data), backend, ...SETUP_KEYS.filter((k) => SETUP_ROLES[k] === 'training').map((k) => setup[k])]);
}

const dataPrints = new WeakMap<Dataset, string>();
/**
 * The demonstrations' content as a short string (FNV-1a-like over every array's words and bytes, once per dataset object): built-in
 * demonstrations are generated afresh when their controls change and change back, an upload may be loaded again.
 */
export function datasetFingerprint(data: Dataset): string {
  let print = dataPrints.get(data);
  if (print) return print;
  let h = 0x811c9dc5, n = 0;
  const arrays = [data.observations, data.actions, data.nextObservations, data.rewards ?? new Float32Array(0), data.terminals, data.timeouts, data.episodeStarts];
  for (const a of arrays) {
    // Four bytes at a time where aligned (a million-transition upload: tens of ms, not hundreds), then the rest.
    const words = a.byteOffset % 4 === 0 ? Math.floor(a.byteLength / 4) : 0;
    const w = new Uint32Array(a.buffer, a.byteOffset, words);
    for (let i = 0; i < words; i++) h = Math.imul(h ^ w[i], 0x01000193);
    const bytes = new Uint8Array(a.buffer, a.byteOffset + 4 * words, a.byteLength - 4 * words);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193); // arrays' boundaries
    n += a.byteLength;
  }
  print = `${(h >>> 0).toString(36)}.${n.toString(36)}.${data.obsDim}.${data.actionDim}`;
  dataPrints.set(data, print);
  return print;
}

/** Pieces by key, the oldest dropped beyond `capacity` (a run's pieces number members x (sweep points + 3)). */
export class EvalPieceCache {
  private readonly pieces = new Map<string, EvalPiece>();
  private readonly actors = new Map<string, Actor>();
  /** Where each item ran last (placeKey -> a runner's place), so that it runs there again. */
  private readonly places = new Map<string, string>();
  /**
   * The members' policy fingerprints of earlier trainings by trainingKey: a re-Train of an unchanged setup trains the
   * same policies, so its progress knows before training which of their pieces are kept (run.ts: without it the ETA
   * counted the whole evaluation and read about 2x).
   */
  private readonly trainings = new Map<string, string[]>();
  constructor(private readonly capacity = 4000, private readonly actorCapacity = 64) {}

  /** The policy with fingerprint `key`, loaded once and kept with its episodes' memo (the most recently used last). */
  actor(key: string, load: () => Actor): Actor {
    const a = this.actors.get(key) ?? rememberEpisodes(load());
    this.actors.delete(key);
    this.actors.set(key, a);
    while (this.actors.size > this.actorCapacity) this.actors.delete(this.actors.keys().next().value!);
    return a;
  }

  /** A copy of the kept piece for `item` (it takes the item's member and sweep point: equal policies share pieces), or undefined. */
  get(key: string, item: EvalItem): EvalPiece | undefined {
    const p = this.pieces.get(key);
    if (!p) return undefined;
    this.pieces.delete(key); // most recently used last
    this.pieces.set(key, p);
    const copy = structuredClone(p);
    if (copy.kind !== 'references' && item.kind !== 'references') copy.memberId = item.memberId;
    if (copy.kind === 'sweep' && item.kind === 'sweep') copy.point = item.point;
    return copy;
  }

  set(key: string, piece: EvalPiece): void {
    this.pieces.delete(key);
    this.pieces.set(key, structuredClone(piece));
    while (this.pieces.size > this.capacity) this.pieces.delete(this.pieces.keys().next().value!);
  }

  placeOf(key: string): string | undefined { return this.places.get(key); }
  place(key: string, where: string): void {
    this.places.delete(key);
    this.places.set(key, where);
    while (this.places.size > this.capacity) this.places.delete(this.places.keys().next().value!);
  }

  /** Whether a piece is kept under `key` (without touching the order of use). */
  has(key: string): boolean { return this.pieces.has(key); }

  /** The fingerprints of the policies a training of `key` produced (members by id). */
  rememberTraining(key: string, prints: string[]): void {
    this.trainings.delete(key);
    this.trainings.set(key, prints);
    while (this.trainings.size > this.actorCapacity) this.trainings.delete(this.trainings.keys().next().value!);
  }
  trainedBefore(key: string): string[] | undefined { return this.trainings.get(key); }

  get size(): number { return this.pieces.size; }
  clear(): void { this.pieces.clear(); this.actors.clear(); this.places.clear(); this.trainings.clear(); }
}
