// The environment registry (core/environments/): one entry per environment holds its spec, physics, expert,
// default perturbations and playground defaults; the page's views (ui/canvas/draw.ts) list the same ids.
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, allEnvIds, defaultEvalParamsOf, envIds, getEnvEntry, getEnvSpec, getExpert, playgroundDefaults } from '../../src/core/environments/registry';
import { ENV_VIEWS } from '../../src/ui/canvas/draw';
import { ENV_IDS, defaultSetup, parseSetup, setupForEnv } from '../../src/core/setup';
import { Env } from '../../src/core/envs';

describe('the environment registry', () => {
  it('holds every environment once, and the setup, the page and the CLI list exactly its ids', () => {
    expect(allEnvIds.length).toBe(11);
    expect(new Set(allEnvIds).size).toBe(allEnvIds.length);
    expect([...ENV_IDS]).toEqual(allEnvIds);
    expect(Object.keys(ENV_VIEWS).sort()).toEqual([...allEnvIds].sort());
    expect(envIds).toEqual(['CartPole-v1', 'Pendulum-v1', 'MountainCarContinuous-v0', 'Acrobot-v1']);
  });

  it("each entry is its environment's: spec and expert carry its id, default perturbations name its parameters", () => {
    for (const id of allEnvIds) {
      const e = getEnvEntry(id);
      expect(e.spec.id).toBe(id);
      expect(getEnvSpec(id)).toBe(e.spec);
      expect(e.expert.envId).toBe(id);
      expect(getExpert(id)).toBe(e.expert);
      const names = e.spec.params.map((p) => p.name);
      expect(e.evalParams.length).toBeGreaterThan(0);
      for (const p of e.evalParams) expect(names).toContain(p);
      expect(defaultEvalParamsOf(e.spec)).toEqual(e.evalParams);
      // a drawer of its own (classic control) or the MuJoCo side view, never neither
      expect(ENV_VIEWS[id].draw === 'mujoco').toBe(e.family === 'mujoco');
      expect(ENV_VIEWS[id].stepsPerSecond).toBeGreaterThan(0);
    }
  });

  it("classic entries' physics run without loading anything; their expert acts in range", () => {
    for (const id of envIds) {
      const env = new Env(id);
      const obs = env.reset(0);
      expect(obs.length).toBe(ENVIRONMENTS[id].spec.obsNames.length);
      expect(ENVIRONMENTS[id].dynamics().spec).toBe(ENVIRONMENTS[id].spec);
    }
  });

  it('playground defaults are valid settings: picking an environment applies its own and clears the previous one', () => {
    for (const id of allEnvIds) {
      const s = parseSetup(setupForEnv(defaultSetup, id));
      for (const [k, v] of Object.entries(playgroundDefaults(id))) expect(s[k as keyof typeof s]).toEqual(v);
      if (playgroundDefaults(id).evalParam) expect(getEnvSpec(id).params.map((p) => p.name)).toContain(playgroundDefaults(id).evalParam);
      // leaving it for CartPole restores the page's defaults
      expect(setupForEnv(setupForEnv(defaultSetup, id), 'CartPole-v1')).toEqual(defaultSetup);
    }
  });

  it('an unknown id is a one-line error listing the valid ones', () => {
    expect(() => getEnvSpec('Nope-v0')).toThrow(/unknown environment 'Nope-v0' \(valid: CartPole-v1, .*Ant-v5\)/);
    expect(() => getExpert('mjcf:x.xml')).toThrow(/no built-in expert for 'mjcf:x.xml'/);
  });
});
