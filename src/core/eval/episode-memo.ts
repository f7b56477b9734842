// Per-episode returns of one policy, kept between evaluations: an episode's return is a pure function of the
// policy, the environment and its parameters, the time limit and the episode's start and noise stream (the
// context's seed and the episode's index), whatever else is rolled out beside it (rollout.ts rolloutPairs). So an
// evaluation that asks for more episodes rolls out only the new ones, one that asks for fewer none, and the box
// search's confirmation only the episodes its search did not use: the same numbers as rolling out everything
// (test/unit/eval-episode-memo.test.ts). Opt-in per actor (rememberEpisodes): the page's worker keeps its
// policies' memos; a stateful actor (the random reference policy) must never have one.
import { getEnvSpec } from '../environments/registry';
import { resolveParams } from '../envs/params';
import type { Params } from '../envs/types';
import type { Actor } from '../policy';
import { initialStates, rolloutPairs, type Trace } from './rollout';

interface Row { returns: number[]; lengths: number[] }

export class EpisodeMemo {
  private readonly rows = new Map<string, Row>();
  constructor(private readonly capacity = 4000) {}

  row(key: string): Row {
    let r = this.rows.get(key);
    if (r) { this.rows.delete(key); this.rows.set(key, r); return r; } // most recently used last
    r = { returns: [], lengths: [] };
    this.rows.set(key, r);
    while (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value!);
    return r;
  }

  get size(): number { return this.rows.size; }
}

const memos = new WeakMap<Actor, EpisodeMemo>();

/** Gives `actor` a memo of its episodes (kept as long as the actor is). */
export function rememberEpisodes<A extends Actor>(actor: A): A {
  if (!memos.has(actor)) memos.set(actor, new EpisodeMemo());
  return actor;
}

export interface EpisodeContext {
  envId: string;
  seed: number;
  maxSteps?: number;
  processNoise?: number;
}

/** Returns and lengths of E episodes under each condition (condition-major), and the traces asked for. */
export interface EpisodeRollout {
  returns: number[][];
  lengths: number[][];
  traces: Trace[];
}

/**
 * Episodes 0..E-1 of every condition for `actor`: from its memo where it has them, the others (and every traced
 * pair, whose steps are not kept) rolled out together in one batch. Without a memo: the whole grid, as rollout().
 */
export function rolloutEpisodes(
  actor: Actor, ctx: EpisodeContext, conditions: Params[], E: number, traces: { condition: number; episode: number }[] = [],
): EpisodeRollout {
  const spec = getEnvSpec(ctx.envId);
  const memo = memos.get(actor);
  const rows = memo
    ? conditions.map((c) => {
      const p = resolveParams(spec, c);
      const key = `${ctx.envId}|${ctx.seed}|${ctx.maxSteps ?? ''}|${ctx.processNoise ?? 0}|${Object.keys(p).sort().map((k) => `${k}=${p[k]}`).join(',')}`;
      return memo.row(key);
    })
    : null;
  const traced = new Set(traces.filter((t) => t.condition >= 0 && t.condition < conditions.length && t.episode >= 0 && t.episode < E).map((t) => t.condition * E + t.episode));
  const pairs: { condition: number; episode: number }[] = [];
  for (let c = 0; c < conditions.length; c++) {
    for (let e = 0; e < E; e++) if (!rows || rows[c].returns[e] === undefined || traced.has(c * E + e)) pairs.push({ condition: c, episode: e });
  }
  const out: EpisodeRollout = { returns: conditions.map(() => new Array<number>(E)), lengths: conditions.map(() => new Array<number>(E)), traces: [] };
  if (pairs.length > 0) {
    const r = rolloutPairs({
      envId: ctx.envId, actor, conditions, initialStates: initialStates(ctx.envId, Math.max(...pairs.map((p) => p.episode)) + 1, ctx.seed),
      maxSteps: ctx.maxSteps, traces, processNoise: ctx.processNoise ? { scale: ctx.processNoise, seed: ctx.seed } : undefined,
    }, pairs);
    pairs.forEach(({ condition: c, episode: e }, i) => {
      out.returns[c][e] = r.returns[i];
      out.lengths[c][e] = r.lengths[i];
      if (rows) { rows[c].returns[e] = r.returns[i]; rows[c].lengths[e] = r.lengths[i]; }
    });
    out.traces = r.traces;
  }
  if (rows) {
    rows.forEach((row, c) => {
      for (let e = 0; e < E; e++) if (out.returns[c][e] === undefined) { out.returns[c][e] = row.returns[e]; out.lengths[c][e] = row.lengths[e]; }
    });
  }
  return out;
}
