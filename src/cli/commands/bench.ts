// `droil bench`: train and evaluate a whole grid (environments x demos x seeds, each cell an ensemble of
// algorithms x radii) and print the robustness table; on N worker threads, in shards, resumable, and
// `droil bench merge` for the shards. Thin shell over src/core/experiment/grid.ts.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { EVAL_DEFAULTS } from '../../core/eval/defaults';
import { cellName, planGrid, runCell, shardCells, type CellResult, type ReferenceCache } from '../../core/experiment/grid';
import { gridManifest } from '../../core/experiment/grid-manifest';
import { codeDigest } from '../code-digest';
import { mergeGridParts, type GridPart } from '../../core/experiment/grid-merge';
import { UserError } from '../../core/errors';
import { initBackend } from '../../core/tf';
import { parse } from '../args';
import type { CliIO, Command } from '../command';
import { EVAL_SETTINGS, evalFlagsUsage } from '../eval-flags';
import { setupFlagUsage } from '../setup-flags';
import { mjcfUsage } from '../mjcf-flags';
import { openGridDir, readCells, readManifest, writeCell, writeResults } from '../bench-dir';
import { BENCH_SETTINGS, parseGridFlags } from '../bench-flags';
import { checkOutDir } from '../paths';
import { BenchProgress } from '../bench-progress';
import { runCellsOnThreads } from '../bench-threads';

