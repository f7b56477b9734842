// The trainer as a whole, on the cpu backend with tiny networks: rho = 0 is BC; an ensemble member equals
// the same member trained alone; same seed, same curves; no tensor leak; a policy file acts like the
// network; NaN keeps the last good parameters.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { createTrainer, type Diagnostics, type Trainer } from '../../src/core/algos/ensemble';
import type { MemberInput, TrainConfigInput } from '../../src/core/algos/config';
import { loadPolicy, normaliseObservations, type PolicyJson } from '../../src/core/algos/policy';
import { stackLayers, stackedForward } from '../../src/core/algos/mlp';
import { isUserError } from '../../src/core/errors';
import { Rng } from '../../src/core/rng';
import { syntheticDataset as dataset } from './fixtures/synthetic-dataset';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const tiny = (members: MemberInput[], extra: Partial<TrainConfigInput> = {}): TrainConfigInput => ({
  members, policyHidden: [8, 8], nuHidden: [6], batchSize: 16, initialStateBatch: 4, steps: 30, logEvery: 10, learningRate: 1e-2, nuLearningRate: 1e-2,
  warmStartFraction: 0.2, ...(extra as object),
});

async function flatParams(t: Trainer, m: number): Promise<number[]> {
  const h = await t.parameters();
  return [...h.policy[m].flatMap((l) => [...l.W, ...l.b]), ...(h.logStd ? [...h.logStd[m]] : []), ...h.nu[m].flatMap((l) => [...l.W, ...l.b])];
}

describe('rho = 0', () => {
  it('gives w == 1 and BE-DROIL updates the policy exactly as BC does', async () => {
    const t = createTrainer(tiny([{ algo: 'bc', seed: 3 }, { algo: 'be-droil', rho: 0, seed: 3 }, { algo: 'be-droil', rho: 0.5, seed: 3 }], { warmStartFraction: 0 }), dataset('discrete'));
    const bw = await t.batchWeights();
    bw.members[1].weights.forEach((w) => expect(w).toBe(1));
    expect(bw.members[2].weights.some((w) => Math.abs(w - 1) > 1e-3)).toBe(true);
    await t.run();
    const h = await t.parameters();
    const pol = (m: number) => h.policy[m].flatMap((l) => [...l.W, ...l.b]);
    expect(pol(1)).toEqual(pol(0));
    expect(pol(2)).not.toEqual(pol(0));
    t.dispose();
  });
});

describe('ensembles', () => {
  for (const kind of ['discrete', 'continuous'] as const) {
    for (const divergence of ['kl', 'chi2'] as const) {
      it(`each member equals training that member alone (${kind}, ${divergence})`, async () => {
        const members: MemberInput[] = [
          { algo: 'bc', seed: 1 },
          { algo: 'dro-bc', rho: 0.5, seed: 2 },
          { algo: 'be-droil', rho: 0.2, kappa: 1e-3, seed: 3 },
          { algo: 'be-droil', tau: 0.4, kappa: 0.1, seed: 1 },
        ];
        const data = dataset(kind);
        const cfg = { divergence, gamma: 0.95 };
        const all = createTrainer(tiny(members, cfg), data);
        const allLog: number[][] = [];
        await all.run({ onProgress: (d) => allLog.push(d.members.map((m) => m.robustLoss)) });
        for (let m = 0; m < members.length; m++) {
          const one = createTrainer(tiny([members[m]], cfg), data);
          const oneLog: number[] = [];
          await one.run({ onProgress: (d) => oneLog.push(d.members[0].robustLoss) });
          const a = await flatParams(all, m), b = await flatParams(one, 0);
          expect(a.length).toBe(b.length);
          const maxDiff = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
          expect(maxDiff).toBeLessThan(1e-4);
          oneLog.forEach((v, i) => expect(v).toBeCloseTo(allLog[i][m], 4));
          one.dispose();
        }
        all.dispose();
      });
    }
  }
});

describe('reproducibility and memory', () => {
  it('the same seed gives identical curves and parameters on cpu', async () => {
    const run = async () => {
      const t = createTrainer(tiny([{ algo: 'be-droil', seed: 9 }, { algo: 'dro-bc', seed: 4 }]), dataset('continuous'));
      const log: number[] = [];
      await t.run({ onProgress: (d) => d.members.forEach((m) => log.push(...Object.values(m))) });
      const p = await flatParams(t, 0);
      t.dispose();
      return { log, p };
    };
    const a = await run(), b = await run();
    expect(a.log).toEqual(b.log);
    expect(a.p).toEqual(b.p);
  });

  it('does not leak tensors over 2,000 steps', async () => {
    const t = createTrainer({ ...tiny([{ algo: 'be-droil', seed: 1 }, { algo: 'dro-bc', seed: 2 }], { divergence: 'chi2' }), policyHidden: [4], nuHidden: [4], batchSize: 8, steps: 2000, logEvery: 250, bisectionGrid: 4, bisectionRounds: 3, weightClip: 3 }, dataset('discrete', 2, 2, 6));
    const counts: number[] = [];
    await t.run({ onProgress: () => counts.push(tf.memory().numTensors) });
    await t.batchWeights();
    expect(counts.length).toBe(8);
    // once the warm start (400 steps) is over, nu's Adam slots exist and the count never moves again
    expect(new Set(counts.slice(1)).size).toBe(1);
    const before = tf.memory().numTensors;
    t.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  }, 300_000);
});

