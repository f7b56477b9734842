// Built-in experts: expert-level returns over 100 seeded episodes, gains that are the LQR solutions of the
// linearised dynamics (solved here independently by Riccati iteration), the controllers' rules, and
// demonstration datasets that are deterministic, self-consistent and equal to an independent replay.
import { describe, expect, it } from 'vitest';
import { episodeReturns, numEpisodes, numTransitions, type Dataset } from '../../src/core/data/dataset';
import { Env, envIds, getEnvSpec } from '../../src/core/envs';
import { expertActor, generateDemos, getExpert } from '../../src/core/experts';
import { CARTPOLE_LQR_GAINS } from '../../src/core/experts/cartpole';
import { PENDULUM_LQR_GAINS } from '../../src/core/experts/pendulum';
import { Rng } from '../../src/core/rng';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('expert returns (100 seeded episodes, nominal parameters)', () => {
  const thresholds: Record<string, number> = { 'CartPole-v1': 475, 'MountainCarContinuous-v0': 90, 'Acrobot-v1': -100, 'Pendulum-v1': -200 };
  for (const id of envIds) {
    it(`${id}: mean return >= ${thresholds[id]}`, () => {
      const d = generateDemos(id, { episodes: 100, seed: 2026 });
      expect(numEpisodes(d)).toBe(100);
      expect(mean(episodeReturns(d)!)).toBeGreaterThanOrEqual(thresholds[id]);
    });
  }
});

// Discrete algebraic Riccati equation by fixed-point iteration, single input: K = (R + B'PB)^-1 B'PA.
function dlqrSingleInput(A: number[][], B: number[], Q: number[], R: number): number[] {
  const n = B.length;
  let P = Q.map((q, i) => Q.map((_, j) => (i === j ? q : 0)));
  let K = new Array(n).fill(0);
  for (let it = 0; it < 4000; it++) {
    const PB = P.map((row) => row.reduce((s, v, j) => s + v * B[j], 0));
    const s = R + B.reduce((acc, b, i) => acc + b * PB[i], 0);
    const BtPA = A[0].map((_, j) => PB.reduce((acc, v, i) => acc + v * A[i][j], 0));
    K = BtPA.map((v) => v / s);
    const AtPA = A[0].map((_, i) => A[0].map((_, j) => {
      let acc = 0;
      for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) acc += A[k][i] * P[k][l] * A[l][j];
      return acc;
    }));
    const next = AtPA.map((row, i) => row.map((v, j) => (i === j ? Q[i] : 0) + v - BtPA[i] * K[j]));
    // Keep P exactly symmetric: rounding asymmetry would grow through the unstable mode.
    P = next.map((row, i) => row.map((v, j) => (v + next[j][i]) / 2));
  }
  return K;
}

describe('expert gains are the LQR solutions of the linearised dynamics', () => {
  it('CartPole: Euler-discretised linearisation at upright, Q = diag(1, 1, 10, 1), R = 1', () => {
    const g = 9.8, mp = 0.1, M = 1.1, l = 0.5, tau = 0.02;
    const den = l * (4 / 3 - mp / M);
    // theta_acc ~ (g theta - F/M) / den; x_acc = F/M - (mp l / M) theta_acc
    const a32 = g / den, b3 = -1 / (M * den);
    const a12 = -(mp * l / M) * a32, b1 = 1 / M - (mp * l / M) * b3;
    const Ac = [[0, 1, 0, 0], [0, 0, a12, 0], [0, 0, 0, 1], [0, 0, a32, 0]];
    const A = Ac.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) + tau * v));
    const K = dlqrSingleInput(A, [0, tau * b1, 0, tau * b3], [1, 1, 10, 1], 1);
    // The expert pushes right when -K s > 0.
    K.forEach((k, i) => expect(-k).toBeCloseTo(CARTPOLE_LQR_GAINS[i], 2));
  });

  it('Pendulum: exact discretisation of the semi-implicit step at upright, Q = diag(1, 0.1), R = 0.001', () => {
    const a = 15, b = 3, dt = 0.05;
    const K = dlqrSingleInput([[1 + a * dt * dt, dt], [a * dt, 1]], [b * dt * dt, b * dt], [1, 0.1], 0.001);
    expect(K[0]).toBeCloseTo(PENDULUM_LQR_GAINS[0], 2);
    expect(K[1]).toBeCloseTo(PENDULUM_LQR_GAINS[1], 3);
  });
});

