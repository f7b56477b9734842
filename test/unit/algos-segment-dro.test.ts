// Reading C (ALGORITHMS.md 3.5, src/core/algos/segment-dro.ts): one weight per segment of H transitions.
// Oracles: H = 1 is DRO-BC exactly; the weights are constant within a segment, equal J softmax(L_j / lambda)
// over the segments' mean losses (computed here independently from the batch's losses), and D_KL(v) = rho.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { segmentIds } from '../../src/core/algos/segment-dro';
import { syntheticDataset } from './fixtures/synthetic-dataset';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const data = syntheticDataset('discrete', 3, 3, 10); // 3 episodes x 10 transitions, smaller than the batch
const config = (members: object[]) => ({ members, policyHidden: [8], nuHidden: [4], batchSize: 64, initialStateBatch: 4, steps: 25, logEvery: 5, warmStartFraction: 0.2 });

describe('segment-dro', () => {
  it('cuts episodes into segments of H (0: whole episodes)', () => {
    expect([...segmentIds(data, 4)]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8]);
    expect([...segmentIds(data, 0)]).toEqual([...Array(30)].map((_, i) => Math.floor(i / 10)));
  });

  it('with H = 1 trains exactly as DRO-BC', async () => {
    const t = createTrainer(config([{ algo: 'dro-bc', rho: 0.5, seed: 1 }, { algo: 'segment-dro', segment: 1, rho: 0.5, seed: 1 }]), data);
    await t.run();
    const h = await t.parameters();
    t.dispose();
    expect(h.policy[1].flatMap((l) => [...l.W, ...l.b])).toEqual(h.policy[0].flatMap((l) => [...l.W, ...l.b]));
  });

  it('gives one weight per segment: J softmax(L_j / lambda) with D_KL = rho', async () => {
    const rho = 0.3, H = 5;
    const t = createTrainer(config([{ algo: 'segment-dro', segment: H, rho, seed: 2 }]), data);
    await t.run();
    const bw = (await t.batchWeights(Int32Array.from({ length: 30 }, (_, i) => i))).members[0];
    t.dispose();
    const J = 6, L = [...Array(J)].map((_, j) => bw.loss.slice(j * H, (j + 1) * H).reduce((a, b) => a + b, 0) / H);
    const z = L.map((x) => Math.exp(x / bw.lambda)), sum = z.reduce((a, b) => a + b, 0);
    const v = z.map((x) => (J * x) / sum);
    for (let i = 0; i < 30; i++) expect(bw.weights[i]).toBeCloseTo(v[Math.floor(i / H)], 4);
    const kl = v.reduce((a, x) => a + x * Math.log(x), 0) / J;
    expect(kl).toBeCloseTo(rho, 3);
  });
});

describe('segment-dro on the page', () => {
  it('is an algorithm of the page: the run pipeline trains it and shows its weights, one value per segment of 10', async () => {
    const { runExperiment } = await import('../../src/core/experiment/run');
    const { defaultSetup, parseSetup, setupForEnv } = await import('../../src/core/setup');
    const { generateDemos } = await import('../../src/core/experts');
    const setup = parseSetup({
      ...setupForEnv(defaultSetup, 'Acrobot-v1'), algos: ['bc', 'segment-dro'], rhoSweep: [0.5], steps: 30, batch: 256, hidden: 8, seeds: 1, evalEpisodes: 1, evalPoints: 2,
      kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2, boxRandomPoints: 0, boxRefineRounds: 0,
    });
    const demo = generateDemos('Acrobot-v1', { episodes: 1, seed: 0 }); // ~100 transitions: the whole demonstration is the batch
    const r = await runExperiment(setup, demo, { control: { stopped: false, paused: false }, backend: { backend: 'cpu', reason: 'test' } });
    const seg = r.members.find((m) => m.algo === 'segment-dro')!;
    const w = r.evals.find((e) => e.memberId === seg.id)!.weights!;
    expect(w.length).toBe(demo.terminals.length);
    for (let i = 0; i < w.length; i++) expect(w[i]).toBeCloseTo(w[i - (i % 10)], 5);
    expect(Math.max(...w) - Math.min(...w)).toBeGreaterThan(1e-3);
  }, 300_000);
});
