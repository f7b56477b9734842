// MuJoCo environments (src/core/mujoco): the models compile with the documented defaults, stepping is
// bitwise deterministic and VecEnv equals Env, perturbations reach the model as intended (checked against
// closed forms of the mass matrix, opt.gravity and qfrc_actuator), the LQR experts balance, and MuJoCo
// objects are freed (no heap growth over many episodes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Env, VecEnv, allEnvIds, envIds, getDynamics, getEnvSpec, paramVector } from '../../src/core/envs';
import { isUserError } from '../../src/core/errors';
import { generateDemos, getExpert } from '../../src/core/experts';
import { episodeReturns } from '../../src/core/data/dataset';
import { DEFAULT_EVAL_PARAMS } from '../../src/core/environments/registry';
import { MujocoDynamics } from '../../src/core/mujoco/dynamics';
import { liveHandles } from '../../src/core/mujoco/loader';
import { disposeMujocoEnvs, getMujocoDynamics, loadMujocoEnvs } from '../../src/core/mujoco/registry';
import { mujocoEnvIds, type MujocoEnvId } from '../../src/core/mujoco/tasks';
import { Rng } from '../../src/core/rng';

const IP = 'InvertedPendulum-v5';
const IDP = 'InvertedDoublePendulum-v5';

beforeAll(async () => {
  await loadMujocoEnvs();
});
afterAll(() => disposeMujocoEnvs());

/** Run a fixed control sequence from a state; return every step's state. */
function rollout(id: string, params: Record<string, number>, state: number[], controls: number[]): Float64Array[] {
  const env = new Env(id, params);
  env.state = state;
  const dim = env.spec.actionSpace.kind === 'continuous' ? env.spec.actionSpace.dim : 1;
  return controls.map((u) => {
    env.step(new Array<number>(dim).fill(u));
    return env.state;
  });
}

