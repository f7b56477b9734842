// MBIL (ALGORITHMS.md 3.4), a BC member of the training engine with MBIL's loss after the density fit, held to
// hand computations: the pairs, the per-sample loss from the weights in float64 with fitted balance targets,
// BC's exact run when alpha = 0 and beta = 1, the discrete factorisation's balance target log q_hat against a
// classifier whose weights are set by hand, and fitted densities that recover known experts.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/core/tf';
import { Rng } from '../../src/core/rng';
import type { Dataset } from '../../src/core/data/dataset';
import { plainForward, type HostLayer } from '../../src/core/algos/mlp';
import { createTrainer } from '../../src/core/algos/ensemble';
import { successors } from '../../src/core/mbil/pairs';
import { balanceTargets, disposeDensities } from '../../src/core/mbil/densities';
import { fitMbilDensities } from '../../src/core/mbil/density-fit';
import { balanceTargetsFor } from '../../src/core/mbil/balance';
import { PAIR_MASK, threeEpisodes } from './fixtures/three-episodes';

beforeAll(async () => {
  // Registers every gradient too (a plain tfjs-core import registers none).
  await initBackend('wasm');
}, 60_000);

const EXPECTED_MASK = PAIR_MASK;
const synthetic = (kind: 'discrete' | 'continuous', seed: number) => threeEpisodes(kind, seed, 2);

/** Tiny density models (their settings) and a policy for the engine. */
const tinyDensities = { densitySteps: 3, densityBatchSize: 8, flowBlocks: 2, flowHidden: [8], conditionEmbeddingDim: 0, classifierHidden: [8] };
const tinyPolicy = { policyHidden: [8], batchSize: 16, logEvery: 10 };

/** Mean and population std per column (float64), std < 1e-6 -> 1. */
function stats(x: Float32Array, d: number) {
  const n = x.length / d, mean = new Array(d).fill(0), sd = new Array(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  return { mean, std: sd.map((v) => (Math.sqrt(v) < 1e-6 ? 1 : Math.sqrt(v))) };
}

const logSumExp = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0)); };

describe('MBIL pairs', () => {
  it('pairs consecutive transitions and never crosses an episode boundary', () => {
    const d = synthetic('discrete', 1);
    const succ = successors(d);
    expect(Array.from(succ, (s) => (s >= 0 ? 1 : 0))).toEqual(EXPECTED_MASK);
    succ.forEach((s, i) => { if (s >= 0) expect(s).toBe(i + 1); });
  });
});

describe('MBIL per-sample loss against a float64 hand computation', () => {
  for (const kind of ['discrete', 'continuous'] as const) {
    it(`${kind} actions: L_i = alpha m_i r_i^2 + beta l_i with the fitted balance targets`, async () => {
      const d = synthetic(kind, 2);
      const alpha = 0.7, beta = 1.3, N = d.terminals.length, k = 2;
      const bounds = { actionLow: [-2], actionHigh: [2] };
      const { targets } = await balanceTargetsFor(d, { ...tinyDensities, ...bounds });
      const target = targets.target;
      const trainer = createTrainer({ ...tinyPolicy, ...bounds, steps: 20, mbilAlpha: alpha, mbilBeta: beta, members: [{ algo: 'bc', loss: 'mbil', seed: 4 }] }, d, targets);
      await trainer.run(); // a few steps so the weights are not at their initial values
      const { policy, logStd } = await trainer.parameters();
      const L = (await trainer.batchWeights(Int32Array.from({ length: N }, (_, i) => i))).members[0].loss;
      trainer.dispose();
      const st = stats(d.observations, k);
      const standardise = (x: Float32Array) => Float64Array.from(x, (v, i) => Math.fround((v - st.mean[i % k]) / st.std[i % k]));
      const out = plainForward(policy[0], standardise(d.observations), N);
      const outNext = plainForward(policy[0], standardise(d.nextObservations), N);
      const scaled = (a: number) => (2 * (a + 2)) / 4 - 1;
      const ls = logStd ? logStd[0][0] : 0;
      const gaussLog = (mu: number, a: number) => -0.5 * ((a - mu) / Math.exp(ls)) ** 2 - ls - 0.5 * Math.log(2 * Math.PI);
      for (let i = 0; i < N; i++) {
        const m = EXPECTED_MASK[i];
        let l: number, logPi = 0;
        if (kind === 'discrete') {
          const lg = [out[2 * i], out[2 * i + 1]], lgN = [outNext[2 * i], outNext[2 * i + 1]];
          l = logSumExp(lg) - lg[d.actions[i]];
          if (m) logPi = lgN[d.actions[i + 1]] - logSumExp(lgN);
        } else {
          l = -gaussLog(out[i], scaled(d.actions[i]));
          if (m) logPi = gaussLog(outNext[i], scaled(d.actions[i + 1]));
        }
        const r = target[i] - logPi;
        expect(targets.mask[i]).toBe(m);
        expect(L[i]).toBeCloseTo(alpha * m * r * r + beta * l, 3);
      }
      // The balance target is a real number on every pair and exactly 0 off the pairs.
      EXPECTED_MASK.forEach((m, i) => { if (!m) expect(target[i]).toBe(0); else expect(Number.isFinite(target[i])).toBe(true); });
    });
  }
});