const usage = `Usage: droil bench --env ID[,ID...] --demos N1,N2 [--algos bc,dro-bc,be-droil] [--rho R1,R2] [--seeds K] [--first-seed S]
                   [--episodes E] [--perturb SPEC] [--worst-box EPS] [--box-random N] [--box-rounds N] [--worst-kernel R]
                   [--kernel-episodes E] [--kernel-candidates K] [--kernel-horizon H] [--steps N]
                   [--kappa K] [--warm-start F] [--hidden H] [--batch B] [--lr LR] [--divergence kl|chi2] [--gamma G] [--clip W]
                   [--loss nll|mbil] [--alpha A] [--beta B] [--density-steps N] [--flow-blocks K]
                   [--epsilon P] [--action-noise S] [--process-noise S] [--eval-process-noise S1,S2]
                   [--out DIR] [--backend auto|cpu|wasm] [--eval-seed S] [--jobs N] [--shard I/N] [--quiet]
       droil bench (--env ID | --mjcf FILE [--obs-layout ...]) --data FILE --demos N1,N2 ...   (your own demonstrations)
       droil bench --setup LINK|FILE [--seeds K] [--first-seed S] [--out DIR] [--jobs N] [--shard I/N] [--quiet] [--backend B]   (the page's run as a grid)
       droil bench merge DIR... --out DIR     (combine the shards' results)

A grid is a setup (the flags' settings) plus axes (environments, demos, algorithms, radii, sweeps, evaluation
kernels). For every environment, number of demonstration episodes and seed s = S..S+K-1, a cell runs the page's
pipeline on the setup at that seed: generates the built-in expert's demonstrations from seed s, trains every
method as one ensemble that shares the seed (BC once, DRO-BC and BE-DROIL once per radius: same data,
initialisation and minibatch order), and evaluates every
policy under every condition from the same initial states (seeded by eval-seed + s). Writes table.md,
results.csv and results.json (one row per environment x demos x algorithm x rho x seed x condition) to DIR
and prints the Markdown table: mean ± 95% CI over seeds, normalised score (0 = random policy, 1 = expert,
both evaluated by the same evaluator from the same starts), and the paired per-seed difference to BC.

The grid is a list of cells (environment x demos x seed); each cell's numbers depend only on the settings
and its seed. Each finished cell is saved at once in DIR/cells/ (grid.json names the grid): a rerun with
the same --out skips finished cells, and the result files are the same bytes however the cells were run
(threads, shards, resumed). DIR/timing.json holds the seconds per cell.

  --setup S         the grid a page's setup describes: a share link (or its part after '#'), a project file or a
                    JSON setup file, as droil run takes. A grid is a setup plus axes; here the axes are the
                    page's run cut by seed: one cell per seed s = seed..seed+seeds-1, holding the numbers of the
                    page's members of seed s (droil run --setup gives the same): the setup's demonstrations,
                    density fit and evaluation starts for every seed, every training and evaluation setting of
                    the setup, its sweep, box, kernel and shift. Beside it only --seeds K and --first-seed S (the
                    page's run with those seeds) and the flags of where it runs ("Show CLI command" prints it,
                    sharded over a Slurm array, for a run too large for one machine)
  --env ID          CartPole-v1, Pendulum-v1, MountainCarContinuous-v0, Acrobot-v1 (comma-separated)
  --demos LIST      numbers of demonstration episodes, e.g. 1,3,10
  --algos LIST      any of bc, dro-bc, be-droil (default these three), be-droil-mbil and dro-bc-mbil (the same
                    with MBIL's per-sample balance loss as the imitation loss, "Robust MBIL"), mbil (MBIL:
                    a BC member with that loss). MBIL's densities are fitted once per environment, demos
                    and seed (from seed s) and shared by these members; every member of a seed trains in
                    one ensemble (same data, initialisation and minibatches)
${evalFlagsUsage}${setupFlagUsage(BENCH_SETTINGS.filter((k) => !(EVAL_SETTINGS as readonly string[]).includes(k)), 20)}  (--loss mbil: dro-bc and be-droil in --algos become dro-bc-mbil and be-droil-mbil; bc stays the NLL baseline.
   The settings' defaults are the trainer's and the evaluation's, as \`droil train\` and \`droil eval\`; the page's
   first run is shorter. A setting left out stays out of the grid's recorded settings.)
  --eval-process-noise LIST
                    evaluation kernels: 0 = deterministic (default), S > 0 = process noise of S times the
                    environment's documented std after every step, seeded per episode by the evaluation
                    seed (the same draws for every method); e.g. 0,1 evaluates under both, and the
                    conditions of a stochastic kernel are labelled '... [noise S]'
  --small-data M    a dataset smaller than --batch: whole (default: every batch is the whole dataset) or
                    resample (--batch draws with replacement, the behaviour before issue 19)
  --out DIR         output directory (default bench-out); a rerun resumes the grid there
  --jobs N          run cells on N worker threads (default: the number of cores, here ${availableParallelism()})
  --shard I/N       run only shard I (0..N-1) of the cells: every N-th cell from cell I; writes a partial
                    result to DIR (e.g. --shard $SLURM_ARRAY_TASK_ID/N --out parts/$SLURM_ARRAY_TASK_ID,
                    docs/cluster.md); combine with droil bench merge
  --quiet           no progress (by default: cells done / total, elapsed and ETA on stderr)
  --eval-seed S     base seed of the evaluation's initial states (default ${EVAL_DEFAULTS.seed})
  --data FILE       your own demonstrations instead of the built-in expert's (one environment): --demos N
                    trains on the file's first N episodes, the same for every seed; required with --mjcf
                    (a user's model has no expert, so no normalised score: those columns read NaN)
${mjcfUsage}
droil bench merge DIR... --out DIR combines the partial results of one grid (each DIR holds grid.json and
cells/) into the files of the whole grid, byte-identical to a run in one process; it refuses, in one line
with exit code 2, directories of different grids and cells that are missing or in more than one DIR.`;


