// Evaluation under the stochastic nominal kernel (issue 10 item 2): process noise after every step that did
// not terminate, as imperfect demonstrations get it. Held to: sigma 0 is the deterministic evaluation bit
// for bit; the noise, recovered as (recorded next state - nominal step of the recorded state and action),
// has the documented std per component and is independent across components; the draws are common random
// numbers (the same for every policy and every condition, and reproducible from the seed).
import { describe, expect, it } from 'vitest';
import { evaluateConditions, evaluateSweeps, evaluateWorstBox, kernelLabel, type Condition, type EvalContext } from '../../src/core/eval/evaluate';
import { getDynamics, getEnvSpec } from '../../src/core/environments/registry';
import { paramVector } from '../../src/core/envs/params';
import { expertActor } from '../../src/core/experts/actor';
import { randomActor } from '../../src/core/eval/random-actor';
import { Rng } from '../../src/core/rng';
import type { Trace } from '../../src/core/eval/rollout';
import { UserError } from '../../src/core/errors';

/** Per step of a trace: (s_{t+1} - nominal step(s_t, a_t)) / std_k, only for steps that did not terminate. */
function recoveredNoise(envId: string, tr: Trace, std: number[]): number[][] {
  const dyn = getDynamics(envId), spec = dyn.spec, sd = spec.stateNames.length, ad = tr.actions.length / tr.length;
  const p = paramVector(spec, tr.params), out = { reward: 0, terminated: false };
  const z: number[][] = [];
  for (let t = 0; t < tr.length; t++) {
    const s = Float64Array.from(tr.states.subarray(t * sd, (t + 1) * sd));
    dyn.step(s, 0, p, 0, Float64Array.from(tr.actions.subarray(t * ad, (t + 1) * ad)), 0, out);
    expect(out.reward).toBe(tr.rewards[t]); // reward from the nominal step
    if (out.terminated) { expect(t).toBe(tr.length - 1); break; }
    z.push(Array.from({ length: sd }, (_, k) => (tr.states[(t + 1) * sd + k] - s[k]) / std[k]));
  }
  return z;
}

const cols = (z: number[][], k: number) => z.map((r) => r[k]);
const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sdOf = (v: number[]) => { const m = meanOf(v); return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)); };

