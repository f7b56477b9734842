// "Robust MBIL" (ALGORITHMS.md 3.4): the training engine's members with loss 'mbil' reweight MBIL's
// per-sample loss L_i = alpha m_i (d_i - log pi(a'_i | s'_i))^2 + beta l_i. Held to a float64 hand
// computation of L_i from the weights, the KL weights N softmax(L / lambda) of a DRO-BC member on it, MBIL's
// own trainer (a BC member with loss 'mbil' is MBIL, parameter for parameter), and the NLL members of a
// mixed ensemble, which must not notice the MBIL members.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import type { Dataset } from '../../src/core/data/dataset';
import { plainForward, type HostLayer } from '../../src/core/algos/mlp';
import { createTrainer } from '../../src/core/algos/ensemble';
import { TRAIN_DEFAULTS } from '../../src/core/algos/defaults';
import { UserError } from '../../src/core/errors';
import { createMbilTrainer } from '../../src/core/mbil/trainer';
import { balanceTargetsFor } from '../../src/core/mbil/balance';
import { MBIL_DEFAULTS } from '../../src/core/mbil/config';
import { PAIR_MASK, threeEpisodes } from './fixtures/three-episodes';

beforeAll(async () => { await initBackend('wasm'); }, 60_000);

const MASK = PAIR_MASK;
const N = MASK.length;
const synthetic = (kind: 'discrete' | 'continuous', seed: number) => threeEpisodes(kind, seed, 3);

/** Hand-chosen balance targets: d_i on the pairs, 0 elsewhere. */
function handTargets() {
  const target = Float32Array.from(MASK, (m, i) => (m ? -0.4 - 0.15 * i + 0.05 * (i % 3) : 0));
  return { target, mask: Float32Array.from(MASK) };
}

const logSumExp = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0)); };

/** Population mean/std per column (float64), as the engine's normaliser. */
function standardiser(x: Float32Array, k: number) {
  const n = x.length / k, mean = new Array(k).fill(0), sd = new Array(k).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] += x[i * k + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sd[j] += (x[i * k + j] - mean[j]) ** 2 / n;
  const std = sd.map((v) => (Math.sqrt(v) < 1e-6 ? 1 : Math.sqrt(v)));
  return (y: Float32Array) => Float64Array.from(y, (v, i) => Math.fround((v - mean[i % k]) / std[i % k]));
}

/** l_i (NLL) and L_i = alpha m r^2 + beta l in float64 from the host weights. */
function handLoss(d: Dataset, layers: HostLayer[], logStd: number, d_: Float32Array, alpha: number, beta: number) {
  const st = standardiser(d.observations, 2);
  const out = plainForward(layers, st(d.observations), N), outN = plainForward(layers, st(d.nextObservations), N);
  const scaled = (a: number) => (2 * (a + 2)) / 4 - 1;
  const gaussLog = (mu: number, a: number) => -0.5 * ((a - mu) / Math.exp(logStd)) ** 2 - logStd - 0.5 * Math.log(2 * Math.PI);
  const l: number[] = [], L: number[] = [];
  for (let i = 0; i < N; i++) {
    let li: number, logPi = 0;
    if (d.actionKind === 'discrete') {
      const lg = [0, 1, 2].map((j) => out[3 * i + j]), lgN = [0, 1, 2].map((j) => outN[3 * i + j]);
      li = logSumExp(lg) - lg[d.actions[i]];
      if (MASK[i]) logPi = lgN[d.actions[i + 1]] - logSumExp(lgN);
    } else {
      li = -gaussLog(out[i], scaled(d.actions[i]));
      if (MASK[i]) logPi = gaussLog(outN[i], scaled(d.actions[i + 1]));
    }
    const r = d_[i] - logPi;
    l.push(li);
    L.push(alpha * MASK[i] * r * r + beta * li);
  }
  return { l, L };
}

const common = { policyHidden: [8], nuHidden: [8], batchSize: N, initialStateBatch: 4, logEvery: 10, actionLow: [-2], actionHigh: [2] };