describe('MBIL with alpha = 0, beta = 1 is BC', () => {
  for (const kind of ['discrete', 'continuous'] as const) {
    it(`${kind}: the same parameters as the training engine's BC after 30 steps; alpha > 0 moves them`, async () => {
      const d = synthetic(kind, 3);
      const common = { policyHidden: [8], batchSize: 16, steps: 30, logEvery: 10, actionLow: [-2], actionHigh: [2] };
      const bc = createTrainer({ ...common, members: [{ algo: 'bc', seed: 9 }] }, d);
      await bc.run();
      const bcParams = await bc.parameters();
      bc.dispose();
      const { targets } = await balanceTargetsFor(d, { ...tinyDensities, actionLow: [-2], actionHigh: [2] });
      // MBIL with alpha 0 (BC's twin) and with alpha 0.5, the same seed: the engine's BC member with MBIL's loss.
      const p = { policy: [] as HostLayer[][], logStd: [] as Float32Array[] };
      for (const alpha of [0, 0.5]) {
        const mbil = createTrainer({ ...common, mbilAlpha: alpha, mbilBeta: 1, members: [{ algo: 'bc', loss: 'mbil', seed: 9 }] }, d, targets);
        await mbil.run();
        const pm = await mbil.parameters();
        mbil.dispose();
        p.policy.push(pm.policy[0]);
        if (pm.logStd) p.logStd.push(pm.logStd[0]);
      }
      let maxTwin = 0, maxOther = 0;
      bcParams.policy[0].forEach((layer, j) => {
        for (let t = 0; t < layer.W.length; t++) {
          maxTwin = Math.max(maxTwin, Math.abs(layer.W[t] - p.policy[0][j].W[t]));
          maxOther = Math.max(maxOther, Math.abs(layer.W[t] - p.policy[1][j].W[t]));
        }
        for (let t = 0; t < layer.b.length; t++) maxTwin = Math.max(maxTwin, Math.abs(layer.b[t] - p.policy[0][j].b[t]));
      });
      if (kind === 'continuous') maxTwin = Math.max(maxTwin, Math.abs(bcParams.logStd![0][0] - p.logStd![0][0]));
      expect(maxTwin).toBeLessThan(1e-6);
      expect(maxOther).toBeGreaterThan(1e-3);
    });
  }
});

describe('MBIL discrete factorisation', () => {
  it('the balance target is log q_hat(a\' | s, a, s\') exactly, computed by hand from set classifier weights', async () => {
    const d = synthetic('discrete', 5);
    const fit = await fitMbilDensities(d, { ...tinyDensities, classifierHidden: [] });
    const models = fit.models;
    expect(models.transition).toBeNull(); // T_hat cancels in the residual and is not fitted by default
    // A linear classifier over x = [s, onehot(a), s'] (standardised): logits = x W + b, weights chosen by hand.
    const W = [[0.5, -1], [2, 0.3], [0.1, 0.4], [-0.7, 0.2], [1.5, -0.5], [-1, 0.8]], b = [0.2, -0.3];
    const layer = models.classifier!.net.layers[0];
    layer.W.assign(tf.tensor2d(W));
    layer.b.assign(tf.tensor1d(b));
    const { target, mask } = balanceTargets(models, fit.data);
    const st = stats(d.observations, 2);
    const z = (v: number, j: number) => Math.fround((v - st.mean[j]) / st.std[j]);
    for (let i = 0; i < d.terminals.length; i++) {
      expect(mask[i]).toBe(EXPECTED_MASK[i]);
      if (!EXPECTED_MASK[i]) continue;
      const a = d.actions[i];
      const x = [z(d.observations[2 * i], 0), z(d.observations[2 * i + 1], 1), a === 0 ? 1 : 0, a === 1 ? 1 : 0, z(d.nextObservations[2 * i], 0), z(d.nextObservations[2 * i + 1], 1)];
      const logits = [0, 1].map((c) => b[c] + x.reduce((s, v, r) => s + v * W[r][c], 0));
      const expected = logits[d.actions[i + 1]] - logSumExp(logits);
      expect(target[i]).toBeCloseTo(expected, 5);
    }
    disposeDensities(models);
  });

  it('fitted q_hat recovers a known stochastic expert: the balance target approaches log pi_E(a\' | s\')', async () => {
    // s' ~ N(0.8 s, 0.5^2); the expert picks a' = 1 with probability sigmoid(2 s'_0 - 1).
    const rng = new Rng(8), E = 40, T = 50, N = E * T, k = 2;
    const obs = new Float32Array(N * k), next = new Float32Array(N * k), act = new Float32Array(N);
    const sig = (u: number) => 1 / (1 + Math.exp(-u));
    const starts = [0];
    let i = 0;
    for (let e = 0; e < E; e++) {
      let s = [rng.normal(), rng.normal()];
      let a = rng.next() < sig(2 * s[0] - 1) ? 1 : 0;
      for (let t = 0; t < T; t++, i++) {
        const sn = [0.8 * s[0] + 0.5 * rng.normal(), 0.8 * s[1] + 0.5 * rng.normal()];
        obs.set(s, i * k); next.set(sn, i * k); act[i] = a;
        s = sn;
        a = rng.next() < sig(2 * s[0] - 1) ? 1 : 0;
      }
      starts.push(i);
    }
    const timeouts = new Uint8Array(N);
    for (let e = 1; e <= E; e++) timeouts[starts[e] - 1] = 1;
    const d: Dataset = {
      obsDim: k, actionKind: 'discrete', actionDim: 1, numActions: 2, observations: obs, actions: act, nextObservations: next,
      terminals: new Uint8Array(N), timeouts, episodeStarts: Int32Array.from(starts), meta: { source: 'synthetic', format: 'built-in' },
    };
    const fit = await balanceTargetsFor(d, { classifierHidden: [16], densitySteps: 400, densityBatchSize: 128, densityLearningRate: 1e-2, densityNoise: 0, seed: 1 });
    const cl = fit.densityCurves.classifier!;
    expect(cl[cl.length - 1].dataNll).toBeLessThan(cl[0].dataNll);
    const { target, mask } = fit.targets;
    let err = 0, n = 0;
    for (let j = 0; j < N; j++) {
      if (!mask[j]) continue;
      const p1 = sig(2 * next[j * k] - 1);
      const truth = Math.log(act[j + 1] === 1 ? p1 : 1 - p1);
      err += Math.abs(target[j] - truth); n++;
    }
    expect(n).toBe(N - E);
    expect(err / n).toBeLessThan(0.1);
  });
});

