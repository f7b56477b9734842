// "Show CLI command" for a run too large for one machine (issue 20 item 7): the script adds the run as a
// `droil bench --setup` grid (the link's hash) sharded over a Slurm array plus a dependent merge. The printed
// line goes through the CLI's own parser and gives the grid the setup describes (grid-setup.ts), with the
// settings the bench flags never had (divergence, learning rate, MBIL's weights); a small run gets no sharded
// form; and `droil bench --setup` writes the same results.csv, byte for byte, as the same grid given by flags.
import { mkdtempSync, readFileSync } from 'node:fs';
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
    expect(script).toMatch(/^# As a Slurm array of 8 shards and a dependent merge .*each seed s is its own run \(seeds 1\) on its own demonstrations \(demos seed s\), evaluated from starts seeded 12345 \+ s:$/m);
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
  });

  // The page's sweep factors as it computes them (exact decimals since issue 20 item 7: 0.1, 1, 10).
  it('droil bench --setup writes the same results.csv, byte for byte, as the same grid given by flags', async () => {
    const small = parseSetup({ ...defaultSetup, algos: ['bc', 'be-droil'], rhoSweep: [0.2], seeds: 2, seed: 1, steps: 20, batch: 32, hidden: 8, evalEpisodes: 2,
      evalPoints: 3, worstBoxEps: 0, klKernelRho: 0 });
    const a = mkdtempSync(join(tmpdir(), 'droil-setup-grid-')), b = mkdtempSync(join(tmpdir(), 'droil-flags-grid-'));
    const r1 = await run(['bench', '--setup', `#${setupToHash(small)}`, '--jobs', '1', '--quiet', '--backend', 'wasm', '--out', a]);
    expect(r1.code, r1.err).toBe(0);
    const r2 = await run(['bench', '--env', 'CartPole-v1', '--demos', '1', '--algos', 'bc,be-droil', '--rho', '0.2', '--seeds', '2', '--first-seed', '1', '--steps', '20',
      '--batch', '32', '--hidden', '8,8', '--kappa', String(small.kappa), '--warm-start', String(small.warmStart), '--episodes', '2', '--perturb', `length=${sweepFactors(small).join(',')}`,
      '--jobs', '1', '--quiet', '--backend', 'wasm', '--out', b]);
    expect(r2.code, r2.err).toBe(0);
    const csv = readFileSync(join(a, 'results.csv'), 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(8);
    expect(csv).toBe(readFileSync(join(b, 'results.csv'), 'utf8'));
    // The tables differ only in the command they name.
    const table = (dir: string) => readFileSync(join(dir, 'table.md'), 'utf8').split('\n').filter((l) => !l.startsWith('Command: ')).join('\n');
    expect(readFileSync(join(a, 'table.md'), 'utf8')).toMatch(/^Command: `droil bench --setup '#/m);
    expect(table(a)).toBe(table(b));
  }, 300_000);
});