describe("loss 'mbil' in the training engine", () => {
  for (const kind of ['discrete', 'continuous'] as const) {
    it(`${kind}: L_i matches a float64 hand computation; a DRO-BC member's KL weights are N softmax(L / lambda); NLL members keep l_i`, async () => {
      const d = synthetic(kind, 2), bt = handTargets(), alpha = 0.7, beta = 1.3;
      const t = createTrainer({
        ...common, steps: 20, warmStartFraction: 0.25, mbilAlpha: alpha, mbilBeta: beta,
        members: [{ algo: 'be-droil', loss: 'mbil', rho: 0.5, seed: 4 }, { algo: 'dro-bc', loss: 'mbil', rho: 0.5, seed: 5 }, { algo: 'bc', seed: 6 }],
      }, d, bt);
      await t.run(); // past the warm start, so nu and the weights are not at their initial values
      const p = await t.parameters();
      const w = await t.batchWeights(Int32Array.from({ length: N }, (_, i) => i));
      for (let m = 0; m < 3; m++) {
        const h = handLoss(d, p.policy[m], p.logStd ? p.logStd[m][0] : 0, bt.target, alpha, beta);
        const want = m < 2 ? h.L : h.l;
        for (let i = 0; i < N; i++) expect(w.members[m].loss[i]).toBeCloseTo(want[i], 3);
        if (m < 2) expect(Math.max(...h.L.map((x, i) => Math.abs(x - h.l[i])))).toBeGreaterThan(0.05); // the balance term matters here
      }
      // DRO-BC (no nu): e = L, and the KL weights are N softmax(L / lambda), mean 1.
      const dro = w.members[1];
      const z = Array.from(dro.loss, (x) => x / dro.lambda), lse = logSumExp(z);
      for (let i = 0; i < N; i++) {
        expect(dro.e[i]).toBeCloseTo(dro.loss[i], 5);
        expect(dro.weights[i]).toBeCloseTo(N * Math.exp(z[i] - lse), 3);
      }
      t.dispose();
    });

    it(`${kind}: a BC member with loss 'mbil' is MBIL's own trainer, parameter for parameter; the NLL member of the same ensemble is plain BC`, async () => {
      const d = synthetic(kind, 3);
      const dens = { densitySteps: 5, densityBatchSize: 8, flowBlocks: 2, flowHidden: [8], conditionEmbeddingDim: 0, classifierHidden: [8], seed: 11 };
      const mbil = createMbilTrainer({ ...common, ...dens, steps: 30, members: [{ seed: 9 }] }, d);
      await mbil.run();
      const pm = await mbil.parameters();
      const bt = mbil.balance!;
      mbil.dispose();
      // balanceTargetsFor runs the same pre-training: the same seed gives the same targets.
      const fit = await balanceTargetsFor(d, { ...common, ...dens });
      expect(Array.from(fit.targets.target)).toEqual(Array.from(bt.target));
      expect(Array.from(fit.targets.mask)).toEqual(MASK);

      const eng = createTrainer({ ...common, steps: 30, mbilAlpha: MBIL_DEFAULTS.alpha, mbilBeta: MBIL_DEFAULTS.beta, members: [{ algo: 'bc', loss: 'mbil', seed: 9 }, { algo: 'bc', seed: 9 }] }, d, fit.targets);
      await eng.run();
      const pe = await eng.parameters();
      eng.dispose();
      const bc = createTrainer({ ...common, steps: 30, members: [{ algo: 'bc', seed: 9 }] }, d);
      await bc.run();
      const pb = await bc.parameters();
      bc.dispose();
      const maxDiff = (a: HostLayer[], b: HostLayer[]) => Math.max(...a.flatMap((l, j) => [...Array.from(l.W, (x, t) => Math.abs(x - b[j].W[t])), ...Array.from(l.b, (x, t) => Math.abs(x - b[j].b[t]))]));
      expect(maxDiff(pe.policy[0], pm.policy[0])).toBeLessThan(1e-6);
      expect(maxDiff(pe.policy[1], pb.policy[0])).toBeLessThan(1e-6);
      expect(maxDiff(pe.policy[0], pe.policy[1])).toBeGreaterThan(1e-3); // the balance term moved the MBIL member
      if (kind === 'continuous') {
        expect(Math.abs(pe.logStd![0][0] - pm.logStd![0][0])).toBeLessThan(1e-6);
        expect(Math.abs(pe.logStd![1][0] - pb.logStd![0][0])).toBeLessThan(1e-6);
      }
    });
  }

  it('refuses loss mbil without the targets, with targets of the wrong length or pairing across episodes, and with an MSE policy', () => {
    const d = synthetic('continuous', 1);
    const members = [{ algo: 'be-droil' as const, loss: 'mbil' as const }];
    expect(() => createTrainer({ ...common, members }, d)).toThrow(UserError);
    expect(() => createTrainer({ ...common, members }, d)).toThrow(/frozen densities/);
    expect(() => createTrainer({ ...common, members }, d, { target: new Float32Array(3), mask: new Float32Array(3) })).toThrow(/cover 3 transitions, the data have 15/);
    expect(() => createTrainer({ ...common, continuousLoss: 'mse', members }, d, handTargets())).toThrow(/Gaussian policy/);
    // A pair must not cross an episode end (transition 8 is the last of episode 1).
    const across = handTargets();
    across.mask[8] = 1;
    expect(() => createTrainer({ ...common, members }, d, across)).toThrow(/pairs transition 8, the last of episode 1, with the next episode's first/);
    // The config-level loss applies to members that give none; labels say so.
    const t = createTrainer({ ...common, loss: 'mbil', members: [{ algo: 'bc' }, { algo: 'be-droil', loss: 'nll' }] }, d, handTargets());
    expect(t.members.map((m) => m.loss)).toEqual(['mbil', 'nll']);
    expect(t.members[0].label).toContain('loss=mbil');
    t.dispose();
  });

  it("the engine's alpha and beta defaults are MBIL's", () => {
    expect(TRAIN_DEFAULTS.mbilAlpha).toBe(MBIL_DEFAULTS.alpha);
    expect(TRAIN_DEFAULTS.mbilBeta).toBe(MBIL_DEFAULTS.beta);
    expect(TRAIN_DEFAULTS.loss).toBe('nll');
  });
});
