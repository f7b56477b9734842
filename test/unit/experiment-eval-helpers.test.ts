// An evaluation spread over helpers (src/core/experiment/evaluate-run.ts, the worker pool's evaluation): the
// result is the one evaluation on one runner gives, bit for bit, whether the helpers are there from the start,
// join late (still starting: a promise), never come, or fail to start; every item runs exactly once.
import { describe, expect, it } from 'vitest';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';
import { planMembers } from '../../src/core/experiment/members';
import { evalItems, planEval, runEvalItem } from '../../src/core/experiment/evaluate';
import { evaluateRun, type EvalRunResult, type ItemRunner } from '../../src/core/experiment/evaluate-run';
import { loadPolicy, type PolicyJson } from '../../src/core/algos/policy';
import { randomPolicy } from './fixtures/random-policy';

const setup: Setup = parseSetup({
  ...defaultSetup, evalEpisodes: 4, evalPoints: 4, kernelEpisodes: 2, kernelCandidates: 3, kernelHorizon: 3,
  boxRandomPoints: 1, boxRefineRounds: 1, rhoSweep: [0.5], algos: ['bc', 'be-droil'], seeds: 2,
});
const members = planMembers(setup);
const policies: Record<number, PolicyJson> = Object.fromEntries(members.map((m) => [m.id, randomPolicy(900 + m.id)]));
const drawn = (r: EvalRunResult) => ({ evals: r.evals, paired: r.paired, reference: r.reference, pending: r.pending, members: r.members });
const plan = planEval(setup);
const total = evalItems(plan, members.map((m) => m.id)).length;

/** A helper in this thread (as a pool helper computes: the policy from its JSON), counting the items it ran. */
function helper(ran: string[]): ItemRunner {
  return async (item, policy, nominal) => {
    await new Promise((r) => setTimeout(r, 0)); // a message's round trip: the runners interleave
    ran.push(JSON.stringify(item));
    return runEvalItem(plan, item, policy ? loadPolicy(policy) : null, async () => {}, nominal);
  };
}

describe('evaluation helpers', () => {
  it('give the one-runner result however and whenever they join, and run every item once', async () => {
    const alone = await evaluateRun({ setup, members, policies });
    const cases: [string, (ran: string[]) => ItemRunner[] | Promise<ItemRunner[]>, boolean][] = [
      ['two helpers from the start', (ran) => [helper(ran), helper(ran)], true],
      ['a helper that joins after 30 ms', (ran) => new Promise((r) => setTimeout(() => r([helper(ran)]), 30)), true],
      ['a helper that never comes', () => new Promise<ItemRunner[]>(() => {}), false],
      ['a helper that fails to start', () => Promise.reject(new Error('no helper')), false],
    ];
    for (const [label, helpers, used] of cases) {
      const ran: string[] = [];
      // A macrotask between items, as the worker's pause: timers (a helper that becomes ready) run meanwhile.
      const r = await evaluateRun({ setup, members, policies }, { helpers: helpers(ran), yieldNow: () => new Promise((res) => setTimeout(res, 0)) });
      expect(drawn(r), label).toEqual(drawn(alone));
      expect(r.pending, label).toBeUndefined();
      expect(new Set(ran).size, label).toBe(ran.length); // no item twice on the helpers
      expect(ran.length > 0, label).toBe(used);
      expect(ran.length, label).toBeLessThan(total);
    }
  }, 120_000);

  it('a helper still starting does not hold up an evaluation that is over first (every piece kept)', async () => {
    const { EvalPieceCache } = await import('../../src/core/experiment/eval-cache');
    const cache = new EvalPieceCache();
    const first = await evaluateRun({ setup, members, policies }, { cache });
    const t0 = performance.now();
    const again = await evaluateRun({ setup, members, policies }, { cache, helpers: new Promise<ItemRunner[]>(() => {}) });
    expect(performance.now() - t0).toBeLessThan(5_000); // not a timing figure: a hang would wait forever
    expect(again.reused).toBe(total);
    expect(drawn(again)).toEqual(drawn(first));
  });

  it('with a cache, a changed episode count sends the items back to the runner that ran them (it keeps their episodes)', async () => {
    const { EvalPieceCache } = await import('../../src/core/experiment/eval-cache');
    const cache = new EvalPieceCache();
    let current = plan;
    /** The helper, recording the items (without their settings) it ran. */
    const onHelper = (ran: Set<string>): ItemRunner => {
      const run: ItemRunner = async (item, policy, nominal) => {
        await new Promise((r) => setTimeout(r, 0));
        ran.add(JSON.stringify(item));
        return runEvalItem(current, item, policy ? loadPolicy(policy) : null, async () => {}, nominal);
      };
      run.place = 'helper';
      return run;
    };
    const yieldNow = () => new Promise<void>((res) => setTimeout(res, 0));
    const first = new Set<string>(), second = new Set<string>();
    await evaluateRun({ setup, members, policies }, { cache, helpers: [onHelper(first)], yieldNow });
    expect(first.size).toBeGreaterThan(0);
    // The same items under 5 episodes (everything but the kernels runs again): what the helper ran, it runs again.
    const more = parseSetup({ ...setup, evalEpisodes: 5 });
    current = planEval(more);
    const r = await evaluateRun({ setup: more, members, policies }, { cache, helpers: [onHelper(second)], yieldNow });
    expect(drawn(r)).toEqual(drawn(await evaluateRun({ setup: more, members, policies })));
    for (const key of first) if (!key.includes('kernel') && !key.includes('references')) expect(second.has(key), key).toBe(true);
  }, 120_000);
});
