// The warm-up (src/core/experiment/warm-up.ts): the setup's own pipeline, smaller, so that every code path of a run
// has run once before the first Train; and it leaves nothing behind that a later run could read (on wasm, the
// page's backend: the SIMD kernels, Adam and the evaluation's forward pass included).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { generateDemos } from '../../src/core/experts';
import { defaultSetup, parseSetup } from '../../src/core/setup';
import { runExperiment, type RunControl } from '../../src/core/experiment/run';
import { evalItems, planEval } from '../../src/core/experiment/evaluate';
import { evaluationCost } from '../../src/core/experiment/evaluate-run';
import { planMembers } from '../../src/core/experiment/members';
import { warmUpSetup } from '../../src/core/experiment/warm-up';
import { PRESETS, presetSetup } from '../../src/ui/presets';

beforeAll(async () => { expect((await initBackend('wasm')).backend).toBe('wasm'); }, 120_000);

const kinds = (s: typeof defaultSetup) => [...new Set(evalItems(planEval(s), planMembers(s).map((m) => m.id)).map((it) => it.kind))].sort();

describe('warmUpSetup', () => {
  it('keeps every member and every kind of evaluation item of the First look, at a fraction of its cost', () => {
    const warm = warmUpSetup(defaultSetup);
    expect(parseSetup(warm)).toEqual(warm); // a valid setup
    expect(planMembers(warm)).toEqual(planMembers(defaultSetup));
    expect(kinds(warm)).toEqual(kinds(defaultSetup));
    expect(kinds(warm)).toEqual(['box', 'kernel', 'nominal', 'references', 'sweep']);
    const cost = (s: typeof defaultSetup) => Object.values(evaluationCost(s, planMembers(s).length)).reduce((a, b) => a + b, 0);
    expect(cost(warm)).toBeLessThan(cost(defaultSetup) / 3);
    expect(warm.steps).toBeLessThan(defaultSetup.steps);
    // Classic control keeps the box's search and the kernel's look-ahead whole (cheap there; they warm the code).
    expect(planEval(warm).box).toEqual(planEval(defaultSetup).box);
    expect({ ...planEval(warm).kernel, episodes: 0 }).toEqual({ ...planEval(defaultSetup).kernel, episodes: 0 });
  });

  it("on the MuJoCo preset (every episode 1000 steps) keeps the box's search and the kernel's look-ahead, at under a quarter of the cost", () => {
    const cheetah = presetSetup(PRESETS.find((p) => p.setup.envId === 'HalfCheetah-v5')!);
    const warm = warmUpSetup(cheetah);
    expect(planMembers(warm)).toEqual(planMembers(cheetah));
    expect(kinds(warm)).toEqual(['box', 'kernel', 'nominal', 'references', 'sweep']);
    const plan = planEval(warm);
    expect(plan.box!.eps).toBeGreaterThan(0); // corners searched, not the centre alone
    expect(plan.box!.params).toEqual([planEval(cheetah).box!.params[0]]);
    expect(plan.kernel!.candidates).toBeGreaterThan(1); // with one candidate there is nothing to look ahead for
    expect(plan.kernel!.horizon).toBeGreaterThan(0);
    const cost = (s: typeof defaultSetup) => Object.values(evaluationCost(s, planMembers(s).length)).reduce((a, b) => a + b, 0);
    expect(cost(warm)).toBeLessThan(cost(cheetah) / 4);
  });

  it('a warm-up between two runs of a setup changes none of the second run\'s numbers', async () => {
    const setup = parseSetup({ ...defaultSetup, steps: 40, evalEpisodes: 2, evalPoints: 3, kernelCandidates: 2, kernelHorizon: 2 });
    const data = generateDemos('CartPole-v1', { episodes: 1, seed: 0 });
    const control: RunControl = { stopped: false, paused: false };
    const backend = { backend: 'wasm', reason: 'test' };
    const before = await runExperiment(setup, data, { control, backend });
    const warm = await runExperiment(warmUpSetup(setup), data, { control, backend });
    expect(warm.stopped).toBe(false);
    const after = await runExperiment(setup, data, { control, backend });
    expect(after.policies).toEqual(before.policies);
    expect(after.evals).toEqual(before.evals);
    expect(after.paired).toEqual(before.paired);
  }, 240_000);
});
