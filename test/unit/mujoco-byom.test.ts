// "Bring your own model" (src/core/mujoco/custom.ts, obs-layout.ts, src/cli/mjcf-flags.ts): the observation
// layout parser against hand-worked examples; a user's copy of the hopper XML, loaded with Gymnasium's layout,
// steps exactly like the built-in Hopper-v5 (an independent hand-written task); its parameters act on the model;
// bad XML, a layout outside the model and a dataset of the wrong size are UserErrors naming file, field and
// expected-vs-found; the CLI evaluates a policy on the user's model with a perturbation sweep.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { Env, getEnvSpec, paramVector } from '../../src/core/envs';
import { isUserError } from '../../src/core/errors';
import { generateDemos } from '../../src/core/experts';
import { writeDataset } from '../../src/core/data/write';
import { checkDatasetFitsModel, modernizeMjcf } from '../../src/core/mujoco/custom';
import { HOPPER_XML } from '../../src/core/mujoco/models/hopper';
import { parseObsLayout, resolveObsLayout } from '../../src/core/mujoco/obs-layout';
import { disposeMujocoEnvs, getMujocoDynamics, loadCustomMujocoEnv, loadMujocoEnvs } from '../../src/core/mujoco/registry';
import { Rng } from '../../src/core/rng';

const tmp = mkdtempSync(join(tmpdir(), 'droil-byom-'));
const HOPPER_FILE = join(tmp, 'my-hopper.xml');
const GYM_LAYOUT = 'qpos[1:],clip(qvel,10)';

beforeAll(async () => {
  writeFileSync(HOPPER_FILE, HOPPER_XML);
  await loadMujocoEnvs();
});
afterAll(() => disposeMujocoEnvs());

function userError(fn: () => unknown): Error & { where?: string } {
  try {
    fn();
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true);
    return e as Error & { where?: string };
  }
  throw new Error('expected a UserError');
}

async function userErrorAsync(fn: () => Promise<unknown>): Promise<Error & { where?: string }> {
  try {
    await fn();
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true);
    return e as Error & { where?: string };
  }
  throw new Error('expected a UserError');
}

describe('observation layout', () => {
  it('resolves slices, single and negative indices and clips like Python slices', () => {
    const idx = (text: string, nq: number, nv: number) => resolveObsLayout(parseObsLayout(text), nq, nv, '--obs-layout', 'm').map((e) => `${e.source}${e.index}${e.clip === null ? '' : `~${e.clip}`}`);
    expect(idx('qpos[1:],clip(qvel,10)', 6, 6)).toEqual(['qpos1', 'qpos2', 'qpos3', 'qpos4', 'qpos5', ...[0, 1, 2, 3, 4, 5].map((i) => `qvel${i}~10`)]);
    expect(idx('qpos,qvel', 2, 2)).toEqual(['qpos0', 'qpos1', 'qvel0', 'qvel1']);
    expect(idx('qvel[-2:], qpos[2], qpos[0:2]', 3, 4)).toEqual(['qvel2', 'qvel3', 'qpos2', 'qpos0', 'qpos1']);
    expect(idx('qpos[-1]', 5, 1)).toEqual(['qpos4']);
    expect(idx('clip(qpos[:2], 0.5)', 3, 0)).toEqual(['qpos0~0.5', 'qpos1~0.5']);
  });

  it('names the item that is wrong and the model size', () => {
    expect(userError(() => parseObsLayout('qpos[1:],qacc')).message).toMatch(/cannot read 'qacc'/);
    expect(userError(() => parseObsLayout('clip(qvel,-1)')).message).toMatch(/clip bound must be a finite positive number, got '-1'/);
    const e = userError(() => resolveObsLayout(parseObsLayout('qpos[7]'), 6, 6, '--obs-layout', 'the model (h.xml)'));
    expect(e.where).toBe('--obs-layout');
    expect(e.message).toMatch(/'qpos\[7\]' is out of range: the model \(h\.xml\) has nq = 6 \(valid indices 0\.\.5\)/);
    expect(userError(() => resolveObsLayout(parseObsLayout('qvel[3:3]'), 6, 6, 'x', 'm')).message).toMatch(/selects nothing: m has nv = 6/);
  });
});

