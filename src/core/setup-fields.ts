// Every setting of the setup in ONE table (like TF Playground's URL state): its type and range, its default
// in the page (and in a link, which leaves defaults out), its role after a run, how a link writes it, and its
// `droil` flag with the CLI's default where the CLI differs. setup.ts derives the schema, the defaults, the
// roles and the link's field table from it; src/cli/setup-flags.ts derives the flags, their parsing and their
// --help lines. Add a setting here once.
import { z } from 'zod';
import { TRAIN_DEFAULTS } from './algos/defaults';
import { EVAL_DEFAULTS } from './eval/defaults';
import { MBIL_DEFAULTS } from './mbil/config';
import { allEnvIds, builtinMujocoEnvIds, envIds, type BuiltinEnvId } from './environments/registry';

/** The environments a setup may name: the registry's built-in ones (core/environments/registry.ts). */
export const ENV_IDS = allEnvIds as [BuiltinEnvId, ...BuiltinEnvId[]];
export const CLASSIC_ENV_IDS: readonly BuiltinEnvId[] = envIds;
/** MuJoCo tasks (src/core/mujoco): their WebAssembly loads in the worker when one is first used. */
export const MUJOCO_ENV_IDS: readonly BuiltinEnvId[] = builtinMujocoEnvIds;
/**
 * The readings of ALGORITHMS.md 3.5 (research; docs/results/issue-19.md): segment-dro (C: one weight per segment of 10
 * transitions); tilted-model (A: the KL tilt over a learned model's next states), augment-model (A's control, the
 * same next states untilted) and tilted-expert (A's bound: the expert labels them, an oracle); lr-oracle (B's
 * oracle: exact simulator likelihood ratios toward the sweep's perturbed points, on data recorded under process noise).
 */
export const ALGO_IDS = ['bc', 'dro-bc', 'be-droil', 'segment-dro', 'mbil', 'tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle'] as const;
/** The readings that are not methods of their own in the playground's first list (A, its control and bound, B's oracle). */
export const READING_IDS = ['tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle'] as const satisfies readonly (typeof ALGO_IDS)[number][];
export type AlgoId = (typeof ALGO_IDS)[number];
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendPref = (typeof BACKENDS)[number];

/** The radius slider's range (log scale). rho = 0 is BC's weighting and has its own member in a sweep. */
export const RHO_MIN = 0.01;
export const RHO_MAX = 5;

/** Every real-valued setting lies within +-1e15 (a link's `lr=1e308` is refused, not trained). */
export const MAX_MAGNITUDE = 1e15;
const finite = z.number().refine((v) => Number.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE, `must be a finite number within +-${MAX_MAGNITUDE}`);
/** A parameter name: letters, digits, '_' and '.', starting with a letter or '_' (never __proto__ and kin). */
export function isIdentifier(k: string): boolean {
  return /^[A-Za-z_][\w.]{0,63}$/.test(k) && k !== '__proto__' && k !== 'constructor' && k !== 'prototype';
}
const identifier = z.string().refine(isIdentifier, "must be a parameter name (letters, digits, '_', '.')");
const unique = <T>(a: T[]) => new Set(a).size === a.length;

export const demoSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('builtin'),
    episodes: z.number().int().min(1).max(200),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
  }),
  // The bytes of an upload never travel in the setup (they stay in the browser); only the name does.
  z.object({ kind: z.literal('upload'), fileName: z.string().min(1).max(260).refine((n) => !/[\u0000-\u001f\u007f-\u009f<>]/.test(n), 'must not hold control characters or markup (< >)') }),
]);
export type DemoSource = z.infer<typeof demoSourceSchema>;

/**
 * What each setting does to a finished run (the page's live loop, issue 17): a 'training' setting makes the
 * trained policies another experiment (Train again); an 'evaluation' setting only changes how the same
 * policies are tested (re-evaluated without training).
 */
export type SetupRole = 'training' | 'evaluation';

/** How a setting is written in a link: its text form (a number, a word, a comma list, name:value pairs or JSON). */
export type LinkKind = 'number' | 'string' | 'number[]' | 'string[]' | 'record' | 'demos';

/**
 * A number's allowed values, declared once: the schema's check and message, the CLI's message and the
 * range in --help all come from it. `off` is one more value outside the range that switches the setting off.
 */
