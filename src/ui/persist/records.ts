// What comes back from IndexedDB is input like any file or link: another version of the page, an extension
// or a damaged profile may have written it. Every record is checked with the schemas the link and the
// project file use (parseSetup, resultFromJson, loadPolicy) before it reaches the store; a bad record is
// named in one line and dropped, the others are kept.
import { z } from 'zod';
import { loadPolicy, type PolicyJson } from '../../core/algos/policy-file';
import { ENV_IDS, parseSetup, RHO_MAX, type Setup } from '../../core/setup';
import type { DensityModel, DensityPoint, DiagPoint, RunResult } from '../../worker/protocol';
import { resultFromJson, trainedMembers } from '../../core/project/results-json';

export interface DatasetRecord { name: string; bytes: Uint8Array; envId: string; size: number; savedAt: number }
/** A finished run with its training diagnostics (the diagnostics chart's curves; older records have none). */
export interface RunRecord { id?: number; label: string; savedAt: number; result: RunResult; diag?: Record<number, DiagPoint[]>; density?: Partial<Record<DensityModel, DensityPoint[]>> }
/** `running`: a run had started and not finished when this was written (a reload loses it: the page says so, once). */
export interface SessionRecord { setup: Setup; rho?: number; runId?: number; running?: { label: string; startedAt: number } }

const savedAt = z.number().refine(Number.isFinite, 'must be a finite number');

const datasetSchema = z.object({
  name: z.string().min(1).max(260),
  bytes: z.instanceof(Uint8Array),
  envId: z.enum(ENV_IDS),
  size: z.number().int().min(0),
  savedAt,
}).refine((d) => d.size === d.bytes.length, { message: 'does not match the number of bytes kept', path: ['size'] });

const runSchema = z.object({
  id: z.number().int().min(0),
  label: z.string().max(1000),
  savedAt,
  result: z.unknown(),
  diag: z.unknown().optional(),
  density: z.unknown().optional(),
});

/** Logged curves: arrays of points whose fields are numbers (NaN allowed: a diverged step logs one). A bad one is left out, the run kept. */
const curves = z.record(z.string(), z.array(z.record(z.string(), z.union([z.number(), z.nan()]))));

const sessionSchema = z.object({
  setup: z.unknown(),
  /** The slider's radius (view state); records from before it left the setup keep it in setup.rho. */
  rho: z.number().min(0).max(RHO_MAX).optional(),
  runId: z.number().int().min(0).optional(),
  running: z.object({ label: z.string().max(1000), startedAt: savedAt }).optional(),
});

/** A record's name in messages: its key when that is short plain text. */
function shown(key: unknown): string {
  const text = typeof key === 'string' || typeof key === 'number' ? String(key) : '?';
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 60);
}

function firstIssue(e: z.ZodError): string {
  const issue = e.issues[0];
  return `field '${issue.path.join('.') || '(root)'}' ${issue.message}`;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

export function checkDataset(raw: unknown, key: IDBValidKey): Checked<DatasetRecord> {
  const r = datasetSchema.safeParse(raw);
  if (!r.success) return { ok: false, why: `saved file '${shown(key)}': ${firstIssue(r.error)}` };
  if (r.data.name !== key) return { ok: false, why: `saved file '${shown(key)}': field 'name' differs from its key` };
  return { ok: true, value: r.data };
}

export function checkRun(raw: unknown, key: IDBValidKey): Checked<RunRecord> {
  const where = `saved run ${shown(key)}`;
  const r = runSchema.safeParse(raw);
  if (!r.success) return { ok: false, why: `${where}: ${firstIssue(r.error)}` };
  if (r.data.id !== key) return { ok: false, why: `${where}: field 'id' differs from its key` };
  try {
    const result = resultFromJson(r.data.result, `${where}: result`);
    const ids = new Set(trainedMembers(result).map((m) => m.id)); // a stopped run keeps its unevaluated members' policies
    const orphan = result.evals.find((e) => !ids.has(e.memberId));
    if (orphan) return { ok: false, why: `${where}: result: field 'evals' names member ${orphan.memberId}, which the run does not have` };
    // The stored policies (for export) are checked like a project file's.
    const policies: Record<number, PolicyJson> = {};
    for (const [id, p] of Object.entries(result.policies ?? {})) {
      if (!ids.has(Number(id))) return { ok: false, why: `${where}: result: policy ${shown(id)} belongs to no member` };
      policies[Number(id)] = loadPolicy(p, `${where}: policy ${shown(id)}`).json;
    }
    const diag = curves.safeParse(r.data.diag);
    const density = curves.safeParse(r.data.density);
    return { ok: true, value: { ...r.data, result: { ...result, policies }, diag: diag.success ? diag.data as unknown as RunRecord['diag'] : undefined, density: density.success ? density.data as unknown as RunRecord['density'] : undefined } };
  } catch (e) {
    return { ok: false, why: String((e as Error)?.message ?? e).split('\n')[0] };
  }
}

export function checkSession(raw: unknown): Checked<SessionRecord> {
  const r = sessionSchema.safeParse(raw);
  if (!r.success) return { ok: false, why: `saved setup: ${firstIssue(r.error)}` };
  try {
    const old = (r.data.setup as { rho?: unknown } | null)?.rho;
    const rho = r.data.rho ?? (typeof old === 'number' && old >= 0 && old <= RHO_MAX ? old : undefined);
    return { ok: true, value: { setup: parseSetup(r.data.setup, 'saved setup'), rho, runId: r.data.runId, running: r.data.running } };
  } catch (e) {
    return { ok: false, why: String((e as Error)?.message ?? e).split('\n')[0] };
  }
}

/** One line naming what was dropped (at most three reasons in full). */
export function droppedMessage(whys: string[]): string {
  const head = whys.slice(0, 3).map((w) => w.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 200)).join('; ');
  const more = whys.length > 3 ? `; and ${whys.length - 3} more` : '';
  return `${whys.length === 1 ? 'One saved record' : `${whys.length} saved records`} could not be read and ${whys.length === 1 ? 'was' : 'were'} dropped (${head}${more}); everything else was kept.`;
}
