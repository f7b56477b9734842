// "Show CLI command" for a run too large for one machine (issue 20 item 7): the script adds the run as a
// `droil bench` grid sharded over a Slurm array plus a dependent merge; the printed bench flags go through
// the CLI's own parser and give the page's grid, and a small run gets no sharded form.
import { describe, expect, it } from 'vitest';
import { defaultSetup, parseSetup } from '../../src/core/setup';
import { parseGridFlags } from '../../src/cli/bench-flags';
import { planGrid, shardCells } from '../../src/core/experiment/grid';
import { cliScript, trainingWork } from '../../src/ui/share/cli-command';

/** Splits one printed shell line into argv (plain words, '...' and "..." without expansions). */
function shellWords(line: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2] ?? m[3]);
  return out;
}

describe('the sharded form of "Show CLI command"', () => {
  it('is absent for the default run and present, as an array with a dependent merge, for a large one', async () => {
    expect(trainingWork(defaultSetup)).toBeLessThan(2e6);
    expect(cliScript(defaultSetup)).not.toMatch(/sbatch/);
    const big = parseSetup({ ...defaultSetup, algos: ['bc', 'dro-bc', 'be-droil'], rhoSweep: [0.1, 0.5, 2], seeds: 20, seed: 7, steps: 50_000, batch: 128, kappa: 0.05,
      warmStart: 0.2, hidden: 32, evalEpisodes: 5, worstBoxEps: 0.3, demoEpsilon: 0.1, divergence: 'chi2', demos: { kind: 'builtin', episodes: 3, seed: 0 } });
    const script = cliScript(big);
    expect(trainingWork(big)).toBe(20 * 7 * 50_000);
    // 7e6 steps: 7 shards of about 1e6 steps' worth of cells each (at most one per seed).
    expect(script).toMatch(/^# 7\.0e\+6 member training steps: too many for one machine\.$/m);
    expect(script).toMatch(/^# As a Slurm array of 7 shards .*bench has no flag for divergence chi2\):$/m);
    expect(script).toMatch(/^#SBATCH --array=0-6$/m);
    expect(script).toMatch(/^sbatch --dependency=afterok:\$\{jid%%;\*\} --kill-on-invalid-dep=yes --wrap 'npx droil bench merge bench-parts\/\* --out bench-out'$/m);
    const line = script.split('\n').find((l) => l.startsWith('npx droil bench '))!;
    const argv = shellWords(line.replace(/\$SLURM_ARRAY_TASK_ID/g, '6').replace(/\$SLURM_ARRAY_TASK_COUNT/g, '7').replace(/\$\{SLURM_CPUS_PER_TASK:-1\}/g, '2')).slice(3);
    const g = await parseGridFlags(argv);
    expect(g.shard).toEqual({ index: 6, count: 7 });
    expect(g.jobs).toBe(2);
    expect(g.out).toBe('bench-parts/6');
    const { spec } = g;
    expect([spec.envs, spec.demos, spec.algos, spec.rhos, spec.seeds, spec.firstSeed, spec.steps, spec.kappa, spec.episodes]).toEqual([['CartPole-v1'], [3], ['bc', 'dro-bc', 'be-droil'], [0.1, 0.5, 2], 20, 7, 50_000, 0.05, 5]);
    expect(spec.train).toEqual({ warmStartFraction: 0.2, batchSize: 128, policyHidden: [32, 32] });
    expect(spec.demoNoise).toEqual({ epsilon: 0.1, actionNoise: 0, processNoise: 0 });
    expect(spec.box!('CartPole-v1').eps).toBe(0.3);
    expect(spec.kernelRho).toBe(0.05);
    // The last shard's cells: every 7th seed from the 7th (seeds 7..26).
    expect(shardCells(planGrid(spec), g.shard!).map((c) => c.seed)).toEqual([13, 20]);
  });
});