export interface NumRange { min: number; max: number; int?: boolean; minOpen?: boolean; maxOpen?: boolean; off?: number }

/** The range as --help and the messages write it: `10..100000`, `[0, 1)`, `>= 0`, `0 (off) or >= 1`. */
export function rangeText(r: NumRange): string {
  const base = r.int ? (r.max === Infinity ? `>= ${r.min}` : `${r.min}..${r.max}`)
    : r.max === Infinity ? `${r.minOpen ? '>' : '>='} ${r.min}` : `${r.minOpen ? '(' : '['}${r.min}, ${r.max}${r.maxOpen ? ')' : ']'}`;
  return r.off !== undefined ? `${r.off} (off) or ${base}` : base;
}

/** Whether x lies in the range (the off value included). */
export function inRange(x: number, r: NumRange): boolean {
  if (r.off !== undefined && x === r.off) return true;
  if (r.int && !Number.isInteger(x)) return false;
  return (r.minOpen ? x > r.min : x >= r.min) && (r.maxOpen ? x < r.max : x <= r.max);
}

function numberSchema(r: NumRange) {
  // Integers keep zod's own checks and messages (what links have always said); reals say their range.
  if (r.int && r.off === undefined) return r.max === Infinity ? z.number().int().min(r.min) : z.number().int().min(r.min).max(r.max);
  const text = rangeText(r);
  const message = r.off !== undefined ? `must be ${text}` : r.max === Infinity ? `must be ${text}` : `must lie in ${text}`;
  return finite.refine((v) => inRange(v, r), message);
}

/** A setting's `droil` flag: its name, the word its --help line shows for the value, the help text, and the
 *  CLI's default where it differs from the page's (the CLI's are the research defaults of TRAIN_DEFAULTS,
 *  EVAL_DEFAULTS and MBIL_DEFAULTS; the page's keep a first run short). `alias`: an older name that still works. */
export interface CliFlag<T> { flag: string; arg: string; help: string; default?: T; alias?: string; /** the values the CLI takes, where fewer than the page's */ choices?: readonly string[];
  /** what a command does without the flag, where that is no value (the evaluation is left out) */ unset?: string }

export interface SetupField<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The page's default (and what a link means by leaving the field out). */
  default: z.infer<S>;
  role: SetupRole;
  link: LinkKind;
  /** The allowed values as --help shows them. */
  range: string;
  /** Set for numbers (and lists of numbers: each item). */
  num?: NumRange;
  cli?: CliFlag<z.infer<S>>;
  /** Added after setups were first kept (saved runs, project files, setup files): a setup without it has its default. */
  addedLater?: true;
}

type Rest<S extends z.ZodType> = Omit<SetupField<S>, 'schema' | 'range' | 'num' | 'link'> & { link?: LinkKind };
// Each builder keeps its line's literal type, so the type of the table knows which settings have a flag.
const num = <F extends Rest<z.ZodType<number>>>(r: NumRange, f: F) => ({ schema: numberSchema(r) as z.ZodType<number>, range: rangeText(r), num: r, link: 'number' as LinkKind, ...f });
const int = <F extends Rest<z.ZodType<number>>>(min: number, max: number, f: F) => num({ min, max, int: true }, f);
const oneOf = <const T extends readonly [string, ...string[]], F extends Rest<z.ZodEnum<{ [K in T[number]]: K }>>>(values: T, f: F) =>
  ({ schema: z.enum(values), range: values.join('|'), link: 'string' as LinkKind, ...f });

const nonNeg: NumRange = { min: 0, max: Infinity };
const positive: NumRange = { min: 0, max: Infinity, minOpen: true };
/** The radii a sweep may train and the slider may show (view state, not a setting: setup.ts's LinkView). */
export const RHO_RANGE: NumRange = { min: 0, max: RHO_MAX };
const rhoRange = RHO_RANGE;

