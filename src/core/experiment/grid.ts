// The benchmark grid as a list of independent cells: one cell per (environment, demos, seed), planned once
// from the spec. A cell generates its demonstrations, trains every method as ONE ensemble that shares the
// seed (same data, initialisation and minibatch order: paired comparisons) and evaluates every policy from
// the same initial states. Its numbers depend only on the spec and its seed, never on which thread,
// process or machine runs it or in what order, so cells can run in parallel, in shards on a cluster, or be
// resumed; the statistics across cells (summary, paired differences, CIs) are computed only at the end,
// from the per-cell rows in plan order (assembleGrid), so neither scheduling nor merge order can change them.
import type { BalanceTargets } from '../algos/ensemble';
import { loadPolicy } from '../algos/policy';
import type { MemberInput } from '../algos/config';
import { getEnvSpec } from '../environments/registry';
import { actionBounds } from '../envs/types';
import { UserError } from '../errors';
import { generateDemos } from '../experts/demos';
import { isCustomMujocoEnvId } from '../mujoco/tasks';
import { balanceTargetsFor } from '../mbil/balance';
import { benchEvalPlan, evaluatePolicy } from './bench-eval';
import { trainMembers } from './train';
import { EVAL_DEFAULTS } from '../eval/defaults';
import { evaluateNominal, nominalReferences, type EvalContext, type References } from '../eval/evaluate';
import { summarizeRows, type ResultRow } from '../eval/report';
import { randomActor } from '../eval/random-actor';
import { benchMember, firstEpisodes, hasRadius, type BenchAlgorithm, type BenchmarkResult, type BenchmarkSpec } from '../eval/benchmark';
import { Rng } from '../rng';
import { perturbedOfSweeps, readingInputsFor } from '../eval/reading-inputs';
import { watchCellBackend } from './cell-backend';

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
function noisesOf(spec: BenchmarkSpec): number[] {
  const noises = spec.evalProcessNoise ?? [0];
  if (noises.length === 0 || noises.some((s) => !(s >= 0) || !Number.isFinite(s))) throw new UserError(`evaluation process noise must be finite numbers >= 0, got ${noises.join(', ')}`, 'eval-process-noise');
  return noises;
}

