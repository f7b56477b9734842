// The robust step without the tape (untaped-step.ts) against the taped step it replaces on wasm
// (useUntapedStep(false)): every parameter and every logged diagnostic bit for bit over whole runs (warm start,
// then robust steps), for a single BE-DROIL model, an ensemble of every discrete algorithm with penalised and
// clipped members, chi^2 with 2 nu steps, and segment-dro; the untaped step runs far fewer kernels; no tensor
// is left behind. The taped step's kernels are themselves checked against finite differences and tfjs ops
// (algos-gradients, algos-member-mlp, algos-categorical-nll, algos-dual-kernel, algos-squared-norm tests).
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { useUntapedStep } from '../../src/core/algos/untaped-step';
import { createTrainer } from '../../src/core/algos/ensemble';
import type { MemberInput, TrainConfigInput } from '../../src/core/algos/config';
import { syntheticDataset as dataset } from './fixtures/synthetic-dataset';

afterAll(async () => { useUntapedStep(true); await initBackend('cpu'); });

async function run(cfg: TrainConfigInput, untaped: boolean): Promise<{ params: number[]; diags: number[] }> {
  useUntapedStep(untaped);
  const t = createTrainer(cfg, dataset('discrete'));
  try {
    const diags: number[] = [];
    await t.run({ onProgress: (d) => d.members.forEach((m) => diags.push(...Object.values(m))) });
    const h = await t.parameters();
    const params = t.members.flatMap((_, m) => [...h.policy[m].flatMap((l) => [...l.W, ...l.b]), ...h.nu[m].flatMap((l) => [...l.W, ...l.b])]);
    return { params, diags };
  } finally {
    t.dispose();
    useUntapedStep(true);
  }
}

const base = (members: MemberInput[], extra: Partial<TrainConfigInput> = {}): TrainConfigInput => ({
  members, policyHidden: [16, 12], nuHidden: [8, 8], batchSize: 48, initialStateBatch: 8, steps: 30, logEvery: 5, warmStartFraction: 0.2, ...(extra as object),
});

describe('the untaped robust step on wasm', () => {
  const runs: [string, TrainConfigInput][] = [
    ['BE-DROIL KL, one model', base([{ algo: 'be-droil', rho: 0.1, seed: 4 }])],
    ['BC / DRO-BC / BE-DROIL (rho and tau), clipped weights', base([{ algo: 'bc', seed: 1 }, { algo: 'dro-bc', rho: 0.5, seed: 2 }, { algo: 'be-droil', rho: 0.2, kappa: 1e-3, seed: 3 }, { algo: 'be-droil', tau: 0.4, kappa: 0.1, seed: 1 }], { weightClip: 3, gamma: 0.95 })],
    ['chi^2, 2 nu steps', base([{ algo: 'be-droil', rho: 0.3, seed: 5 }, { algo: 'be-droil', rho: 0.05, seed: 6 }], { divergence: 'chi2', nuSteps: 2 })],
    ['segment-dro beside BE-DROIL', base([{ algo: 'segment-dro', rho: 0.3, segment: 4, seed: 7 }, { algo: 'be-droil', rho: 0.2, seed: 8 }])],
  ];
  for (const [label, cfg] of runs) {
    it(`gives the taped step's parameters and diagnostics bit for bit: ${label}`, async () => {
      expect((await initBackend('wasm')).backend).toBe('wasm');
      const before = tf.memory().numTensors;
      const want = await run(cfg, false);
      const got = await run(cfg, true);
      expect(got.params.length).toBe(want.params.length);
      expect(got.params).toEqual(want.params);
      expect(got.diags).toEqual(want.diags);
      expect(got.params.every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    }, 120_000);
  }

  it('runs at least 50 kernels fewer per step than the taped step (117 -> 52 unlogged on the default networks)', async () => {
    await initBackend('wasm');
    const count = async (untaped: boolean) => {
      useUntapedStep(untaped);
      const t = createTrainer(base([{ algo: 'be-droil', seed: 0 }], { warmStartFraction: 0, logEvery: 1000, steps: 1000 }), dataset('discrete'));
      await t.steps(2);
      const n = (await tf.profile(async () => { await t.steps(1); })).kernels.length;
      t.dispose();
      useUntapedStep(true);
      return n;
    };
    const taped = await count(false), untaped = await count(true);
    expect(taped - untaped).toBeGreaterThanOrEqual(50);
  }, 60_000);
});