const table = {
  /** Environment and the nominal physical parameters the demonstrations are recorded under. */
  envId: { schema: z.enum(ENV_IDS), range: 'an environment id (droil envs)', default: 'CartPole-v1' as BuiltinEnvId, role: 'training', link: 'string' },
  params: { schema: z.record(identifier, numberSchema(positive)), range: 'name=value,... (factors > 0)', default: {}, role: 'training', link: 'record' },
  demos: { schema: demoSourceSchema, range: 'builtin:EPISODES:SEED or upload:FILE', default: { kind: 'builtin', episodes: 1, seed: 0 } as DemoSource, role: 'training', link: 'demos' },
  /** Imperfect built-in expert (src/core/experts/demos.ts): random-action probability, Gaussian action noise
   *  (continuous actions, action units) and process noise (multiples of the env's processNoiseStd). */
  demoEpsilon: num({ min: 0, max: 1 }, { default: 0, role: 'training', cli: { flag: 'epsilon', arg: 'P', help: 'imperfect demonstrations: probability of a random action per step' } }),
  demoActionNoise: num({ min: 0, max: 10 }, { default: 0, role: 'training', cli: { flag: 'action-noise', arg: 'S', help: 'imperfect demonstrations: Gaussian noise on continuous actions (action units)' } }),
  demoProcessNoise: num({ min: 0, max: 100 }, { default: 0, role: 'training', cli: { flag: 'process-noise', arg: 'S', help: "imperfect demonstrations: process noise, multiples of the environment's documented std" } }),

  /** Algorithms to compare; BC is the reference of every paired comparison. */
  algos: {
    schema: z.array(z.enum(ALGO_IDS)).min(1, 'choose at least one algorithm').refine(unique, 'lists an algorithm twice'),
    range: `some of ${ALGO_IDS.join(',')}`, default: ['bc', 'be-droil'] as AlgoId[], role: 'training', link: 'string[]',
  },
  /** Radii trained together as one ensemble for each robust algorithm. BC is the rho = 0 member; two radii,
   *  two seeds, batch 64 and the light worst-case search below keep the First look (the page's defaults)
   *  within 8 s on a quiet 2-core machine with the paired-gain chart filled (docs/performance.md). */
  rhoSweep: {
    schema: z.array(numberSchema(rhoRange)).min(1).max(8).refine(unique, 'lists a radius twice'), num: rhoRange,
    range: `1 to 8 radii in ${rangeText(rhoRange)}`, default: [0.2, 2], role: 'training', link: 'number[]',
    cli: { flag: 'rho', arg: 'LIST', help: 'radii of the robust algorithms (each a member of the ensemble)', default: [TRAIN_DEFAULTS.rho] },
  },
  divergence: oneOf(['kl', 'chi2'] as const, { default: 'kl', role: 'training', cli: { flag: 'divergence', arg: 'D', help: 'the divergence of the ball' } }),
  /** Balance strength (L2 on nu, in the scale convention of ALGORITHMS.md 3.3). */
  kappa: num(nonNeg, { default: 1e-2, role: 'training', cli: { flag: 'kappa', arg: 'K', help: 'balance strength: L2 on nu' } }),
  gamma: num({ min: 0, max: 1, minOpen: true }, { default: 1, role: 'training', cli: { flag: 'gamma', arg: 'G', help: '1 = stationary balance equation; < 1 = discounted form' } }),
  warmStart: num({ min: 0, max: 1, maxOpen: true }, { default: 0.1, role: 'training', cli: { flag: 'warm-start', arg: 'F', help: 'fraction of the steps trained as BC first' } }),
  /** Weight clipping w_max; 0 = off. */
  clip: num({ min: 1, max: Infinity, off: 0 }, { default: 0, role: 'training', cli: { flag: 'clip', arg: 'W', help: 'clip the robust weights at W and renormalise to mean 1' } }),
  // 300 steps: BC and BE-DROIL already reach 500 on nominal CartPole there (bench/default-steps.ts), and a
  // first run is 3x shorter than at 1000 (docs/performance.md). The CLI keeps the trainer's 3000.
  steps: int(1, 100_000, { default: 300, role: 'training', cli: { flag: 'steps', arg: 'N', help: 'gradient steps per member', default: TRAIN_DEFAULTS.steps } }),
  // 64 from one 500-transition demonstration: every policy still holds CartPole at 500 after 300 steps
  // (bench/first-look.ts), at half the ensemble's step cost of 256 (the research presets' batch too).
  batch: int(8, 4096, { default: 64, role: 'training', cli: { flag: 'batch', arg: 'B', help: 'transitions per minibatch', default: TRAIN_DEFAULTS.batchSize } }),
  lr: num(positive, { default: 1e-3, role: 'training', cli: { flag: 'lr', arg: 'LR', help: "Adam's learning rate (policy and nu)" } }),
  hidden: int(4, 512, { default: 64, role: 'training', cli: { flag: 'hidden', arg: 'H', help: "units in each of the policy's two hidden layers (H or H,H)" } }),
  /** MBIL (ALGORITHMS.md 3.4): balance-loss and BC weights, Adam steps per density model, coupling blocks per flow. */
  mbilAlpha: num(nonNeg, { default: MBIL_DEFAULTS.alpha, role: 'training', cli: { flag: 'alpha', arg: 'A', help: 'MBIL: weight of the balance loss (MBIL and the mbil loss)' } }),
  mbilBeta: num(nonNeg, { default: MBIL_DEFAULTS.beta, role: 'training', cli: { flag: 'beta', arg: 'B', help: 'MBIL: weight of the BC loss' } }),
  // MBIL_DEFAULTS' density steps in the CLI; 300 keep a first run in the page short.
  mbilDensitySteps: int(1, 100_000, { default: 300, role: 'training', cli: { flag: 'density-steps', arg: 'N', help: 'MBIL: Adam steps per density model', default: MBIL_DEFAULTS.densitySteps } }),
  mbilFlowBlocks: int(1, 16, { default: MBIL_DEFAULTS.flowBlocks, role: 'training', cli: { flag: 'flow-blocks', arg: 'K', help: 'MBIL: coupling blocks per flow' } }),
  /** BE-DROIL's imitation loss: the policy's NLL, or MBIL's per-sample balance loss ("Robust MBIL", ALGORITHMS.md 3.4). */
  loss: oneOf(['nll', 'mbil'] as const, { default: 'nll', role: 'training', cli: { flag: 'loss', arg: 'L', help: "imitation loss the robust weights act on: nll, or mbil (MBIL's per-sample balance loss)" } }),

  /** Evaluation: one parameter swept over a log grid of factors. '' = the environment's first parameter.
   *  CartPole's expert holds 500 from 0.18x to 3x the pole length: a wide log range shows where policies break. */
  evalParam: { schema: z.string().refine((v) => v === '' || isIdentifier(v), "must be a parameter name (letters, digits, '_', '.') or empty"), range: 'a parameter name', default: '', role: 'evaluation', link: 'string' },
  evalFactorMin: num(positive, { default: 0.1, role: 'evaluation' }),
  evalFactorMax: num(positive, { default: 10, role: 'evaluation' }),
  evalPoints: int(2, 25, { default: 9, role: 'evaluation' }),
  evalEpisodes: int(1, 200, { default: 10, role: 'evaluation', cli: { flag: 'episodes', arg: 'E', help: 'evaluation episodes per condition', default: EVAL_DEFAULTS.episodes } }),
  /** A fixed shift of several parameters at once (factors of the defaults, e.g. link_mass_2: 2, gravity: 1.5),
   *  evaluated as one more condition beside the nominal one; {} = none. */
  evalShift: { schema: z.record(identifier, numberSchema(positive)), range: 'name:factor,...', default: {}, role: 'evaluation', link: 'record' },
  /** Worst case in the box |log(p/p0)| <= eps over the box's parameters (boxParams below).
   *  The CLI evaluates no box unless asked. */
  worstBoxEps: num({ min: 0, max: 2 }, { default: Number(EVAL_DEFAULTS.boxEps.toFixed(3)), role: 'evaluation', cli: { flag: 'worst-box', arg: 'EPS', help: 'worst case in the box |log(p/p0)| <= EPS over the parameters of --box-params: corners, centre, random points, then coordinate refinement', unset: 'no box' } }),
  /** The parameters the worst-case box perturbs; [] = the environment's default perturbed parameters (its registry
   *  entry; 4 on every built-in task: 16 corners). Fewer make the box cheaper: each one doubles its corners. A name
   *  the environment does not have is refused by planEval (core/experiment/evaluate.ts boxParamsOf); setups kept
   *  before the field existed lack it (addedLater): the defaults, their numbers. The CLI's box takes --perturb's
   *  parameters when the flag is left out (src/cli/eval-flags.ts parseBoxParams). */
  boxParams: {
    schema: z.array(identifier).max(16, 'lists more than 16 parameters').refine(unique, 'lists a parameter twice'), range: "names of the environment's parameters",
    default: [] as string[], role: 'evaluation', link: 'string[]', addedLater: true,
    cli: { flag: 'box-params', arg: 'LIST', help: 'parameters of the worst-case box (comma-separated)', unset: "those of --perturb, else the environment's default ones" },
  },
  /** Worst-case transition kernel: KL radius rho_eval (0 = nominal process noise). The CLI evaluates no kernel unless asked. */
  klKernelRho: num({ min: 0, max: 10 }, { default: EVAL_DEFAULTS.kernelRho, role: 'evaluation', cli: { flag: 'worst-kernel', arg: 'R', help: "worst-case transition kernel in a per-step KL ball of radius R around the environment's process noise", unset: 'no kernel' } }),
  // The page's are smaller than the CLI's (EVAL_DEFAULTS) so a first run finishes in seconds on a laptop: the
  // kernel's look-ahead (episodes x K x (1 + H) policy calls per step) and the box's points were 90 % of the
  // evaluation: 2 x 4 x 6 and the 16 corners + one round.
  kernelEpisodes: int(1, 200, { default: 2, role: 'evaluation', cli: { flag: 'kernel-episodes', arg: 'E', help: 'episodes of the worst-case kernel (the first E of the evaluation\'s starts)', unset: 'all of them' } }),
  kernelCandidates: int(1, 64, { default: 4, role: 'evaluation', cli: { flag: 'kernel-candidates', arg: 'K', help: "the worst-case kernel's candidate next states per step", default: EVAL_DEFAULTS.kernelCandidates } }),
  kernelHorizon: int(0, 200, { default: 5, role: 'evaluation', cli: { flag: 'kernel-horizon', arg: 'H', help: "the worst-case kernel's look-ahead steps that score a candidate", default: EVAL_DEFAULTS.kernelHorizon } }),
  /** Random points and coordinate-refinement rounds of the worst-case box search. */
  boxRandomPoints: int(0, 256, { default: 0, role: 'evaluation', cli: { flag: 'box-random', arg: 'N', help: 'random points of the box search (after its corners and centre)', default: EVAL_DEFAULTS.boxRandomPoints } }),
  boxRefineRounds: int(0, 20, { default: 1, role: 'evaluation', cli: { flag: 'box-rounds', arg: 'N', help: "coordinate-refinement rounds of the box search", default: EVAL_DEFAULTS.boxRefineRounds } }),

  /** Seeds 0..seeds-1 offset by seed; several seeds give the paired gain over BC. Two fill the page's
   *  paired-gain chart (per-seed differences); the preset note says a claim needs 10. */
  seeds: int(1, 50, { default: 2, role: 'training', cli: { flag: 'seeds', arg: 'K', help: 'seeds S..S+K-1 (the paired gain over BC is over seeds)', default: 5 } }),
  // The seeds say which policies exist; a backend's numbers differ in the last digits: both train anew.
  seed: int(0, 2 ** 31 - 1, { default: 0, role: 'training', cli: { flag: 'seed', alias: 'first-seed', arg: 'S', help: 'seed of the initialisation, the minibatches and the built-in demonstrations (a grid: its first seed)' } }),
  backend: oneOf(BACKENDS, { default: 'auto', role: 'training', cli: { flag: 'backend', arg: 'B', help: 'tfjs backend (auto: wasm, else cpu, in Node; the page\'s webgpu and webgl are the browser\'s)', choices: ['auto', 'wasm', 'cpu'] } }),
} satisfies Record<string, SetupField>;

type Table = typeof table;
/** The table, each line typed by its own schema. */
export const SETUP_FIELDS: { [K in keyof Table]: SetupField<Table[K]['schema']> } = table as never;
export type SetupKey = keyof Table;
/** The settings that have a `droil` flag. */
export type FlagKey = { [K in SetupKey]: Table[K] extends { cli: object } ? K : never }[SetupKey];
export const SETUP_KEYS = Object.keys(table) as SetupKey[];

export const setupSchema = z.object(Object.fromEntries(SETUP_KEYS.map((k) => [k, table[k].schema])) as { [K in SetupKey]: Table[K]['schema'] });
export type Setup = z.infer<typeof setupSchema>;
export const defaultSetup = Object.fromEntries(SETUP_KEYS.map((k) => [k, table[k].default])) as Setup;
