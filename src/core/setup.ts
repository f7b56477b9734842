// The setup is data (ARCHITECTURE.md): ONE typed object describes everything a user can set in the
// playground. The URL hash, the project file, the CLI flags and the worker's training request are all
// encodings of this object. Add a setting here once; validation and defaults follow.
import { z } from 'zod';
import { UserError } from './errors';
import { EVAL_DEFAULTS } from './eval/defaults';

export const ENV_IDS = ['CartPole-v1', 'Pendulum-v1', 'MountainCarContinuous-v0', 'Acrobot-v1'] as const;
export const ALGO_IDS = ['bc', 'dro-bc', 'be-droil'] as const;
export type AlgoId = (typeof ALGO_IDS)[number];
export const ALGO_LABELS: Record<AlgoId, string> = { bc: 'BC', 'dro-bc': 'DRO-BC', 'be-droil': 'BE-DROIL' };
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendPref = (typeof BACKENDS)[number];

/** The radius slider's range (log scale). rho = 0 is BC's weighting and has its own member in a sweep. */
export const RHO_MIN = 0.01;
export const RHO_MAX = 5;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be > 0');

export const demoSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('builtin'),
    episodes: z.number().int().min(1).max(200),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
  }),
  // The bytes of an upload never travel in the setup (they stay in the browser); only the name does.
  z.object({ kind: z.literal('upload'), fileName: z.string().max(260) }),
]);
export type DemoSource = z.infer<typeof demoSourceSchema>;

export const setupSchema = z.object({
  /** Environment and the nominal physical parameters the demonstrations are recorded under. */
  envId: z.enum(ENV_IDS),
  params: z.record(z.string(), positive),
  demos: demoSourceSchema,

  /** Algorithms to compare; BC is the reference of every paired comparison. */
  algos: z.array(z.enum(ALGO_IDS)).min(1, 'choose at least one algorithm'),
  /** The radius the charts show (the slider); the nearest trained member of the sweep answers. */
  rho: finite.refine((v) => v >= 0 && v <= RHO_MAX, `must lie in [0, ${RHO_MAX}]`),
  /** Radii trained together as one ensemble for each robust algorithm. */
  rhoSweep: z.array(finite.refine((v) => v >= 0 && v <= RHO_MAX)).min(1).max(8),
  divergence: z.enum(['kl', 'chi2']),
  /** Balance strength (L2 on nu, in the scale convention of ALGORITHMS.md 3.3). */
  kappa: finite.refine((v) => v >= 0, 'must be >= 0'),
  gamma: finite.refine((v) => v > 0 && v <= 1, 'must lie in (0, 1]'),
  warmStart: finite.refine((v) => v >= 0 && v < 1, 'must lie in [0, 1)'),
  /** Weight clipping w_max; 0 = off. */
  clip: finite.refine((v) => v === 0 || v >= 1, 'must be 0 (off) or >= 1'),
  steps: z.number().int().min(10).max(100_000),
  batch: z.number().int().min(8).max(4096),
  lr: positive,
  hidden: z.number().int().min(4).max(512),

  /** Evaluation: one parameter swept over a log grid of factors. '' = the environment's first parameter. */
  evalParam: z.string(),
  evalFactorMin: positive,
  evalFactorMax: positive,
  evalPoints: z.number().int().min(2).max(25),
  evalEpisodes: z.number().int().min(1).max(200),
  /** Worst case in the box |log(p/p0)| <= eps over the parameters in evalBoxParams ([] = the swept one). */
  worstBoxEps: finite.refine((v) => v >= 0 && v <= 2, 'must lie in [0, 2]'),
  /** Worst-case transition kernel: KL radius rho_eval (0 = nominal process noise). */
  klKernelRho: finite.refine((v) => v >= 0 && v <= 10, 'must lie in [0, 10]'),
  /** The kernel's cost grows with episodes x candidates K x look-ahead H per step: the page keeps them small. */
  kernelEpisodes: z.number().int().min(1).max(200),
  kernelCandidates: z.number().int().min(1).max(64),
  kernelHorizon: z.number().int().min(0).max(200),
  /** Random points and coordinate-refinement rounds of the worst-case box search. */
  boxRandomPoints: z.number().int().min(0).max(256),
  boxRefineRounds: z.number().int().min(0).max(20),

  /** Seeds 0..seeds-1 offset by seed; several seeds give the paired gain over BC. */
  seeds: z.number().int().min(1).max(50),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  backend: z.enum(BACKENDS),
});
export type Setup = z.infer<typeof setupSchema>;

export const defaultSetup: Setup = {
  envId: 'CartPole-v1',
  params: {},
  demos: { kind: 'builtin', episodes: 1, seed: 0 },
  algos: ['bc', 'be-droil'],
  rho: 0.2,
  // BC is the rho = 0 member; the robust algorithm trains these radii as one ensemble.
  rhoSweep: [0.2, 0.5, 2],
  divergence: 'kl',
  kappa: 1e-2,
  gamma: 1,
  warmStart: 0.1,
  clip: 0,
  steps: 1000,
  batch: 256,
  lr: 1e-3,
  hidden: 64,
  // CartPole's expert holds 500 from 0.18x to 3x the pole length: a wide log range shows where policies
  // break instead of a flat, saturated line.
  evalParam: '',
  evalFactorMin: 0.1,
  evalFactorMax: 10,
  evalPoints: 9,
  evalEpisodes: 10,
  worstBoxEps: Number(EVAL_DEFAULTS.boxEps.toFixed(3)),
  klKernelRho: EVAL_DEFAULTS.kernelRho,
  // Smaller than the CLI's evaluation defaults (src/core/eval/defaults.ts) so a first run finishes in
  // seconds on a laptop; every one is a setting.
  kernelEpisodes: 5,
  kernelCandidates: 8,
  kernelHorizon: 10,
  boxRandomPoints: 4,
  boxRefineRounds: 3,
  seeds: 1,
  seed: 0,
  backend: 'auto',
};

