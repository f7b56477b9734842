// The CLI contract of `droil envs`, `droil rollout` and `droil demos`: output that matches the core (and
// Gymnasium's reference trajectories), --help, and one `error:` line with a non-zero exit for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { allEnvIds, envIds, getEnvSpec } from '../../src/core/envs';
import { generateDemos } from '../../src/core/experts';
import { shortestFloat32, stringifyDroilDemos } from '../../src/core/data/json-format';
import { readJson } from '../../src/core/data/readers/json';
import { Rng } from '../../src/core/rng';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => stdin };
  const code = await main(argv, io);
  return { code, out, err };
}

async function expectError(argv: string[], pattern: RegExp, stdin = ''): Promise<void> {
  const r = await run(argv, stdin);
  expect(r.code, `exit code of ${argv.join(' ')}`).not.toBe(0);
  expect(r.out).toBe('');
  expect(r.err.endsWith('\n')).toBe(true);
  const lines = r.err.trimEnd().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

const tmp = mkdtempSync(join(tmpdir(), 'droil-cli-'));
const ref = JSON.parse(readFileSync(new URL('./envs-gymnasium-reference.json', import.meta.url), 'utf8')) as {
  cases: { envId: string; params: Record<string, number>; state: number[]; actions: unknown[]; steps: { observation: number[]; reward: number; terminated: boolean }[] }[];
};

describe('droil envs', () => {
  it('lists every environment with its spaces and parameters (text and JSON)', async () => {
    const text = await run(['envs']);
    expect(text.code).toBe(0);
    for (const id of envIds) {
      expect(text.out).toContain(id);
      for (const p of getEnvSpec(id).params) expect(text.out).toMatch(new RegExp(`${p.name}\\s+${String(p.default).replace('.', '\\.')}\\s+`));
    }
    const json = await run(['envs', '--json']);
    const specs = JSON.parse(json.out) as { id: string; params: { name: string; default: number; unit: string }[]; actionSpace: { kind: string } }[];
    expect(specs.map((s) => s.id)).toEqual(allEnvIds); // classic control, then MuJoCo
    expect(specs[0].params.find((p) => p.name === 'masspole')).toMatchObject({ default: 0.1, unit: 'kg' });
    expect(specs.find((s) => s.id === 'MountainCarContinuous-v0')!.params.map((p) => [p.name, p.default])).toEqual([['power', 0.0015], ['gravity', 0.0025]]);
    expect(specs.find((s) => s.id === 'Acrobot-v1')!.params.find((p) => p.name === 'gravity')!.default).toBe(9.8);
  });

  it('every command listed by --help answers --help with its own usage', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.out.matchAll(/^  (\w+) {2,}\S/gm)].map((m) => m[1]);
    expect(names).toEqual(expect.arrayContaining(['envs', 'rollout', 'demos', 'inspect', 'train', 'eval', 'bench']));
    for (const name of names) {
      const r = await run([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: droil ${name}`));
    }
  });

  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, out: `droil ${pkg.version}\n`, err: '' });
  });
});

describe('droil rollout', () => {
  it("replays Gymnasium's reference trajectories (nominal and perturbed), stopping after termination", async () => {
    // The CLI refuses actions outside the action space (the environments themselves clip, as Gymnasium does).
    const inSpace = ref.cases.filter((c) => {
      const sp = getEnvSpec(c.envId).actionSpace;
      return sp.kind === 'discrete' || c.actions.every((a) => (a as number[]).every((v, k) => v >= sp.low[k] && v <= sp.high[k]));
    });
    expect(inSpace.length).toBeGreaterThanOrEqual(9);
    expect(inSpace.some((c) => c.steps.length < c.actions.length)).toBe(true);
    for (const c of inSpace) {
      const actionsFile = join(tmp, 'actions.json');
      writeFileSync(actionsFile, JSON.stringify(c.actions));
      const params = Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(',');
      const argv = ['rollout', '--env', c.envId, `--state=${c.state.join(',')}`, '--actions', actionsFile, '--json', ...(params ? ['--params', params] : [])];
      const r = await run(argv);
      expect(r.err).toBe('');
      const got = JSON.parse(r.out) as { observations: number[][]; rewards: number[]; terminated: boolean[]; truncated: boolean[] };
      expect(got.rewards).toHaveLength(c.steps.length);
      c.steps.forEach((s, t) => {
        s.observation.forEach((v, k) => expect(Math.abs(got.observations[t][k] - v)).toBeLessThanOrEqual(1e-9));
        expect(Math.abs(got.rewards[t] - s.reward)).toBeLessThanOrEqual(1e-9);
        expect(got.terminated[t]).toBe(s.terminated);
        expect(got.truncated[t]).toBe(false);
      });
    }
  });

  it('reads actions from stdin with `-`, accepts --state=-v and --state -v, stops at the time limit', async () => {
    // One push right from rest, by hand: temp = 10/1.1, thetaacc = -temp/(0.5 (4/3 - 0.1/1.1)), xacc = temp - 0.05 thetaacc/1.1.
    const temp = 10 / 1.1, thetaacc = -temp / (0.5 * (4 / 3 - 0.1 / 1.1)), xacc = temp - (0.05 * thetaacc) / 1.1;
    for (const stateArgs of [['--state=-0.1,0,0,0'], ['--state', '-0.1,0,0,0']]) {
      const r = await run(['rollout', '--env', 'CartPole-v1', ...stateArgs, '--actions', '-', '--json'], '[1]');
      expect(r.code).toBe(0);
      const got = JSON.parse(r.out);
      expect(got.observations[0][0]).toBe(Math.fround(-0.1));
      expect(got.observations[0][1]).toBe(Math.fround(0.02 * xacc));
      expect(got.observations[0][3]).toBe(Math.fround(0.02 * thetaacc));
    }
    const pend = await run(['rollout', '--env', 'Pendulum-v1', '--state=3.14159,0', '--actions', '-', '--json'], JSON.stringify(Array(230).fill([0])));
    const got = JSON.parse(pend.out);
    expect(got.rewards).toHaveLength(200);
    expect(got.truncated.indexOf(true)).toBe(199);
    const table = await run(['rollout', '--env', 'Acrobot-v1', '--state=0,0,0,0', '--actions', '-'], '[2, 0, 1]');
    expect(table.code).toBe(0);
    expect(table.out.trim().split('\n')).toHaveLength(4);
  });

  it('bad input: one error line naming the problem, non-zero exit', async () => {
    const s4 = '--state=0,0,0,0';
    const missing = join(tmp, 'does-not-exist.json');
    await expectError(['rollout', '--env', 'CartPole-v9', s4, '--actions', '-'], /unknown environment 'CartPole-v9'.*CartPole-v1/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', '--state=0,0,0', '--actions', '-'], /--state.*4 values.*got 3/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', '--state=0,zero,0,0', '--actions', '-'], /--state item 2.*expected a number.*'zero'/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-'], /standard input.*not valid JSON/, '[1, 0');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-'], /expected a JSON array/, '{"a": 1}');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-'], /action 2.*integer action in 0\.\.1.*got 2/, '[1, 0, 2]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-'], /action 0.*integer action.*"1"/, '["1"]');
    await expectError(['rollout', '--env', 'Pendulum-v1', '--state=0,0', '--actions', '-'], /action 0.*1 number/, '[[1, 2]]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', missing], /does-not-exist\.json.*cannot read/);
    await expectError(['rollout', '--env', 'CartPole-v1', s4], /missing required option --actions/);
    await expectError(['rollout', s4, '--actions', '-'], /missing required option --env/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', '--actions', '-'], /missing required option --state/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-', '--params', 'mass=2'], /--params.*unknown parameter 'mass'.*masspole/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-', '--params', 'length=0'], /--params.*'length'.*positive/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-', '--params', 'length=abc'], /--params length.*expected a number/, '[1]');
    await expectError(['rollout', '--env', 'CartPole-v1', s4, '--actions', '-', '--frobnicate'], /frobnicate/, '[1]');
  });
});

describe('droil demos', () => {
  it('writes droil-demos JSON equal to the core dataset, identical for the same seed', async () => {
    const a = join(tmp, 'a.json'), b = join(tmp, 'b.json');
    const r = await run(['demos', '--env', 'Pendulum-v1', '--episodes', '3', '--seed', '9', '--out', a]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 episodes, 600 transitions/);
    await run(['demos', '--env', 'Pendulum-v1', '--episodes', '3', '--seed', '9', '--out', b]);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const file = JSON.parse(readFileSync(a, 'utf8'));
    expect(file).toMatchObject({ format: 'droil-demos', version: 1, envId: 'Pendulum-v1', obsDim: 3, actionKind: 'continuous', actionDim: 1, numActions: null, generator: { expert: 'energy-lqr', seed: 9, episodes: 3 } });
    const d = generateDemos('Pendulum-v1', { episodes: 3, seed: 9 });
    expect(file.episodes).toHaveLength(3);
    const flat = (k: 'observations' | 'nextObservations' | 'actions') => Float32Array.from(file.episodes.flatMap((e: Record<string, number[][]>) => e[k].flat()));
    expect(flat('observations')).toEqual(d.observations);
    expect(flat('nextObservations')).toEqual(d.nextObservations);
    expect(flat('actions')).toEqual(d.actions);
    expect(Float32Array.from(file.episodes.flatMap((e: { rewards: number[] }) => e.rewards))).toEqual(d.rewards);
    expect(file.episodes.map((e: { terminal: boolean; timeout: boolean }) => [e.terminal, e.timeout])).toEqual([[false, true], [false, true], [false, true]]);

    const disc = JSON.parse((await run(['demos', '--env', 'Acrobot-v1', '--episodes', '2', '--seed', '1', '--out', '-'])).out);
    expect(disc.numActions).toBe(3);
    expect(disc.episodes[0].actions.every((x: unknown) => Number.isInteger(x))).toBe(true);
    expect(disc.episodes[0].terminal).toBe(true);
  });

  it('the file reads back through the droil-demos reader to the same dataset, bit for bit', () => {
    for (const id of envIds) {
      const d = generateDemos(id, { episodes: 2, seed: 21 });
      const back = readJson(new TextEncoder().encode(stringifyDroilDemos(d)), 'demos.json');
      for (const k of ['observations', 'actions', 'nextObservations', 'rewards', 'terminals', 'timeouts', 'episodeStarts'] as const) {
        expect(back[k], `${id} ${k}`).toEqual(d[k]);
      }
      expect(back.meta).toMatchObject({ envId: id, generator: d.meta.generator });
    }
  });

  it('numbers are the shortest decimals that read back as the same float32', () => {
    const rng = new Rng(8);
    for (let i = 0; i < 3000; i++) {
      const v = Math.fround(rng.normal(0, 10 ** (rng.int(7) - 3)));
      const x = shortestFloat32(v);
      expect(Math.fround(x)).toBe(v);
      const digits = x.toExponential().split('e')[0].replace(/[-.]/g, '').length;
      if (digits > 1) expect(Math.fround(Number(v.toPrecision(digits - 1)))).not.toBe(v);
    }
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
  });

  it('bad input: one error line, non-zero exit', async () => {
    await expectError(['demos', '--env', 'Pendulum-v1', '--episodes', '3', '--seed', '9'], /missing required option --out/);
    await expectError(['demos', '--env', 'Pendulum-v1', '--episodes', '0', '--seed', '9', '--out', '-'], /--episodes.*at least 1/);
    await expectError(['demos', '--env', 'Pendulum-v1', '--episodes', 'many', '--seed', '9', '--out', '-'], /--episodes.*expected a number/);
    await expectError(['demos', '--env', 'Pendulum-v1', '--episodes', '2', '--seed', '1.5', '--out', '-'], /--seed.*integer/);
    await expectError(['demos', '--env', 'Walker', '--episodes', '2', '--seed', '1', '--out', '-'], /unknown environment 'Walker'/);
    await expectError(['demos', '--env', 'Pendulum-v1', '--episodes', '2', '--seed', '1', '--out', join(tmp, 'no', 'dir', 'x.json')], /--out: the directory '.*no\/dir' does not exist/);
  });
});

describe('the droil binary', () => {
  it('runs through node bin/droil.mjs: output on stdout, errors as one line with a non-zero exit', () => {
    const ok = spawnSync(process.execPath, ['bin/droil.mjs', 'rollout', '--env', 'MountainCarContinuous-v0', '--state=-0.5,0', '--actions', '-', '--json'], { input: '[[1], [0.5]]', encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const got = JSON.parse(ok.stdout);
    const v = 0.0015 - 0.0025 * Math.cos(-1.5);
    expect(got.observations[0]).toEqual([Math.fround(-0.5 + v), Math.fround(v)]);
    expect(got.rewards).toEqual([-0.1, -0.025]);
    const bad = spawnSync(process.execPath, ['bin/droil.mjs', 'rollout', '--env', 'Nope'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error: unknown environment 'Nope'[^\n]*\n$/);
  });
});
