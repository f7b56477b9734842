// The setup's settings as `droil` flags, generated from the one field table (src/core/setup-fields.ts): a
// command names the settings it takes; their flags, --help lines (default and range) and parsing come from
// the table, and each value is checked against the range the page and the links check. Imports no tfjs.
import { UserError } from '../core/errors';
import { inRange, SETUP_FIELDS, type CliFlag, type FlagKey, type NumRange, type Setup, type SetupField } from '../core/setup-fields';

export type { FlagKey };
import { numberList, toNumber, type Options, type Parsed } from './args';


const fieldOf = (key: FlagKey) => SETUP_FIELDS[key] as SetupField & { cli: CliFlag<unknown> };
/** The flag of a setting, as a user types it: `--steps`. */
export const flagOf = (key: FlagKey): string => `--${fieldOf(key).cli.flag}`;

/** parseArgs options for the flags of these settings (and their older names). */
export function setupFlagOptions(keys: readonly FlagKey[]): Options {
  const out: Options = {};
  for (const k of keys) {
    const { cli } = fieldOf(k);
    out[cli.flag] = { type: 'string' };
    if (cli.alias) out[cli.alias] = { type: 'string' };
  }
  return out;
}

/** The CLI's default of a setting: its own where the table gives one, else the page's. */
export function cliDefault<K extends FlagKey>(key: K): Setup[K] {
  const f = fieldOf(key);
  return (f.cli.default !== undefined ? f.cli.default : f.default) as Setup[K];
}

const show = (v: unknown, off?: number) => (Array.isArray(v) ? v.join(',') : v === off ? `${off} (off)` : String(v));

const LINE = 112;
/** Words into lines of at most `n` characters. */
function wrap(text: string, n: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > n) { out.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  return [...out, line];
}

/** --help lines of these settings: `  --steps N          gradient steps per member (default 3000; 10..100000)`. */
export function setupFlagUsage(keys: readonly FlagKey[], width = 21): string {
  return keys.map((k) => {
    const f = fieldOf(k);
    const head = `  --${f.cli.flag} ${f.cli.arg}${f.cli.alias ? ` (or --${f.cli.alias})` : ''}`;
    const text = `${f.cli.help} (default ${f.cli.unset ?? show(cliDefault(k), f.num?.off)}; ${f.cli.choices?.join('|') ?? f.range})`;
    const lines = wrap(text, LINE - width).map((l) => ' '.repeat(width) + l);
    if (head.length < width) lines[0] = head.padEnd(width) + lines[0].slice(width);
    else lines.unshift(head);
    return lines.join('\n') + '\n';
  }).join('');
}

/** Whether the flag of a setting (or its older name) was given. */
export function flagGiven(values: Parsed['values'], key: FlagKey): boolean {
  const { cli } = fieldOf(key);
  return values[cli.flag] !== undefined || (cli.alias !== undefined && values[cli.alias] !== undefined);
}

/** One number checked against its range, with the CLI's one-line message. */
function checkNumber(x: number, text: string, r: NumRange, where: string): number {
  if (inRange(x, r)) return x;
  if (r.int && !Number.isInteger(x)) throw new UserError(`expected an integer, got '${text.trim()}'`, where);
  const low = r.minOpen ? x <= r.min : x < r.min;
  const bound = low ? (r.minOpen ? `> ${r.min}` : `at least ${r.min}`) : r.maxOpen ? `< ${r.max}` : `at most ${r.max}`;
  throw new UserError(`must be ${r.off !== undefined ? `${r.off} (off) or ` : ''}${bound}, got ${x}`, where);
}

const orList = (xs: readonly string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}` : xs[0]);

/** The value a flag's text gives a setting (before the range check of the whole value). */
function parseValue(key: FlagKey, text: string, where: string): unknown {
  const f = fieldOf(key);
  if (key === 'hidden') {
    // The setup's policy has two hidden layers of the same width: H, or H,H as the trainer writes it.
    const hs = numberList(text, where);
    if (hs.length > 2 || hs.some((h) => h !== hs[0])) throw new UserError(`the policy has two hidden layers of one width: give H or H,H, got '${text}'`, where);
    return checkNumber(hs[0], String(hs[0]), f.num!, where);
  }
  switch (f.link) {
    case 'number': return checkNumber(toNumber(text, where), text, f.num!, where);
    case 'number[]': return numberList(text, where).map((x, i) => checkNumber(x, String(x), f.num!, `${where} item ${i + 1}`));
    case 'string[]': return text.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      if (f.cli.choices && !f.cli.choices.includes(text)) throw new UserError(`expected ${orList(f.cli.choices)}, got '${text}'`, where);
      return text;
  }
}

/**
 * The values of these settings: each given flag parsed and checked against the setting's range (the message
 * names the flag), each other one the CLI's default. Lists and choices are checked by the setup's schema.
 */
export function setupFlagValues<K extends FlagKey>(values: Parsed['values'], keys: readonly K[]): Pick<Setup, K> {
  const out: Partial<Setup> = {};
  for (const k of keys) {
    const f = fieldOf(k);
    const { flag, alias } = f.cli;
    if (alias && values[flag] !== undefined && values[alias] !== undefined) throw new UserError(`give --${flag} or --${alias} (the same setting), not both`, `--${flag}`);
    const given = values[flag] ?? (alias ? values[alias] : undefined);
    const where = `--${values[flag] === undefined && alias ? alias : flag}`;
    if (given === undefined) { (out as Record<string, unknown>)[k] = cliDefault(k); continue; }
    const text = String(given);
    const v = parseValue(k, text, where);
    const r = f.schema.safeParse(v);
    if (!r.success) {
      const choices = f.link === 'string' && f.range.includes('|') ? f.range.split('|') : null;
      throw new UserError(choices ? `expected ${orList(choices)}, got '${text}'` : `${r.error.issues[0].message} (${f.range}), got '${text}'`, where);
    }
    (out as Record<string, unknown>)[k] = r.data;
  }
  return out as Pick<Setup, K>;
}
