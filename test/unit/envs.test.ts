// Environment properties derived by hand from Gymnasium's equations: one-step closed forms at chosen states
// (nominal and perturbed parameters), termination and time limits, MountainCar's float32 state, Acrobot's
// wrap and clip, VecEnv == Env bitwise, reset distributions and determinism, parameter validation.
import { describe, expect, it } from 'vitest';
import { Env, VecEnv, envIds, getEnvSpec, resolveParams, angleNormalize } from '../../src/core/envs';
import { isUserError } from '../../src/core/errors';
import { Rng } from '../../src/core/rng';

const TAU = 0.02;

describe('CartPole-v1 by hand', () => {
  // From x = theta = 0 at rest, sin = 0 and cos = 1: temp = F/M, thetaacc = -temp / (l (4/3 - mp/M)),
  // xacc = temp - mp l thetaacc / M; Euler moves only the velocities in the first step.
  const cases: { params: Record<string, number>; F: number; mp: number; mc: number; l: number }[] = [
    { params: {}, F: 10, mp: 0.1, mc: 1.0, l: 0.5 },
    { params: { masspole: 0.4, masscart: 2.0, length: 0.8, force_mag: 6 }, F: 6, mp: 0.4, mc: 2.0, l: 0.8 },
  ];
  for (const c of cases) {
    it(`pushes from the upright rest state as the equations say ${JSON.stringify(c.params)}`, () => {
      for (const action of [0, 1]) {
        const env = new Env('CartPole-v1', c.params);
        env.state = [0, 0, 0, 0];
        const r = env.step(action);
        const F = action === 1 ? c.F : -c.F;
        const M = c.mp + c.mc;
        const thetaacc = -(F / M) / (c.l * (4 / 3 - c.mp / M));
        const xacc = F / M - (c.mp * c.l * thetaacc) / M;
        const s = env.state;
        expect(s[0]).toBe(0);
        expect(s[1]).toBeCloseTo(TAU * xacc, 14);
        expect(s[2]).toBe(0);
        expect(s[3]).toBeCloseTo(TAU * thetaacc, 14);
        expect(r.reward).toBe(1);
        expect(r.terminated).toBe(false);
      }
    });
  }

  it('positions move with the OLD velocities (explicit Euler) and gravity acts through sin(theta)', () => {
    const theta = 0.1, g = 12.5;
    const env = new Env('CartPole-v1', { gravity: g });
    env.state = [0.3, -0.7, theta, 0.4];
    env.step(1);
    const s = env.state;
    expect(s[0]).toBeCloseTo(0.3 + TAU * -0.7, 15);
    expect(s[2]).toBeCloseTo(theta + TAU * 0.4, 15);
    const M = 1.1, pl = 0.05;
    const temp = (10 + pl * 0.16 * Math.sin(theta)) / M;
    const thetaacc = (g * Math.sin(theta) - Math.cos(theta) * temp) / (0.5 * (4 / 3 - (0.1 * Math.cos(theta) ** 2) / M));
    expect(s[3]).toBeCloseTo(0.4 + TAU * thetaacc, 13);
  });

  it('terminates past |x| > 2.4 or |theta| > 12 degrees, with reward 1 on the terminating step', () => {
    const env = new Env('CartPole-v1');
    env.state = [2.39, 1.0, 0, 0]; // x becomes 2.39 + 0.02 = 2.41
    const r = env.step(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(1);
    env.state = [0, 0, 0.2, 0.5]; // theta becomes 0.21 > 0.20944
    expect(env.step(0).terminated).toBe(true);
    env.state = [0, 0, 0.2, 0.4]; // theta becomes 0.208 < 0.20944
    expect(env.step(0).terminated).toBe(false);
  });
});

describe('Pendulum-v1 by hand', () => {
  it('semi-implicit Euler step, reward on the pre-step state with the clipped torque', () => {
    const g = 9, m = 1.3, l = 0.8, maxTorque = 1.2;
    const env = new Env('Pendulum-v1', { g, m, l, max_torque: maxTorque });
    const th = 0.7, thdot = -0.9, u = 1.7; // clipped to 1.2
    env.state = [th, thdot];
    const r = env.step([u]);
    const uc = 1.2;
    const newthdot = thdot + ((3 * g) / (2 * l) * Math.sin(th) + (3 / (m * l * l)) * uc) * 0.05;
    expect(env.state[1]).toBeCloseTo(newthdot, 14);
    expect(env.state[0]).toBeCloseTo(th + newthdot * 0.05, 14);
    expect(r.reward).toBeCloseTo(-(th * th + 0.1 * thdot * thdot + 0.001 * uc * uc), 14);
    expect(Array.from(r.observation)).toEqual([Math.fround(Math.cos(env.state[0])), Math.fround(Math.sin(env.state[0])), Math.fround(env.state[1])]);
    expect(r.terminated).toBe(false);
  });

  it('keeps theta unwrapped in the state, normalises it only in the reward, clips speed at 8', () => {
    const env = new Env('Pendulum-v1');
    env.state = [7.0, 7.95];
    const r = env.step([2]);
    expect(env.state[1]).toBe(8);
    expect(env.state[0]).toBeCloseTo(7.0 + 8 * 0.05, 14); // not wrapped to (-pi, pi]
    const an = 7.0 - 2 * Math.PI;
    expect(r.reward).toBeCloseTo(-(an * an + 0.1 * 7.95 * 7.95 + 0.001 * 4), 13);
    expect(angleNormalize(-Math.PI - 0.5)).toBeCloseTo(Math.PI - 0.5, 15);
    expect(angleNormalize(3 * Math.PI + 0.25)).toBeCloseTo(-Math.PI + 0.25, 13);
  });

  it('never terminates and truncates at 200 steps', () => {
    const env = new Env('Pendulum-v1');
    env.reset(3);
    for (let t = 1; t <= 200; t++) {
      const r = env.step([0.5]);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(t === 200);
    }
  });
});

describe('MountainCarContinuous-v0 by hand', () => {
  it('velocity += a power - gravity cos(3p), state stored as float32, penalty on the UNclipped action', () => {
    const power = 0.002, gravity = 0.003;
    const env = new Env('MountainCarContinuous-v0', { power, gravity });
    env.state = [-0.5, 0.01];
    const r = env.step([1.5]); // force clipped to 1, penalty 0.1 * 1.5^2
    const v = 0.01 + 1 * power - gravity * Math.cos(3 * -0.5);
    const p = -0.5 + v;
    expect(env.state[1]).toBe(Math.fround(v));
    expect(env.state[0]).toBe(Math.fround(p));
    expect(Math.fround(env.state[0])).toBe(env.state[0]);
    expect(r.reward).toBeCloseTo(-0.1 * 1.5 * 1.5, 15);
    expect(Array.from(r.observation)).toEqual([Math.fround(p), Math.fround(v)]);
  });

  it('every stored state is a float32 value over a long run', () => {
    const env = new Env('MountainCarContinuous-v0');
    env.reset(11);
    const rng = new Rng(5);
    for (let t = 0; t < 300; t++) {
      env.step([rng.uniform(-1, 1)]);
      const s = env.state;
      expect(Float64Array.from(Float32Array.from(s))).toEqual(s);
    }
  });

  it('reaching the goal gives +100 minus the action penalty and terminates', () => {
    const env = new Env('MountainCarContinuous-v0');
    env.state = [0.44, 0.02];
    const r = env.step([0.5]);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBeCloseTo(100 - 0.1 * 0.25, 12);
  });

  it('the left wall is inelastic: position clamps to -1.2 and a negative velocity becomes 0', () => {
    const env = new Env('MountainCarContinuous-v0');
    env.state = [-1.19, -0.05];
    env.step([-1]);
    expect(env.state).toEqual(Float64Array.from([Math.fround(-1.2), 0]));
  });

  it('gravity is a parameter: doubling it doubles the pull at rest with zero action', () => {
    const pull = (gravity: number) => {
      const env = new Env('MountainCarContinuous-v0', { gravity });
      env.state = [-0.2, 0];
      env.step([0]);
      return env.state[1];
    };
    expect(pull(0.0025)).toBe(Math.fround(-0.0025 * Math.cos(-0.6)));
    expect(pull(0.005)).toBe(Math.fround(-0.005 * Math.cos(-0.6)));
  });
});

describe('Acrobot-v1', () => {
  it('hanging at rest with no torque is an equilibrium for any parameters', () => {
    const env = new Env('Acrobot-v1', { link_mass_2: 2.5, gravity: 20, link_moi_1: 0.4 });
    env.state = [0, 0, 0, 0];
    const r = env.step(1);
    for (const v of env.state) expect(Math.abs(v)).toBeLessThan(1e-15);
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(false);
  });

  it('the initial acceleration under torque matches the book equations at rest (small-step RK4 limit)', () => {
    // At rest hanging down: d1 = m1 lc1^2 + m2 (l1^2 + lc2^2 + 2 l1 lc2) + I1 + I2, d2 = m2 (lc2^2 + l1 lc2) + I2,
    // phi1 = phi2 = 0 (up to cos(-pi/2)), so ddtheta2 = a / (m2 lc2^2 + I2 - d2^2/d1), ddtheta1 = -d2 ddtheta2 / d1.
    // After one RK4 step of 0.2 s the velocities are close to dt * acceleration (gravity pulls back slightly).
    const p = { link_mass_1: 1.0, link_mass_2: 1.5, link_length_1: 1.0, link_com_pos_1: 0.5, link_com_pos_2: 0.5, link_moi_1: 1.0, link_moi_2: 1.0, torque_scale: 2 };
    const env = new Env('Acrobot-v1', p);
    env.state = [0, 0, 0, 0];
    env.step(2);
    const a = 2, m1 = 1, m2 = 1.5, l1 = 1, lc1 = 0.5, lc2 = 0.5, I1 = 1, I2 = 1;
    const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2) + I1 + I2;
    const d2 = m2 * (lc2 ** 2 + l1 * lc2) + I2;
    const dd2 = a / (m2 * lc2 ** 2 + I2 - d2 ** 2 / d1);
    const dd1 = (-d2 * dd2) / d1;
    expect(env.state[3] / (0.2 * dd2)).toBeGreaterThan(0.9);
    expect(env.state[3] / (0.2 * dd2)).toBeLessThan(1.0);
    expect(env.state[2] / (0.2 * dd1)).toBeGreaterThan(0.9);
    expect(env.state[2] / (0.2 * dd1)).toBeLessThan(1.05);
  });

  it('torques -1 and +1 give mirror-image motion from a mirror-symmetric state', () => {
    const a = new Env('Acrobot-v1');
    const b = new Env('Acrobot-v1');
    a.state = [0.3, -0.2, 0.5, -0.1];
    b.state = [-0.3, 0.2, -0.5, 0.1];
    for (let t = 0; t < 20; t++) {
      a.step(2);
      b.step(0);
      a.state.forEach((v, i) => expect(b.state[i]).toBeCloseTo(-v, 9));
    }
  });

  it('wraps angles into [-pi, pi] and clips velocities at 4 pi and 9 pi', () => {
    const env = new Env('Acrobot-v1');
    env.state = [-3.0, 3.0, -12.0, 27.0];
    env.step(2);
    const s = env.state;
    expect(s[2]).toBe(-4 * Math.PI);
    expect(s[3]).toBe(9 * Math.PI);
    expect(s[1]).toBeLessThan(0); // 3.0 + ~0.5 rad passed +pi and came back from -pi
    for (let t = 0; t < 50; t++) {
      env.step(t % 3);
      const q = env.state;
      expect(Math.abs(q[0])).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(q[1])).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(q[2])).toBeLessThanOrEqual(4 * Math.PI);
      expect(Math.abs(q[3])).toBeLessThanOrEqual(9 * Math.PI);
    }
  });

  it('terminates when the tip rises above the bar: -cos(t1) - cos(t1 + t2) > 1, reward 0 then', () => {
    const env = new Env('Acrobot-v1');
    env.state = [2.0, 0.5, 2.5, 1.0];
    const r = env.step(2);
    const [t1, t2] = env.state;
    expect(-Math.cos(t1) - Math.cos(t1 + t2)).toBeGreaterThan(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
  });
});