describe('MBIL continuous densities', () => {
  it('log P_hat(s\', a\' | s, a) - log T_hat(s\' | s, a) recovers a known Gaussian expert log pi_E(a\' | s\') (flows fitted by MLE)', async () => {
    // 1-D state and action: s' = 0.8 s + 0.5 a + 0.3 eps; the expert plays a = -s + 0.3 eta within [-2, 2].
    const rng = new Rng(12), E = 30, T = 50, N = E * T;
    const obs = new Float32Array(N), next = new Float32Array(N), act = new Float32Array(N);
    const starts = [0];
    let i = 0;
    for (let e = 0; e < E; e++) {
      let s = rng.normal();
      for (let t = 0; t < T; t++, i++) {
        const a = -s + 0.3 * rng.normal();
        const sn = 0.8 * s + 0.5 * a + 0.3 * rng.normal();
        obs[i] = s; next[i] = sn; act[i] = a;
        s = sn;
      }
      starts.push(i);
    }
    const timeouts = new Uint8Array(N);
    for (let e = 1; e <= E; e++) timeouts[starts[e] - 1] = 1;
    const d: Dataset = {
      obsDim: 1, actionKind: 'continuous', actionDim: 1, observations: obs, actions: act, nextObservations: next,
      terminals: new Uint8Array(N), timeouts, episodeStarts: Int32Array.from(starts), meta: { source: 'synthetic', format: 'built-in' },
    };
    const fit = await balanceTargetsFor(d, {
      flowBlocks: 2, flowHidden: [32], conditionEmbeddingDim: 0, densitySteps: 300, densityBatchSize: 200,
      densityLearningRate: 1e-2, densityFinalLrFraction: 0.05, densityNoise: 0, seed: 1, actionLow: [-4], actionHigh: [4],
    });
    const curves = fit.densityCurves;
    expect(curves.transition!.length).toBeGreaterThan(1);
    expect(curves.joint!.length).toBeGreaterThan(1);
    const { target, mask } = fit.targets;
    // In the policy's units the action is a / 4, so pi_E(a'/4 | s') = N(-s'/4, (0.3/4)^2).
    const sd = 0.3 / 4;
    const est: number[] = [], truth: number[] = [];
    for (let j = 0; j < N; j++) {
      if (!mask[j]) continue;
      const u = (act[j + 1] / 4 + next[j] / 4) / sd;
      truth.push(-0.5 * u * u - Math.log(sd) - 0.5 * Math.log(2 * Math.PI));
      est.push(target[j]);
    }
    expect(est.length).toBe(N - E);
    const n = est.length, mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / n;
    const me = mean(est), mt = mean(truth);
    const cov = mean(est.map((v, j) => (v - me) * (truth[j] - mt)));
    const corr = cov / Math.sqrt(mean(est.map((v) => (v - me) ** 2)) * mean(truth.map((v) => (v - mt) ** 2)));
    // The truth spreads over about 0.7 nats (half a chi-square); the estimate follows it closely.
    expect(mean(est.map((v, j) => Math.abs(v - truth[j])))).toBeLessThan(0.2);
    expect(corr).toBeGreaterThan(0.95);
  });
});
