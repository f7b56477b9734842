// Issue 19 items 1-2 on the real training path. (1) kappa means the same on every task: nu's output enters e
// times c = mean|l|, so its L2 penalty must scale with c too (ALGORITHMS.md 3.3). Two tasks that differ only in
// the scale of their losses (the same noisy data, actions scaled by bounds 10x apart, MSE: the losses differ ~100x) must show nu's effect std(c (nu(s') - nu(s))) / std(l) of the same order at the default
// kappa. With a bare kappa ||nu||^2 the small-loss task's penalty is 100x stronger and its nu dies out.
// (2) A dataset smaller than the batch is the batch: each transition once per step, whatever the batch size.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { MinibatchSampler } from '../../src/core/algos/sampler';
import { TRAIN_DEFAULTS } from '../../src/core/algos/defaults';
import { syntheticDataset } from './fixtures/synthetic-dataset';
import { Rng } from '../../src/core/rng';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

/** The synthetic continuous task with unit Gaussian noise on the actions: the loss floor is the noise, so scaling
 * the actions by 1/10 scales the losses by 1/100 once the policy has fitted the mean. */
const noisyData = (() => {
  const d = syntheticDataset('continuous', 7, 6, 20), rng = new Rng(11);
  return { ...d, actions: d.actions.map((a) => a + rng.normal()) };
})();

/** Mean nuEffect and mean |bcLoss| over the robust phase of a BE-DROIL run with actions bounded by +-bound. */
async function nuEffectAt(bound: number): Promise<{ nuEffect: number; loss: number }> {
  const t = createTrainer({
    members: [{ algo: 'be-droil', rho: 0.5, seed: 4 }], continuousLoss: 'mse', actionLow: [-bound, -bound], actionHigh: [bound, bound],
    policyHidden: [16, 16], nuHidden: [8], batchSize: 64, initialStateBatch: 4, steps: 600, logEvery: 25, warmStartFraction: 0.2,
    learningRate: 1e-2, nuLearningRate: 1e-2,
  }, noisyData);
  const effects: number[] = [], losses: number[] = [];
  await t.run({ onProgress: (d) => { if (d.phase === 'robust') { effects.push(d.members[0].nuEffect); losses.push(Math.abs(d.members[0].bcLoss)); } } });
  t.dispose();
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return { nuEffect: mean(effects), loss: mean(losses) };
}

describe('kappa is scale-free (the penalty scales with c = mean|l|)', () => {
  it(`nu's effect at the default kappa (${TRAIN_DEFAULTS.kappa}) is of the same order on tasks whose losses differ ~100x`, async () => {
    const wide = await nuEffectAt(4), narrow = await nuEffectAt(40);
    console.log(`loss ${wide.loss.toExponential(2)} / ${narrow.loss.toExponential(2)}; nuEffect ${wide.nuEffect.toExponential(2)} / ${narrow.nuEffect.toExponential(2)}`);
    expect(wide.loss / narrow.loss).toBeGreaterThan(50); // ~75
    expect(narrow.nuEffect).toBeGreaterThan(wide.nuEffect / 2.5); // a bare kappa ||nu||^2: ~1/5.5
    expect(narrow.nuEffect).toBeLessThan(wide.nuEffect * 2.5); // with kappa c: ~2.2
  }, 120_000);
});

describe('a dataset smaller than the batch is the batch', () => {
  it('every step holds each transition once (whole) or batch draws with replacement (resample)', () => {
    const whole = new MinibatchSampler([1, 2], 10, 3, 256, 4, 'whole');
    expect(whole.batch).toBe(10);
    const b = whole.next();
    expect([...b.transitions]).toEqual([...Array(10).keys(), ...Array(10).keys()]);
    const resample = new MinibatchSampler([1], 10, 3, 256, 4, 'resample');
    expect(resample.next().transitions.length).toBe(256);
    expect(new MinibatchSampler([1], 300, 3, 256, 4, 'whole').batch).toBe(256);
  });

  it('training does not depend on the batch size once it exceeds the data (and does with resample)', async () => {
    const data = syntheticDataset('discrete', 3, 3, 10); // 30 transitions
    const params = async (batchSize: number, smallDataBatch: 'whole' | 'resample') => {
      const t = createTrainer({ members: [{ algo: 'bc', seed: 2 }, { algo: 'be-droil', rho: 0.5, seed: 2 }], policyHidden: [8], nuHidden: [4], batchSize, smallDataBatch, initialStateBatch: 4, steps: 20, logEvery: 10 }, data);
      expect(t.info.batchSize).toBe(smallDataBatch === 'whole' ? Math.min(30, batchSize) : batchSize);
      await t.run();
      const h = await t.parameters();
      t.dispose();
      return h.policy.flatMap((m) => m.flatMap((l) => [...l.W, ...l.b]));
    };
    expect(await params(64, 'whole')).toEqual(await params(256, 'whole'));
    expect(await params(64, 'resample')).not.toEqual(await params(256, 'resample'));
  }, 120_000);
});
