// The benchmark grid: a setup plus axes, planned once into a list of independent cells, one per (environment,
// demos, seed). A cell is the page's pipeline (run.ts) on the setup of that cell (cellSetup), training and
// evaluating the members of its seed: the same demonstrations (demos.ts), the same MBIL density fit (fitBalance),
// the same ensemble stage (trainPlanned: every method trains as ONE ensemble that shares the seed, so comparisons
// are paired) and the same evaluation plan (planEval) with the axes' conditions: the grid's methods (bench names:
// the page's algorithms plus research readings), its sweeps, box parameters, evaluation kernels and evaluation
// seed. What a seed draws is the axes' choice (grid-spec.ts pageRun): in a page run's grid only the training (the
// cell of seed s is the page's members of seed s), in a flag grid also the demonstrations, densities and starts. Its numbers depend only on the grid and its seed, never on which
// thread, process or machine runs it or in what order, so cells can run in parallel, in shards on a cluster, or
// be resumed; the statistics across cells (summary, paired differences, CIs) are computed only at the end,
// from the per-cell rows in plan order (assembleGrid), so neither scheduling nor merge order can change them.
import { loadPolicy } from '../algos/policy';
import type { Dataset } from '../data/dataset';
import { UserError } from '../errors';
import { isCustomMujocoEnvId } from '../mujoco/tasks';
import type { Setup } from '../setup';
import { benchEvalPlan, evaluatePolicy } from './bench-eval';
import { builtinDemosFor } from './demos';
import { evaluateNominal, nominalReferences, type EvalContext, type References } from '../eval/evaluate';
import { summarizeRows, type ResultRow } from '../eval/report';
import { randomActor } from '../eval/random-actor';
import { firstEpisodes, hasRadius, type BenchAlgorithm, type BenchmarkResult } from '../eval/benchmark';
import { perturbedOfSweeps } from '../eval/reading-inputs';
import { fitBalance, logEveryOf, trainPlanned, type PlannedMember } from './run';
import { Rng } from '../rng';
import { watchCellBackend } from './cell-backend';

export type { GridAxes, GridSpec } from './grid-spec';
import { cellEvalSeed, type GridSpec } from './grid-spec';

/** One cell of the grid; index is its place in the plan (environment, then demos, then seed). */
export interface GridCell {
  index: number;
  env: string;
  demos: number;
  seed: number;
}

/** How a cell is named in messages and file names' companions: "CartPole-v1/demos=3/seed=2". */
export const cellName = (c: Pick<GridCell, 'env' | 'demos' | 'seed'>) => `${c.env}/demos=${c.demos}/seed=${c.seed}`;

export type ReferenceRow = BenchmarkResult['references'][number];
export type TrainingRow = BenchmarkResult['training'][number];

/** What one cell produced: its rows and references (numbers of the spec and seed alone) and its timing (not). */
export interface CellResult {
  cell: GridCell;
  references: ReferenceRow[];
  training: TrainingRow;
  rows: ResultRow[];
  /** Wall seconds of the training (densities included) and of the MBIL density fits: reported, never in the results. */
  seconds: number;
  densitySeconds?: number;
  /** The tfjs backend it trained and evaluated on (cell-backend.ts: a cell whose backend changed fails). */
  backend?: string;
}

/** The evaluation kernels of a spec (checked). */
function noisesOf(grid: GridSpec): number[] {
  const noises = grid.axes.evalProcessNoise;
  if (noises.length === 0 || noises.some((s) => !(s >= 0) || !Number.isFinite(s))) throw new UserError(`evaluation process noise must be finite numbers >= 0, got ${noises.join(', ')}`, 'eval-process-noise');
  return noises;
}

/** The cells of a grid, in plan order; checks what can be checked before anything runs. */
export function planGrid(grid: GridSpec): GridCell[] {
  noisesOf(grid);
  const { axes, setup } = grid;
  if (axes.data && axes.envs.length > 1) throw new UserError(`one dataset belongs to one environment, got ${axes.envs.length} (${axes.envs.join(', ')})`, '--data');
  const cells: GridCell[] = [];
  for (const env of axes.envs) {
    if (isCustomMujocoEnvId(env) && !axes.data) throw new UserError(`a user's model (${env}) has no built-in expert to generate demonstrations: give a dataset with --data FILE`, '--data');
    for (const demos of axes.demos) {
      if (axes.data) firstEpisodes(axes.data, demos); // too few episodes in the file: say so before any cell runs
      for (let i = 0; i < setup.seeds; i++) cells.push({ index: cells.length, env, demos, seed: setup.seed + i });
    }
  }
  return cells;
}