describe('controller rules', () => {
  const act = (id: string, obs: number[]) => expertActor(id).act(Float64Array.from(obs), 1)[0];
  it('MountainCar: full throttle along the velocity; at rest push left unless near the left wall', () => {
    expect(act('MountainCarContinuous-v0', [-0.5, 0.01])).toBe(1);
    expect(act('MountainCarContinuous-v0', [-0.5, -0.01])).toBe(-1);
    expect(act('MountainCarContinuous-v0', [-0.5, 0])).toBe(-1);
    expect(act('MountainCarContinuous-v0', [-1.1, 0])).toBe(1);
  });
  it('Acrobot: torque sign(2 dtheta2 - dtheta1) as the action index torque + 1', () => {
    expect(act('Acrobot-v1', [1, 0, 1, 0, 1.0, 0.6])).toBe(2);
    expect(act('Acrobot-v1', [1, 0, 1, 0, 1.0, 0.4])).toBe(0);
    expect(act('Acrobot-v1', [1, 0, 1, 0, 1.0, 0.5])).toBe(1);
  });
  it('Pendulum: LQR near the top (clipped), energy pumping below', () => {
    const th = 0.2, w = 0.1;
    expect(act('Pendulum-v1', [Math.cos(th), Math.sin(th), w])).toBeCloseTo(Math.max(-2, -19.693 * th - 5.2625 * w), 12);
    expect(act('Pendulum-v1', [Math.cos(0.05), Math.sin(0.05), 0])).toBeCloseTo(-19.693 * 0.05, 12);
    // Hanging down, moving: E = w^2/2 + 15 cos(theta) < 15, so push along the velocity.
    expect(act('Pendulum-v1', [-1, 0, 0.5])).toBeCloseTo(Math.min(2, (15 - (0.125 - 15)) * 0.5), 12);
    expect(act('Pendulum-v1', [-1, 0, 0])).toBe(1);
  });
  it('an Actor acts row by row over a batch', () => {
    const rng = new Rng(3);
    for (const id of envIds) {
      const actor = expertActor(id);
      const n = 17;
      const obs = Float64Array.from({ length: n * actor.obsDim }, () => rng.uniform(-1, 1));
      const batch = actor.act(obs, n);
      expect(batch.length).toBe(n * actor.actionDim);
      for (let i = 0; i < n; i++) {
        const one = actor.act(obs.slice(i * actor.obsDim, (i + 1) * actor.obsDim), 1);
        expect(Array.from(one)).toEqual(Array.from(batch.subarray(i * actor.actionDim, (i + 1) * actor.actionDim)));
      }
    }
  });
});

function expectSameDataset(a: Dataset, b: Dataset): void {
  expect(a.observations).toEqual(b.observations);
  expect(a.actions).toEqual(b.actions);
  expect(a.nextObservations).toEqual(b.nextObservations);
  expect(a.rewards).toEqual(b.rewards);
  expect(a.terminals).toEqual(b.terminals);
  expect(a.timeouts).toEqual(b.timeouts);
  expect(a.episodeStarts).toEqual(b.episodeStarts);
}