describe('reset', () => {
  it('same seed, same initial state; different seeds, different states', () => {
    for (const id of envIds) {
      const a = new Env(id).reset(42);
      const b = new Env(id).reset(42);
      const c = new Env(id).reset(43);
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
    }
  });

  it("draws from Gymnasium's reset distributions", () => {
    const rng = new Rng(1);
    const cp = new Env('CartPole-v1'), pd = new Env('Pendulum-v1'), mc = new Env('MountainCarContinuous-v0'), ac = new Env('Acrobot-v1');
    for (let k = 0; k < 200; k++) {
      cp.reset(rng); pd.reset(rng); mc.reset(rng); ac.reset(rng);
      for (const v of cp.state) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(pd.state[0])).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(pd.state[1])).toBeLessThanOrEqual(1);
      expect(mc.state[0]).toBeGreaterThanOrEqual(-0.6);
      expect(mc.state[0]).toBeLessThanOrEqual(-0.4);
      expect(mc.state[1]).toBe(0);
      for (const v of ac.state) {
        expect(Math.abs(v)).toBeLessThanOrEqual(0.1);
        expect(Math.fround(v)).toBe(v); // float32, as Gymnasium's .astype(np.float32)
      }
    }
  });

  it('the observation is the float32-rounded function of the state', () => {
    const env = new Env('Acrobot-v1');
    env.state = [0.1, -0.2, 0.3, -0.4];
    expect(Array.from(env.observe())).toEqual([Math.cos(0.1), Math.sin(0.1), Math.cos(-0.2), Math.sin(-0.2), 0.3, -0.4].map(Math.fround));
  });
});

