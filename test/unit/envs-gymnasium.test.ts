// Agreement with Gymnasium: reference trajectories computed by Gymnasium's own step() code, run in Python
// (test/unit/envs-gymnasium-reference.py, output in envs-gymnasium-reference.json), from fixed states and
// action sequences, nominal and perturbed. Every observation, reward and internal state must agree to 1e-9
// and every termination flag exactly, through the single Env and through a VecEnv holding all cases at once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Env, VecEnv, getEnvSpec } from '../../src/core/envs';

interface RefStep { observation: number[]; reward: number; terminated: boolean; state: number[] }
interface RefCase { envId: string; params: Record<string, number>; state: number[]; actions: (number | number[])[]; steps: RefStep[] }
const ref = JSON.parse(readFileSync(new URL('./envs-gymnasium-reference.json', import.meta.url), 'utf8')) as { cases: RefCase[] };

function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > 1e-9) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, Gymnasium ${expected[i]} (diff ${actual[i] - expected[i]})`);
    }
  }
}

describe('dynamics agree with Gymnasium to 1e-9', () => {
  it('holds reference cases for every environment (nominal and perturbed)', () => {
    const ids = new Set(ref.cases.map((c) => c.envId));
    expect([...ids].sort()).toEqual(['Acrobot-v1', 'CartPole-v1', 'MountainCarContinuous-v0', 'Pendulum-v1']);
    expect(ref.cases.filter((c) => Object.keys(c.params).length > 0).length).toBeGreaterThanOrEqual(4);
  });

  ref.cases.forEach((c, k) => {
    it(`case ${k}: ${c.envId} ${JSON.stringify(c.params)} from [${c.state.join(', ')}], ${c.steps.length} steps`, () => {
      const env = new Env(c.envId, c.params);
      env.state = c.state;
      c.steps.forEach((want, t) => {
        const got = env.step(c.actions[t]);
        expectClose(got.observation, want.observation, `step ${t} observation`);
        expectClose([got.reward], [want.reward], `step ${t} reward`);
        expectClose(env.state, want.state, `step ${t} state`);
        expect(got.terminated, `step ${t} terminated`).toBe(want.terminated);
      });
    });
  });

  it('a VecEnv running the cases of one environment together (mixed parameters) gives the same numbers', () => {
    for (const id of ['CartPole-v1', 'Pendulum-v1', 'MountainCarContinuous-v0', 'Acrobot-v1']) {
      const cases = ref.cases.filter((c) => c.envId === id);
      const vec = new VecEnv(id, cases.length, cases.map((c) => c.params));
      cases.forEach((c, i) => vec.setState(i, c.state));
      const ad = vec.actionDim;
      const actions = new Float64Array(cases.length * ad);
      const longest = Math.max(...cases.map((c) => c.steps.length));
      for (let t = 0; t < longest; t++) {
        cases.forEach((c, i) => {
          if (t < c.steps.length) actions.set(([] as number[]).concat(c.actions[t]), i * ad);
        });
        vec.step(actions);
        cases.forEach((c, i) => {
          if (t >= c.steps.length) return;
          const want = c.steps[t];
          expectClose(vec.observations.subarray(i * vec.obsDim, (i + 1) * vec.obsDim), want.observation, `${id} env ${i} step ${t} observation`);
          expectClose([vec.rewards[i]], [want.reward], `${id} env ${i} step ${t} reward`);
          expect(vec.terminated[i] === 1).toBe(want.terminated);
        });
      }
      expect(getEnvSpec(id).id).toBe(id);
    }
  });
});