describe('policy files', () => {
  for (const kind of ['discrete', 'continuous'] as const) {
    it(`a saved ${kind} policy acts like the tfjs network`, async () => {
      const data = dataset(kind);
      const t = createTrainer(tiny([{ algo: 'be-droil', seed: 2 }], { actionLow: [-2, -1], actionHigh: [2, 1], envId: 'test' }), data);
      await t.run();
      const [json] = await t.snapshot();
      t.dispose();
      const policy = loadPolicy(JSON.stringify(json));
      const rng = new Rng(1), n = 64;
      const obs = Float64Array.from({ length: n * 3 }, () => 2 * rng.normal());
      const x = normaliseObservations(obs, { mean: Float32Array.from(json.normaliser.mean), std: Float32Array.from(json.normaliser.std) });
      const host = json.layers.map((l, j) => ({ W: Float32Array.from(l.W), b: Float32Array.from(l.b), inDim: [3, 8, 8][j], outDim: [8, 8, kind === 'discrete' ? 3 : 2][j] }));
      const stacked = stackLayers([host]);
      const out = await tf.tidy(() => stackedForward(stacked, tf.tensor3d(x, [1, n, 3]))).data();
      tf.dispose(stacked.flatMap((l) => [l.W, l.b]));
      const plain = policy.outputs(obs, n);
      plain.forEach((v, i) => expect(Math.abs(v - out[i])).toBeLessThan(1e-5));
      const act = policy.act(obs, n);
      if (kind === 'discrete') {
        for (let r = 0; r < n; r++) {
          const row = Array.from(out.slice(r * 3, r * 3 + 3));
          expect(act[r]).toBe(row.indexOf(Math.max(...row)));
        }
      } else {
        for (let i = 0; i < n * 2; i++) {
          const lo = [-2, -1][i % 2], hi = [2, 1][i % 2];
          expect(act[i]).toBeCloseTo(Math.min(hi, Math.max(lo, lo + ((out[i] + 1) / 2) * (hi - lo))), 5);
        }
      }
      expect(json.algorithm.algo).toBe('be-droil');
      expect(json.version).toBe(1);
    });
  }

  it('refuses malformed files with a message naming the field', () => {
    const bad = (v: unknown, pattern: RegExp) => {
      try { loadPolicy(v, 'p.json'); } catch (e) { expect(isUserError(e)).toBe(true); expect((e as Error).message).toMatch(pattern); return; }
      throw new Error('expected a UserError');
    };
    bad('{not json', /p\.json: not valid JSON/);
    bad({ format: 'droil-policy', version: 2 }, /version/);
    const ok: PolicyJson = {
      format: 'droil-policy', version: 1, obsDim: 2, action: { kind: 'discrete', n: 2 }, architecture: { hidden: [2], activation: 'tanh' },
      layers: [{ W: [1, 0, 0, 1], b: [0, 0] }, { W: [1, 0, 0, 1], b: [0, 0] }], normaliser: { mean: [0, 0], std: [1, 1] }, algorithm: {},
    };
    expect(loadPolicy(ok).act(new Float64Array([1, -1, -1, 1]), 2)).toEqual(new Float64Array([0, 1]));
    bad({ ...ok, layers: [ok.layers[0]] }, /layers.*expected 2 layers/);
    bad({ ...ok, layers: [{ W: [1, 0, 0], b: [0, 0] }, ok.layers[1]] }, /layers\.0\.W.*expected 4 numbers/);
    bad({ ...ok, normaliser: { mean: [0, 0], std: [1, 0] } }, /normaliser\.std/);
    bad({ ...ok, action: { kind: 'continuous', dim: 2, low: [-1, -1], high: [1, 1], squash: 'sigmoid' } }, /field 'action\.squash'/);
  });

  it("a file marked action.squash 'tanh' acts as tanh of its output scaled to the bounds, where an unmarked one clips", () => {
    // One linear layer (no hidden layer): the output is W x + b, so the reference needs no network.
    const file = (squash?: 'tanh'): PolicyJson => ({
      format: 'droil-policy', version: 1, obsDim: 2,
      action: { kind: 'continuous', dim: 2, low: [-2, 0], high: [2, 3], ...(squash ? { squash } : {}) },
      architecture: { hidden: [], activation: 'tanh' },
      layers: [{ W: [1.5, -0.5, 0.25, 2], b: [0.1, -0.2] }], normaliser: { mean: [0, 0], std: [1, 1] }, algorithm: {},
    });
    const obs = Float64Array.from([0.3, -0.7, 2, 1, -3, 0.5]), n = 3;
    const squashed = loadPolicy(file('tanh')).act(obs, n), clipped = loadPolicy(file()).act(obs, n);
    const lo = [-2, 0], hi = [2, 3];
    for (let r = 0; r < n; r++) for (let j = 0; j < 2; j++) {
      const x0 = Math.fround(obs[r * 2]), x1 = Math.fround(obs[r * 2 + 1]);
      const y = [1.5 * x0 + 0.25 * x1 + 0.1, -0.5 * x0 + 2 * x1 - 0.2][j];
      expect(squashed[r * 2 + j]).toBeCloseTo(lo[j] + ((Math.tanh(y) + 1) / 2) * (hi[j] - lo[j]), 6);
      expect(clipped[r * 2 + j]).toBeCloseTo(Math.min(hi[j], Math.max(lo[j], lo[j] + ((y + 1) / 2) * (hi[j] - lo[j]))), 6);
    }
    expect(Array.from(squashed)).not.toEqual(Array.from(clipped));
  });
});

