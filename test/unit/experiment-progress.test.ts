// The run's one progress fraction and ETA (src/core/experiment/progress.ts): the fraction weighs stages by their
// prior costs; the ETA scales what is left by measured rates: a stage under way by its own recent rate past its
// first tenth (a stage of like items whose first ones carry a warm-up, `settles`: at its items' rate from the third on), the stages
// to come by the measured stages' rates weighed by the prior each has done, plus the result's way to the page until
// the fraction is 1. A pool divides the parallel stages' priors (run.ts).
import { describe, expect, it } from 'vitest';
import { RunProgress } from '../../src/core/experiment/progress';
import { planRun, runStages } from '../../src/core/experiment/run';
import { defaultSetup, parseSetup } from '../../src/core/setup';

describe('RunProgress', () => {
  it('the stage under way costs its own measured rate past its first tenth; the stages to come the latest measured rate', () => {
    const p = new RunProgress([{ name: 'train', units: 100, unitMs: 1 }, { name: 'eval', units: 100, unitMs: 1 }]);
    p.begin('train', 0);
    p.set('train', 5);
    expect(p.etaMs(50)).toBeCloseTo(195 * 10, 9); // the first tenth (warm-up): the run's rate, 10 ms a unit
    p.set('train', 10);
    expect(p.etaMs(60)).toBeCloseTo(190 * 6, 9); // its rate needs another tenth: still the run's, 6 ms a unit
    p.set('train', 50);
    // From the tenth (60 ms) to half (140 ms): 2 ms a unit, for the rest of training and for the evaluation
    // (the start-up's rate is behind).
    expect(p.etaMs(140)).toBeCloseTo(50 * 2 + 100 * 2, 9);
    p.set('train', 100);
    p.begin('eval', 250);
    p.set('eval', 5);
    // Until the evaluation's own rate is measurable: training's, over its latter half (50 at 140 ms to its end at 250 ms).
    expect(p.etaMs(260)).toBeCloseTo(95 * (110 / 50), 9);
    p.set('eval', 10);
    p.etaMs(285);
    // The evaluation past its first tenth at 5 ms a unit (20 more units in 100 ms), 30 % done: its rest costs its own
    // rate as far as it is done (cubed) and the training's for the rest, 70 x (0.027 x 5 + 0.973 x 2.2).
    p.set('eval', 30);
    expect(p.etaMs(385)).toBeCloseTo(70 * (0.027 * 5 + 0.973 * 2.2), 9);
  });

  it("the stages to come cost the measured stages' rates weighed by their prior done (a stage under way as far as it is trusted), not the latest stage's alone", () => {
    const p = new RunProgress([{ name: 'train', units: 300, unitMs: 1 }, { name: 'first', units: 100, unitMs: 1 }, { name: 'boxes', units: 100, unitMs: 1 }]);
    p.begin('train', 0);
    p.set('train', 30);
    p.etaMs(30);
    p.set('train', 150);
    p.etaMs(150);
    p.set('train', 300);
    p.begin('first', 300); // training: 1 ms a unit over its latter half
    p.set('first', 10);
    p.etaMs(340);
    p.set('first', 20);
    p.etaMs(380);
    p.set('first', 40);
    // The first part past its first tenth at 4 ms a unit (10 to 40 units from 340 to 460 ms), 40 % done: its rest at
    // 0.064 x 4 + 0.936 x the training's 1; the boxes to come at the rates weighed by the prior done, the first part's
    // as far as it is trusted (0.4 cubed): (1 x 300 + 4 x 40 x 0.064) / (300 + 40 x 0.064) ms a unit, not at its 4.
    const eta = p.etaMs(460)!;
    expect(eta).toBeCloseTo(60 * (0.064 * 4 + 0.936 * 1) + 100 * ((300 + 4 * 40 * 0.064) / (300 + 40 * 0.064)), 9);
    expect(eta).toBeLessThan(60 * 4 + 100 * 4);
  });

  it('a slow start fades: the rate is timed over the latter half of what is done', () => {
    const p = new RunProgress([{ name: 'eval', units: 100, unitMs: 1 }]);
    p.begin('eval', 0);
    p.set('eval', 12);
    p.etaMs(120); // 10 ms a unit so far (a helper still starting)
    p.set('eval', 20);
    p.etaMs(200); // still 10 ms a unit
    p.set('eval', 40);
    p.etaMs(220); // now 1 ms a unit
    p.set('eval', 80);
    // From the latest sample at or below half of 80 (40 at 220 ms): 1 ms a unit, so 20 units cost 20 ms (timed from
    // the first tenth, 12 at 120 ms, it would say 20 x 140 / 68 = 41 ms).
    expect(p.etaMs(260)).toBeCloseTo(20, 9);
  });

  it("a stage that follows measured ones trusts its own rate as far as it is done (cubed): its warm-up does not make the ETA jump", () => {
    // Training at 1 ms a unit (as its prior says); then a part whose first fifth is slow (a code warm-up: 5 ms a unit)
    // and the rest at 1 ms a unit, as the page's evaluation showed (eleventh session). The same part alone (nothing
    // measured before it) can only go by its own rate: the reference for what the training's rate adds.
    const drive = (p: RunProgress, train: boolean) => {
      if (train) { p.begin('train', 0); for (const u of [100, 200, 500, 1000]) { p.set('train', u); p.etaMs(u); } }
      const t0 = train ? 1000 : 0;
      p.begin('first', t0);
      let t = t0;
      const errors = new Map<number, number>();
      for (let u = 10; u <= 490; u += 10) {
        t += u <= 100 ? 50 : 10;
        p.set('first', u);
        const eta = p.etaMs(t);
        if (eta !== undefined) errors.set(u, eta / (500 - u) - 1);
      }
      return errors;
    };
    const after = drive(new RunProgress([{ name: 'train', units: 1000, unitMs: 1 }, { name: 'first', units: 500, unitMs: 1 }]), true);
    const alone = drive(new RunProgress([{ name: 'first', units: 500, unitMs: 1 }]), false);
    // At 20 % done the part's own rate (timed over its warm-up: 5 ms a unit) says +400 %; after the training,
    // 0.2^3 x 5 + (1 - 0.2^3) x 1 = 1.032 ms a unit: +3.2 % (trusted as far as it is done, not cubed: 1.8, +80 %); by
    // 30 % done under +50 %, once the warm-up is behind exact.
    expect(alone.get(100)!).toBeCloseTo(4, 9);
    expect(after.get(100)!).toBeCloseTo(0.032, 9);
    for (const [u, e] of after) if (u >= 150) expect(e, `at ${u}`).toBeLessThan(u >= 200 ? 1e-9 : 0.5);
    for (const [u, e] of after) expect(e, `at ${u}`).toBeLessThanOrEqual(alone.get(u)! + 1e-12);
  });

  it('a stage of like items with a warm-up (settles) costs its rest at its items\' mean rate from the third on, once three are timed end to end', () => {
    // Training at 1 ms a unit as its prior says; six kernels of 10 units each: the first two slowed by the code's
    // warm-up (120 and 200 ms), then 60 ms each: what the page and Node showed for the First look's kernels.
    const kernels = (settles: boolean) => {
      const p = new RunProgress([{ name: 'train', units: 1000, unitMs: 1 }, { name: 'kernels', units: 60, unitMs: 1, settles }]);
      p.begin('train', 0);
      for (const u of [100, 200, 500, 1000]) { p.set('train', u); p.etaMs(u); }
      const etas: number[] = [];
      let t = 1000;
      p.setInOrder(['train', 'kernels'], 1000, t); // the kernels begin as the training ends
      [120, 200, 60, 60, 60].forEach((ms, k) => { t += ms; p.setInOrder(['train', 'kernels'], 1000 + 10 * (k + 1), t); etas.push(p.etaMs(t)!); });
      return etas;
    };
    // After the first two kernels: as a stage to come, the training's 1 ms a unit (they may be all warm-up); from the
    // third on, their mean: 6 ms a unit.
    const now = kernels(true);
    [50 * 1, 40 * 1, 30 * 6, 20 * 6, 10 * 6].forEach((eta, k) => expect(now[k]).toBeCloseTo(eta, 9));
    // The rule for stages with a warm-up (past the first tenth, over the latter half, trusted as far as the stage is
    // done) priced the rest at the training's 1 ms a unit until two reports into the stage, then partly at the slow
    // second item (13 ms a unit over the latter half, half done, weighed 0.125): 30 kernel units left (180 ms really) read 75 ms.
    const before = kernels(false);
    expect(before[0]).toBeCloseTo(50 * 1, 9);
    expect(before[2]).toBeCloseTo(30 * (0.125 * ((200 + 60) / 20) + 0.875 * 1), 9);
    expect(before[3]).toBeCloseTo(20 * ((8 / 27) * ((60 + 60) / 20) + (19 / 27) * 1), 9);
  });

  it('an item of no time (pieces kept from an earlier evaluation) times nothing', () => {
    const p = new RunProgress([{ name: 'first', units: 10, unitMs: 1 }, { name: 'kernels', units: 60, unitMs: 1, settles: true }]);
    p.begin('first', 0);
    p.setInOrder(['first', 'kernels'], 30, 0); // the first part and two kernels kept: at once
    p.setInOrder(['first', 'kernels'], 40, 80); // a kernel run: 8 ms a unit
    p.setInOrder(['first', 'kernels'], 50, 170); // another: 9 ms a unit
    p.setInOrder(['first', 'kernels'], 60, 260); // and another: 9 ms a unit (the kept ones, 0 ms, timed nothing)
    // The third timed item's 9 ms a unit (counting the kept ones, the second kept kernel would be the second item).
    expect(p.etaMs(260)).toBeCloseTo(10 * 9, 9);
  });

  it('the parts run in order: each begins the moment those before it are done, so its first item is timed from its start', () => {
    const p = new RunProgress([{ name: 'first', units: 30, unitMs: 1 }, { name: 'boxes', units: 60, unitMs: 1 }, { name: 'kernels', units: 60, unitMs: 1, settles: true }]);
    const parts = ['first', 'boxes', 'kernels'];
    p.begin('first', 0);
    const all = 150;
    p.setInOrder(parts, (30 / all) * all, 30); // the first part done (a fraction times the total: rounding)
    p.setInOrder(parts, (90 / all) * all, 90); // the boxes done: the kernels begin at 90 ms
    // Kernels of 10 units done at 150, 220 and 300 ms: the third is the third timed item, 8 ms a unit (begun at its
    // end, the first would time nothing, and the stage would not yet have three items timed).
    p.setInOrder(parts, (100 / all) * all, 150);
    p.setInOrder(parts, (110 / all) * all, 220);
    p.setInOrder(parts, (120 / all) * all, 300);
    expect(p.fraction()).toBeCloseTo(120 / 150, 12);
    expect(p.etaMs(300)).toBeCloseTo(30 * 8, 9);
  });

  it("counts the result's way to the page after the last stage, at the stages to come's rate, until the fraction is 1", () => {
    const make = (afterMs?: number) => {
      const p = new RunProgress([{ name: 'train', units: 100, unitMs: 1 }, { name: 'kernels', units: 60, unitMs: 1, settles: true }], afterMs);
      p.begin('train', 0);
      for (const u of [10, 50, 100]) { p.set('train', u); p.etaMs(2 * u); } // 2 ms a unit
      p.setInOrder(['train', 'kernels'], 100, 200);
      p.setInOrder(['train', 'kernels'], 110, 220);
      p.setInOrder(['train', 'kernels'], 130, 260);
      p.setInOrder(['train', 'kernels'], 150, 300);
      return p;
    };
    const p = make(20);
    // The last kernel at the kernels' own 2 ms a unit, then the result: its 20 prior ms at the measured 2 ms per prior ms.
    expect(p.etaMs(300)).toBeCloseTo(10 * 2 + 20 * 2, 9);
    expect(p.fraction()).toBeLessThan(1);
    p.setInOrder(['train', 'kernels'], 160, 320);
    expect(p.fraction()).toBe(1);
    expect(p.etaMs(320)).toBe(0);
    // Without it the ETA of the last item says nothing of the result's way (the run ends later than it says).
    expect(make().etaMs(300)).toBeCloseTo(10 * 2, 9);
  });

  it('the First look on one worker: its kernels settle, and the run counts the result; on a pool the kernels run side by side', () => {
    const setup = parseSetup(defaultSetup);
    const one = runStages(setup, planRun(setup), 1), two = runStages(setup, planRun(setup), 2);
    const stage = (p: RunProgress, name: string) => p.stages.find((s) => s.name === name)!;
    expect(stage(one, 'worst kernels').settles).toBe(true);
    expect(stage(two, 'worst kernels').settles).toBe(false);
    for (const name of ['evaluation', 'worst boxes', 'ensemble']) expect(stage(one, name).settles).toBeFalsy();
    expect(one.afterMs).toBeGreaterThan(0);
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
    expect(unit(two, 'worst boxes')).toBeCloseTo(unit(one, 'worst boxes') / 2, 12);
    expect(unit(two, 'worst kernels')).toBeCloseTo(unit(one, 'worst kernels') / 2, 12);
    expect(unit(two, 'ensemble')).toBeLessThan(unit(one, 'ensemble'));
    expect(unit(four, 'ensemble')).toBe(unit(two, 'ensemble')); // two seeds: at most two groups
    expect(two.map((s) => s.units)).toEqual(one.map((s) => s.units));
  });

  it("the evaluation's three parts (first part, worst boxes, worst kernels) each have a prior, against the training's", () => {
    const setup = parseSetup(defaultSetup);
    const stages = runStages(setup, planRun(setup), 1).stages;
    const part = (name: string) => stages.find((s) => s.name === name)!;
    const first = part('evaluation'), box = part('worst boxes'), kernel = part('worst kernels');
    for (const p of [first, box, kernel]) expect(p.units).toBeGreaterThan(0);
    expect(box.units).toBeGreaterThan(first.units); // the box search is most of the units
    // Per unit, a kernel's look-ahead costs more than a box point's episodes (bench/first-look.ts, CPU in Node:
    // 0.78 against 0.65 ms); the first part about as much as a box.
    expect(kernel.unitMs).toBeGreaterThan(box.unitMs);
    expect(first.unitMs / box.unitMs).toBeGreaterThan(0.8);
    expect(first.unitMs / box.unitMs).toBeLessThan(1.25);
    // The evaluation's prior against the training's: the First look in Node after the SIMD forward pass (tenth
    // session), CPU: the evaluation 0.65x the training; since the training's SIMD step (eleventh session) 0.84x in
    // Node (bench/first-look.ts: training 1091 ms, evaluation 906 ms CPU, load 10); with the untaped step 0.78-1.27x,
    // median 1.06x, in Chromium's worker (wall, load 5.3-5.8; 0.75-0.95x before both): the priors say 1.07x.
    const training = part('ensemble');
    const ratio = [first, box, kernel].reduce((a, p) => a + p.units * p.unitMs, 0) / (training.units * training.unitMs);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.3);
  });
});