/** Writes the result files when `dir` holds every cell of the grid; prints the table and any warnings. */
async function finish(dir: string, io: CliIO, quiet: boolean): Promise<boolean> {
  const manifest = (await readManifest(dir))!;
  const cells = await readCells(dir, manifest);
  if (cells.length < manifest.cells.length) return false;
  const table = await writeResults(dir, manifest, cells);
  for (const c of cells) {
    const t = c.training;
    if (t.status !== 'done') io.stderr(`warning: ${t.env} demos=${t.demos} seed=${t.seed}: training ${t.status}${t.message ? `: ${t.message}` : ''}\n`);
  }
  io.stdout(table);
  if (!quiet) io.stderr(`wrote ${join(dir, 'table.md')}, results.csv, results.json\n`);
  return true;
}

async function runGridCommand(argv: string[], io: CliIO): Promise<number> {
  const g = await parseGridFlags(argv);
  await checkOutDir(g.out, '--out'); // before the grid runs
  const backend = await initBackend(g.backendPref);
  if (!g.quiet) io.stderr(`backend: ${backend.backend} (${backend.reason})\n`);
  const plan = planGrid(g.spec);
  await openGridDir(g.out, gridManifest({ command: g.command, backend: backend.backend, settings: g.settings, inputs: g.inputs, header: g.header, code: codeDigest() }, plan));
  // The manifest as stored: a merge reads the same one, so both write the same bytes.
  const manifest = (await readManifest(g.out))!;
  const mine = g.shard ? shardCells(plan, g.shard) : plan;
  const done = new Set((await readCells(g.out, manifest)).map((r) => r.cell.index));
  const todo = mine.filter((c) => !done.has(c.index));
  const jobs = Math.max(1, Math.min(g.jobs, todo.length));
  const progress = new BenchProgress(io, mine.length, mine.length - todo.length, g.shard ? `shard ${g.shard.index}/${g.shard.count}` : 'grid', g.quiet);
  progress.start(jobs);
  const save = async (r: CellResult) => {
    if (r.backend !== undefined && r.backend !== backend.backend) throw new UserError(`ran on ${r.backend}, the grid on ${backend.backend}: its numbers would differ; nothing of it was saved`, cellName(r.cell));
    await writeCell(g.out, manifest, r);
    progress.cellDone(r);
  };
  if (jobs === 1) {
    const cache: ReferenceCache = new Map();
    for (const cell of todo) await save(await runCell(g.spec, cell, cache));
  } else {
    await runCellsOnThreads(argv, todo, jobs, backend.backend, save);
  }
  // Complete (unsharded, or every shard wrote into this directory): the result files.
  if (await finish(g.out, io, g.quiet)) return 0;
  const have = (await readCells(g.out, manifest)).length;
  if (!g.quiet) io.stderr(`shard ${g.shard!.index}/${g.shard!.count} done: ${mine.length} cells in ${g.out} (${have} of the grid's ${plan.length} there); combine the shards with droil bench merge DIR... --out DIR\n`);
  return 0;
}

async function runMerge(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, quiet: { type: 'boolean' } }, true);
  if (typeof values.out !== 'string' || values.out === '') throw new UserError('missing required option --out DIR (where the merged results go)', 'merge');
  if (positionals.length === 0) throw new UserError('give the result directories of the shards: droil bench merge DIR... --out DIR', 'merge');
  const parts: GridPart[] = [];
  for (const dir of positionals) {
    const manifest = await readManifest(dir);
    if (!manifest) throw new UserError(`no grid.json: not a droil bench result directory (a shard writes one to its --out)`, dir);
    parts.push({ source: dir, manifest, results: await readCells(dir, manifest) });
  }
  const { manifest, results } = mergeGridParts(parts);
  await checkOutDir(values.out, '--out');
  await openGridDir(values.out, manifest);
  const there = new Set((await readCells(values.out, manifest)).map((r) => r.cell.index));
  for (const r of results) if (!there.has(r.cell.index)) await writeCell(values.out, manifest, r);
  await finish(values.out, io, values.quiet === true);
  return 0;
}

export const command: Command = {
  name: 'bench',
  usage,
  run: (argv, io) => (argv[0] === 'merge' ? runMerge(argv.slice(1), io) : runGridCommand(argv, io)),
};
