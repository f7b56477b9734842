// `droil bench`'s grid flags (or --setup) -> the grid, a setup plus axes (src/core/experiment/grid.ts), and its
// identity (command, settings, input files, the table's header). The command's main thread and every `--jobs`
// worker thread parse the same argv with this function, so all of them run the same grid (functions such as
// the sweeps do not cross threads).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { BENCH_ALGORITHMS, isBenchAlgorithm, type BenchAlgorithm } from '../core/eval/benchmark';
import { MBIL_DEFAULTS } from '../core/mbil/config';
import { getEnvSpec } from '../core/envs';
import { prepareEnv } from '../core/mujoco/registry';
import { UserError } from '../core/errors';
import { EVAL_DEFAULTS } from '../core/eval/defaults';
import type { BackendPref } from '../core/tf';
import { numberList, optionalNumber, parse, requireString, toNumber, type Options, type Parsed } from './args';
import { EVAL_SETTINGS, KERNEL_SETTINGS, parseBoxParams, parsePerturb } from './eval-flags';
import { flagGiven, setupFlagOptions, setupFlagValues } from './setup-flags';
import { envFromFlags, mjcfOptions, readDatasetForEnv } from './mjcf-flags';
import { smallDataFlag } from './small-data-flag';
import type { Dataset } from '../core/data/dataset';
import { SETUP_GRID_PLAN, setupGrid } from '../core/experiment/grid-setup';
import type { GridSpec } from '../core/experiment/grid';
import { defaultSetup, type Setup } from '../core/setup';
import { readSetupArg } from './commands/run';

/** The setup's settings `droil bench` takes (src/core/setup-fields.ts: flag, default, range, parsing); the
 *  grid's axes (--env, --demos, --algos with the research readings), --perturb and the run's own flags are bench's. */
export const BENCH_SETTINGS = [
  'rhoSweep', 'seeds', 'seed', ...EVAL_SETTINGS, ...KERNEL_SETTINGS, 'steps', 'kappa', 'warmStart', 'hidden', 'batch', 'lr', 'divergence', 'gamma', 'clip',
  'loss', 'mbilAlpha', 'mbilBeta', 'mbilDensitySteps', 'mbilFlowBlocks', 'demoEpsilon', 'demoActionNoise', 'demoProcessNoise', 'backend',
] as const;

export const benchOptions: Options = {
  env: { type: 'string' }, demos: { type: 'string' }, algos: { type: 'string' }, perturb: { type: 'string', multiple: true },
  out: { type: 'string' }, 'eval-seed': { type: 'string' }, 'eval-process-noise': { type: 'string' }, data: { type: 'string' }, 'small-data': { type: 'string' },
  jobs: { type: 'string' }, shard: { type: 'string' }, quiet: { type: 'boolean' }, ...setupFlagOptions(BENCH_SETTINGS), ...mjcfOptions,
  setup: { type: 'string' },
};

/** Flags that say where and how a grid runs, not what it computes: left out of the recorded command. */
const EXECUTION_FLAGS = ['out', 'jobs', 'shard', 'quiet'];

export interface BenchGrid {
  /** The grid: a setup plus axes (src/core/experiment/grid.ts), the same whichever way it was given. */
  spec: GridSpec;
  backendPref: BackendPref;
  /** `droil bench ...` without the execution flags. */
  command: string;
  settings: Record<string, unknown>;
  inputs: Record<string, string>;
  header: string;
  out: string;
  jobs: number;
  shard: { index: number; count: number } | null;
  quiet: boolean;
}

const quoteArg = (a: string) => (/^[\w.,=:/+-]+$/.test(a) ? a : `'${a}'`);

/** The command of the grid: argv without --out, --jobs, --shard and --quiet (with or without '=value'). */
export function gridCommand(argv: string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2).split('=')[0] : '';
    if (EXECUTION_FLAGS.includes(name)) {
      if (benchOptions[name].type === 'string' && !argv[i].includes('=')) i++;
      continue;
    }
    kept.push(argv[i]);
  }
  return `droil bench ${kept.map(quoteArg).join(' ')}`;
}

