// PlanarRunner-v0 (the project's half-cheetah-like runner): HalfCheetah's reward and observation conventions,
// perturbations acting on the model (mass matrix, friction, qfrc_actuator), the CPG demonstrator's determinism
// and documented returns, the geoms' poses for the side view against hand-computed planar kinematics, and
// `droil eval --perturb --worst-box` on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { Env, getEnvSpec, paramVector } from '../../src/core/envs';
import { generateDemos, getExpert } from '../../src/core/experts';
import { episodeReturns } from '../../src/core/data/dataset';
import { geomTrack } from '../../src/core/mujoco/geoms';
import { disposeMujocoEnvs, getMujocoDynamics, loadMujocoEnvs } from '../../src/core/mujoco/registry';
import { Rng } from '../../src/core/rng';

const R = 'PlanarRunner-v0';

beforeAll(async () => {
  await loadMujocoEnvs();
});
afterAll(() => disposeMujocoEnvs());

describe('PlanarRunner-v0', () => {
  it('rewards forward velocity - 0.1 |a|^2, never terminates, and observes qpos[1:] ‖ qvel', () => {
    const env = new Env(R);
    env.reset(4);
    const rng = new Rng(1);
    for (let t = 0; t < 50; t++) {
      const x0 = env.state[0];
      const a = [0, 1, 2, 3].map(() => rng.uniform(-1.5, 1.5)); // beyond the bounds: MuJoCo clamps, the cost does not
      const r = env.step(a);
      expect(r.terminated).toBe(false);
      expect(r.reward).toBeCloseTo((env.state[0] - x0) / 0.05 - 0.1 * a.reduce((s, v) => s + v * v, 0), 10);
      expect(Array.from(r.observation)).toEqual(Array.from(env.state.subarray(1)));
    }
    // Upside down is still not a termination (HalfCheetah's convention).
    env.state = [0, 0.3, Math.PI, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(env.step([0, 0, 0, 0]).terminated).toBe(false);
  });

  it('resets to qpos0 + U(-0.1, 0.1) and qvel 0.1 N(0, 1) from the seeded Rng', () => {
    const env = new Env(R);
    const got = Array.from(env.reset(17));
    const rng = new Rng(17);
    const qpos = [0, 0.55, 0, 0, 0, 0, 0].map((q) => q + rng.uniform(-0.1, 0.1));
    const qvel = Array.from({ length: 7 }, () => 0.1 * rng.normal());
    expect(Array.from(env.state)).toEqual([...qpos, ...qvel]);
    expect(got).toEqual([...qpos.slice(1), ...qvel]);
  });

  it('perturbations reach the model: torso mass (mass matrix), friction (a sliding body), gear (qfrc_actuator on the four joints)', () => {
    const dyn = getMujocoDynamics(R);
    const spec = getEnvSpec(R);
    const s0 = new Float64Array(14);
    s0[1] = 0.55;
    // The rootx slide carries every body: M[0][0] is the total mass.
    const totalMass = (params: Record<string, number>) => dyn.withSim(paramVector(spec, params), s0, (m, d, mj) => {
      mj.mj_forward(m, d);
      const buf = new mj.DoubleBuffer(m.nv * m.nv);
      try {
        mj.mj_fullM(m, d, buf);
        return (buf.GetView() as Float64Array)[0];
      } finally {
        buf.delete();
      }
    });
    const masses = spec.params.filter((p) => p.name.endsWith('_mass'));
    const sum = masses.reduce((s, p) => s + p.default, 0);
    expect(totalMass({})).toBeCloseTo(sum, 10);
    expect(totalMass({ torso_mass: 2 * masses[0].default })).toBeCloseTo(sum + masses[0].default, 10);
    for (const gear of [30, 60, 120]) {
      const f = dyn.withSim(paramVector(spec, { gear }), s0, (m, d, mj) => {
        [0.5, -0.25, 1, -1].forEach((u, k) => { d.ctrl[k] = u; });
        mj.mj_forward(m, d);
        return Array.from(d.qfrc_actuator as Float64Array);
      });
      expect(f.slice(0, 3)).toEqual([0, 0, 0]);
      [0.5, -0.25, 1, -1].forEach((u, k) => expect(f[3 + k]).toBeCloseTo(gear * u, 10));
    }
    // Standing, pushed forward at 2 m/s: with less friction the feet slide further.
    const slide = (friction: number) => {
      const env = new Env(R, { friction });
      env.state = [0, 0.55, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];
      for (let t = 0; t < 10; t++) env.step([0, 0, 0, 0]);
      return env.state[0];
    };
    expect(slide(0.2)).toBeGreaterThan(slide(1) + 0.05);
  });

  it('geoms are placed by the model\'s planar kinematics: torso capsule along the body x axis, head ahead and above', () => {
    const dyn = getMujocoDynamics(R);
    const [x, z, th] = [1.3, 0.7, 0.4];
    const s = [x, z, th, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const { geoms, frames } = geomTrack(dyn, [s]);
    expect(geoms.map((g) => `${g.name}:${g.kind}`)).toEqual(['floor:plane', 'torso:capsule', 'head:sphere', 'bthigh:capsule', 'bshin:capsule', 'fthigh:capsule', 'fshin:capsule']);
    expect(geoms[1].size.slice(0, 2)).toEqual([0.05, 0.45]);
    const f = frames[0];
    // Rotation about +y by th: body x axis -> (cos th, 0, -sin th); body point (px, pz) -> (px cos th + pz sin th, -px sin th + pz cos th).
    expect(f[12 * 1]).toBeCloseTo(x, 12);
    expect(f[12 * 1 + 2]).toBeCloseTo(z, 12);
    // The capsule's local z axis (its length), up to sign (MuJoCo may orient a fromto capsule either way).
    const sign = Math.sign(f[12 + 3 + 2]);
    const axisZ = [sign * f[12 + 3 + 2], sign * f[12 + 6 + 2], sign * f[12 + 9 + 2]];
    expect(axisZ[0]).toBeCloseTo(Math.cos(th), 12);
    expect(axisZ[1]).toBeCloseTo(0, 12);
    expect(axisZ[2]).toBeCloseTo(-Math.sin(th), 12);
    expect(f[24]).toBeCloseTo(x + 0.55 * Math.cos(th) + 0.08 * Math.sin(th), 12);
    expect(f[26]).toBeCloseTo(z - 0.55 * Math.sin(th) + 0.08 * Math.cos(th), 12);
    // Back thigh hangs from the torso's back end (-0.45 along the body x axis), its centre 0.125 below it.
    expect(f[36]).toBeCloseTo(x - 0.45 * Math.cos(th) - 0.125 * Math.sin(th), 12);
    expect(f[38]).toBeCloseTo(z + 0.45 * Math.sin(th) - 0.125 * Math.cos(th), 12);
  });
});

describe('PlanarRunner-v0 CPG demonstrator', () => {
  it('is deterministic from the seed and runs forward steadily (documented in docs/mujoco.md)', () => {
    const a = generateDemos(R, { episodes: 2, seed: 3 });
    const b = generateDemos(R, { episodes: 2, seed: 3 });
    expect(b.actions).toEqual(a.actions);
    expect(b.observations).toEqual(a.observations);
    expect(Array.from(a.episodeStarts)).toEqual([0, 1000, 2000]);
    const expert = getExpert(R);
    const act = new Float64Array(4);
    for (const seed of [1, 2, 3]) {
      const env = new Env(R);
      let o = env.reset(seed);
      let maxPitch = 0;
      const xs: number[] = [];
      for (let t = 0; t < 1000; t++) {
        expert.act(o, 0, act, 0);
        o = env.step(act).observation;
        maxPitch = Math.max(maxPitch, Math.abs(env.state[2]));
        if (t % 250 === 249) xs.push(env.state[0]);
      }
      expect(maxPitch).toBeLessThan(RUNNER_DOC.maxPitch);
      for (let q = 1; q < 4; q++) expect(xs[q] - xs[q - 1]).toBeGreaterThan(RUNNER_DOC.minQuarter);
    }
    for (const r of episodeReturns(a)!) expect(r).toBeGreaterThan(RUNNER_DOC.minReturn);
  });
});

describe('droil eval on PlanarRunner-v0', () => {
  it('sweeps a body mass by name and finds a worst case in the box no better than the nominal centre', async () => {
    let out = '', err = '';
    const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
    const code = await main(['eval', '--env', R, '--policy', 'expert', '--episodes', '2', '--perturb', 'torso_mass=0.5,1', '--worst-box', '0.3', '--box-params', 'torso_mass,friction', '--box-random', '2', '--box-rounds', '1', '--json'], io);
    expect(code, err).toBe(0);
    const j = JSON.parse(out) as { mean: number; sweeps: { points: { factor: number; mean: number }[] }[]; worstBox: { mean: number; factors: number[] } };
    expect(j.sweeps[0].points.map((p) => p.factor)).toEqual([0.5, 1]);
    expect(j.sweeps[0].points[1].mean).toBe(j.mean); // factor 1 is the nominal model, same starts
    expect(j.worstBox.mean).toBeLessThanOrEqual(j.mean);
    for (const f of j.worstBox.factors) expect(Math.abs(Math.log(f))).toBeLessThanOrEqual(0.3 + 1e-12);
  });
});

/** What docs/mujoco.md documents for the runner's demonstrator (checked on three starts above). */
const RUNNER_DOC = { maxPitch: 1.3, minQuarter: 8, minReturn: 300 };
