import { describe, expect, it } from 'vitest';
import { expertActor } from '../../src/core/experts';
import {
  conditionReturns, evaluateConditions, evaluateSweeps, evaluateWorstBox, initialStates, nominalReferences, rollout, scoreOf,
} from '../../src/core/eval';
import type { Actor } from '../../src/core/policy';
import type { Params } from '../../src/core/envs';

/** A policy that always takes the same action. */
function constantActor(obsDim: number, kind: 'discrete' | 'continuous', action: number): Actor {
  return { obsDim, actionKind: kind, actionDim: 1, act: (_o, n) => new Float64Array(n).fill(action) };
}

// Independent re-derivation of Gymnasium's CartPole step (cartpole.py, Euler with old velocities).
function cartPoleEpisodeLength(s0: ArrayLike<number>, action: number, p = { g: 9.8, mc: 1, mp: 0.1, l: 0.5, f: 10 }): number {
  let [x, xd, th, thd] = Array.from(s0);
  for (let t = 1; t <= 500; t++) {
    const force = action === 1 ? p.f : -p.f;
    const M = p.mc + p.mp, pml = p.mp * p.l;
    const temp = (force + pml * thd * thd * Math.sin(th)) / M;
    const thacc = (p.g * Math.sin(th) - Math.cos(th) * temp) / (p.l * (4 / 3 - (p.mp * Math.cos(th) ** 2) / M));
    const xacc = temp - (pml * thacc * Math.cos(th)) / M;
    x += 0.02 * xd; xd += 0.02 * xacc; th += 0.02 * thd; thd += 0.02 * thacc;
    if (Math.abs(x) > 2.4 || Math.abs(th) > (12 * 2 * Math.PI) / 360) return t;
  }
  return 500;
}

