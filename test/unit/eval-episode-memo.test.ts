// Per-episode returns kept between evaluations (src/core/eval/episode-memo.ts, issue 17 item 1): with an actor's
// memo, an evaluation of more episodes rolls out only the new ones, one of fewer nothing (but its traces), and the
// results equal those of a fresh actor without a memo bit for bit (returns, lengths, traces, the box's answer).
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/algos/policy';
import { rememberEpisodes } from '../../src/core/eval/episode-memo';
import { evaluateConditions, evaluateWorstBox, type Condition, type EvalContext } from '../../src/core/eval';
import type { Actor } from '../../src/core/policy';
import { randomPolicy } from './fixtures/random-policy';

/** An actor that counts the rows it acted on (one row per environment step). */
function counted(actor: Actor): Actor & { rows: number } {
  const c = { ...actor, rows: 0, act: (obs: Float32Array | Float64Array, n: number) => { c.rows += n; return actor.act(obs, n); } };
  return c;
}

const ctx = (episodes: number, processNoise?: number): EvalContext => ({ envId: 'CartPole-v1', episodes, seed: 11, ...(processNoise ? { processNoise } : {}) });
const conditions: Condition[] = [{ label: 'nominal', params: {} }, { label: 'long pole', params: { length: 1.2 } }, { label: 'heavy cart', params: { masscart: 2 } }];
const traces = [{ condition: 0, episode: 0 }, { condition: 1, episode: 2 }];

describe('episode memo', () => {
  for (const noise of [undefined, 1]) {
    it(`more episodes roll out only the new ones, fewer none but the traces; the numbers equal a fresh evaluation${noise ? ' (process noise)' : ''}`, () => {
      const policy = randomPolicy(31);
      const memo = counted(loadPolicy(policy));
      rememberEpisodes(memo);
      const fresh = (E: number) => evaluateConditions(loadPolicy(policy), ctx(E, noise), conditions, traces);
      const a = evaluateConditions(memo, ctx(6, noise), conditions, traces);
      expect(a).toEqual(fresh(6));
      const rowsFirst = memo.rows;
      const b = evaluateConditions(memo, ctx(9, noise), conditions, traces);
      expect(b).toEqual(fresh(9));
      // 3 new episodes per condition and the 2 traced episodes (their steps are not kept), far fewer than all 27.
      const rowsMore = memo.rows - rowsFirst;
      expect(rowsMore).toBeGreaterThan(0);
      expect(rowsMore).toBeLessThan(rowsFirst);
      const c = evaluateConditions(memo, ctx(4, noise), conditions, traces);
      expect(c).toEqual(fresh(4));
      const d = evaluateConditions(memo, ctx(4, noise), conditions);
      expect(d).toEqual(evaluateConditions(loadPolicy(policy), ctx(4, noise), conditions));
      // Only the traced pairs ran for c, nothing at all for d.
      const traced = c.traces.reduce((n, t) => n + t.length, 0);
      expect(memo.rows - rowsFirst - rowsMore).toBe(traced);
    });
  }

  it('the worst box: 10 then 11 episodes (the search uses 5, then 6) equals a fresh search, with fewer steps', async () => {
    const policy = randomPolicy(41);
    const memo = counted(loadPolicy(policy));
    rememberEpisodes(memo);
    const opts = { params: ['length', 'masspole'], eps: 0.5, randomPoints: 2, refineRounds: 2, traceEpisodes: [0] };
    await evaluateWorstBox(memo, ctx(10), opts);
    const first = memo.rows;
    const inc = await evaluateWorstBox(memo, ctx(11), opts);
    expect(inc).toEqual(await evaluateWorstBox(loadPolicy(policy), ctx(11), opts));
    expect(memo.rows - first).toBeLessThan(first / 2);
    const back = await evaluateWorstBox(memo, ctx(10), opts);
    expect(back).toEqual(await evaluateWorstBox(loadPolicy(policy), ctx(10), opts));
  });
});
