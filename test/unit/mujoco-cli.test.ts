// The CLI with MuJoCo environments: `droil envs` lists them with their parameters, `droil demos` writes
// seed-deterministic demonstrations that read back to the core's dataset, `droil rollout` replays the core's
// steps, and bad input is one `error:` line.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { Env, getEnvSpec } from '../../src/core/envs';
import { generateDemos } from '../../src/core/experts';
import { readJson } from '../../src/core/data/readers/json';
import { loadMujocoEnvs } from '../../src/core/mujoco/registry';
import { mujocoEnvIds } from '../../src/core/mujoco/tasks';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => stdin };
  const code = await main(argv, io);
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'droil-mujoco-'));

describe('droil with MuJoCo environments', () => {
  it('envs lists them with their parameters and defaults', async () => {
    const r = await run(['envs', '--json']);
    expect(r.code).toBe(0);
    const specs = JSON.parse(r.out) as { id: string; obsDim: number; params: { name: string; default: number }[] }[];
    for (const id of mujocoEnvIds) {
      const s = specs.find((x) => x.id === id)!;
      expect(s.obsDim).toBe(getEnvSpec(id).obsNames.length);
      expect(s.params.map((p) => [p.name, p.default])).toEqual(getEnvSpec(id).params.map((p) => [p.name, p.default]));
    }
  });

  it('demos writes the expert demonstrations of the core, the same for the same seed', async () => {
    await loadMujocoEnvs();
    for (const id of ['InvertedPendulum-v5', 'InvertedDoublePendulum-v5']) {
      const out = join(tmp, `${id}.json`);
      const cartMass = 1.1 * getEnvSpec(id).params.find((p) => p.name === 'cart_mass')!.default;
      const r = await run(['demos', '--env', id, '--episodes', '1', '--seed', '4', '--out', out, '--params', `cart_mass=${cartMass}`]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`wrote .*${id}, 1 episodes, 1000 transitions`));
      const text = readFileSync(out, 'utf8');
      const back = readJson(new TextEncoder().encode(text), out);
      const d = generateDemos(id, { episodes: 1, seed: 4, params: { cart_mass: cartMass } });
      expect(back.observations).toEqual(d.observations);
      expect(back.actions).toEqual(d.actions);
      expect(back.meta).toMatchObject({ envId: id, generator: { expert: 'lqr', seed: 4 } });
    }
  });

  it('rollout replays the core environment step by step', async () => {
    const actions = [0.5, -1, 2, 0];
    const r = await run(['rollout', '--env', 'InvertedPendulum-v5', '--state=0.1,0.02,0,0', '--actions', '-', '--json'], JSON.stringify(actions));
    expect(r.code, r.err).toBe(0);
    const steps = JSON.parse(r.out) as { observations: number[][]; rewards: number[] };
    const env = new Env('InvertedPendulum-v5');
    env.state = [0.1, 0.02, 0, 0];
    const expected = actions.map((a) => env.step([a]));
    expect(steps.observations).toEqual(expected.map((s) => Array.from(s.observation)));
    expect(steps.rewards).toEqual(expected.map((s) => s.reward));
  });

  it('eval runs the expert under a perturbation sweep', async () => {
    const r = await run(['eval', '--env', 'InvertedPendulum-v5', '--policy', 'expert', '--episodes', '2', '--perturb', 'pole_mass=1,3', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { mean: number; sweeps: { param: string; points: { factor: number; returns: number[] }[] }[] };
    expect(j.mean).toBe(1000);
    expect(j.sweeps[0].param).toBe('pole_mass');
    expect(j.sweeps[0].points.map((p) => p.factor)).toEqual([1, 3]);
    expect(j.sweeps[0].points[0].returns).toEqual([1000, 1000]);
  });

  it("eval of a stored SAC demonstrator's file returns what the built-in expert returns (the file says its output is squashed, not clipped)", async () => {
    const file = 'src/core/mujoco/experts-data/walker2d-sac.json';
    const args = ['eval', '--env', 'Walker2d-v5', '--episodes', '2', '--seed', '4', '--json'];
    const fromFile = await run([...args, '--policy', file]);
    const expert = await run([...args, '--policy', 'expert']);
    expect(fromFile.code, fromFile.err).toBe(0);
    const returns = (r: { out: string }) => (JSON.parse(r.out) as { returns: number[] }).returns;
    expect(returns(fromFile)).toEqual(returns(expert));
    // The same network clipped (the file without its mark) walks differently: the mark is what makes them agree.
    const json = JSON.parse(readFileSync(file, 'utf8'));
    delete json.action.squash;
    writeFileSync(join(tmp, 'clipped.json'), JSON.stringify(json));
    const clipped = await run([...args, '--policy', join(tmp, 'clipped.json')]);
    expect(clipped.code, clipped.err).toBe(0);
    expect(returns(clipped)).not.toEqual(returns(expert));
  });

  it('bad input is one error line', async () => {
    const r = await run(['demos', '--env', 'InvertedPendulum-v5', '--episodes', '1', '--seed', '1', '--out', join(tmp, 'x.json'), '--params', 'pole_mass=-1']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/^error: --params: parameter 'pole_mass' must be a finite positive number, got -1\n$/);
  });
});