/** "I/N" with 0 <= I < N: the shard flag, in the form `--shard $SLURM_ARRAY_TASK_ID/N` gives. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError(`expected I/N (shard I of N, I = 0..N-1), got '${text}'`, '--shard');
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || count > 100_000) throw new UserError(`the number of shards must lie in 1..100000, got ${count}`, '--shard');
  if (index >= count) throw new UserError(`shard index ${index} is not below the number of shards ${count} (indices run 0..${count - 1})`, '--shard');
  return { index, count };
}

async function fileDigest(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** The table's header line: where the demonstrations come from and the evaluation kernels. */
function gridHeader(demonstrations: string, evalProcessNoise: number[]): string {
  return `Demonstrations: ${demonstrations}. Evaluation kernel${evalProcessNoise.length > 1 ? 's' : ''}: ${evalProcessNoise.map((s) => (s > 0 ? `process noise ${s}` : 'deterministic')).join(', ')}.`;
}

const demoNoiseWords = (n: { epsilon?: number; actionNoise?: number; processNoise?: number }) =>
  n.epsilon || n.actionNoise || n.processNoise ? `imperfect expert (epsilon ${n.epsilon}, action noise ${n.actionNoise}, process noise ${n.processNoise})` : 'perfect expert';

/** Where the grid's results go and how it is split (the same flags with or without --setup). */
function executionOf(values: Record<string, unknown>) {
  const out = typeof values.out === 'string' ? values.out : 'bench-out';
  const jobs = values.jobs !== undefined ? toNumber(String(values.jobs), '--jobs', { integer: true, min: 1, max: 1024 }) : availableParallelism();
  const shard = typeof values.shard === 'string' ? parseShard(values.shard) : null;
  return { out, jobs, shard, quiet: values.quiet === true };
}

/** The setup's settings `--setup` takes beside it: the seeds of the page's run (more seeds for a claim, or held-out ones). */
const SETUP_OVERRIDES = ['seeds', 'seed'] as const;

/**
 * `--setup LINK|FILE`: the grid a page's setup describes (src/core/experiment/grid-setup.ts: one cell per seed,
 * every setting of the setup), with only the execution flags, --backend, and --seeds and --first-seed (the page's
 * run of the setup with those seeds; recorded in the command) beside it.
 */
async function gridFromSetup(argv: string[], values: Parsed['values']): Promise<BenchGrid> {
  const allowed = new Set([...EXECUTION_FLAGS, 'backend', 'setup', ...Object.keys(setupFlagOptions(SETUP_OVERRIDES))]);
  const extra = Object.keys(values).find((k) => values[k] !== undefined && !allowed.has(k));
  if (extra) throw new UserError('--setup describes the whole grid; give only --out, --jobs, --shard, --quiet, --backend, --seeds and --first-seed beside it', `--${extra}`);
  const backendPref = (typeof values.backend === 'string' ? values.backend : 'auto') as BackendPref;
  if (!['auto', 'cpu', 'wasm'].includes(backendPref)) throw new UserError(`expected auto, cpu or wasm, got '${backendPref}'`, '--backend');
  const arg = values.setup as string;
  const given = SETUP_OVERRIDES.filter((k) => flagGiven(values, k));
  const setup = { ...(await readSetupArg(arg)), ...setupFlagValues(values, given) };
  await prepareEnv(setup.envId);
  const spec = setupGrid(setup);
  const inputs: Record<string, string> = {};
  if (!arg.includes('#') && !/^(v|z)=/.test(arg)) inputs[arg] = await fileDigest(arg);
  const noise = { epsilon: setup.demoEpsilon, actionNoise: setup.demoActionNoise, processNoise: setup.demoProcessNoise };
  // The page's run: one demonstration set (the setup's), the same for every seed.
  const demos = spec.setup.demos as Extract<Setup['demos'], { kind: 'builtin' }>; // setupGrid refuses an uploaded file
  const demonstrations = `${demoNoiseWords(noise)}, the setup's (${demos.episodes} from demonstration seed ${demos.seed}; the same for every seed, as in the page's run)`;
  return { spec, backendPref, command: gridCommand(argv), settings: { setup, cellPlan: SETUP_GRID_PLAN }, inputs, header: gridHeader(demonstrations, spec.axes.evalProcessNoise), ...executionOf(values) };
}

