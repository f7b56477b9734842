// Readings A and B as benchmark methods (src/core/eval/reading-inputs.ts): the simulator's likelihood ratios are
// exact (with a perturbation that does not change the dynamics every ratio is 1; the recorded noise is the
// residual of the simulator's own step), and a cell trains and evaluates tilted-model, tilted-expert and
// lr-oracle members beside BC.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { generateDemos } from '../../src/core/experts';
import { simulatorLogRatios } from '../../src/core/eval/reading-inputs';
import { runCell, planGrid } from '../../src/core/experiment/grid';
import type { GridSpec } from '../../src/core/experiment/grid';
import { defaultSetup } from '../../src/core/setup';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

describe('reading B oracle: simulator likelihood ratios', () => {
  it('are 1 when the perturbed kernel is the nominal one, and favour the kernel the data came from', () => {
    for (const env of ['CartPole-v1', 'Pendulum-v1', 'Acrobot-v1']) {
      const d = generateDemos(env, { episodes: 1, seed: 3, processNoise: 2 });
      const same = simulatorLogRatios(env, d, 2, [{}])[0];
      for (const v of same) expect(Math.abs(v)).toBeLessThan(1e-6);
    }
    // The mean log ratio of the m = 1.5 kernel to the nominal one is a KL divergence: > 0 on data recorded with m = 1.5,
    // < 0 on nominal data.
    const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
    const heavy = generateDemos('Pendulum-v1', { episodes: 2, seed: 1, processNoise: 2, params: { m: 1.5 } });
    const nominal = generateDemos('Pendulum-v1', { episodes: 2, seed: 1, processNoise: 2 });
    expect(mean(simulatorLogRatios('Pendulum-v1', { ...heavy, meta: { ...heavy.meta, generator: { ...heavy.meta.generator!, params: undefined } } }, 2, [{ m: 1.5 }])[0])).toBeGreaterThan(0.05);
    expect(mean(simulatorLogRatios('Pendulum-v1', nominal, 2, [{ m: 1.5 }])[0])).toBeLessThan(-0.05);
  });
});

describe('readings A and B in a benchmark cell', () => {
  it('trains and evaluates them beside BC', async () => {
    const spec: GridSpec = {
      setup: { ...defaultSetup, rhoSweep: [0.5], seeds: 1, seed: 0, evalEpisodes: 1, kernelEpisodes: 1, steps: 10, demoProcessNoise: 2, mbilDensitySteps: 5, hidden: 8 },
      axes: {
        envs: ['CartPole-v1'], demos: [1], algos: ['bc', 'tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle-h10'],
        sweeps: () => [{ param: 'length', factors: [1, 2] }], boxParams: null, kernel: false, evalProcessNoise: [0], evalSeed: 0,
      },
    };
    const r = await runCell(spec, planGrid(spec)[0]);
    expect(r.training.status).toBe('done');
    expect(new Set(r.rows.map((x) => x.algo))).toEqual(new Set(['bc', 'tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle-h10']));
  }, 300_000);
});
