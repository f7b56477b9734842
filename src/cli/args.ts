// Small helpers shared by the CLI commands: flag parsing with clear errors, number lists, key=value maps.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parse argv strictly; unknown flags and missing values become UserErrors naming the flag. */
export function parse(argv: string[], options: Options, allowPositionals = false): Parsed {
  try {
    const args = joinNegativeValues(argv, options);
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    // Node's messages can span several lines and suggest syntax; keep the first sentence, on one line.
    const msg = String((e as Error).message).split('\n')[0].replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
    throw new UserError(msg.replace(/^Option '(.*?)' argument missing/, "option '$1' needs a value"));
  }
}

/** `--rho -0.5` means `--rho=-0.5`: a negative number after a value-taking flag is its value, not a flag. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const takesValue = new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([k]) => `--${k}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (takesValue.has(argv[i]) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

export function requireString(values: Parsed['values'], name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UserError(`missing required option --${name}`);
  return v;
}

export function optionalNumber(values: Parsed['values'], name: string, fallback: number, check?: { integer?: boolean; min?: number; max?: number }): number {
  const v = values[name];
  if (v === undefined) return fallback;
  return toNumber(String(v), `--${name}`, check);
}

export function toNumber(text: string, where: string, check: { integer?: boolean; min?: number; max?: number } = {}): number {
  const t = text.trim();
  const x = t === '' ? NaN : Number(t);
  if (!Number.isFinite(x)) throw new UserError(`expected a number, got '${text}'`, where);
  if (check.integer && !Number.isInteger(x)) throw new UserError(`expected an integer, got '${text}'`, where);
  if (check.min !== undefined && x < check.min) throw new UserError(`must be at least ${check.min}, got ${x}`, where);
  if (check.max !== undefined && x > check.max) throw new UserError(`must be at most ${check.max}, got ${x}`, where);
  return x;
}

/** "1,2.5,-3" -> [1, 2.5, -3] */
export function numberList(text: string, where: string): number[] {
  if (text.trim() === '') throw new UserError('expected a comma-separated list of numbers, got nothing', where);
  return text.split(',').map((s, i) => toNumber(s, `${where} item ${i + 1}`));
}

/** "a=1,b=2" -> {a: 1, b: 2} */
export function keyValues(text: string, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UserError(`expected name=value, got '${part}'`, where);
    const k = part.slice(0, eq).trim();
    if (k in out) throw new UserError(`'${k}' is given twice`, where);
    out[k] = toNumber(part.slice(eq + 1), `${where} ${k}`);
  }
  return out;
}