describe('time limits (Gymnasium TimeLimit)', () => {
  it('truncates at maxEpisodeSteps, counting from reset', () => {
    for (const id of envIds) {
      const spec = getEnvSpec(id);
      const env = new Env(id, {}, { maxEpisodeSteps: 7 });
      env.reset(1);
      const a = spec.actionSpace.kind === 'discrete' ? 1 : [0];
      const flags: boolean[] = [];
      for (let t = 0; t < 7; t++) flags.push(env.step(a).truncated);
      expect(flags).toEqual([false, false, false, false, false, false, true]);
    }
    expect(getEnvSpec('CartPole-v1').maxEpisodeSteps).toBe(500);
    expect(getEnvSpec('Pendulum-v1').maxEpisodeSteps).toBe(200);
    expect(getEnvSpec('MountainCarContinuous-v0').maxEpisodeSteps).toBe(999);
    expect(getEnvSpec('Acrobot-v1').maxEpisodeSteps).toBe(500);
  });
});

describe('VecEnv', () => {
  it('equals Env bitwise for mixed per-environment parameters and pseudo-random actions', () => {
    const rng = new Rng(9);
    for (const id of envIds) {
      const spec = getEnvSpec(id);
      const n = 6;
      const perEnv = Array.from({ length: n }, (_, i) => Object.fromEntries(spec.params.map((p) => [p.name, p.default * (0.6 + 0.15 * i)])));
      const vec = new VecEnv(id, n, perEnv);
      const singles = perEnv.map((p) => new Env(id, p));
      singles.forEach((e, i) => {
        e.reset(100 + i);
        vec.resetOne(i, 100 + i);
      });
      const ad = vec.actionDim;
      const actions = new Float64Array(n * ad);
      const done = new Array(n).fill(false);
      for (let t = 0; t < 150; t++) {
        for (let i = 0; i < n * ad; i++) {
          actions[i] = spec.actionSpace.kind === 'discrete' ? rng.int(spec.actionSpace.n) : rng.uniform(-2.5, 2.5);
        }
        vec.step(actions);
        singles.forEach((e, i) => {
          if (done[i]) {
            expect(vec.active[i]).toBe(0);
            expect(vec.rewards[i]).toBe(0);
            return;
          }
          const r = e.step(spec.actionSpace.kind === 'discrete' ? actions[i] : Array.from(actions.subarray(i * ad, (i + 1) * ad)));
          const s = e.state;
          for (let k = 0; k < vec.stateDim; k++) expect(Object.is(vec.states[i * vec.stateDim + k], s[k])).toBe(true);
          for (let k = 0; k < vec.obsDim; k++) expect(Object.is(vec.observations[i * vec.obsDim + k], r.observation[k])).toBe(true);
          expect(Object.is(vec.rewards[i], r.reward)).toBe(true);
          expect(vec.terminated[i] === 1).toBe(r.terminated);
          expect(vec.truncated[i] === 1).toBe(r.truncated);
          expect(vec.steps[i]).toBe(t + 1);
          done[i] = r.terminated || r.truncated;
        });
      }
    }
  });

  it('steps only active environments; reset(seed) equals resetting each env from one stream', () => {
    const vec = new VecEnv('CartPole-v1', 3);
    vec.reset(5);
    const rng = new Rng(5);
    const e0 = new Env('CartPole-v1'); e0.reset(rng);
    const e1 = new Env('CartPole-v1'); e1.reset(rng);
    expect(vec.states.subarray(0, 4)).toEqual(e0.state);
    expect(vec.states.subarray(4, 8)).toEqual(e1.state);
    vec.active[1] = 0;
    const before = Float64Array.from(vec.states.subarray(4, 8));
    expect(vec.step(Float64Array.from([1, 1, 1]))).toBe(2);
    expect(vec.states.subarray(4, 8)).toEqual(before);
    expect(Array.from(vec.steps)).toEqual([1, 0, 1]);
    expect(vec.numActive).toBe(2);
  });

  it('rejects a discrete action outside the space', () => {
    const vec = new VecEnv('Acrobot-v1', 2);
    vec.reset(1);
    expect(() => vec.step(Float64Array.from([1, 3]))).toThrow(/actions\[1\].*0\.\.2.*got 3/);
  });
});

