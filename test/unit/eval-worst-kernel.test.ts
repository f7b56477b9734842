import { describe, expect, it } from 'vitest';
import { expertActor } from '../../src/core/experts';
import { evaluateNominal, evaluateWorstKernel } from '../../src/core/eval';
import { getEnvSpec } from '../../src/core/envs';
import type { Actor } from '../../src/core/policy';

// A weaker CartPole controller (sim-and-data §3.5c: theta + 0.5 theta_dot), easy to push over.
const heuristic: Actor = {
  obsDim: 4, actionKind: 'discrete', actionDim: 1,
  act: (o, n) => Float64Array.from({ length: n }, (_, i) => (o[i * 4 + 2] + 0.5 * o[i * 4 + 3] > 0 ? 1 : 0)),
};

describe('worst-case transition kernel in a per-step KL ball', () => {
  it('without process noise every candidate is the nominal next state: returns equal the nominal evaluation', () => {
    const ctx = { envId: 'Pendulum-v1', episodes: 3, seed: 8 };
    const nominal = evaluateNominal(expertActor('Pendulum-v1'), ctx).result.returns;
    for (const rho of [0, 0.5, Math.log(4)]) {
      const r = evaluateWorstKernel(expertActor('Pendulum-v1'), ctx, { rho, noiseScale: 0, candidates: 4, horizon: 5 });
      expect(r.returns).toEqual(nominal);
      expect(r.meanKl).toBe(0);
    }
  });

  it('the tilt reaches KL = rho_eval at every step (dense rewards: the candidates always differ)', () => {
    const ctx = { envId: 'Pendulum-v1', episodes: 3, seed: 2, maxSteps: 60 };
    const r = evaluateWorstKernel(expertActor('Pendulum-v1'), ctx, { rho: 0.3, candidates: 8, horizon: 5, noiseScale: 2 });
    expect(Math.abs(r.meanKl - 0.3)).toBeLessThan(1e-8);
    expect(r.noiseStd).toEqual(getEnvSpec('Pendulum-v1').processNoiseStd.map((s) => 2 * s));
  });

  it('a larger radius makes the outcome worse; rho_eval = log K is the worst of all', () => {
    const ctx = { envId: 'Pendulum-v1', episodes: 6, seed: 4 };
    const opts = { candidates: 8, horizon: 5 };
    const m = (rho: number) => evaluateWorstKernel(expertActor('Pendulum-v1'), ctx, { rho, ...opts }).summary.mean;
    const r0 = m(0), r1 = m(0.05), r2 = m(0.2), rMax = m(Math.log(8));
    expect(r1).toBeLessThan(r0);
    expect(r2).toBeLessThan(r1);
    expect(rMax).toBeLessThan(r2);
  });

  it('is deterministic for a seed and records traces consistent with the returns', () => {
    const ctx = { envId: 'CartPole-v1', episodes: 3, seed: 6, maxSteps: 80 };
    const a = evaluateWorstKernel(heuristic, ctx, { rho: 0.1, candidates: 4, horizon: 8, traceEpisodes: [1] });
    const b = evaluateWorstKernel(heuristic, ctx, { rho: 0.1, candidates: 4, horizon: 8, traceEpisodes: [1] });
    expect(a.returns).toEqual(b.returns);
    expect(Array.from(a.traces[0].states)).toEqual(Array.from(b.traces[0].states));
    const t = a.traces[0];
    expect(t.rewards.reduce((s, x) => s + x, 0)).toBe(a.returns[1]);
    expect(t.states.length).toBe(4 * (t.length + 1));
    const c = evaluateWorstKernel(heuristic, { ...ctx, seed: 7 }, { rho: 0.1, candidates: 4, horizon: 8, traceEpisodes: [1] });
    expect(Array.from(c.traces[0].states)).not.toEqual(Array.from(a.traces[0].states));
  });

  it('rejects a negative radius', () => {
    expect(() => evaluateWorstKernel(heuristic, { envId: 'CartPole-v1', episodes: 1, seed: 1 }, { rho: -1 })).toThrow(/KL radius/);
  });
});