/** Validates any object as a Setup; the error names the field and what was expected. */
export function parseSetup(value: unknown, where = 'setup'): Setup {
  const r = setupSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue.path.join('.') || '(root)';
    throw new UserError(`field '${field}' ${issue.message}`, where);
  }
  const s = r.data;
  if (s.evalFactorMin >= s.evalFactorMax) {
    throw new UserError(`field 'evalFactorMin' must be below evalFactorMax (found ${s.evalFactorMin} >= ${s.evalFactorMax})`, where);
  }
  return s;
}

/** The factors of the perturbation sweep: a log grid that always contains 1 (the nominal point) when in range. */
export function sweepFactors(s: Pick<Setup, 'evalFactorMin' | 'evalFactorMax' | 'evalPoints'>): number[] {
  const a = Math.log(s.evalFactorMin);
  const b = Math.log(s.evalFactorMax);
  const out: number[] = [];
  for (let i = 0; i < s.evalPoints; i++) out.push(Math.exp(a + ((b - a) * i) / (s.evalPoints - 1)));
  return out;
}

/** The radius each robust algorithm trains (sorted, unique). */
export function sweepRadii(s: Pick<Setup, 'rhoSweep'>): number[] {
  return [...new Set(s.rhoSweep)].sort((x, y) => x - y);
}

/** The member of a trained sweep that answers a slider value: nearest on a log scale (0 is its own point). */
export function nearestRadius(radii: number[], rho: number): number {
  const key = (r: number) => Math.log(Math.max(r, RHO_MIN / 2));
  let best = radii[0];
  for (const r of radii) if (Math.abs(key(r) - key(rho)) < Math.abs(key(best) - key(rho))) best = r;
  return best;
}

/** Log slider: position in [0, 1] <-> rho in [RHO_MIN, RHO_MAX]; position 0 means rho = 0. */
export function rhoFromSlider(t: number): number {
  if (t <= 0) return 0;
  return RHO_MIN * Math.pow(RHO_MAX / RHO_MIN, t);
}
export function sliderFromRho(rho: number): number {
  if (rho <= 0) return 0;
  return Math.min(1, Math.max(0, Math.log(rho / RHO_MIN) / Math.log(RHO_MAX / RHO_MIN)));
}

// ---- the URL-hash encoding: `#envId=Acrobot-v1&algos=bc,be-droil&steps=500&demos=builtin:1:0` ----
// Flat `key=value` pairs over the schema's fields; anything left out keeps its default.

export function setupToHash(s: Setup): string {
  const parts: string[] = [];
  for (const key of Object.keys(defaultSetup) as (keyof Setup)[]) {
    const v = s[key];
    const d = defaultSetup[key];
    if (JSON.stringify(v) === JSON.stringify(d)) continue;
    let text: string;
    if (key === 'demos') text = s.demos.kind === 'builtin' ? `builtin:${s.demos.episodes}:${s.demos.seed}` : `upload:${s.demos.fileName}`;
    else if (key === 'params') text = Object.entries(s.params).map(([k, x]) => `${k}:${x}`).join(',');
    else if (Array.isArray(v)) text = v.join(',');
    else text = String(v);
    parts.push(`${key}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

/** Decodes a hash into a validated Setup; a bad hash is a UserError naming the field. */
export function setupFromHash(hash: string): Setup {
  const where = 'link';
  const out: Record<string, unknown> = { ...defaultSetup };
  const text = hash.replace(/^#/, '');
  if (!text) return defaultSetup;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const raw = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    if (!(key in defaultSetup)) throw new UserError(`unknown field '${key}' (fields: ${Object.keys(defaultSetup).join(', ')})`, where);
    const d = defaultSetup[key as keyof Setup];
    if (key === 'demos') {
      const [kind, a, b] = raw.split(':');
      out.demos = kind === 'builtin' ? { kind, episodes: Number(a), seed: Number(b) }
        : kind === 'upload' ? { kind, fileName: raw.slice('upload:'.length) } : { kind };
    } else if (key === 'params') {
      const rec: Record<string, number> = {};
      for (const kv of raw.split(',').filter(Boolean)) { const [k, x] = kv.split(':'); rec[k] = Number(x); }
      out.params = rec;
    } else if (Array.isArray(d)) {
      const items = raw.split(',').filter((x) => x !== '');
      out[key] = typeof d[0] === 'number' ? items.map(Number) : items;
    } else if (typeof d === 'number') {
      out[key] = raw.trim() === '' ? NaN : Number(raw);
    } else {
      out[key] = raw;
    }
  }
  return parseSetup(out, where);
}
