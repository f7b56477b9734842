// The setup is data (ARCHITECTURE.md): ONE typed object describes everything a user can set in the
// playground. The URL hash, the project file, the CLI flags and the worker's training request are all
// encodings of this object, declared field by field in setup-fields.ts; this file holds what is computed
// from a setup and the share link's codec.
import { UserError } from './errors';
// lz-string is CommonJS: the default import works in Node's ESM (the CLI) and in Vite alike.
import LZString from 'lz-string';
import { isMujocoEnv, playgroundDefaults, type BuiltinEnvId } from './environments/registry';
import { SETUP_FIELDS, SETUP_KEYS, setupSchema, defaultSetup, type DemoSource, type LinkKind, type Setup, type SetupRole } from './setup-fields';

export {
  ALGO_IDS, READING_IDS, BACKENDS, CLASSIC_ENV_IDS, ENV_IDS, MAX_MAGNITUDE, MUJOCO_ENV_IDS, RHO_MAX, RHO_MIN, SETUP_FIELDS, SETUP_KEYS, defaultSetup, demoSourceSchema,
  isIdentifier, setupSchema,
} from './setup-fields';
export type { AlgoId, BackendPref, DemoSource, LinkKind, Setup, SetupRole } from './setup-fields';
import { inRange, isIdentifier, RHO_MAX, RHO_MIN, RHO_RANGE, type AlgoId } from './setup-fields';

export type SetupEnvId = BuiltinEnvId;
export const isMujocoSetupEnv = (id: string): boolean => isMujocoEnv(id);
export const ALGO_LABELS: Record<AlgoId, string> = {
  bc: 'BC', 'dro-bc': 'DRO-BC', 'be-droil': 'BE-DROIL', 'segment-dro': 'Segment DRO', mbil: 'MBIL',
  'tilted-model': 'Tilted model (A)', 'augment-model': 'Model augmentation', 'tilted-expert': 'Expert-labelled bound', 'lr-oracle': 'Ratio oracle (B)',
};
/** Algorithms without a radius: one member per seed (MBIL trains outside the DRO ensemble; A's control and B's oracle have fixed weights). */
export const NON_ROBUST_ALGOS: readonly AlgoId[] = ['bc', 'mbil', 'augment-model', 'lr-oracle'];

