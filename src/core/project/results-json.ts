// A run's results as plain JSON and CSV (exports and the project file), and back. Typed arrays (traces,
// weights, episode starts) become number arrays on the way out and typed arrays again on the way in.
// Pure TypeScript: runs in the page and in Node tests.
import { z } from 'zod';
import { UserError } from '../errors';
import { ALGO_IDS, parseSetup } from '../setup';
import type { RunResult } from '../experiment/types';

/**
 * JSON.stringify with typed arrays as arrays and non-finite numbers as null. A MuJoCo trace's side-view frames
 * (`geoms`, about 1 MB per Hopper trace) are left out: they follow from the states, and the worker recomputes
 * them when a run is restored (traceGeoms).
 */
/** A number as a CSV cell: integers exactly, others at six significant digits; not finite: empty (also the charts' CSVs). */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

export function resultToJson(r: RunResult): string {
  return JSON.stringify(r, (k, v) => {
    if (k === 'geoms') return undefined;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as Float64Array);
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  });
}

// Any number (a stored run keeps NaN and Infinity; JSON writes them as null).
const num = z.custom<number>((v) => typeof v === 'number', 'expected a number').nullable().transform((v) => (v === null ? NaN : v));
const stat = z.object({ n: z.number(), mean: num, std: num, ci95: num.optional(), low: num, high: num, min: num.optional(), max: num.optional() }).passthrough();
// JSON holds number arrays; a run kept in IndexedDB holds typed arrays: both are read.
const numArray = z.preprocess((v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v), z.array(num));
const trace = z.object({
  envId: z.string(), params: z.record(z.string(), num), stateDim: z.number().int().min(0), actionDim: z.number().int().min(0),
  states: numArray.transform((a) => Float64Array.from(a)), actions: numArray.transform((a) => Float64Array.from(a)),
  rewards: numArray.transform((a) => Float64Array.from(a)), steps: z.number().int().min(0), return: num,
});
const member = z.object({ id: z.number().int(), algo: z.enum(ALGO_IDS), rho: num, seed: z.number().int() }).passthrough();
const resultSchema = z.object({
  setup: z.unknown(),
  members: z.array(member),
  evals: z.array(z.object({
    memberId: z.number().int(), nominal: stat, sweep: z.array(z.object({ factor: num, stat })),
    worstBox: z.object({ params: z.record(z.string(), num), stat }), worstKernel: stat, sweepArea: num,
    traceNominal: trace, traceWorst: trace,
    weights: numArray.transform((a) => Float32Array.from(a)).optional().nullable().transform((v) => v ?? undefined),
    nominalReturns: numArray, shift: stat.optional(),
  }).passthrough()),
  paired: z.array(z.object({ algo: z.enum(ALGO_IDS), rho: num, condition: z.enum(['nominal', 'worst box', 'sweep area', 'shift']), diffs: numArray, stat }).passthrough()),
  evalParam: z.string(), factors: numArray,
  shift: z.object({ params: z.record(z.string(), num), label: z.string() }).optional(),
  reference: z.object({ expert: num, random: num }).optional(),
  backend: z.object({ backend: z.string(), reason: z.string() }),
  stopped: z.boolean(), trainMs: num, evalMs: num,
  kept: z.string().max(2000).optional(), diverged: z.string().max(2000).optional(),
  policies: z.record(z.string(), z.unknown()).optional(),
  // Every trained member when `members` lists fewer (a run stopped before or during its evaluation): the
  // evaluation that follows takes them, with their adversary weights (types.ts RunResult.unevaluated).
  unevaluated: z.object({
    members: z.array(member),
    weights: z.record(z.string(), numArray.transform((a) => Float32Array.from(a))),
    trainKept: z.string().max(2000).optional(),
  }).optional(),
}).passthrough();

/** Parses results JSON (text or parsed) back into a RunResult; a bad one is a UserError naming the field. */
export function resultFromJson(input: unknown, where: string): RunResult {
  let raw = input;
  if (typeof input === 'string') {
    try { raw = JSON.parse(input); } catch (e) { throw new UserError(`not valid JSON (${(e as Error).message})`, where); }
  }
  const r = resultSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new UserError(`field '${issue.path.join('.') || '(top level)'}' ${issue.message}`, where);
  }
  const setup = parseSetup(r.data.setup, `${where}: setup`);
  const ids = new Set(r.data.members.map((m) => m.id));
  for (const m of r.data.unevaluated?.members ?? []) ids.add(m.id);
  for (const id of Object.keys(r.data.unevaluated?.weights ?? {})) {
    if (!ids.has(Number(id))) throw new UserError(`field 'unevaluated.weights.${id.slice(0, 40)}' names no member`, where);
  }
  return { ...(r.data as unknown as RunResult), setup };
}

/** Every trained member of a result: `members`, and those of `unevaluated` it does not list (a stopped run). */
export function trainedMembers(r: Pick<RunResult, 'members' | 'unevaluated'>): RunResult['members'] {
  const ids = new Set(r.members.map((m) => m.id));
  return [...r.members, ...(r.unevaluated?.members ?? []).filter((m) => !ids.has(m.id))];
}

/** One CSV row per member and condition: the numbers behind every results chart. */
export function resultCsv(r: RunResult): string {
  const head = 'member,algo,rho,seed,condition,factor,mean,std,ci_low,ci_high,n';
  const rows: string[] = [head];
  const f = csvNumber;
  for (const e of r.evals) {
    const m = r.members.find((x) => x.id === e.memberId);
    if (!m) continue;
    const pre = `${m.id},${m.algo},${f(m.rho)},${m.seed}`;
    const line = (cond: string, factor: number | '', s: { mean: number; std: number; low: number; high: number; n: number }) =>
      rows.push(`${pre},${cond},${factor === '' ? '' : f(factor)},${f(s.mean)},${f(s.std)},${f(s.low)},${f(s.high)},${s.n}`);
    line('nominal', '', e.nominal);
    for (const p of e.sweep) line(`sweep:${r.evalParam}`, p.factor, p.stat);
    line('worst-box', '', e.worstBox.stat);
    line('worst-kernel', '', e.worstKernel);
    if (e.shift) line(`shift:${r.shift?.label ?? ''}`.replace(/,/g, ';'), '', e.shift);
  }
  for (const p of r.paired) {
    rows.push(`,${p.algo},${f(p.rho)},,paired-gain:${p.condition},,${f(p.stat.mean)},${f(p.stat.std)},${f(p.stat.low)},${f(p.stat.high)},${p.stat.n}`);
  }
  return rows.join('\n') + '\n';
}
