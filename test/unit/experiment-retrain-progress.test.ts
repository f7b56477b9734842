// The progress of a run whose evaluation is (partly) kept from an earlier one (run.ts, eval-cache.ts): the
// evaluation's parts are sized by the items the evaluation will really run. A re-Train of an unchanged setup on
// the same data trains the same policies (seeded), so it knows this before training: its progress reaches 1 at
// the end of training, and its ETA no longer counts an evaluation that takes no time (it read about 2x).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { generateDemos } from '../../src/core/experts';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';
import { runExperiment, type RunControl } from '../../src/core/experiment/run';
import { evalItems, itemCost, planEval, type EvalItem } from '../../src/core/experiment/evaluate';
import { evaluateRun, evaluationCost } from '../../src/core/experiment/evaluate-run';
import { planMembers } from '../../src/core/experiment/members';
import { EvalPieceCache, pieceKey, policyFingerprint, trainingKey } from '../../src/core/experiment/eval-cache';
import type { PolicyJson } from '../../src/core/algos/policy';
import type { TrainProgress } from '../../src/core/experiment/types';
import { randomPolicy } from './fixtures/random-policy';

beforeAll(async () => { expect((await initBackend('wasm')).backend).toBe('wasm'); }, 120_000);

/** A cache that records the keys evaluateRun asked for and did not find (the items it ran). */
class CountingCache extends EvalPieceCache {
  missed: string[] = [];
  override get(key: string, item: EvalItem) {
    const p = super.get(key, item);
    if (!p) this.missed.push(key);
    return p;
  }
}

describe('evaluationCost with kept pieces', () => {
  const s1: Setup = parseSetup({ ...defaultSetup, evalEpisodes: 3, evalPoints: 4, kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2, algos: ['bc', 'be-droil'], rhoSweep: [0.5] });
  const members = planMembers(s1);
  const policies: Record<number, PolicyJson> = Object.fromEntries(members.map((m) => [m.id, randomPolicy(300 + m.id)]));
  const prints = members.map((m) => policyFingerprint(policies[m.id]));
  const cases: [string, Partial<Setup>][] = [
    ['nothing changed', {}],
    ['the worst box size', { worstBoxEps: s1.worstBoxEps * 2 }],
    ['the kernel radius', { klKernelRho: s1.klKernelRho + 0.1 }],
    ['one end of the sweep', { evalFactorMax: 30 }],
    ['the episodes', { evalEpisodes: 4 }],
  ];
  for (const [what, change] of cases) {
    it(`${what}: the cost left is the cost of exactly the items the evaluation then runs`, async () => {
      const s2 = parseSetup({ ...s1, ...change });
      const cache = new CountingCache();
      await evaluateRun({ setup: s1, members, policies }, { cache });
      const left = evaluationCost(s2, members.length, { cache, prints });
      cache.missed = [];
      await evaluateRun({ setup: s2, members, policies }, { cache });
      const plan = planEval(s2);
      const ran = evalItems(plan, members.map((m) => m.id)).filter((it) => cache.missed.includes(pieceKey(plan, it, it.kind === 'references' ? '' : prints[it.memberId])));
      const sum = (kinds: string[]) => ran.filter((it) => kinds.includes(it.kind)).reduce((a, it) => a + itemCost(plan, it), 0);
      expect(left.first).toBeCloseTo(sum(['references', 'nominal', 'sweep']), 9);
      expect(left.box).toBeCloseTo(sum(['box']), 9);
      expect(left.kernel).toBeCloseTo(sum(['kernel']), 9);
      if (what === 'nothing changed') expect(left).toEqual({ first: 0, box: 0, kernel: 0 });
    });
  }

  it('policies not known yet keep only the references (they need no policy)', async () => {
    const cache = new EvalPieceCache();
    await evaluateRun({ setup: s1, members, policies }, { cache });
    const full = evaluationCost(s1, members.length);
    const left = evaluationCost(s1, members.length, { cache, prints: [] });
    expect(full.first - left.first).toBeCloseTo(itemCost(planEval(s1), { kind: 'references' }), 9);
    expect([left.box, left.kernel]).toEqual([full.box, full.kernel]);
  });
});

describe('a re-Train of an unchanged setup', () => {
  it('counts no evaluation: its progress reaches 1 with the training, and its numbers are the first run\'s', async () => {
    const setup = parseSetup({ ...defaultSetup, steps: 40, evalEpisodes: 2, evalPoints: 3, kernelCandidates: 2, kernelHorizon: 2 });
    const data = generateDemos('CartPole-v1', { episodes: 1, seed: 0 });
    const control: RunControl = { stopped: false, paused: false };
    const backend = { backend: 'wasm', reason: 'test' };
    const evalCache = new EvalPieceCache();
    const run = async () => {
      const reports: TrainProgress[] = [];
      const result = await runExperiment(setup, data, { control, backend, evalCache, onProgress: (p) => { reports.push(p); } });
      // The last report of the training (the step count complete, the evaluation not begun).
      const trained = reports.filter((p) => p.phase === 'training').at(-1)!;
      return { result, trained };
    };
    const first = await run();
    expect(evalCache.trainedBefore(trainingKey(setup, data, 'wasm'))).toEqual(planMembers(setup).map((m) => policyFingerprint(first.result.policies![m.id])));
    const second = await run();
    expect(second.result.policies).toEqual(first.result.policies);
    expect(second.result.evals).toEqual(first.result.evals);
    expect(second.result.paired).toEqual(first.result.paired);
    // The first run's evaluation was part of its prior (a sizeable one); the second run's was not.
    const evalShare = Object.values(evaluationCost(setup, planMembers(setup).length)).reduce((a, b) => a + b, 0);
    expect(evalShare).toBeGreaterThan(0);
    expect(first.trained.fraction).toBeLessThan(0.95);
    expect(second.trained.fraction).toBeCloseTo(1, 9);
    // The same demonstrations generated again are known (by content); other demonstrations, another backend or
    // another training setting are not.
    const known = (s: Setup, d: typeof data, b = 'wasm') => evalCache.trainedBefore(trainingKey(s, d, b)) !== undefined;
    expect(known(setup, generateDemos('CartPole-v1', { episodes: 1, seed: 0 }))).toBe(true);
    expect(known(setup, generateDemos('CartPole-v1', { episodes: 1, seed: 1 }))).toBe(false);
    expect(known(setup, data, 'cpu')).toBe(false);
    expect(known(parseSetup({ ...setup, steps: 41 }), data)).toBe(false);
    // An evaluation setting does not change the policies.
    expect(known(parseSetup({ ...setup, evalEpisodes: 3 }), data)).toBe(true);
  }, 240_000);
});