/** The fields of one role whose values differ between two setups (in the schema's order). */
export function changedFields(a: Setup, b: Setup, role: SetupRole): (keyof Setup)[] {
  return (Object.keys(SETUP_ROLES) as (keyof Setup)[]).filter((k) => SETUP_ROLES[k] === role && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** `base` with the fields of one role taken from `from` (e.g. a run's setup with the evaluation settings now on screen). */
export function withRole(base: Setup, from: Setup, role: SetupRole): Setup {
  const out: Record<string, unknown> = { ...base };
  for (const k of Object.keys(SETUP_ROLES) as (keyof Setup)[]) if (SETUP_ROLES[k] === role) out[k] = from[k];
  return out as Setup;
}

/**
 * The setup after picking environment `envId` in the playground: parameters, evaluated parameter, shift and the
 * box's parameters cleared (they name the previous environment's parameters: the new one's defaults apply); the fields the previous environment's registry entry set go back to their defaults, then the new
 * entry's playground defaults apply (a MuJoCo task brings its own demonstrations, steps and evaluation).
 */
export function setupForEnv(s: Setup, envId: SetupEnvId): Setup {
  const next: Setup = { ...s, envId, params: {}, evalParam: '', evalShift: {}, boxParams: [] };
  const before = s.envId === envId ? {} : playgroundDefaults(s.envId);
  const reset = Object.fromEntries(Object.keys(before).map((k) => [k, defaultSetup[k as keyof Setup]]));
  const own: Partial<Setup> = playgroundDefaults(envId);
  return { ...next, ...reset, ...own };
}

/** The defaults of the fields added after setups were first kept (SETUP_FIELDS' addedLater): an older setup lacks them. */
const ADDED_LATER = Object.fromEntries(SETUP_KEYS.filter((k) => SETUP_FIELDS[k].addedLater).map((k) => [k, defaultSetup[k]]));
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates any object as a Setup; the error names the field and what was expected. */
export function parseSetup(value: unknown, where = 'setup'): Setup {
  const r = setupSchema.safeParse(isPlainObject(value) ? { ...ADDED_LATER, ...value } : value);
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

/**
 * The factors of the perturbation sweep: a log grid from min to max, each factor rounded to 12 significant
 * digits so that the grid's points are the decimals they print as (exp(log 0.1) is 0.10000000000000002; the
 * middle of 0.1..10 is exactly 1, the nominal point, not 1.0000000000000004).
 */
export function sweepFactors(s: Pick<Setup, 'evalFactorMin' | 'evalFactorMax' | 'evalPoints'>): number[] {
  const a = Math.log(s.evalFactorMin);
  const b = Math.log(s.evalFactorMax);
  const out: number[] = [];
  for (let i = 0; i < s.evalPoints; i++) out.push(Number(Math.exp(a + ((b - a) * i) / (s.evalPoints - 1)).toPrecision(12)));
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

// ---- the share link: the setup in the URL hash ----------------------------------------------------------
// Readable form: `#v=1&envId=Acrobot-v1&algos=bc,be-droil&steps=500&demos=builtin:1:0` (fields left out keep
// their defaults). Compressed form, used when it is shorter: `#v=1&z=<lz-string of the readable pairs>`.
// View options ride beside the setup, always readable: `teach=1` (run it on open), `embed=1&hide=controls,...`.
// LINK_FIELDS says how each field is written (a field added to setupSchema asks for its line there). Plain values are written as text (`steps=500`, `algos=bc,dro-bc`); objects as JSON, except
// those with a short form (`demos=builtin:E:S`; records of numbers as `params=name:value,...`).

/** The link format's version. Decoding a link from a newer version says so instead of guessing. */
export const LINK_VERSION = 1;
/** Longer links are refused before any parsing (a real setup takes a few hundred characters). */
export const MAX_LINK_CHARS = 8000;
/** A compressed payload may not expand beyond this (lz-string can expand quadratically). */
const MAX_DECOMPRESSED_CHARS = 32_000;
/** Link keys that are not setup fields. `rho` is the slider's radius: view state beside the setup (links made
 *  before it left the setup carry it among the setup's pairs, compressed too: they still open with it). */
export const VIEW_KEYS = ['v', 'z', 'teach', 'embed', 'hide', 'rho'] as const;
/** The radius the slider shows when nothing says otherwise. */
export const DEFAULT_RHO = 0.2;

/** Parts of the page that an embed link may hide (for slides and course pages). */
export const HIDEABLE = ['controls', 'upload', 'advanced', 'slider', 'run', 'canvas', 'charts', 'share', 'learn', 'saved', 'header'] as const;
export type Hideable = (typeof HIDEABLE)[number];

export interface LinkView {
  /** Teaching mode: the link's setup is trained as soon as the page has its data. */
  teach: boolean;
  /** Embed mode: a compact page without header and footer, with the parts in `hide` left out. */
  embed: boolean;
  hide: Hideable[];
  /** The radius the charts show (the slider); the nearest trained member of the sweep answers. */
  rho: number;
}
export const defaultView: LinkView = { teach: false, embed: false, hide: [], rho: DEFAULT_RHO };

export interface DecodedLink {
  setup: Setup;
  view: LinkView;
  /** Why the link was not (or not fully) used; the setup is then the defaults and nothing runs. */
  message?: string;
}


const column = <T>(get: (f: (typeof SETUP_FIELDS)[keyof Setup]) => T) => Object.fromEntries(SETUP_KEYS.map((k) => [k, get(SETUP_FIELDS[k])])) as Record<keyof Setup, T>;
/** Each field's role (SETUP_FIELDS' role column). */
export const SETUP_ROLES = column<SetupRole>((f) => f.role);
/** The link's field table: each field's key in a link is its name in the schema, written as its kind says (SETUP_FIELDS' link column). */
export const LINK_FIELDS = column<LinkKind>((f) => f.link);

const fieldKind = (key: string): LinkKind => LINK_FIELDS[key as keyof Setup];

function encodeField(key: string, v: unknown): string {
  const kind = fieldKind(key);
  if (kind === 'demos') {
    const d = v as DemoSource;
    if (d.kind === 'builtin') return `builtin:${d.episodes}:${d.seed}`;
  }
  if (kind === 'record') {
    const entries = Object.entries(v as Record<string, number>);
    if (entries.every(([k]) => /^[A-Za-z_][\w.]*$/.test(k))) return entries.map(([k, x]) => `${k}:${x}`).join(',');
  }
  if (kind === 'number' || kind === 'string') return String(v);
  if (kind === 'number[]') return (v as number[]).join(',');
  // A list of strings is comma-joined unless an item would make that ambiguous.
  if (kind === 'string[]' && (v as string[]).every((x) => x !== '' && !/[,[{]/.test(x[0]) && !x.includes(','))) return (v as string[]).join(',');
  return JSON.stringify(v);
}

function decodeField(key: string, raw: string): unknown {
  const kind = fieldKind(key);
  const json = () => {
    let parsed: unknown;
    try { parsed = JSON.parse(raw, (k, v: unknown) => { if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new RangeError(k); return v; }); } catch (e) {
      if (e instanceof RangeError) throw new UserError(`field '${key}' holds the key '${e.message}', which no setting has`, 'link');
      throw new UserError(`field '${key}' is not valid JSON (found '${raw.slice(0, 40)}')`, 'link');
    }
    return parsed;
  };
  const num = (x: string) => linkNumber(key, x);
  if (kind === 'demos' && !raw.startsWith('{')) {
    const [kind0, a, b, ...rest] = raw.split(':');
    if (kind0 === 'builtin' && rest.length === 0) return { kind: kind0, episodes: num(a ?? ''), seed: num(b ?? '') };
    if (kind0 === 'upload') return { kind: kind0, fileName: raw.slice('upload:'.length) };
    throw new UserError(`field 'demos' expected builtin:EPISODES:SEED (found '${raw.slice(0, 40)}')`, 'link');
  }
  if (kind === 'record' && !raw.startsWith('{')) {
    const rec: Record<string, number> = {};
    for (const kv of raw.split(',').filter(Boolean)) {
      const [k, x, ...rest] = kv.split(':');
      if (!isIdentifier(k) || rest.length) throw new UserError(`field '${key}' expected name:value pairs (found '${kv.slice(0, 40)}')`, 'link');
      rec[k] = num(x ?? '');
    }
    return rec;
  }
  switch (kind) {
    case 'number': return num(raw);
    case 'string': return raw;
    case 'number[]': return raw.startsWith('[') ? json() : raw.split(',').filter((x) => x !== '').map(num);
    case 'string[]': return raw.startsWith('[') ? json() : raw.split(',').filter((x) => x !== '');
    default: return json();
  }
}

const isField = (key: string) => Object.prototype.hasOwnProperty.call(defaultSetup, key);

/** `key=value` pairs of the fields that differ from the defaults, in the schema's order. */
function setupPairs(s: Setup, escape = linkEscape): string[] {
  const parts: string[] = [];
  for (const key of Object.keys(defaultSetup) as (keyof Setup)[]) {
    if (JSON.stringify(s[key]) === JSON.stringify(defaultSetup[key])) continue;
    parts.push(`${key}=${escape(encodeField(key, s[key]))}`);
  }
  return parts;
}

/** encodeURIComponent, but `,` `:` `/` `@` stay readable (they are legal in a URL fragment). */
function linkEscape(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%40/g, '@');
}

function splitPairs(text: string, where: string): [string, string][] {
  const out: [string, string][] = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    let key: string, raw: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      throw new UserError(`'${pair.slice(0, 40)}' is not correctly %-encoded`, where);
    }
    out.push([key, raw]);
  }
  return out;
}

/** The setup part of a link (readable, defaults left out): `envId=Acrobot-v1&steps=500`. */
export function setupToHash(s: Setup): string {
  return setupPairs(s).join('&');
}

/** Decodes readable `key=value` setup pairs into a validated Setup; a bad one is a UserError naming the field. */
export function setupFromHash(hash: string): Setup {
  const out: Record<string, unknown> = { ...defaultSetup };
  const seen = new Set<string>();
  for (const [key, raw] of splitPairs(hash.replace(/^#/, ''), 'link')) {
    if ((VIEW_KEYS as readonly string[]).includes(key)) continue;
    if (!isField(key)) throw new UserError(`unknown field '${key.slice(0, 40)}' (fields: ${Object.keys(defaultSetup).join(', ')})`, 'link');
    if (seen.has(key)) throw new UserError(`field '${key}' appears twice`, 'link');
    seen.add(key);
    out[key] = decodeField(key, raw);
  }
  return parseSetup(out, 'link');
}

/** Numbers in a link are written in decimal (JavaScript's own form: `0.001`, `1e-7`); hex, `Infinity` and blanks are refused. */
const LINK_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function linkNumber(key: string, x: string): number {
  if (!LINK_NUMBER.test(x)) throw new UserError(`field '${key}' expected a decimal number (found '${x.slice(0, 40)}')`, 'link');
  return Number(x);
}


/** The whole link hash (without '#'): version, the setup (compressed when that is shorter) and the view options. */
export function encodeLink(s: Setup, view: Partial<LinkView> = {}): string {
  const readable = setupToHash(s);
  const parts: string[] = [];
  if (readable) {
    parts.push(`v=${LINK_VERSION}`);
    // Inside the compressed payload only '%' and '&' need escaping (fewer characters to compress).
    const z = LZString.compressToEncodedURIComponent(setupPairs(s, (t) => t.replace(/%/g, '%25').replace(/&/g, '%26')).join('&'));
    parts.push(z.length + 2 < readable.length ? `z=${z}` : readable);
  }
  if (view.teach) parts.push('teach=1');
  if (view.embed) parts.push('embed=1');
  if (view.hide && view.hide.length) parts.push(`hide=${view.hide.join(',')}`);
  if (view.rho !== undefined && view.rho !== DEFAULT_RHO) parts.push(`rho=${view.rho}`);
  return parts.join('&');
}

/**
 * Decodes a link hash. Never throws: a malformed, oversized, hostile or newer link gives the defaults, no
 * teaching run, and a message that says what was wrong.
 */
export function decodeLink(hash: string): DecodedLink {
  try {
    return decodeLinkOrThrow(hash);
  } catch (e) {
    const why = e instanceof UserError ? e.message : `it could not be read (${e instanceof Error ? e.message : String(e)})`;
    return { setup: defaultSetup, view: defaultView, message: `The link's setup was not used: ${why.replace(/^link: /, '')}. The defaults are loaded instead.` };
  }
}

/** Decodes a link hash or throws a UserError that says what was wrong with it (the CLI's --setup: nothing runs then). */
export function decodeLinkOrThrow(hash: string): DecodedLink {
  const text = hash.replace(/^#/, '');
  if (text.length > MAX_LINK_CHARS) throw new UserError(`it is ${text.length} characters long (at most ${MAX_LINK_CHARS})`);
  const pairs = splitPairs(text, 'link');
  const view: LinkView = { ...defaultView, hide: [] };
  let rhoSeen = false;
  const setRho = (raw: string) => {
    if (rhoSeen) throw new UserError(`field 'rho' appears twice`, 'link');
    rhoSeen = true;
    view.rho = linkRho(raw);
  };
  const setupParts: string[] = [];
  let version = LINK_VERSION;
  for (const [key, raw] of pairs) {
    switch (key) {
      case 'v':
        version = Number(raw);
        if (!Number.isInteger(version) || version < 1) throw new UserError(`field 'v' (the link's version) must be a positive integer (found '${raw.slice(0, 20)}')`, 'link');
        if (version > LINK_VERSION) throw new UserError(`it was made by a newer version of the playground (link format ${version}; this page reads up to ${LINK_VERSION})`, 'link');
        break;
      case 'z': {
        let inner: string | null = null;
        try { inner = LZString.decompressFromEncodedURIComponent(raw); } catch { inner = null; }
        if (!inner) throw new UserError(`field 'z' (the compressed setup) is damaged`, 'link');
        if (inner.length > MAX_DECOMPRESSED_CHARS) throw new UserError(`field 'z' expands to more than ${MAX_DECOMPRESSED_CHARS} characters`, 'link');
        // The radius was a setup field until view state left the setup: an older link compressed it with them.
        const kept: string[] = [];
        for (const pair of inner.split('&')) {
          const [k, raw] = splitPairs(pair, 'link')[0] ?? [''];
          if (k === 'rho') setRho(raw ?? '');
          else if ((VIEW_KEYS as readonly string[]).includes(k)) throw new UserError(`field 'z' may hold setup fields only (found '${k}')`, 'link');
          else kept.push(pair);
        }
        setupParts.push(kept.join('&'));
        break;
      }
      case 'rho': setRho(raw); break;
      case 'teach': view.teach = flag(key, raw); break;
      case 'embed': view.embed = flag(key, raw); break;
      case 'hide':
        for (const h of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
          if (!(HIDEABLE as readonly string[]).includes(h)) throw new UserError(`field 'hide' expected some of ${HIDEABLE.join(', ')} (found '${h.slice(0, 40)}')`, 'link');
          if (!view.hide.includes(h as Hideable)) view.hide.push(h as Hideable);
        }
        break;
      default:
        setupParts.push(`${linkEscape(key)}=${linkEscape(raw)}`);
    }
  }
  const setup = setupFromHash(setupParts.join('&'));
  return { setup, view };
}

/** The slider's radius from a link: a decimal number in the slider's range. */
function linkRho(raw: string): number {
  const r = linkNumber('rho', raw);
  if (!inRange(r, RHO_RANGE)) throw new UserError(`field 'rho' (the radius shown) must lie in [0, ${RHO_MAX}] (found ${raw.slice(0, 20)})`, 'link');
  return r;
}

function flag(key: string, raw: string): boolean {
  if (raw === '1' || raw === 'true' || raw === '') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new UserError(`field '${key}' expected 1 or 0 (found '${raw.slice(0, 20)}')`, 'link');
}
