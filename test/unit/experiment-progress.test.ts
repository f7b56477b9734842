// The run's one progress fraction and ETA (src/core/experiment/progress.ts): the fraction weighs stages by their
// prior costs; the ETA scales what is left by measured rates: a stage under way by its own rate past its first
// twentieth, the stages to come by the latest measured rate. A pool divides the parallel stages' priors (run.ts).
import { describe, expect, it } from 'vitest';
import { RunProgress } from '../../src/core/experiment/progress';
import { planRun, runStages } from '../../src/core/experiment/run';
import { defaultSetup, parseSetup } from '../../src/core/setup';

describe('RunProgress', () => {
  it('the stage under way costs its own measured rate past its first twentieth; the stages to come the latest measured rate', () => {
    const p = new RunProgress([{ name: 'train', units: 100, unitMs: 1 }, { name: 'eval', units: 100, unitMs: 1 }]);
    p.begin('train', 0);
    p.set('train', 5);
    expect(p.etaMs(50)).toBeCloseTo(195 * 10, 9); // the first twentieth (warm-up): the run's rate, 10 ms a unit
    p.set('train', 50);
    // From the twentieth (50 ms) to half (140 ms): 2 ms a unit, for the rest of training and for the evaluation
    // (the start-up's 10 ms a unit is behind).
    expect(p.etaMs(140)).toBeCloseTo(50 * 2 + 100 * 2, 9);
    p.set('train', 100);
    p.begin('eval', 250);
    p.set('eval', 5);
    // Until the evaluation's own rate is measurable: training's, from its twentieth (50 ms) to its end (250 ms).
    expect(p.etaMs(260)).toBeCloseTo(95 * (200 / 95), 9);
    // The evaluation past its first twentieth at 5 ms a unit (15 more units in 75 ms): its rest costs 80 x 5.
    p.set('eval', 20);
    expect(p.etaMs(335)).toBeCloseTo(80 * 5, 9);
  });

  it('says nothing before 2 % is done', () => {
    const p = new RunProgress([{ name: 'train', units: 100, unitMs: 1 }]);
    p.begin('train', 0);
    p.set('train', 1);
    expect(p.etaMs(10)).toBeUndefined();
    p.set('train', 2);
    expect(p.etaMs(10)).toBeCloseTo(98 * 5, 9);
  });

  it('a pool divides the ensemble prior by the seed groups and the evaluation prior by the workers', () => {
    const setup = parseSetup({ ...defaultSetup, seeds: 2 });
    const plan = planRun(setup);
    const one = runStages(setup, plan, 1).stages, two = runStages(setup, plan, 2).stages, four = runStages(setup, plan, 4).stages;
    const unit = (s: typeof one, name: string) => s.find((x) => x.name === name)!.unitMs;
    expect(unit(two, 'evaluation')).toBeCloseTo(unit(one, 'evaluation') / 2, 12);
    expect(unit(two, 'ensemble')).toBeLessThan(unit(one, 'ensemble'));
    expect(unit(four, 'ensemble')).toBe(unit(two, 'ensemble')); // two seeds: at most two groups
    expect(two.map((s) => s.units)).toEqual(one.map((s) => s.units));
  });
});