describe('parameters', () => {
  it('every environment names its physical parameters with defaults, units and descriptions', () => {
    const names = Object.fromEntries(envIds.map((id) => [id, getEnvSpec(id).params.map((p) => p.name)]));
    expect(names['CartPole-v1']).toEqual(['gravity', 'masscart', 'masspole', 'length', 'force_mag']);
    expect(names['Pendulum-v1']).toEqual(['g', 'm', 'l', 'max_torque']);
    expect(names['MountainCarContinuous-v0']).toEqual(['power', 'gravity']);
    expect(names['Acrobot-v1']).toEqual(expect.arrayContaining(['link_mass_1', 'link_mass_2', 'link_com_pos_1', 'link_com_pos_2', 'link_moi_1', 'link_moi_2', 'gravity', 'torque_scale']));
    for (const id of envIds) {
      const spec = getEnvSpec(id);
      for (const p of spec.params) {
        expect(p.default).toBeGreaterThan(0);
        expect(p.unit.length).toBeGreaterThan(0);
        expect(p.description.length).toBeGreaterThan(5);
      }
      expect(spec.processNoiseStd.length).toBe(spec.stateNames.length);
    }
    expect(resolveParams(getEnvSpec('MountainCarContinuous-v0'), {})).toEqual({ power: 0.0015, gravity: 0.0025 });
  });

  it('unknown names and non-finite or non-positive values are UserErrors naming them', () => {
    const spec = getEnvSpec('CartPole-v1');
    const err = (f: () => unknown) => { try { f(); } catch (e) { expect(isUserError(e)).toBe(true); return (e as Error).message; } throw new Error('no error'); };
    expect(err(() => resolveParams(spec, { mass: 2 }))).toMatch(/unknown parameter 'mass'.*masspole/);
    expect(err(() => resolveParams(spec, { length: 0 }))).toMatch(/'length'.*positive.*0/);
    expect(err(() => resolveParams(spec, { gravity: NaN }))).toMatch(/'gravity'.*NaN/);
    expect(err(() => new Env('CartPole-v2'))).toMatch(/unknown environment 'CartPole-v2'.*CartPole-v1.*Acrobot-v1/);
    expect(err(() => new Env('CartPole-v1').step(2))).toMatch(/integer action in 0\.\.1/);
    expect(err(() => { new Env('CartPole-v1').state = [0, 0, 0]; })).toMatch(/4 values/);
  });
});