export async function parseGridFlags(argv: string[]): Promise<BenchGrid> {
  const { values } = parse(argv, benchOptions);
  if (typeof values.setup === 'string') return gridFromSetup(argv, values);
  // A user's MJCF model (--mjcf and its flags) is one environment; else --env lists built-in ones.
  const byom = Object.keys(mjcfOptions).some((f) => values[f] !== undefined);
  const envs = byom ? [(await envFromFlags(values)).id as string] : requireString(values, 'env').split(',').map((s) => getEnvSpec(s.trim()).id as string);
  for (const id of envs) await prepareEnv(id); // MuJoCo environments load their WebAssembly first
  let data: Dataset | undefined;
  if (typeof values.data === 'string') {
    if (envs.length > 1) throw new UserError(`one dataset belongs to one environment, got ${envs.length} (${envs.join(', ')})`, '--data');
    for (const f of ['epsilon', 'action-noise', 'process-noise']) if (values[f] !== undefined) throw new UserError(`imperfect demonstrations are generated by the built-in expert; with --data FILE the file's demonstrations are used as they are`, `--${f}`);
    data = await readDatasetForEnv(values.data, getEnvSpec(envs[0]), values);
  } else if (byom) throw new UserError(`a user's model has no built-in expert to generate demonstrations: give them with --data FILE`, '--data');
  const demos = numberList(requireString(values, 'demos'), '--demos');
  demos.forEach((d, i) => toNumber(String(d), `--demos item ${i + 1}`, { integer: true, min: 1, max: 10000 }));
  const set = setupFlagValues(values, BENCH_SETTINGS);
  const given = (k: (typeof BENCH_SETTINGS)[number]) => flagGiven(values, k);
  const loss = set.loss;
  let algos = (typeof values.algos === 'string' ? values.algos : 'bc,dro-bc,be-droil').split(',').map((s) => s.trim());
  for (const a of algos) if (!isBenchAlgorithm(a)) throw new UserError(`unknown algorithm '${a}' (valid: ${BENCH_ALGORITHMS.join(', ')}, segment-dro-hN, segment-dro-ep, tilted-model, tilted-expert, augment-model, lr-oracle-hN, lr-oracle-ep)`, '--algos');
  if (loss === 'mbil') algos = [...new Set(algos.map((a) => (a === 'dro-bc' || a === 'be-droil' ? `${a}-mbil` : a)))];
  // Settings left out keep the trainer's defaults and stay out of the grid's recorded settings (its identity).
  const densitySteps = given('mbilDensitySteps') ? set.mbilDensitySteps : undefined;
  const demoNoise = { epsilon: set.demoEpsilon, actionNoise: set.demoActionNoise, processNoise: set.demoProcessNoise };
  const evalProcessNoise = typeof values['eval-process-noise'] === 'string' ? numberList(values['eval-process-noise'], '--eval-process-noise') : [0];
  evalProcessNoise.forEach((s) => { if (!(s >= 0)) throw new UserError(`process noise must be >= 0, got ${s}`, '--eval-process-noise'); });
  const rhos = set.rhoSweep;
  const seeds = set.seeds;
  const firstSeed = set.seed;
  const episodes = set.evalEpisodes;
  const perturb = (values.perturb as string[] | undefined) ?? [];
  const sweepsByEnv = new Map(envs.map((e) => [e, parsePerturb(perturb, e)]));
  const boxEps = given('worstBoxEps') ? set.worstBoxEps : null;
  // Given names are checked on every environment even without a box: the grid's setup carries them to each cell's plan.
  const boxParams = new Map(envs.map((e) => [e, boxEps === null && !given('boxParams') ? [] : parseBoxParams(set.boxParams, given('boxParams'), sweepsByEnv.get(e)!, e)]));
  const randomPoints = set.boxRandomPoints;
  const refineRounds = set.boxRefineRounds;
  const kernelRho = given('klKernelRho') ? set.klKernelRho : null;
  const steps = given('steps') ? set.steps : undefined;
  const kappa = given('kappa') ? set.kappa : undefined;
  // Settings left out keep the CLI's defaults (the trainer's and the evaluation's) and stay out of the recorded
  // settings (the grid's identity); the kernel's episodes are all of them unless --kernel-episodes says otherwise.
  const train: Record<string, unknown> = {};
  if (given('warmStart')) train.warmStartFraction = set.warmStart;
  if (given('batch')) train.batchSize = set.batch;
  if (values['small-data'] !== undefined) train.smallDataBatch = smallDataFlag(values['small-data']);
  if (given('hidden')) train.policyHidden = [set.hidden, set.hidden];
  if (given('lr')) train.learningRate = set.lr;
  if (given('divergence')) train.divergence = set.divergence;
  if (given('gamma')) train.gamma = set.gamma;
  if (given('clip')) train.weightClip = set.clip > 1 ? set.clip : null;
  if (given('mbilAlpha')) train.mbilAlpha = set.mbilAlpha;
  if (given('mbilBeta')) train.mbilBeta = set.mbilBeta;
  const mbil: Record<string, unknown> = {};
  if (densitySteps !== undefined) mbil.densitySteps = densitySteps;
  if (given('mbilFlowBlocks')) mbil.flowBlocks = set.mbilFlowBlocks;
  const kernelSearch = Object.fromEntries(KERNEL_SETTINGS.filter(given).map((k) => [k, set[k]]));
  const evalSeed = optionalNumber(values, 'eval-seed', EVAL_DEFAULTS.seed, { integer: true });
  const backendPref = set.backend as BackendPref;
  if (set.demoActionNoise > 0) {
    const discrete = envs.find((e) => getEnvSpec(e).actionSpace.kind === 'discrete');
    if (discrete) throw new UserError(`${discrete} has discrete actions; action noise applies to continuous actions only (use --epsilon for random actions)`, '--action-noise');
  }

  const setup = { ...defaultSetup, ...set, envId: envs[0] as Setup['envId'], kernelEpisodes: given('kernelEpisodes') ? set.kernelEpisodes : set.evalEpisodes } as Setup;
  const spec: GridSpec = {
    setup,
    axes: {
      envs, demos, algos: algos as BenchAlgorithm[], evalProcessNoise, evalSeed, data,
      ...(values['small-data'] !== undefined ? { train: { smallDataBatch: train.smallDataBatch } } : {}),
      sweeps: perturb.length > 0 ? (e) => sweepsByEnv.get(e)! : null,
      boxParams: boxEps === null ? null : (e) => boxParams.get(e)!,
      kernel: kernelRho !== null,
    },
  };
  const settings = {
    envs, demos, algos, rhos, seeds, firstSeed, episodes, steps: steps ?? 'trainer default', kappa: kappa ?? 'trainer default', train, evalSeed,
    demoNoise, ...(data ? { data: values.data } : {}), evalProcessNoise, densitySteps: densitySteps ?? MBIL_DEFAULTS.densitySteps, ...(mbil.flowBlocks !== undefined ? { flowBlocks: mbil.flowBlocks } : {}), perturb: Object.fromEntries(sweepsByEnv),
    worstBox: boxEps === null ? null : { eps: boxEps, params: Object.fromEntries(boxParams), randomPoints, refineRounds }, worstKernel: kernelRho,
    ...(Object.keys(kernelSearch).length ? { kernelSearch } : {}),
  };
  const inputs: Record<string, string> = {};
  for (const f of ['data', 'mjcf'] as const) if (typeof values[f] === 'string') inputs[values[f] as string] = await fileDigest(values[f] as string);
  const demonstrations = data
    ? `${values.data} (the first N episodes for N demonstrations; the same for every seed)${byom ? '; a user\'s model has no built-in expert, so the normalised scores are NaN' : ''}`
    : demoNoiseWords(demoNoise);
  return { spec, backendPref, command: gridCommand(argv), settings, inputs, header: gridHeader(demonstrations, evalProcessNoise), ...executionOf(values) };
}