function controlSequence(n: number, seed: number, lo: number, hi: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** The full mass matrix at a state (mj_fullM after mj_forward). */
function massMatrix(id: MujocoEnvId, params: Record<string, number>, state: number[]): number[][] {
  const dyn = getMujocoDynamics(id);
  return dyn.withSim(paramVector(dyn.spec, params), Float64Array.from(state), (model, data, mj) => {
    mj.mj_forward(model, data);
    const nv = model.nv;
    const buf = new mj.DoubleBuffer(nv * nv);
    try {
      mj.mj_fullM(model, data, buf);
      const v = buf.GetView() as Float64Array;
      return Array.from({ length: nv }, (_, i) => Array.from(v.subarray(i * nv, (i + 1) * nv)));
    } finally {
      buf.delete();
    }
  });
}

describe('MuJoCo models and registry', () => {
  it('are listed beside the classic environments, which stay as they were', () => {
    expect(envIds).toEqual(['CartPole-v1', 'Pendulum-v1', 'MountainCarContinuous-v0', 'Acrobot-v1']);
    expect(allEnvIds).toEqual([...envIds, ...mujocoEnvIds]);
    expect(mujocoEnvIds).toEqual([IP, IDP, 'Hopper-v5', 'PlanarRunner-v0', 'HalfCheetah-v5', 'Walker2d-v5', 'Ant-v5']);
  });

  it('compile with the spec defaults read back from the model (masses by body, |gravity|, gear) and Gymnasium\'s dt', () => {
    const expected: Partial<Record<MujocoEnvId, { bodies: string[]; gear: number; timestep: number; frameSkip: number; nq: number }>> = {
      [IP]: { bodies: ['cart', 'pole'], gear: 100, timestep: 0.02, frameSkip: 2, nq: 2 },
      [IDP]: { bodies: ['cart', 'pole', 'pole2'], gear: 500, timestep: 0.01, frameSkip: 5, nq: 3 },
      'Hopper-v5': { bodies: ['torso', 'thigh', 'leg', 'foot'], gear: 200, timestep: 0.002, frameSkip: 4, nq: 6 },
      'PlanarRunner-v0': { bodies: ['torso', 'bthigh', 'bshin', 'fthigh', 'fshin'], gear: 60, timestep: 0.01, frameSkip: 5, nq: 7 },
    };
    // HalfCheetah-v5, Walker2d-v5 and Ant-v5: test/unit/mujoco-locomotion.test.ts
    for (const id of Object.keys(expected) as MujocoEnvId[]) {
      const dyn = getMujocoDynamics(id);
      const spec = getEnvSpec(id);
      const e = expected[id]!;
      expect(dyn.nq).toBe(e.nq);
      expect(dyn.nv).toBe(e.nq);
      expect(dyn.task.frameSkip).toBe(e.frameSkip);
      dyn.withSim(paramVector(spec), new Float64Array(spec.stateNames.length), (model, _data, mj) => {
        const opt = model.opt;
        try {
          expect(opt.timestep).toBe(e.timestep);
          expect(-opt.gravity[2]).toBe(spec.params.find((p) => p.name === 'gravity')!.default);
        } finally {
          opt.delete();
        }
        for (const body of e.bodies) {
          const bid = mj.mj_name2id(model, mj.mjtObj.mjOBJ_BODY.value, body);
          expect(model.body_mass[bid]).toBe(spec.params.find((p) => p.name === `${body}_mass`)!.default);
        }
        for (let k = 0; k < model.nu; k++) expect(model.actuator_gear[6 * k]).toBe(e.gear);
        expect(spec.params.find((p) => p.name === 'gear')!.default).toBe(e.gear);
      });
    }
  });

  it('have default evaluation parameters that name their own parameters', () => {
    for (const id of mujocoEnvIds) {
      const names = getEnvSpec(id).params.map((p) => p.name);
      expect(DEFAULT_EVAL_PARAMS[id].length).toBeGreaterThanOrEqual(3);
      for (const p of DEFAULT_EVAL_PARAMS[id]) expect(names).toContain(p);
    }
  });

  it('need loading: before loadMujocoEnvs() creating one is a UserError that says so; the spec is available', async () => {
    disposeMujocoEnvs();
    expect(liveHandles()).toBe(0);
    expect(getEnvSpec(IP).obsNames).toHaveLength(4);
    let err: unknown;
    try {
      new Env(IP);
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/InvertedPendulum-v5 runs on MuJoCo .*loadMujocoEnvs/);
    await loadMujocoEnvs();
    expect(() => new Env(IP)).not.toThrow();
  });
});

describe('MuJoCo stepping', () => {
  it('is bitwise deterministic: same state and controls give identical states, in separate Envs and in a VecEnv', () => {
    for (const id of mujocoEnvIds) {
      const spec = getEnvSpec(id);
      const start = new Env(id);
      start.reset(7);
      const s0 = Array.from(start.state);
      const controls = controlSequence(60, 3, -0.3, 0.3);
      const a = rollout(id, {}, s0, controls);
      const b = rollout(id, {}, s0, controls);
      for (let t = 0; t < controls.length; t++) expect(Array.from(b[t])).toEqual(Array.from(a[t]));
      // A VecEnv of three environments with different pole masses, stepped together, equals three Envs.
      const massParam = spec.params.find((p) => p.name.endsWith('_mass') && p.name !== 'cart_mass')!;
      const masses = [1, 1.5, 0.7].map((f) => f * massParam.default);
      const vec = new VecEnv(id, 3, masses.map((m) => ({ [massParam.name]: m })), { maxEpisodeSteps: 1000 });
      for (let i = 0; i < 3; i++) vec.setState(i, s0);
      const singles = masses.map((m) => rollout(id, { [massParam.name]: m }, s0, controls.slice(0, 20)));
      for (let t = 0; t < 20; t++) {
        vec.step(new Float64Array(3 * vec.actionDim).fill(controls[t]));
        for (let i = 0; i < 3; i++) {
          if (!vec.active[i] && vec.steps[i] <= t) continue;
          expect(Array.from(vec.states.subarray(i * vec.stateDim, (i + 1) * vec.stateDim))).toEqual(Array.from(singles[i][t]));
        }
      }
    }
  });

  it('follows Gymnasium\'s reset distributions, deterministic from the seed', () => {
    const ip = new Env(IP);
    const a = Array.from(ip.reset(11)), b = Array.from(ip.reset(11));
    expect(a).toEqual(b);
    expect(Array.from(ip.reset(12))).not.toEqual(a);
    const rng = new Rng(11);
    expect(a).toEqual([0, 1, 2, 3].map(() => rng.uniform(-0.01, 0.01)));
    const idp = new Env(IDP);
    idp.reset(5);
    const r = new Rng(5);
    const qpos = [0, 1, 2].map(() => r.uniform(-0.1, 0.1));
    const qvel = [0, 1, 2].map(() => 0.1 * r.normal());
    expect(Array.from(idp.state)).toEqual([...qpos, ...qvel, 0]);
    // The observation: x, sines, cosines, velocities (clipped to +-10), constraint force.
    const o = idp.observe();
    expect(Array.from(o)).toEqual([qpos[0], Math.sin(qpos[1]), Math.sin(qpos[2]), Math.cos(qpos[1]), Math.cos(qpos[2]), ...qvel, 0]);
  });

  it('InvertedPendulum: reward 1 while |hinge| <= 0.2, termination beyond; InvertedDoublePendulum: termination when the tip is at or below z = 1', () => {
    const ip = new Env(IP);
    ip.state = [0, 0.19, 0, 3];
    let r = ip.step([0]);
    expect(Math.abs(r.observation[1])).toBeGreaterThan(0.2);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
    ip.state = [0, 0.05, 0, 0];
    r = ip.step([0]);
    expect(r.terminated).toBe(false);
    expect(r.reward).toBe(1);
    // Double pendulum from rest at upright: the reward is 10 minus the tip's distance penalty (tip at z ~ 1.2).
    const idp = new Env(IDP);
    idp.state = [0, 0, 0, 0, 0, 0, 0];
    r = idp.step([0]);
    expect(r.terminated).toBe(false);
    expect(r.reward).toBeCloseTo(10 - (1.2 - 2) ** 2, 6);
    idp.state = [0, 1.2, 0, 0, 0, 0, 0]; // lower pole 69 deg from upright: tip z = 1.2 cos(1.2) = 0.43
    r = idp.step([0]);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBeLessThan(0);
  });
});

describe('MuJoCo perturbations', () => {
  it('a heavier pole changes the trajectory; mass parameters set body_mass and scale the inertia (mass matrix closed forms)', () => {
    const spec = getEnvSpec(IP);
    const mc = spec.params[0].default, mp = spec.params[1].default;
    const s0 = [0.01, 0.05, 0, 0];
    const controls = controlSequence(10, 1, -1, 1);
    const nominal = rollout(IP, {}, s0, controls);
    const heavy = rollout(IP, { pole_mass: 2 * mp }, s0, controls);
    expect(Math.abs(heavy[9][1] - nominal[9][1])).toBeGreaterThan(1e-3);
    // Slide joint along x: M[0][0] is the mass of everything it carries, cart + pole.
    // Hinge: M[1][1] is the pole's inertia about the hinge axis, I_com + m d^2, which scales with the mass
    // factor when the inertia does (uniform density).
    const at = [0, 0.3, 0, 0];
    const M1 = massMatrix(IP, {}, at);
    const M2 = massMatrix(IP, { pole_mass: 2 * mp, cart_mass: 3 * mc }, at);
    expect(M1[0][0]).toBeCloseTo(mc + mp, 10);
    expect(M2[0][0]).toBeCloseTo(3 * mc + 2 * mp, 10);
    expect(M2[1][1] / M1[1][1]).toBeCloseTo(2, 10);
    expect(M2[0][1] / M1[0][1]).toBeCloseTo(2, 10);
    // Back to nominal: the model is restored exactly (parameters are rewritten from the originals).
    expect(massMatrix(IP, {}, at)).toEqual(M1);
  });

  it('gravity sets opt.gravity (the model vector scaled by g / 9.81) and gear scales the applied force (qfrc_actuator)', () => {
    for (const id of [IP, IDP] as const) {
      const dyn = getMujocoDynamics(id);
      const g0 = dyn.withSim(paramVector(dyn.spec), new Float64Array(dyn.spec.stateNames.length), (m) => {
        const o = m.opt;
        try { return Array.from(o.gravity as Float64Array); } finally { o.delete(); }
      });
      for (const g of [4.9, 9.81, 19.62]) {
        const got = dyn.withSim(paramVector(dyn.spec, { gravity: g }), new Float64Array(dyn.spec.stateNames.length), (m) => {
          const o = m.opt;
          try { return Array.from(o.gravity as Float64Array); } finally { o.delete(); }
        });
        expect(got[2]).toBeCloseTo(-g, 12);
        expect(got[0]).toBeCloseTo((g0[0] * g) / 9.81, 18);
      }
      const gear0 = dyn.spec.params.find((p) => p.name === 'gear')!.default;
      for (const factor of [0.5, 1, 2]) {
        for (const u of [0.3, -0.7]) {
          const f = dyn.withSim(paramVector(dyn.spec, { gear: gear0 * factor }), new Float64Array(dyn.spec.stateNames.length), (m, d, mj) => {
            d.ctrl[0] = u;
            mj.mj_forward(m, d);
            return Array.from(d.qfrc_actuator as Float64Array);
          });
          expect(f[0]).toBeCloseTo(gear0 * factor * u, 10);
          for (let k = 1; k < f.length; k++) expect(f[k]).toBe(0);
        }
      }
    }
  });

  it('stronger gravity makes an uncontrolled pole fall sooner', () => {
    const fallSteps = (g: number) => {
      const env = new Env(IP, { gravity: g });
      env.state = [0, 0.02, 0, 0];
      let t = 0;
      while (!env.step([0]).terminated) t++;
      return t;
    };
    expect(fallSteps(19.62)).toBeLessThan(fallSteps(9.81));
    expect(fallSteps(9.81)).toBeLessThan(fallSteps(4.9));
  });
});

describe('MuJoCo experts and memory', () => {
  it('LQR experts balance for the whole episode (InvertedPendulum: 1000 of 1000; InvertedDoublePendulum: >= 9300)', () => {
    const ip = episodeReturns(generateDemos(IP, { episodes: 3, seed: 2026 }))!;
    expect(ip).toEqual([1000, 1000, 1000]);
    const idp = generateDemos(IDP, { episodes: 3, seed: 2026 });
    expect(idp.episodeStarts[3]).toBe(3000);
    for (const r of episodeReturns(idp)!) expect(r).toBeGreaterThanOrEqual(9300);
  });

  it('frees what it creates: no heap growth and a constant handle count over many episodes; dispose deletes every handle', async () => {
    const dyn = getDynamics(IP) as MujocoDynamics;
    const env = new Env(IP);
    const runEpisodes = (n: number) => {
      for (let e = 0; e < n; e++) {
        env.reset(e);
        for (let t = 0; t < 20; t++) env.step([0.1]);
      }
    };
    // Models compile on first use (registry.ts); compile them all to count their handles.
    const compileAll = () => { for (const id of mujocoEnvIds) getMujocoDynamics(id); };
    compileAll();
    runEpisodes(20);
    const heap = dyn.heapBytes(), handles = liveHandles();
    expect(handles).toBe(3 * mujocoEnvIds.length); // model, data, option per task
    runEpisodes(300);
    for (let i = 0; i < 50; i++) new VecEnv(IP, 4).reset(i);
    expect(dyn.heapBytes()).toBe(heap);
    expect(liveHandles()).toBe(handles);
    // Every handle a reload creates is deleted by the next dispose, and reloading does not leak: the WASM heap
    // (which never shrinks) reaches its high-water mark within a few cycles and then stays flat. Each load
    // allocates one MjData arena of 13.6 MB (MuJoCo's default size) per task; a freed arena leaves a hole that
    // the next, same-sized request cannot always reuse, so the first reloads can grow the heap (docs/mujoco.md:
    // flat at 73.5 MB from the 3rd to the 40th cycle). A leaked MjData would add 13.6 MB per cycle.
    const afterReload = async () => {
      disposeMujocoEnvs();
      expect(liveHandles()).toBe(0);
      await loadMujocoEnvs();
      expect(liveHandles()).toBe(0); // nothing compiled until used
      compileAll();
      expect(liveHandles()).toBe(handles);
      return (getDynamics(IP) as MujocoDynamics).heapBytes();
    };
    for (let i = 0; i < 4; i++) await afterReload();
    const plateau = await afterReload();
    for (let i = 0; i < 6; i++) expect(await afterReload()).toBe(plateau);
  });
});

describe('Hopper-v5', () => {
  const H = 'Hopper-v5';

  it('rewards forward velocity + 1 while healthy - 1e-3 |a|^2, and terminates when unhealthy', () => {
    const env = new Env(H);
    env.reset(3);
    const x0 = env.state[0];
    const a = [0.3, -0.5, 0.8];
    const r = env.step(a);
    const x1 = env.state[0];
    expect(r.terminated).toBe(false);
    expect(r.reward).toBeCloseTo((x1 - x0) / 0.008 + 1 - 1e-3 * (0.09 + 0.25 + 0.64), 12);
    // The observation drops rootx and clips velocities to +-10.
    expect(Array.from(r.observation)).toEqual([...Array.from(env.state.subarray(1, 6)), ...Array.from(env.state.subarray(6)).map((v) => Math.min(Math.max(v, -10), 10))]);
    env.state = [0, 1.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // torso tilted beyond 0.2 rad
    const bad = env.step([0, 0, 0]);
    expect(bad.terminated).toBe(true);
    expect(bad.reward).toBeCloseTo((env.state[0] - 0) / 0.008, 12);
  });

  it('gear sets all three motors (qfrc_actuator = gear x ctrl on each actuated joint); friction changes a sliding foot', () => {
    const dyn = getMujocoDynamics(H);
    const s0 = new Float64Array(12);
    s0[1] = 1.25;
    for (const gear of [100, 200, 300]) {
      const f = dyn.withSim(paramVector(dyn.spec, { gear }), s0, (m, d, mj) => {
        d.ctrl[0] = 0.5; d.ctrl[1] = -0.25; d.ctrl[2] = 0.75;
        mj.mj_forward(m, d);
        return Array.from(d.qfrc_actuator as Float64Array);
      });
      expect(f.slice(0, 3)).toEqual([0, 0, 0]);
      expect(f[3]).toBeCloseTo(gear * 0.5, 10);
      expect(f[4]).toBeCloseTo(gear * -0.25, 10);
      expect(f[5]).toBeCloseTo(gear * 0.75, 10);
    }
    // Standing on the floor with a forward push on the torso: less friction, different motion.
    const start = [0, 1.2, 0, 0, 0, 0, 1.5, 0, 0, 0, 0, 0];
    const run = (friction: number) => rollout(H, { friction }, start, new Array<number>(30).fill(0))[29];
    expect(Array.from(run(1))).toEqual(Array.from(run(1)));
    expect(Math.abs(run(0.2)[0] - run(1)[0])).toBeGreaterThan(1e-3);
  });
});

describe('Hopper-v5 demonstrator', () => {
  it('is deterministic from the seed and hops forward for the whole episode (documented: 1000 steps, about 18 m, return about 3250)', () => {
    const a = generateDemos('Hopper-v5', { episodes: 2, seed: 9 });
    const b = generateDemos('Hopper-v5', { episodes: 2, seed: 9 });
    expect(b.actions).toEqual(a.actions);
    expect(b.observations).toEqual(a.observations);
    expect(Array.from(a.episodeStarts)).toEqual([0, 1000, 2000]);
    const expert = getExpert('Hopper-v5');
    const act = new Float64Array(3);
    for (const seed of [1, 2, 3]) {
      const env = new Env('Hopper-v5');
      let o = env.reset(seed);
      let ret = 0, t = 0;
      const xs: number[] = [];
      for (; t < 1000; t++) {
        expert.act(o, 0, act, 0);
        const r = env.step(act);
        ret += r.reward;
        o = r.observation;
        if (t % 250 === 249) xs.push(env.state[0]);
        if (r.terminated) break;
      }
      expect(t).toBe(1000);
      expect(ret).toBeGreaterThan(3200);
      // Steady: each quarter of the episode covers 3.5 to 5.5 m (about 2.2 m/s).
      for (let q = 1; q < 4; q++) expect(xs[q] - xs[q - 1]).toBeGreaterThan(3.5);
      for (let q = 1; q < 4; q++) expect(xs[q] - xs[q - 1]).toBeLessThan(5.5);
      expect(env.state[0]).toBeGreaterThan(17);
    }
  });
});