/** Shard `index` of `count` (index = 0..count-1, as SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX count): every count-th cell. */
export function shardCells(cells: GridCell[], shard: { index: number; count: number }): GridCell[] {
  return cells.filter((c) => c.index % shard.count === shard.index);
}

/**
 * The expert's and the random policy's returns per (environment, seed, kernel). Every cell of an
 * (environment, seed) needs the same ones: a cache lets a process compute them once; they are the same
 * numbers wherever they are computed.
 */
export type ReferenceCache = Map<string, References>;

function referencesOf(grid: GridSpec, env: string, seed: number, cache: ReferenceCache): ReferenceRow[] {
  // A user's model has no built-in expert: no expert reference, so its normalised scores are NaN.
  const noExpert = isCustomMujocoEnvId(env);
  return noisesOf(grid).map((pn) => {
    const key = JSON.stringify([env, cellEvalSeed(grid.axes, seed), pn]); // a page run's cells share theirs
    let r = cache.get(key);
    if (!r) {
      const ctx = evalContext(grid, env, seed, pn);
      r = noExpert ? userModelReferences(ctx) : nominalReferences(ctx);
      cache.set(key, r);
    }
    return { env, seed, processNoise: pn, ...r };
  });
}

const evalContext = (grid: GridSpec, env: string, seed: number, processNoise: number): EvalContext =>
  ({ envId: env, episodes: grid.setup.evalEpisodes, seed: cellEvalSeed(grid.axes, seed), ...(processNoise > 0 ? { processNoise } : {}) });

/** References for a user's model: the random policy only (no expert), so every normalised score is NaN. */
function userModelReferences(ctx: EvalContext): References {
  return { expert: NaN, random: evaluateNominal(randomActor(ctx.envId, new Rng(ctx.seed).derive('eval/random-policy')), ctx).result.summary.mean };
}

/** The methods of a cell's ensemble, in member order: every algorithm, the robust ones once per radius. */
export function cellMethods(algos: BenchAlgorithm[], rhos: number[]): { algo: BenchAlgorithm; rho: number | null }[] {
  return algos.flatMap((algo) => (hasRadius(algo) ? rhos : [null]).map((rho) => ({ algo, rho })));
}

/**
 * The setup of the page run a cell is part of (the cell trains and evaluates its seed's members of that run). A
 * page run's grid: the grid's setup itself, all its seeds, at the cell's number of demonstrations (the setup's
 * demonstration seed). Else the grid's setup at the cell's environment, number of demonstrations and seed, one
 * seed, with demonstrations from that seed (or the grid's dataset).
 */
export function cellSetup(grid: GridSpec, cell: Pick<GridCell, 'env' | 'demos' | 'seed'>): Setup {
  const { setup, axes } = grid;
  const envId = cell.env as Setup['envId'];
  if (axes.pageRun && setup.demos.kind === 'builtin') return { ...setup, envId, demos: { ...setup.demos, episodes: cell.demos } };
  return {
    ...setup, envId, seed: cell.seed, seeds: 1,
    demos: axes.data ? { kind: 'upload', fileName: axes.data.meta.source } : { kind: 'builtin', episodes: cell.demos, seed: cell.seed },
  };
}

/** A cell's demonstrations: the first N episodes of the grid's dataset (nested sizes), or the setup's built-in ones. */
export const cellData = (grid: GridSpec, cell: GridCell): Dataset =>
  (grid.axes.data ? firstEpisodes(grid.axes.data, cell.demos) : builtinDemosFor(cellSetup(grid, cell)));

/**
 * Runs one cell, the page's pipeline on the cell's setup: demonstrations, MBIL densities (when an MBIL-loss
 * method is in the grid), the ensemble's training, and every policy's evaluation under every kernel. `onTrained`
 * is told when evaluation starts.
 */
