// The playground's MuJoCo pieces: the setup schema with the MuJoCo ids, the per-task defaults an env pick brings
// (and takes back), share links of MuJoCo setups, the worker's geom frames of a trace (checked against the
// hopper's kinematics: its torso capsule is centred on the root joints) and the worker's CSP forwarding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Env, getEnvSpec } from '../../src/core/envs';
import { expertActor } from '../../src/core/experts';
import { playgroundDefaults } from '../../src/core/environments/registry';
import { disposeMujocoEnvs, loadMujocoEnvs, mujocoLoaded } from '../../src/core/mujoco/registry';
import { mujocoEnvIds } from '../../src/core/mujoco/tasks';
import {
  CLASSIC_ENV_IDS, decodeLink, defaultSetup, encodeLink, ENV_IDS, MUJOCO_ENV_IDS, parseSetup, setupForEnv, type Setup,
} from '../../src/core/setup';
import { forwardCspViolations } from '../../src/worker/csp';
import { planEval } from '../../src/core/experiment/evaluate';
import { prepare, withGeoms } from '../../src/worker/mujoco';
import type { Trace, WorkerCspViolation } from '../../src/worker/protocol';

describe('setup schema and per-task defaults', () => {
  it('lists every built-in MuJoCo task after classic control, and accepts each', () => {
    expect([...MUJOCO_ENV_IDS].sort()).toEqual([...mujocoEnvIds].sort());
    expect(ENV_IDS).toEqual([...CLASSIC_ENV_IDS, ...MUJOCO_ENV_IDS]);
    for (const id of MUJOCO_ENV_IDS) expect(parseSetup({ ...defaultSetup, envId: id }).envId).toBe(id);
    expect(() => parseSetup({ ...defaultSetup, envId: 'mjcf:hopper.xml' })).toThrow(/envId/);
  });

  it('a MuJoCo pick brings valid defaults whose sweep parameter belongs to the task; the evaluation plan uses it', () => {
    for (const id of MUJOCO_ENV_IDS) {
      const s = setupForEnv({ ...defaultSetup, params: { length: 2 }, evalShift: { length: 2 }, evalParam: 'length' }, id);
      expect(parseSetup(s)).toEqual(s);
      expect(s.params).toEqual({});
      expect(s.evalShift).toEqual({});
      for (const [k, v] of Object.entries(playgroundDefaults(id))) expect(s[k as keyof Setup]).toEqual(v);
      expect(getEnvSpec(id).params.map((p) => p.name)).toContain(s.evalParam);
      // Synchronous for MuJoCo ids (specs are static data): no WebAssembly needed to plan.
      const plan = planEval(s);
      expect(plan.evalParam).toBe(s.evalParam);
      expect(plan.factors[0]).toBeCloseTo(s.evalFactorMin, 12);
      expect(plan.box!.params.every((n) => getEnvSpec(id).params.some((p) => p.name === n))).toBe(true);
    }
  });

  it('leaving MuJoCo restores the defaults it changed; classic to classic keeps the user\'s settings', () => {
    expect(setupForEnv(setupForEnv(defaultSetup, 'Hopper-v5'), 'CartPole-v1')).toEqual(defaultSetup);
    const mine: Setup = { ...defaultSetup, steps: 777, evalEpisodes: 4, demos: { kind: 'builtin', episodes: 5, seed: 3 } };
    const acro = setupForEnv(mine, 'Acrobot-v1');
    expect({ steps: acro.steps, evalEpisodes: acro.evalEpisodes, demos: acro.demos }).toEqual({ steps: 777, evalEpisodes: 4, demos: mine.demos });
    // MuJoCo to MuJoCo: the new task's own values.
    expect(setupForEnv(setupForEnv(defaultSetup, 'PlanarRunner-v0'), 'Hopper-v5')).toEqual(setupForEnv(defaultSetup, 'Hopper-v5'));
  });

  it('MuJoCo setups round-trip through share links (readable and compressed)', () => {
    for (const id of MUJOCO_ENV_IDS) {
      const s = { ...setupForEnv(defaultSetup, id), params: { [getEnvSpec(id).params[0].name]: 1.5 } };
      const link = encodeLink(s, { teach: true });
      const back = decodeLink(link);
      expect(back.message).toBeUndefined();
      expect(back.setup).toEqual(s);
      expect(back.view.teach).toBe(true);
    }
  });
});

describe('worker: MuJoCo on first use, geom frames of a trace', () => {
  beforeAll(() => disposeMujocoEnvs());
  afterAll(() => disposeMujocoEnvs());

  it('prepare() loads MuJoCo only for MuJoCo ids, once', async () => {
    expect(await prepare('CartPole-v1')).toBe(0);
    expect(mujocoLoaded()).toBe(false);
    expect(await prepare('Hopper-v5')).toBeGreaterThan(0);
    expect(mujocoLoaded()).toBe(true);
    expect(await prepare('InvertedPendulum-v5')).toBe(0);
  });

  it('frames follow the hopper: its torso capsule sits at (rootx, rootz) in every frame', async () => {
    await loadMujocoEnvs();
    const env = new Env('Hopper-v5', { torso_mass: 5 });
    const actor = expertActor('Hopper-v5');
    let obs = env.reset(4);
    const states: number[] = [...env.state];
    let steps = 0;
    for (; steps < 200; steps++) {
      const r = env.step(actor.act(obs, 1));
      states.push(...env.state);
      obs = r.observation;
      if (r.terminated || r.truncated) { steps++; break; }
    }
    const sd = getEnvSpec('Hopper-v5').stateNames.length;
    const trace: Trace = {
      envId: 'Hopper-v5', params: { ...env.params }, stateDim: sd, states: Float64Array.from(states), actionDim: 3,
      actions: new Float64Array(3 * steps), rewards: new Float64Array(steps), steps, return: 0,
    };
    const t = withGeoms(trace);
    expect(t.geoms).toBeDefined();
    const { geoms, frames } = t.geoms!;
    expect(frames.length).toBe(steps + 1);
    const torso = geoms.findIndex((g) => g.name === 'torso_geom');
    expect(geoms[torso].kind).toBe('capsule');
    let moved = 0;
    for (let k = 0; k <= steps; k++) {
      const x = frames[k][12 * torso], z = frames[k][12 * torso + 2];
      expect(x).toBeCloseTo(t.states[k * sd], 12);
      expect(z).toBeCloseTo(t.states[k * sd + 1], 12);
      moved = Math.max(moved, Math.abs(x - frames[0][12 * torso]));
    }
    expect(moved).toBeGreaterThan(0.1); // it hopped forward, so the check is not on a still body
    // Classic control traces are left alone (the page draws them from their states).
    const classic: Trace = { ...trace, envId: 'CartPole-v1' };
    expect(withGeoms(classic)).toBe(classic);
  });
});

describe('worker: CSP violations reach the page', () => {
  it('posts each securitypolicyviolation of its global scope as a droil-csp-violation message', () => {
    const target = new EventTarget();
    const posted: unknown[] = [];
    forwardCspViolations({ addEventListener: target.addEventListener.bind(target) as typeof self.addEventListener, postMessage: (m) => posted.push(m) });
    const ev = Object.assign(new Event('securitypolicyviolation'), { violatedDirective: 'script-src', blockedURI: 'eval', sourceFile: 'https://x/mujoco.js', lineNumber: 12 });
    target.dispatchEvent(ev);
    const want: WorkerCspViolation = { type: 'droil-csp-violation', directive: 'script-src', blockedURI: 'eval', sourceFile: 'https://x/mujoco.js', lineNumber: 12 };
    expect(posted).toEqual([want]);
  });
});
