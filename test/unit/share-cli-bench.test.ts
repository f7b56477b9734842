// "Show CLI command" for a run too large for one machine (issue 20 item 7): the script adds the run as a
// `droil bench --setup` grid (the link's hash) sharded over a Slurm array plus a dependent merge. The printed
// line goes through the CLI's own parser and gives the grid the setup describes (grid-setup.ts), with the
// settings the bench flags never had (divergence, learning rate, MBIL's weights); a small run gets no sharded
// form; and `droil bench --setup` writes the same results.csv, byte for byte, as the same grid given by flags.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSetup, parseSetup, setupToHash, sweepFactors } from '../../src/core/setup';
import { parseGridFlags } from '../../src/cli/bench-flags';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { planGrid, shardCells } from '../../src/core/experiment/grid';
import { planEval } from '../../src/core/experiment/evaluate';
import { cliScript, trainingWork } from '../../src/ui/share/cli-command';

/** Splits one printed shell line into argv (plain words, '...' and "..." without expansions). */
function shellWords(line: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2] ?? m[3]);
  return out;
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  return { code: await main(argv, io), out, err };
}

describe('the sharded form of "Show CLI command"', () => {
  it('is absent for the default run and present, as an array of droil bench --setup with a dependent merge, for a large one', async () => {
    expect(trainingWork(defaultSetup)).toBeLessThan(2e6);
    expect(cliScript(defaultSetup)).not.toMatch(/sbatch/);
    const big = parseSetup({ ...defaultSetup, algos: ['bc', 'dro-bc', 'be-droil', 'mbil'], rhoSweep: [0.1, 0.5, 2], seeds: 20, seed: 7, steps: 50_000, batch: 128, kappa: 0.05,
      warmStart: 0.2, hidden: 32, evalEpisodes: 5, worstBoxEps: 0.3, demoEpsilon: 0.1, divergence: 'chi2', lr: 3e-4, mbilAlpha: 0.25, loss: 'mbil', evalShift: { length: 2 },
      demos: { kind: 'builtin', episodes: 3, seed: 0 } });
    const script = cliScript(big);
    expect(trainingWork(big)).toBe(20 * 8 * 50_000);
    // 8e6 steps: 8 shards of about 1e6 steps' worth of cells each (at most one per seed).
    expect(script).toMatch(/^# 8\.0e\+6 member training steps: too many for one machine\.$/m);
    expect(script).toMatch(/^# As a Slurm array of 8 shards and a dependent merge .*the cell of seed s holds the numbers of the page's members of seed s \(the run's demonstrations, density fit and evaluation starts\):$/m);
    expect(script).toMatch(/^#SBATCH --array=0-7$/m);
    expect(script).toMatch(/^sbatch --dependency=afterok:\$\{jid%%;\*\} --kill-on-invalid-dep=yes --wrap 'npx droil bench merge bench-parts\/\* --out bench-out'$/m);
    const line = script.split('\n').find((l) => l.startsWith('npx droil bench '))!;
    expect(line).toContain(`--setup '#${setupToHash(big)}'`);
    const argv = shellWords(line.replace(/\$SLURM_ARRAY_TASK_ID/g, '7').replace(/\$SLURM_ARRAY_TASK_COUNT/g, '8').replace(/\$\{SLURM_CPUS_PER_TASK:-1\}/g, '2')).slice(3);
    const g = await parseGridFlags(argv);
    expect(g.shard).toEqual({ index: 7, count: 8 });
    expect(g.jobs).toBe(2);
    expect(g.out).toBe('bench-parts/7');
    const { spec } = g;
    // The grid is the setup itself (radii in the page's sorted order) plus the axes of "the page's run, a cell per seed".
    expect(spec.setup).toEqual({ ...big, rhoSweep: [0.1, 0.5, 2] });
    const { axes } = spec;
    expect([axes.envs, axes.demos, axes.algos, axes.evalProcessNoise, axes.evalSeed, axes.kernel]).toEqual([['CartPole-v1'], [3], ['bc', 'dro-bc', 'be-droil-mbil', 'mbil'], [0], 12345, true]);
    expect(axes.boxParams!('CartPole-v1')).toEqual(planEval(big).box!.params);
    expect(axes.sweeps!('CartPole-v1')).toEqual(planEval(big).sweeps);
    // The last shard's cells: every 8th seed from the 8th (seeds 7..26).
    expect(shardCells(planGrid(spec), g.shard!).map((c) => c.seed)).toEqual([14, 22]);
    // Grid flags beside --setup would change the grid: refused in one line.
    await expect(parseGridFlags(['--setup', `#${setupToHash(big)}`, '--steps', '10'])).rejects.toThrow(/--steps: --setup describes the whole grid/);
    // The seeds of the page's run may be set beside it (more seeds for a claim, held-out seeds): the grid of that run, in its command.
    const held = await parseGridFlags(['--setup', `#${setupToHash(big)}`, '--seeds', '3', '--first-seed', '1000', '--out', 'x']);
    expect(held.spec.setup).toEqual({ ...big, rhoSweep: [0.1, 0.5, 2], seeds: 3, seed: 1000 });
    expect(planGrid(held.spec).map((c) => c.seed)).toEqual([1000, 1001, 1002]);
    expect(held.command).toBe(`droil bench --setup '#${setupToHash(big)}' --seeds 3 --first-seed 1000`);
    expect(held.settings.setup).toEqual(held.spec.setup);
    await expect(parseGridFlags(['--setup', `#${setupToHash(big)}`, '--seeds', '0'])).rejects.toThrow(/^--seeds: must be at least 1, got 0$/);
    // droil run runs the link as it is and says where those flags belong, in one line (exit 2).
    const r = await run(['run', '--setup', `#${setupToHash(big)}`, '--seeds', '3']);
    expect([r.code, r.err]).toEqual([2, "error: --seeds: droil run runs the link's run as it is, in one process; for other seeds, threads or shards use droil bench --setup (the same numbers, seed by seed)\n"]);
  });

  // Every seed of a two-seed page run (seeds 1 and 2, demonstrations from seed 5): droil bench --setup's rows are
  // droil run --setup's members (the page's pipeline), seed by seed.
  it('droil bench --setup gives every seed the numbers droil run --setup (the page\'s run) gives it', async () => {
    const small = parseSetup({ ...defaultSetup, algos: ['bc', 'be-droil'], rhoSweep: [0.2], seeds: 2, seed: 1, steps: 20, batch: 32, hidden: 8, evalEpisodes: 2,
      evalPoints: 3, worstBoxEps: 0.1, boxRandomPoints: 1, boxRefineRounds: 0, klKernelRho: 0, demos: { kind: 'builtin', episodes: 1, seed: 5 } });
    const a = mkdtempSync(join(tmpdir(), 'droil-setup-grid-'));
    const hash = `#${setupToHash(small)}`;
    const grid = await run(['bench', '--setup', hash, '--jobs', '1', '--quiet', '--backend', 'wasm', '--out', a]);
    expect(grid.code, grid.err).toBe(0);
    const json = join(a, 'run.json');
    const page = await run(['run', '--setup', hash, '--backend', 'wasm', '--json', json]);
    expect(page.code, page.err).toBe(0);
    type Member = { algo: string; rho: number; seed: number; nominal: number; worstBox: number; sweepArea: number; sweep: { factor: number; mean: number }[] };
    const members = (JSON.parse(readFileSync(json, 'utf8')) as { members: Member[] }).members;
    const rows = (JSON.parse(readFileSync(join(a, 'results.json'), 'utf8')) as { rows: { algo: string; rho: number | null; seed: number; kind: string; mean: number }[] }).rows;
    expect(members.map((m) => [m.algo, m.seed])).toEqual([['bc', 1], ['be-droil', 1], ['bc', 2], ['be-droil', 2]]);
    for (const m of members) {
      const mine = rows.filter((r) => r.seed === m.seed && r.algo === m.algo && r.rho === (m.algo === 'bc' ? null : m.rho));
      const of = (kind: string) => mine.filter((r) => r.kind === kind).map((r) => r.mean);
      expect(of('nominal'), `${m.algo} seed ${m.seed}`).toEqual([m.nominal]);
      expect(of('sweep-point'), `${m.algo} seed ${m.seed}`).toEqual(m.sweep.map((p) => p.mean));
      expect(of('sweep-area')).toEqual([m.sweepArea]);
      expect(of('box')).toEqual([m.worstBox]);
    }
    // The seeds differ: the check can tell them apart.
    expect(members[0].sweep).not.toEqual(members[2].sweep);
  }, 300_000);

  // The page's sweep factors as it computes them (exact decimals since issue 20 item 7: 0.1, 1, 10). A page run's
  // seeds share its demonstrations and starts, a flag grid's draw their own: the two agree on one seed, seed 0,
  // demonstrations from seed 0.
  it('droil bench --setup writes the same results.csv, byte for byte, as the same grid given by flags (one seed)', async () => {
    const small = parseSetup({ ...defaultSetup, algos: ['bc', 'be-droil'], rhoSweep: [0.2], seeds: 1, seed: 0, steps: 20, batch: 32, hidden: 8, evalEpisodes: 2,
      evalPoints: 3, worstBoxEps: 0, klKernelRho: 0, demos: { kind: 'builtin', episodes: 1, seed: 0 } });
    const a = mkdtempSync(join(tmpdir(), 'droil-setup-grid-')), b = mkdtempSync(join(tmpdir(), 'droil-flags-grid-'));
    const r1 = await run(['bench', '--setup', `#${setupToHash(small)}`, '--jobs', '1', '--quiet', '--backend', 'wasm', '--out', a]);
    expect(r1.code, r1.err).toBe(0);
    const r2 = await run(['bench', '--env', 'CartPole-v1', '--demos', '1', '--algos', 'bc,be-droil', '--rho', '0.2', '--seeds', '1', '--first-seed', '0', '--steps', '20',
      '--batch', '32', '--hidden', '8,8', '--kappa', String(small.kappa), '--warm-start', String(small.warmStart), '--episodes', '2', '--perturb', `length=${sweepFactors(small).join(',')}`,
      '--jobs', '1', '--quiet', '--backend', 'wasm', '--out', b]);
    expect(r2.code, r2.err).toBe(0);
    const csv = readFileSync(join(a, 'results.csv'), 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(8);
    expect(csv).toBe(readFileSync(join(b, 'results.csv'), 'utf8'));
  }, 300_000);

  // A --setup result directory written before the cell plan became the page's run (SETUP_GRID_PLAN 1: seed s drew
  // its own demonstrations and starts; fixtures/setup-grid-plan1 is shard 0/2 of a two-seed grid as that code
  // wrote it): the same command now plans other numbers, so a resume or a merge must not mix its cells in.
  it('refuses to resume or merge a --setup directory of the previous cell plan (exit 2, one line), leaving its cells alone', async () => {
    const fixture = join(__dirname, 'fixtures', 'setup-grid-plan1');
    const old = JSON.parse(readFileSync(join(fixture, 'grid.json'), 'utf8')) as { gridId: string; grid: { command: string } };
    const argv = ['--setup', old.grid.command.match(/--setup '([^']+)'/)![1], '--backend', 'wasm'];
    expect(`droil bench --setup '${argv[1]}' --backend wasm`).toBe(old.grid.command);
    const dir = mkdtempSync(join(tmpdir(), 'droil-setup-plan1-'));
    cpSync(fixture, dir, { recursive: true });
    const resumed = await run(['bench', ...argv, '--jobs', '1', '--quiet', '--out', dir]);
    expect(resumed.code).toBe(2);
    expect(resumed.err).toBe(`error: --out: ${dir} holds cells of another grid (${old.gridId}; settings differ): give another --out, or remove ${join(dir, 'cells')} and ${join(dir, 'grid.json')}\n`);
    expect(readdirSync(join(dir, 'cells'))).toEqual(['00000.json']);
    expect(readFileSync(join(dir, 'cells', '00000.json'), 'utf8')).toBe(readFileSync(join(fixture, 'cells', '00000.json'), 'utf8'));
    // The other shard, with today's plan, does not merge with the old one.
    const fresh = mkdtempSync(join(tmpdir(), 'droil-setup-plan2-'));
    const shard = await run(['bench', ...argv, '--shard', '1/2', '--jobs', '1', '--quiet', '--out', fresh]);
    expect(shard.code, shard.err).toBe(0);
    const newId = (JSON.parse(readFileSync(join(fresh, 'grid.json'), 'utf8')) as { gridId: string }).gridId;
    expect(newId).not.toBe(old.gridId);
    const merged = await run(['bench', 'merge', dir, fresh, '--out', mkdtempSync(join(tmpdir(), 'droil-setup-merge-'))]);
    expect(merged.code).toBe(2);
    expect(merged.err).toMatch(/^error: .*settings differ.*\n$/);
    expect(merged.err.split('\n').length).toBe(2);
  }, 300_000);
});