describe('a user\'s MJCF model', () => {
  it('with Gymnasium\'s layout and frame skip steps bitwise like the built-in Hopper-v5 (same resets, observations, rewards, terminations)', async () => {
    const spec = await loadCustomMujocoEnv(HOPPER_XML, { file: HOPPER_FILE, obsLayout: GYM_LAYOUT, frameSkip: 4, healthyZ: [0.7, Infinity], healthyAngle: 0.2 });
    expect(spec.id).toBe('mjcf:my-hopper.xml');
    const builtin = getEnvSpec('Hopper-v5');
    expect(spec.obsNames).toEqual(['rootz', 'rooty', 'thigh_joint', 'leg_joint', 'foot_joint', 'rootx_dot', 'rootz_dot', 'rooty_dot', 'thigh_joint_dot', 'leg_joint_dot', 'foot_joint_dot']);
    expect(spec.actionSpace).toEqual(builtin.actionSpace);
    // Parameters derived from the model: the built-in's masses (same names), friction, gravity, a gear factor.
    expect(spec.params.map((p) => [p.name, p.default])).toEqual([
      ...builtin.params.filter((p) => p.name.endsWith('_mass')).map((p) => [p.name, p.default]),
      ['friction', 1], ['gravity', 9.81], ['gear_scale', 1],
    ]);
    const mine = new Env(spec.id), ref = new Env('Hopper-v5');
    const rng = new Rng(5);
    for (const seed of [1, 2]) {
      expect(Array.from(mine.reset(seed))).toEqual(Array.from(ref.reset(seed)));
      for (let t = 0; t < 150; t++) {
        const a = [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)];
        const x = mine.step(a), y = ref.step(a);
        expect(Array.from(x.observation)).toEqual(Array.from(y.observation));
        expect(x.reward).toBe(y.reward);
        expect(x.terminated).toBe(y.terminated);
        if (y.terminated) break;
      }
    }
    // A heavier torso acts like the built-in's torso_mass; gear_scale 0.5 halves every motor (qfrc_actuator).
    const heavy = new Env(spec.id, { torso_mass: 7 }), heavyRef = new Env('Hopper-v5', { torso_mass: 7 });
    heavy.reset(3);
    heavyRef.reset(3);
    for (let t = 0; t < 20; t++) expect(Array.from(heavy.step([0.2, -0.3, 0.1]).observation)).toEqual(Array.from(heavyRef.step([0.2, -0.3, 0.1]).observation));
    const dyn = getMujocoDynamics(spec.id as `mjcf:${string}`);
    const s0 = new Float64Array(12);
    s0[1] = 1.25;
    const f = dyn.withSim(paramVector(spec, { gear_scale: 0.5 }), s0, (m, d, mj) => {
      d.ctrl[0] = 0.4; d.ctrl[1] = -0.2; d.ctrl[2] = 1;
      mj.mj_forward(m, d);
      return Array.from(d.qfrc_actuator as Float64Array);
    });
    expect(f.slice(3)).toEqual([0.5 * 200 * 0.4, 0.5 * 200 * -0.2, 0.5 * 200 * 1].map((v) => expect.closeTo(v, 10)));
  });

  it('without health conditions: no termination, reward = forward progress / dt - 1e-3 |a|^2', async () => {
    const spec = await loadCustomMujocoEnv(HOPPER_XML, { file: join(tmp, 'free.xml') });
    expect(spec.obsNames).toHaveLength(12); // default layout qpos,qvel
    const env = new Env(spec.id);
    env.reset(0);
    env.state = [0, 1.25, 1.0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0]; // tilted far beyond the built-in's 0.2 rad
    const r = env.step([0.5, 0, 0]);
    expect(r.terminated).toBe(false);
    expect(r.reward).toBeCloseTo(env.state[0] / 0.002 - 1e-3 * 0.25, 10); // frame skip 1: dt = 0.002
  });

  it('refuses bad XML, an out-of-range layout and a dataset of the wrong size, naming file, field and sizes', async () => {
    const bad = await userErrorAsync(() => loadCustomMujocoEnv('<mujoco><worldbody><geom size="x"/></worldbody></mujoco>', { file: 'broken.xml' }));
    expect(bad.where).toBe('broken.xml');
    expect(bad.message).toMatch(/MuJoCo cannot compile the model: .*bad format in attribute 'size'/);
    const noMotor = await userErrorAsync(() => loadCustomMujocoEnv('<mujoco><worldbody><body><joint/><geom size="0.1"/></body></worldbody></mujoco>', { file: 'passive.xml' }));
    expect(noMotor.message).toMatch(/no actuators/);
    const range = await userErrorAsync(() => loadCustomMujocoEnv(HOPPER_XML, { file: 'h.xml', obsLayout: 'qpos[1:],qvel[6]' }));
    expect(range.where).toBe('--obs-layout');
    expect(range.message).toMatch(/'qvel\[6\]' is out of range: the model \(h\.xml\) has nv = 6/);
    const spec = await loadCustomMujocoEnv(HOPPER_XML, { file: 'h.xml', obsLayout: 'qpos,qvel' });
    const e = userError(() => checkDatasetFitsModel(spec, { obsDim: 11, actionDim: 3, actionKind: 'continuous' }, 'd4rl-hopper.h5', 'qpos,qvel', 'h.xml'));
    expect(e.where).toBe('d4rl-hopper.h5: observations');
    expect(e.message).toMatch(/the dataset has 11 values per observation, but the observation layout 'qpos,qvel' of h\.xml gives 12/);
    const a = userError(() => checkDatasetFitsModel(spec, { obsDim: 12, actionDim: 2, actionKind: 'continuous' }, 'd.npz', 'qpos,qvel', 'h.xml'));
    expect(a.where).toBe('d.npz: actions');
    expect(a.message).toMatch(/2 value\(s\), but h\.xml has 3 actuators/);
  });

  it('accepts Gymnasium-era attributes MuJoCo 3 removed (nstack, coordinate="local")', () => {
    const old = HOPPER_XML.replace('<compiler angle="degree"', '<compiler angle="degree" coordinate="local"').replace('<mujoco model="hopper">', '<mujoco model="hopper">\n  <size nstack="300000"/>');
    expect(modernizeMjcf(old).replace(/\s*<size\s*\/>/, '')).toBe(HOPPER_XML);
  });
});