describe('NaN or Inf', () => {
  it('stops the run with a clear message and keeps the last good parameters', async () => {
    const t = createTrainer(tiny([{ algo: 'be-droil', seed: 1 }], { learningRate: 1e37, logEvery: 1, steps: 200, warmStartFraction: 0 }), dataset('continuous'));
    const seen: { step: number; p: number[] }[] = [];
    const res = await t.run({ onProgress: async (d) => { seen.push({ step: d.step, p: [] }); } });
    expect(res.status).toBe('diverged');
    expect(res.message).toMatch(/NaN or Inf at step \d+.*kept the last good parameters, from step \d+/);
    const p = await flatParams(t, 0);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(t.step).toBeLessThan(200);
    t.dispose();
  });

  it('freezes only the member that diverged: the others train on exactly as alone, and no tensor leaks', async () => {
    // Member 1's fixed weights (reading B) overflow its weighted loss to Inf at the first step: NaN at the first check.
    const data = dataset('discrete'), N = data.terminals.length;
    const members: MemberInput[] = [{ algo: 'bc', seed: 1 }, { algo: 'fixed-weights', seed: 2 }, { algo: 'be-droil', rho: 0.2, seed: 3 }];
    const weights = [null, new Float32Array(N).fill(3e38), null];
    const before = tf.memory().numTensors;
    const all = createTrainer(tiny(members, { steps: 40 }), data, undefined, { weights });
    const logged: Diagnostics[] = [];
    const res = await all.run({ onProgress: (d) => logged.push(d) });
    expect(res.status).toBe('diverged');
    expect(res.message).toBe('training diverged: NaN or Inf at step 10 (member 1: fixed-weights seed=2); kept the last good parameters, from step 0');
    expect(res.step).toBe(40);
    expect(logged.map((d) => d.step)).toEqual([10, 20, 30, 40]);
    logged.forEach((d) => { expect(d.frozen).toEqual([1]); expect(d.members[1].bcLoss).toBeNaN(); expect(Number.isFinite(d.members[0].bcLoss)).toBe(true); });
    const params = [await flatParams(all, 0), await flatParams(all, 1), await flatParams(all, 2)];
    const steps = (await all.snapshot()).map((p) => p.training?.steps);
    all.dispose();
    // Freezing leaves no tensor behind: the count moves as much as for the same trainer with weights that do not overflow.
    const leftByFrozen = tf.memory().numTensors - before, start = tf.memory().numTensors;
    const twin = createTrainer(tiny(members, { steps: 40 }), data, undefined, { weights: [null, new Float32Array(N).fill(1), null] });
    expect((await twin.run()).status).toBe('done');
    twin.dispose();
    expect(leftByFrozen).toBe(tf.memory().numTensors - start);
    // The frozen member holds its initialisation (step 0's host copy); its policy file says so.
    const init = createTrainer(tiny([members[1]], { steps: 40 }), data, undefined, { weights: [weights[1]] });
    expect(params[1]).toEqual(await flatParams(init, 0));
    init.dispose();
    expect(steps).toEqual([40, 0, 40]);
    for (const m of [0, 2]) {
      const one = createTrainer(tiny([members[m]], { steps: 40 }), data);
      const oneLog: number[] = [];
      expect((await one.run({ onProgress: (d) => oneLog.push(d.members[0].robustLoss) })).status).toBe('done');
      expect(params[m]).toEqual(await flatParams(one, 0));
      expect(logged.map((d) => d.members[m].robustLoss)).toEqual(oneLog);
      one.dispose();
    }
  });
});
