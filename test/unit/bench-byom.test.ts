// `droil bench --data FILE` (a user's demonstrations) and `droil bench --mjcf FILE --obs-layout ... --data FILE`
// (a user's model): the first N episodes of a file are the N-episode demonstrations; a file holding the
// built-in expert's seed-0 demonstrations reproduces the generated run row for row; this project's hopper
// XML loaded as a user's model (which steps bitwise like Hopper-v5: mujoco-byom.test.ts) gives the same
// returns, with NaN scores (no expert); bad combinations are one-line errors naming the flag.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { writeDataset } from '../../src/core/data/write';
import { firstEpisodes } from '../../src/core/eval/benchmark';
import type { ResultRow } from '../../src/core/eval/report';
import { generateDemos } from '../../src/core/experts';
import { HOPPER_XML } from '../../src/core/mujoco/models/hopper';
import { disposeMujocoEnvs, loadMujocoEnvs } from '../../src/core/mujoco/registry';

const tmp = mkdtempSync(join(tmpdir(), 'droil-bench-byom-'));
const HOPPER_FILE = join(tmp, 'my-hopper.xml');
const DATA = join(tmp, 'hopper-seed0.npz');
const MJCF = ['--mjcf', HOPPER_FILE, '--obs-layout', 'qpos[1:],clip(qvel,10)', '--frame-skip', '4', '--healthy-z', '0.7,1000', '--healthy-angle', '0.2'];
// Small and fast: 20 training steps, 2 evaluation episodes, one sweep of the torso mass; in-process (no thread start-up).
const GRID = ['--demos', '1,2', '--algos', 'bc,be-droil', '--seeds', '1', '--steps', '20', '--episodes', '2', '--perturb', 'torso_mass=0.8,1.25', '--backend', 'cpu', '--jobs', '1'];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  return { code: await main(argv, io), out, err };
}
const rowsOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { rows: ResultRow[] }).rows;

beforeAll(async () => {
  writeFileSync(HOPPER_FILE, HOPPER_XML);
  await loadMujocoEnvs();
  writeFileSync(DATA, await writeDataset(generateDemos('Hopper-v5', { episodes: 2, seed: 0 }), 'npz'));
});
afterAll(() => disposeMujocoEnvs());

describe('firstEpisodes', () => {
  it('the first k episodes of a generated set equal the set generated with k episodes', () => {
    const three = generateDemos('CartPole-v1', { episodes: 3, seed: 4 });
    const two = generateDemos('CartPole-v1', { episodes: 2, seed: 4 });
    const cut = firstEpisodes(three, 2);
    expect(Array.from(cut.episodeStarts)).toEqual(Array.from(two.episodeStarts));
    for (const k of ['observations', 'actions', 'nextObservations', 'rewards', 'terminals', 'timeouts'] as const) expect(Array.from(cut[k]!)).toEqual(Array.from(two[k]!));
    expect(() => firstEpisodes(three, 4)).toThrow(/holds 3 episodes; cannot take the first 4/);
  });
});

describe('droil bench --data / --mjcf', () => {
  it('a file of the expert\'s seed-0 demonstrations reproduces the generated run; the user\'s copy of the hopper gives the same returns without scores', async () => {
    const gen = await run(['bench', '--env', 'Hopper-v5', ...GRID, '--out', join(tmp, 'gen')]);
    expect(gen.code, gen.err).toBe(0);
    const file = await run(['bench', '--env', 'Hopper-v5', '--data', DATA, ...GRID, '--out', join(tmp, 'file')]);
    expect(file.code, file.err).toBe(0);
    const want = rowsOf(join(tmp, 'gen'));
    expect(want.length).toBe(2 * 2 * 6); // demos x methods x (nominal, 2 points, area, perturbed mean, sweep worst)
    expect(rowsOf(join(tmp, 'file'))).toEqual(want);
    expect(readFileSync(join(tmp, 'file', 'table.md'), 'utf8')).toMatch(/Demonstrations: .*hopper-seed0\.npz \(the first N episodes/);

    const byom = await run(['bench', ...MJCF, '--data', DATA, ...GRID, '--out', join(tmp, 'byom')]);
    expect(byom.code, byom.err).toBe(0);
    const got = rowsOf(join(tmp, 'byom'));
    expect(got.map((r) => [r.env, r.demos, r.algo, r.condition, r.mean])).toEqual(want.map((r) => ['mjcf:my-hopper.xml', r.demos, r.algo, r.condition, r.mean]));
    expect(got.every((r) => r.score === null)).toBe(true); // NaN in memory, null in JSON: no expert
    // The returns are a policy's, not a constant: the nominal returns of the four policies are not all equal.
    expect(new Set(want.filter((r) => r.condition === 'nominal').map((r) => r.mean)).size).toBeGreaterThan(1);
  }, 240_000);

  it('refuses a user\'s model without data, too few episodes, noise flags with data, and a layout that does not fit, in one line each', async () => {
    const cases: [string[], RegExp][] = [
      [['bench', ...MJCF, '--demos', '1'], /^error: --data: a user's model has no built-in expert/],
      [['bench', '--env', 'Hopper-v5', '--data', DATA, '--demos', '3', '--steps', '1', '--episodes', '1'], /^error: --demos: .*hopper-seed0\.npz holds 2 episodes; cannot take the first 3/],
      [['bench', '--env', 'Hopper-v5', '--data', DATA, '--demos', '1', '--epsilon', '0.1'], /^error: --epsilon: imperfect demonstrations are generated by the built-in expert/],
      [['bench', '--env', 'Hopper-v5,PlanarRunner-v0', '--data', DATA, '--demos', '1'], /^error: --data: one dataset belongs to one environment, got 2/],
      [['bench', '--mjcf', HOPPER_FILE, '--obs-layout', 'qpos,qvel', '--data', DATA, '--demos', '1'], /^error: .*hopper-seed0\.npz: observations: the dataset has 11 values per observation, but the observation layout 'qpos,qvel' of my-hopper\.xml gives 12/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
      expect(r.err.split('\n').find((l) => l.startsWith('error:'))).toMatch(re);
    }
  }, 120_000);
});