/** The cells of a grid, in plan order; checks what can be checked before anything runs. */
export function planGrid(spec: BenchmarkSpec): GridCell[] {
  noisesOf(spec);
  if (spec.data && spec.envs.length > 1) throw new UserError(`one dataset belongs to one environment, got ${spec.envs.length} (${spec.envs.join(', ')})`, '--data');
  const cells: GridCell[] = [];
  for (const env of spec.envs) {
    if (isCustomMujocoEnvId(env) && !spec.data) throw new UserError(`a user's model (${env}) has no built-in expert to generate demonstrations: give a dataset with --data FILE`, '--data');
    for (const demos of spec.demos) {
      if (spec.data) firstEpisodes(spec.data, demos); // too few episodes in the file: say so before any cell runs
      for (let i = 0; i < spec.seeds; i++) cells.push({ index: cells.length, env, demos, seed: (spec.firstSeed ?? 0) + i });
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

function referencesOf(spec: BenchmarkSpec, env: string, seed: number, cache: ReferenceCache): ReferenceRow[] {
  // A user's model has no built-in expert: no expert reference, so its normalised scores are NaN.
  const noExpert = isCustomMujocoEnvId(env);
  return noisesOf(spec).map((pn) => {
    const key = JSON.stringify([env, seed, pn]);
    let r = cache.get(key);
    if (!r) {
      const ctx = evalContext(spec, env, seed, pn);
      r = noExpert ? userModelReferences(ctx) : nominalReferences(ctx);
      cache.set(key, r);
    }
    return { env, seed, processNoise: pn, ...r };
  });
}

const evalContext = (spec: BenchmarkSpec, env: string, seed: number, processNoise: number): EvalContext =>
  ({ envId: env, episodes: spec.episodes, seed: (spec.evalSeed ?? EVAL_DEFAULTS.seed) + seed, ...(processNoise > 0 ? { processNoise } : {}) });

/** References for a user's model: the random policy only (no expert), so every normalised score is NaN. */
function userModelReferences(ctx: EvalContext): References {
  return { expert: NaN, random: evaluateNominal(randomActor(ctx.envId, new Rng(ctx.seed).derive('eval/random-policy')), ctx).result.summary.mean };
}

/** The methods of a cell's ensemble, in member order: every algorithm, the robust ones once per radius. */
export function cellMethods(spec: Pick<BenchmarkSpec, 'algos' | 'rhos'>): { algo: BenchAlgorithm; rho: number | null }[] {
  return spec.algos.flatMap((algo) => (hasRadius(algo) ? spec.rhos : [null]).map((rho) => ({ algo, rho })));
}

/**
 * Runs one cell: demonstrations, MBIL densities (when an MBIL-loss method is in the grid), the ensemble's
 * training, and every policy's evaluation under every kernel. `onTrained` is told when evaluation starts.
 */
export async function runCell(spec: BenchmarkSpec, cell: GridCell, cache: ReferenceCache = new Map(), onTrained: (msg: string) => void = () => {}): Promise<CellResult> {
  const { env, demos, seed } = cell;
  const watch = watchCellBackend(cellName(cell));
  const bounds = actionBounds(getEnvSpec(env).actionSpace);
  const references = referencesOf(spec, env, seed, cache);
  // The first k episodes of a larger demonstration set equal a set of k: the demo sizes are nested.
  const data = spec.data ? firstEpisodes(spec.data, demos) : generateDemos(env, { episodes: demos, seed, ...spec.demoNoise });
  const methods = cellMethods(spec);
  const members: MemberInput[] = methods.map((m) => benchMember(m.algo, seed, m.rho, spec.kappa));
  const config = { ...spec.train, members, envId: env, seed, ...(spec.steps !== undefined ? { steps: spec.steps } : {}), ...bounds };
  const t0 = Date.now();
  let balance: BalanceTargets | undefined;
  let densitySeconds: number | undefined;
  if (spec.algos.some((a) => a === 'mbil' || a.endsWith('-mbil'))) {
    balance = (await balanceTargetsFor(data, { ...spec.train, ...spec.mbil, envId: env, seed, ...bounds }, {}, 'MBIL densities')).targets;
    densitySeconds = (Date.now() - t0) / 1000;
  }
  // Readings A and B (ALGORITHMS.md 3.5): their per-transition inputs (src/core/eval/reading-inputs.ts).
  const readings = await readingInputsFor(env, data, methods, {
    processNoise: spec.demoNoise?.processNoise ?? 0, seed, mbil: { ...spec.train, ...spec.mbil, envId: env, ...bounds },
    perturbed: perturbedOfSweeps(env, spec.sweeps?.(env) ?? []),
  });
  // The same training and evaluation as the page's runs (run.ts): experiment/train.ts, experiment/evaluate.ts.
  const res = await trainMembers(config, data, balance, readings, { onEvent: watch.onEvent });
  const training: TrainingRow = { env, demos, seed, status: res.status, ...(res.message !== undefined ? { message: res.message } : {}) };
  const policies = res.policies.map((j) => loadPolicy(j));
  const seconds = (Date.now() - t0) / 1000;
  onTrained(`${cellName(cell)}: trained ${members.length} members in ${seconds.toFixed(1)} s${densitySeconds !== undefined ? ` (densities ${densitySeconds.toFixed(1)} s)` : ''}; evaluating`);
  const rows: ResultRow[] = [];
  const plans = references.map((ref) => benchEvalPlan(spec, evalContext(spec, env, seed, ref.processNoise)));
  for (let m = 0; m < policies.length; m++) {
    const base = { env, demos, algo: methods[m].algo, rho: methods[m].rho, seed, episodes: spec.episodes };
    for (let k = 0; k < references.length; k++) {
      for (const row of await evaluatePolicy(policies[m], plans[k], references[k])) rows.push({ ...base, ...row });
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
export async function runGrid(spec: BenchmarkSpec, onProgress: (message: string) => void = () => {}): Promise<BenchmarkResult> {
  const plan = planGrid(spec);
  const cache: ReferenceCache = new Map();
  const results: CellResult[] = [];
  for (const cell of plan) results.push(await runCell(spec, cell, cache, onProgress));
  return assembleGrid(plan, results);
}