describe('evaluation with process noise', () => {
  it('sigma 0 (and no setting) gives bitwise the deterministic results: nominal, sweeps and traces', () => {
    for (const envId of ['CartPole-v1', 'Acrobot-v1', 'Pendulum-v1']) {
      const base: EvalContext = { envId, episodes: 4, seed: 7, maxSteps: 150 };
      const actor = expertActor(envId);
      const p0 = getEnvSpec(envId).params[0].name;
      const conds = [{ label: 'nominal', params: {} }, { label: 'x2', params: { [p0]: 2 * getEnvSpec(envId).params[0].default } }];
      const a = evaluateConditions(actor, base, conds, [{ condition: 1, episode: 2 }]);
      const b = evaluateConditions(actor, { ...base, processNoise: 0 }, conds, [{ condition: 1, episode: 2 }]);
      expect(b.results.map((r) => r.returns)).toEqual(a.results.map((r) => r.returns));
      expect(Array.from(b.traces[0].states)).toEqual(Array.from(a.traces[0].states));
      const sw = [{ param: p0, factors: [0.5, 1.5] }];
      expect(evaluateSweeps(actor, { ...base, processNoise: 0 }, sw)[0].points.map((p) => p.returns)).toEqual(evaluateSweeps(actor, base, sw)[0].points.map((p) => p.returns));
      // and the noise does change something at sigma > 0
      const c = evaluateConditions(actor, { ...base, processNoise: 2 }, conds, [{ condition: 1, episode: 2 }]);
      expect(Array.from(c.traces[0].states)).not.toEqual(Array.from(a.traces[0].states));
    }
  });

  it('CartPole-v1: the noise has sigma times the documented std per component, mean 0, independent components', () => {
    const envId = 'CartPole-v1', sigma = 2, spec = getEnvSpec(envId);
    const ctx: EvalContext = { envId, episodes: 20, seed: 3, processNoise: sigma };
    const { traces } = evaluateConditions(expertActor(envId), ctx, [{ label: 'nominal', params: {} }], Array.from({ length: 20 }, (_, e) => ({ condition: 0, episode: e })));
    const std = spec.processNoiseStd.map((s) => sigma * s);
    const z = traces.flatMap((tr) => recoveredNoise(envId, tr, std));
    expect(z.length).toBeGreaterThan(3000);
    // n samples of N(0,1): mean within 4/sqrt(n), sample std within 4 * sqrt(1/(2n)) (both about 4 sigma).
    const n = z.length;
    for (let k = 0; k < 4; k++) {
      expect(Math.abs(meanOf(cols(z, k)))).toBeLessThan(4 / Math.sqrt(n));
      expect(Math.abs(sdOf(cols(z, k)) - 1)).toBeLessThan(4 * Math.sqrt(1 / (2 * n)));
    }
    // independent components: correlation of x and theta noise near 0
    const x = cols(z, 0), th = cols(z, 2), mx = meanOf(x), mt = meanOf(th);
    const corr = x.reduce((a, v, i) => a + (v - mx) * (th[i] - mt), 0) / (n - 1) / (sdOf(x) * sdOf(th));
    expect(Math.abs(corr)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('common random numbers: episode e sees the same noise under every policy and condition; reproducible from the seed', () => {
    const envId = 'CartPole-v1', spec = getEnvSpec(envId), sigma = 1;
    const ctx: EvalContext = { envId, episodes: 3, seed: 11, processNoise: sigma };
    const std = spec.processNoiseStd.map((s) => sigma * s);
    const conds: Condition[] = [{ label: 'nominal', params: {} }, { label: 'long', params: { length: 1 } }];
    const tr = (actor: ReturnType<typeof expertActor>) => evaluateConditions(actor, ctx, conds, [0, 1].flatMap((c) => [0, 1, 2].map((e) => ({ condition: c, episode: e })))).traces;
    const ex = tr(expertActor(envId)), rnd = tr(randomActor(envId, new Rng(5)));
    for (let e = 0; e < 3; e++) {
      const ref = recoveredNoise(envId, ex.find((t) => t.condition === 0 && t.episode === e)!, std);
      for (const other of [ex.find((t) => t.condition === 1 && t.episode === e)!, rnd.find((t) => t.condition === 0 && t.episode === e)!, rnd.find((t) => t.condition === 1 && t.episode === e)!]) {
        const z = recoveredNoise(envId, other, std);
        const n = Math.min(z.length, ref.length);
        expect(n).toBeGreaterThan(5);
        for (let t = 0; t < n; t++) for (let k = 0; k < 4; k++) expect(z[t][k]).toBeCloseTo(ref[t][k], 6);
      }
      if (e > 0) expect(recoveredNoise(envId, ex.find((t) => t.condition === 0 && t.episode === 0)!, std)[0][0]).not.toBeCloseTo(ref[0][0], 6);
    }
    const again = tr(expertActor(envId));
    expect(again.map((t) => Array.from(t.states))).toEqual(ex.map((t) => Array.from(t.states)));
    const other = evaluateConditions(expertActor(envId), { ...ctx, seed: 12 }, conds, [{ condition: 0, episode: 0 }]).traces[0];
    expect(Array.from(other.states.subarray(4, 8))).not.toEqual(Array.from(ex[0].states.subarray(4, 8)));
  });

  it('the worst-case box searches under the same kernel; labels and bad settings', async () => {
    const envId = 'CartPole-v1', actor = expertActor(envId);
    const ctx: EvalContext = { envId, episodes: 3, seed: 2, processNoise: 5 };
    const box = await evaluateWorstBox(actor, ctx, { params: ['length'], eps: 0.5, randomPoints: 0, refineRounds: 0 });
    const direct = evaluateConditions(actor, ctx, [{ label: 'w', params: box.worst.params }]).results[0];
    expect(box.worst.returns).toEqual(direct.returns);
    expect(kernelLabel('nominal', 0)).toBe('nominal');
    expect(kernelLabel('nominal', 1.5)).toBe('nominal [noise 1.5]');
    expect(() => evaluateConditions(actor, { ...ctx, processNoise: -1 }, [{ label: 'n', params: {} }])).toThrow(UserError);
    expect(() => evaluateConditions(actor, { ...ctx, processNoise: NaN }, [{ label: 'n', params: {} }])).toThrow(/process noise must be a finite number >= 0, got NaN/);
  });
});