export async function runCell(grid: GridSpec, cell: GridCell, cache: ReferenceCache = new Map(), onTrained: (msg: string) => void = () => {}): Promise<CellResult> {
  const { env, demos, seed } = cell;
  const watch = watchCellBackend(cellName(cell));
  const setup = cellSetup(grid, cell);
  const references = referencesOf(grid, env, seed, cache);
  const data = cellData(grid, cell);
  const methods = cellMethods(grid.axes.algos, setup.rhoSweep);
  const members: PlannedMember[] = methods.map((m) => ({ ...m, seed }));
  const t0 = Date.now();
  let densitySeconds: number | undefined;
  const balance = methods.some((m) => m.algo === 'mbil' || m.algo.endsWith('-mbil')) ? await fitBalance(setup, data, {}, 'MBIL densities') : undefined;
  if (balance) densitySeconds = (Date.now() - t0) / 1000;
  // lr-oracle weights the data toward the sweeps' perturbed points (reading B, src/core/eval/reading-inputs.ts).
  const perturbed = perturbedOfSweeps(env, grid.axes.sweeps?.(env) ?? []);
  // A page run's grid checks for divergence at the page's cadence (it decides which parameters a diverged run keeps).
  const logEvery = grid.axes.pageRun ? logEveryOf(setup) : undefined;
  const res = await trainPlanned(setup, data, members, balance, { onBackendFallback: (message) => watch.onEvent({ step: 0, kind: 'backend-fallback', message }) }, { extra: grid.axes.train, perturbed, logEvery });
  const training: TrainingRow = { env, demos, seed, status: res.status, ...(res.message !== undefined ? { message: res.message } : {}) };
  const policies = res.policies.map((j) => loadPolicy(j));
  const seconds = (Date.now() - t0) / 1000;
  onTrained(`${cellName(cell)}: trained ${members.length} members in ${seconds.toFixed(1)} s${densitySeconds !== undefined ? ` (densities ${densitySeconds.toFixed(1)} s)` : ''}; evaluating`);
  const rows: ResultRow[] = [];
  const plans = references.map((ref) => benchEvalPlan(grid, setup, seed, ref.processNoise));
  for (let m = 0; m < policies.length; m++) {
    const base = { env, demos, algo: methods[m].algo, rho: methods[m].rho, seed, episodes: setup.evalEpisodes };
    for (let k = 0; k < references.length; k++) {
      for (const row of await evaluatePolicy(policies[m], plans[k], references[k], grid.axes.pageRun)) rows.push({ ...base, ...row });
    }
  }
  const backend = watch.check();
  return { cell, references, training, rows, seconds, ...(densitySeconds !== undefined ? { densitySeconds } : {}), backend };
}

/**
 * The grid's result from its cells' results, whatever order they came in: rows in plan order, references
 * once per (environment, seed, kernel), and only then the statistics across cells. Every planned cell
 * must be there exactly once (the merge checks this with file names; here it is an invariant).
 */
export function assembleGrid(plan: GridCell[], results: CellResult[]): BenchmarkResult {
  const byIndex = new Map(results.map((r) => [r.cell.index, r]));
  if (byIndex.size !== results.length || plan.some((c) => !byIndex.has(c.index)) || results.length !== plan.length) throw new Error(`assembleGrid: expected the ${plan.length} planned cells once each, got ${results.length}`);
  const ordered = plan.map((c) => byIndex.get(c.index)!);
  const rows = ordered.flatMap((r) => r.rows);
  // Environment by environment, seed by seed, kernel by kernel (as the plan lists environments and seeds).
  const references: ReferenceRow[] = [];
  const seen = new Set<string>();
  const refsInOrder = ordered.flatMap((r) => r.references).map((ref, i) => ({ ref, i }));
  const envOrder = [...new Set(plan.map((c) => c.env))];
  refsInOrder.sort((a, b) => envOrder.indexOf(a.ref.env) - envOrder.indexOf(b.ref.env) || a.ref.seed - b.ref.seed || a.i - b.i);
  for (const { ref } of refsInOrder) {
    const k = JSON.stringify([ref.env, ref.seed, ref.processNoise]);
    if (!seen.has(k)) { seen.add(k); references.push(ref); }
  }
  return { rows, summary: summarizeRows(rows), references, training: ordered.map((r) => r.training) };
}

/** The whole grid in this process, cell after cell (tests, scripts; the CLI adds threads, shards and resume). */
export async function runGrid(grid: GridSpec, onProgress: (message: string) => void = () => {}): Promise<BenchmarkResult> {
  const plan = planGrid(grid);
  const cache: ReferenceCache = new Map();
  const results: CellResult[] = [];
  for (const cell of plan) results.push(await runCell(grid, cell, cache, onProgress));
  return assembleGrid(plan, results);
}