describe('droil with --mjcf', () => {
  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '', err = '';
    const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
    return { code: await main(argv, io), out, err };
  }
  const flags = ['--mjcf', HOPPER_FILE, '--obs-layout', GYM_LAYOUT, '--frame-skip', '4', '--healthy-z', '0.7,1000', '--healthy-angle', '0.2'];

  it('eval runs a policy on the user\'s model with a perturbation sweep of a body mass by name', async () => {
    const r = await run(['eval', ...flags, '--policy', 'random', '--episodes', '2', '--perturb', 'torso_mass=0.5,2', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { envId: string; returns: number[]; sweeps: { param: string; nominalValue: number; points: { factor: number }[] }[]; references?: unknown };
    expect(j.envId).toBe('mjcf:my-hopper.xml');
    expect(j.returns).toHaveLength(2);
    expect(j.sweeps[0].param).toBe('torso_mass');
    expect(j.sweeps[0].nominalValue).toBe(getEnvSpec('Hopper-v5').params[0].default);
    expect(j.references).toBeUndefined(); // no built-in expert for a user's model
  });

  it('train refuses a dataset whose observations do not fit the layout, in one error line', async () => {
    const data = join(tmp, 'hopper-demos.npz');
    writeFileSync(data, await writeDataset(generateDemos('Hopper-v5', { episodes: 1, seed: 1 }), 'npz'));
    const r = await run(['train', '--mjcf', HOPPER_FILE, '--obs-layout', 'qpos,qvel', '--data', data, '--algo', 'bc', '--steps', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: ${data.replace(/[.]/g, '\\.')}: observations: the dataset has 11 values per observation, but the observation layout 'qpos,qvel' of my-hopper\\.xml gives 12 .*\\n$`));
    const wrongEnv = await run(['eval', '--mjcf', HOPPER_FILE, '--env', 'Hopper-v5', '--policy', 'random']);
    expect(wrongEnv.err).toMatch(/^error: --env: --mjcf .* defines the environment mjcf:my-hopper\.xml/);
    const stray = await run(['eval', '--env', 'Hopper-v5', '--obs-layout', 'qpos', '--policy', 'random']);
    expect(stray.err).toMatch(/^error: --obs-layout: only applies to a user's model/);
  });
});