describe('vectorised evaluation rollouts', () => {
  it('a constant-action CartPole policy gets the return derived step by step from the equations', () => {
    const E = 6;
    const starts = initialStates('CartPole-v1', E, 7);
    const conditions: Params[] = [{}, { length: 1.0 }, { force_mag: 5 }];
    const r = rollout({ envId: 'CartPole-v1', actor: constantActor(4, 'discrete', 1), conditions, initialStates: starts });
    const ps = [{ g: 9.8, mc: 1, mp: 0.1, l: 0.5, f: 10 }, { g: 9.8, mc: 1, mp: 0.1, l: 1.0, f: 10 }, { g: 9.8, mc: 1, mp: 0.1, l: 0.5, f: 5 }];
    for (let c = 0; c < 3; c++) {
      for (let e = 0; e < E; e++) {
        const T = cartPoleEpisodeLength(starts.subarray(4 * e, 4 * e + 4), 1, ps[c]);
        expect(r.returns[c * E + e]).toBe(T); // +1 per step, including the terminating one
        expect(r.lengths[c * E + e]).toBe(T);
        expect(r.terminated[c * E + e]).toBe(1);
      }
    }
    // Pushing right from near-upright topples the pole within a few dozen steps.
    expect(Math.max(...r.returns)).toBeLessThan(60);
  });

  it('Pendulum with zero torque from a known state gets the hand-computed return', () => {
    const s0 = new Float64Array([2.0, -0.5]);
    const r = rollout({ envId: 'Pendulum-v1', actor: constantActor(3, 'continuous', 0), conditions: [{}, { g: 5 }], initialStates: s0 });
    for (const [c, g] of [[0, 10], [1, 5]] as const) {
      let th = 2.0, thd = -0.5, ret = 0;
      for (let t = 0; t < 200; t++) {
        const norm = ((th + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
        ret -= norm * norm + 0.1 * thd * thd; // u = 0
        thd = Math.min(8, Math.max(-8, thd + ((3 * g) / 2) * Math.sin(th) * 0.05));
        th += thd * 0.05;
      }
      expect(r.returns[c]).toBeCloseTo(ret, 9);
      expect(r.lengths[c]).toBe(200);
      expect(r.terminated[c]).toBe(0);
    }
  });

  it('a vectorised sweep equals running each condition alone, bitwise', () => {
    const actor = expertActor('Pendulum-v1');
    const starts = initialStates('Pendulum-v1', 4, 3);
    const conditions: Params[] = [{}, { g: 14 }, { l: 0.6 }, { m: 1.7, max_torque: 1.2 }];
    const together = rollout({ envId: 'Pendulum-v1', actor, conditions, initialStates: starts });
    conditions.forEach((c, i) => {
      const alone = rollout({ envId: 'Pendulum-v1', actor, conditions: [c], initialStates: starts });
      expect(Array.from(conditionReturns(together, i))).toEqual(Array.from(alone.returns));
    });
    // and each episode alone as well
    const one = rollout({ envId: 'Pendulum-v1', actor, conditions: [{ g: 14 }], initialStates: starts.subarray(2 * 2, 3 * 2) });
    expect(one.returns[0]).toBe(together.returns[1 * 4 + 2]);
  });

  it('initial states depend on the seed only; the same seed gives identical results', () => {
    expect(Array.from(initialStates('Acrobot-v1', 5, 9))).toEqual(Array.from(initialStates('Acrobot-v1', 5, 9)));
    expect(Array.from(initialStates('Acrobot-v1', 3, 9))).toEqual(Array.from(initialStates('Acrobot-v1', 5, 9).subarray(0, 12)));
    expect(Array.from(initialStates('Acrobot-v1', 5, 9))).not.toEqual(Array.from(initialStates('Acrobot-v1', 5, 10)));
    const ctx = { envId: 'Acrobot-v1', episodes: 5, seed: 4 };
    const a = evaluateSweeps(expertActor('Acrobot-v1'), ctx, [{ param: 'link_mass_2', factors: [0.5, 1, 2] }]);
    const b = evaluateSweeps(expertActor('Acrobot-v1'), ctx, [{ param: 'link_mass_2', factors: [0.5, 1, 2] }]);
    expect(a).toEqual(b);
  });

  it('records traces whose rewards sum to the return and whose first state is the initial state', () => {
    const ctx = { envId: 'CartPole-v1', episodes: 3, seed: 5 };
    const { results, traces } = evaluateConditions(constantActor(4, 'discrete', 0), ctx, [{ label: 'a', params: {} }, { label: 'b', params: { gravity: 15 } }], [{ condition: 1, episode: 2 }]);
    expect(traces.length).toBe(1);
    const t = traces[0];
    expect(t.params).toEqual({ gravity: 15 });
    expect(t.rewards.reduce((s, x) => s + x, 0)).toBe(results[1].returns[2]);
    expect(t.length).toBe(results[1].returns[2]);
    expect(t.states.length).toBe((t.length + 1) * 4);
    expect(Array.from(t.states.subarray(0, 4))).toEqual(Array.from(initialStates('CartPole-v1', 3, 5).subarray(8, 12)));
    expect(Array.from(t.actions)).toEqual(new Array(t.length).fill(0));
    expect(t.terminated).toBe(true);
  });

  it('summarises sweeps: worst point and area on the log axis', () => {
    const ctx = { envId: 'Pendulum-v1', episodes: 4, seed: 1 };
    const [s] = evaluateSweeps(expertActor('Pendulum-v1'), ctx, [{ param: 'g', factors: [0.5, 1, 1.5, 2] }]);
    const means = s.points.map((p) => p.summary.mean);
    expect(s.worst.mean).toBe(Math.min(...means));
    const l = [0.5, 1, 1.5, 2].map(Math.log);
    let area = 0;
    for (let i = 1; i < 4; i++) area += ((means[i] + means[i - 1]) / 2) * (l[i] - l[i - 1]);
    expect(s.area).toBeCloseTo(area / (l[3] - l[0]), 9);
    expect(s.points[2].params).toEqual({ g: 15 });
    // The expert is weaker at strong gravity (sim-and-data §5.2).
    expect(s.worst.factor).toBeGreaterThan(1);
  });

  it('the worst case in a box is no better than any point it covers, checked by independent evaluation', async () => {
    const ctx = { envId: 'Pendulum-v1', episodes: 4, seed: 2 };
    const actor = expertActor('Pendulum-v1');
    const eps = Math.log(1.5);
    const box = await evaluateWorstBox(actor, ctx, { params: ['g', 'm'], eps, randomPoints: 4, refineRounds: 3 });
    // Independently evaluate the 4 corners and the centre.
    const grid = [[1, 1], [1.5, 1.5], [1.5, 1 / 1.5], [1 / 1.5, 1.5], [1 / 1.5, 1 / 1.5]];
    const { results } = evaluateConditions(actor, ctx, grid.map(([fg, fm], i) => ({ label: `p${i}`, params: { g: 10 * fg, m: 1 * fm } })));
    for (const r of results) expect(box.worst.summary.mean).toBeLessThanOrEqual(r.summary.mean + 1e-9);
    for (const p of box.evaluated) expect(box.worst.summary.mean).toBeLessThanOrEqual(p.mean + 1e-9);
    for (const f of box.worst.factors) expect(Math.abs(Math.log(f))).toBeLessThanOrEqual(eps + 1e-12);
    expect(box.worst.params.g).toBeCloseTo(10 * box.worst.factors[0], 12);
    // The re-evaluated worst point reproduces the search's value (same starts, deterministic policy).
    expect(Math.min(...box.evaluated.map((p) => p.mean))).toBeCloseTo(box.worst.summary.mean, 9);
  });

  it('normalises with expert and random references from the same evaluator', () => {
    const ctx = { envId: 'CartPole-v1', episodes: 10, seed: 3 };
    const refs = nominalReferences(ctx);
    expect(refs.expert).toBe(500);
    expect(refs.random).toBeGreaterThan(8);
    expect(refs.random).toBeLessThan(60);
    const { results } = evaluateConditions(expertActor('CartPole-v1'), ctx, [{ label: 'nominal', params: {} }]);
    expect(scoreOf(results[0].summary.mean, refs)).toBe(1);
  });

  it('rejects unknown parameters and mismatched policies with user errors', () => {
    const ctx = { envId: 'CartPole-v1', episodes: 2, seed: 1 };
    expect(() => evaluateSweeps(expertActor('CartPole-v1'), ctx, [{ param: 'mass', factors: [1] }])).toThrow(/unknown parameter 'mass'/);
    expect(() => evaluateSweeps(expertActor('CartPole-v1'), ctx, [{ param: 'length', factors: [0] }])).toThrow(/positive/);
    expect(() => evaluateConditions(expertActor('Pendulum-v1'), ctx, [{ label: 'n', params: {} }])).toThrow(/3 observation values/);
  });
});
