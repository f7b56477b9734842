// The incremental re-evaluation (src/core/experiment/eval-cache.ts, issue 17 item 1): evaluating under settings
// S1 and then, with the pieces kept, under S2 gives exactly the result of a full evaluation under S2 (same
// numbers, same traces, same paired gains), while running only the items whose settings changed.
import { describe, expect, it } from 'vitest';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';
import { planMembers } from '../../src/core/experiment/members';
import { evalItems, planEval, sweepPoints } from '../../src/core/experiment/evaluate';
import { getEnvSpec } from '../../src/core/environments/registry';
import { evaluateRun, type EvalRunResult } from '../../src/core/experiment/evaluate-run';
import { EvalPieceCache, policyFingerprint } from '../../src/core/experiment/eval-cache';
import type { AssembledEval } from '../../src/core/experiment/evaluate';
import type { PolicyJson } from '../../src/core/algos/policy';
import { randomPolicy } from './fixtures/random-policy';

const s1: Setup = parseSetup({
  ...defaultSetup, evalEpisodes: 4, evalPoints: 5, kernelEpisodes: 2, kernelCandidates: 3, kernelHorizon: 3,
  boxRandomPoints: 1, boxRefineRounds: 1, rhoSweep: [0.5], algos: ['bc', 'be-droil'], seeds: 2, evalShift: { length: 2 },
});
const members = planMembers(s1);
const policies: Record<number, PolicyJson> = Object.fromEntries(members.map((m) => [m.id, randomPolicy(700 + m.id)]));
const weights = { 1: Float32Array.from([0.5, 1.5]) };

/** The result without its timing and bookkeeping (what the page draws). */
const drawn = (r: EvalRunResult) => ({ evals: r.evals, paired: r.paired, reference: r.reference, pending: r.pending, members: r.members, plan: r.plan });
const itemsOf = (s: Setup) => evalItems(planEval(s), members.map((m) => m.id)).length;

describe('incremental re-evaluation (eval-cache)', () => {
  // One change per evaluation setting, and how many items each must run again (M members, F sweep points).
  const M = members.length, F = planEval(s1).factors.length;
  /** Sweep points of S2 that S1 did not have (by parameter and value), for every member. */
  const newPoints = (change: Partial<Setup>) => {
    const had = sweepPoints(planEval(s1));
    return M * sweepPoints(planEval(parseSetup({ ...s1, ...change }))).filter((p) => !had.some((q) => q.param === p.param && q.value === p.value)).length;
  };
  const otherParam = getEnvSpec(s1.envId).params.map((p) => p.name).find((n) => n !== planEval(s1).evalParam)!;
  const cases: [string, Partial<Setup>, number][] = [
    ['the worst box size', { worstBoxEps: s1.worstBoxEps * 2 }, M],
    ['the box search', { boxRandomPoints: 2 }, M],
    ['the KL kernel radius', { klKernelRho: s1.klKernelRho + 0.05 }, M],
    ['the kernel look-ahead', { kernelHorizon: 2 }, M],
    ['the sweep range', { evalFactorMin: 0.25, evalFactorMax: 4 }, newPoints({ evalFactorMin: 0.25, evalFactorMax: 4 })],
    ['the sweep range (one end moves)', { evalFactorMax: 100 }, newPoints({ evalFactorMax: 100 })],
    ['the sweep points (1 more)', { evalPoints: 6 }, newPoints({ evalPoints: 6 })],
    ['the sweep parameter', { evalParam: otherParam }, M * F],
    ['the combined shift (nominal and box: the box is centred on the nominal piece)', { evalShift: { length: 1.5 } }, 2 * M],
    // The kernel's episodes are min(evalEpisodes, kernelEpisodes) = 2 either way: its pieces stay.
    ['the episodes (all but the kernels)', { evalEpisodes: 5 }, itemsOf(s1) - M],
  ];
  it('the sweep cases keep some points and run others', () => {
    expect(newPoints({ evalFactorMax: 100 })).toBeGreaterThan(0);
    expect(newPoints({ evalFactorMax: 100 })).toBeLessThan(M * F);
  });
  for (const [what, change, runs] of cases) {
    it(`${what}: S1 then S2 incrementally equals a full evaluation under S2, running only the changed items`, async () => {
      const s2 = parseSetup({ ...s1, ...change });
      const cache = new EvalPieceCache();
      await evaluateRun({ setup: s1, members, policies, weights }, { cache });
      const partials: AssembledEval[] = [];
      const inc = await evaluateRun({ setup: s2, members, policies, weights }, { cache, onPartial: (p) => partials.push(p) });
      const full = await evaluateRun({ setup: s2, members, policies, weights });
      expect(drawn(inc)).toEqual(drawn(full));
      expect(inc.pending).toBeUndefined();
      expect(itemsOf(s2) - inc.reused).toBe(runs);
      // Progressive: the first partial comes at once when every nominal is kept (else after the last nominal run)
      // and holds every kept piece; then one comes per item run but the last (its answer is the final result).
      const nominalsKept = change.evalShift === undefined && change.evalEpisodes === undefined;
      const referencesRun = change.evalEpisodes !== undefined;
      expect(partials.length).toBe(nominalsKept ? runs : runs - M - (referencesRun ? 1 : 0));
      expect(partials[0].evals.length).toBe(M);
      // Back to S1: nothing runs again, and the result is S1's full evaluation.
      const back = await evaluateRun({ setup: s1, members, policies, weights }, { cache });
      expect(back.reused).toBe(itemsOf(s1));
      expect(drawn(back)).toEqual(drawn(await evaluateRun({ setup: s1, members, policies, weights })));
    }, 120_000);
  }

  it('keys pieces by the policy: other policies run everything; an equal policy under another member id shares them', async () => {
    const cache = new EvalPieceCache();
    await evaluateRun({ setup: s1, members, policies }, { cache });
    const others = Object.fromEntries(members.map((m) => [m.id, randomPolicy(900 + m.id)]));
    const r = await evaluateRun({ setup: s1, members, policies: others }, { cache });
    expect(r.reused).toBe(1); // the references only (the expert's and the random policy's returns)
    // Members 0 and 1 swap policies: every piece is kept, under the member that now holds it.
    const swapped = { ...policies, 0: policies[1], 1: policies[0] };
    const s = await evaluateRun({ setup: s1, members, policies: swapped }, { cache });
    expect(s.reused).toBe(itemsOf(s1));
    expect(drawn(s)).toEqual(drawn(await evaluateRun({ setup: s1, members, policies: swapped })));
    expect(policyFingerprint(policies[0])).not.toBe(policyFingerprint(policies[1]));
  }, 120_000);

  it('hands out copies: a result whose trace buffers are taken away leaves the kept pieces intact', async () => {
    const cache = new EvalPieceCache();
    const a = await evaluateRun({ setup: s1, members, policies }, { cache });
    for (const e of a.evals) structuredClone(e.traceNominal.states, { transfer: [e.traceNominal.states.buffer] });
    expect(a.evals[0].traceNominal.states.length).toBe(0); // detached, as after a transfer to the page
    const b = await evaluateRun({ setup: s1, members, policies }, { cache });
    expect(b.reused).toBe(itemsOf(s1));
    expect(drawn(b)).toEqual(drawn(await evaluateRun({ setup: s1, members, policies })));
  }, 120_000);

  it('drops the oldest pieces beyond its capacity', async () => {
    const cache = new EvalPieceCache(5);
    await evaluateRun({ setup: s1, members, policies }, { cache });
    expect(cache.size).toBe(5);
  }, 120_000);
});