describe('generateDemos', () => {
  it('same seed, identical dataset; another seed, different data; more episodes extend the set', () => {
    for (const id of envIds) {
      const a = generateDemos(id, { episodes: 5, seed: 77 });
      expectSameDataset(a, generateDemos(id, { episodes: 5, seed: 77 }));
      expect(generateDemos(id, { episodes: 5, seed: 78 }).observations).not.toEqual(a.observations);
      const more = generateDemos(id, { episodes: 8, seed: 77 });
      const n = numTransitions(a);
      expect(more.observations.subarray(0, n * a.obsDim)).toEqual(a.observations);
      expect(more.episodeStarts.subarray(0, 6)).toEqual(a.episodeStarts);
    }
  });

  it('is self-consistent: next observation of t is the observation of t+1, one end flag at each episode end', () => {
    for (const id of envIds) {
      const spec = getEnvSpec(id);
      const d = generateDemos(id, { episodes: 6, seed: 5 });
      expect(d.meta).toMatchObject({ envId: id, format: 'built-in', source: 'built-in', generator: { expert: getExpert(id).name, seed: 5, episodes: 6 } });
      expect(d.obsDim).toBe(spec.obsNames.length);
      expect(d.actionKind).toBe(spec.actionSpace.kind);
      for (let e = 0; e < numEpisodes(d); e++) {
        const s = d.episodeStarts[e], t = d.episodeStarts[e + 1];
        expect(t - s).toBeGreaterThan(0);
        expect(t - s).toBeLessThanOrEqual(spec.maxEpisodeSteps);
        for (let i = s; i + 1 < t; i++) {
          expect(d.nextObservations.subarray(i * d.obsDim, (i + 1) * d.obsDim)).toEqual(d.observations.subarray((i + 1) * d.obsDim, (i + 2) * d.obsDim));
          expect(d.terminals[i] + d.timeouts[i]).toBe(0);
        }
        expect(d.terminals[t - 1] + d.timeouts[t - 1]).toBe(1);
        // A timeout happens exactly at the time limit.
        if (d.timeouts[t - 1]) expect(t - s).toBe(spec.maxEpisodeSteps);
      }
    }
    const cp = generateDemos('CartPole-v1', { episodes: 3, seed: 1 });
    expect(Array.from(cp.timeouts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(Array.from(cp.episodeStarts)).toEqual([0, 500, 1000, 1500]);
  });

  it('equals an independent replay of each episode with Env and the expert', () => {
    for (const id of envIds) {
      const d = generateDemos(id, { episodes: 4, seed: 12, params: id === 'Acrobot-v1' ? { link_mass_2: 1.5 } : {} });
      const resets = new Rng(12).derive('demos/reset');
      const actor = expertActor(id);
      for (let e = 0; e < 4; e++) {
        const env = new Env(id, id === 'Acrobot-v1' ? { link_mass_2: 1.5 } : {});
        let obs = env.reset(resets.nextSeed());
        for (let i = d.episodeStarts[e]; i < d.episodeStarts[e + 1]; i++) {
          expect(d.observations.subarray(i * d.obsDim, (i + 1) * d.obsDim)).toEqual(Float32Array.from(obs));
          const a = actor.act(obs, 1);
          expect(d.actions[i * d.actionDim]).toBe(Math.fround(a[0]));
          const r = env.step(d.actionKind === 'discrete' ? a[0] : Array.from(a));
          expect(d.rewards![i]).toBe(Math.fround(r.reward));
          expect(d.terminals[i]).toBe(r.terminated ? 1 : 0);
          obs = r.observation;
        }
      }
    }
  });

  it('imperfect-expert hooks: epsilon-random actions lower the return, deterministically, and are recorded', () => {
    const noisy = generateDemos('CartPole-v1', { episodes: 20, seed: 3, epsilon: 1 });
    expect(noisy.meta.generator?.epsilon).toBe(1);
    expect(mean(episodeReturns(noisy)!)).toBeLessThan(60); // a uniformly random CartPole policy lasts ~22 steps
    expectSameDataset(noisy, generateDemos('CartPole-v1', { episodes: 20, seed: 3, epsilon: 1 }));
    const jitter = generateDemos('Pendulum-v1', { episodes: 2, seed: 3, actionNoise: 0.2 });
    const clean = generateDemos('Pendulum-v1', { episodes: 2, seed: 3 });
    expect(jitter.actions).not.toEqual(clean.actions);
    expect(Math.max(...Array.from(jitter.actions, Math.abs))).toBeLessThanOrEqual(2);
    expect(() => generateDemos('CartPole-v1', { episodes: 0, seed: 1 })).toThrow(/episodes must be a positive integer/);
  });
});
