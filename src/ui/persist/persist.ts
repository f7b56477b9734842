// Nothing a user made is lost by a reload: uploaded files and finished runs are kept in IndexedDB, with
// the current setup. On start (without a share link) the last setup, its uploaded data and the last run
// come back; a share link wins over the saved setup. Reset wipes it all. Storage problems (quota full,
// no IndexedDB) are reported in the store, never thrown at the page.
import type { Setup } from '../../core/setup';
import type { RunResult } from '../../worker/protocol';
import { idleRun, useStore, type RunState, type SavedState } from '../store';
import { uploadFile } from '../worker-client';
import { clearAll, get, getAll, getAllEntries, put, remove, storageMessage, type StoreName } from './db';
import { checkDataset, checkRun, checkSession, droppedMessage, type Checked, type DatasetRecord, type RunRecord, type SessionRecord } from './records';
import { ALGO_LABELS } from '../../core/setup';
import { trainedMembers } from '../../core/project/results-json';

/** How many uploaded files and runs are kept (oldest go first). */
export const KEEP_DATASETS = 5;
export const KEEP_RUNS = 5;


let restoring = false;
let lastSavedResult: RunResult | null = null;
let currentRunId: number | undefined;
/** The record of the run on screen (undefined: it is not stored, e.g. imported): a re-evaluation's result replaces it. */
let shownRecord: number | undefined;
let saving: Promise<void> = Promise.resolve();
/** The run in progress, kept in the session record so that a reload can say it was lost. */
let running: SessionRecord['running'];

function setSaved(patch: Partial<SavedState>): void {
  useStore.setState((s) => ({ saved: { ...s.saved, ...patch } }));
}

function report(e: unknown, what: string): void {
  setSaved({ error: storageMessage(e, what) });
}

export function runLabel(r: RunResult): string {
  const members = trainedMembers(r); // a run stopped before its evaluation lists its members in `unevaluated`
  const algos = [...new Set(members.map((m) => ALGO_LABELS[m.algo] ?? m.algo))].join(' vs ');
  return `${r.setup.envId}: ${algos}, ${r.setup.steps} steps, ${new Set(members.map((m) => m.seed)).size} seed(s)${r.stopped ? ' (stopped)' : ''}`;
}

async function refreshLists(): Promise<void> {
  const [datasets, runs] = await Promise.all([getAll<DatasetRecord>('datasets'), getAll<RunRecord>('runs')]);
  setSaved({
    // Checked at start (dropBadRecords); String() keeps a record another tab wrote since from breaking the list.
    datasets: datasets.sort((a, b) => b.savedAt - a.savedAt).map((d) => ({ name: String(d.name), size: Number(d.size), envId: String(d.envId), savedAt: Number(d.savedAt) })),
    runs: runs.sort((a, b) => b.savedAt - a.savedAt).map((r) => ({ id: Number(r.id), label: String(r.label), savedAt: Number(r.savedAt) })),
  });
}

/** Shows a saved run's charts (and its setup in the controls). */
export function showResult(result: RunResult, diag: RunState['diag'] = {}, density: RunState['density'] = {}): void {
  lastSavedResult = result; // already stored: do not save it again
  shownRecord = undefined; // the callers that show a stored run name its record after this
  useStore.setState({
    setup: result.setup,
    result,
    resultNote: undefined,
    run: { ...idleRun, status: result.stopped ? 'stopped' : 'done', members: result.members, step: result.setup.steps, totalSteps: result.setup.steps, evalFraction: 1, diag, density },
  });
}

/** What a run is, in words, for the saved list and the lost-run message. */
function setupLabel(s: Setup): string {
  return `${s.envId}: ${s.algos.map((a) => ALGO_LABELS[a]).join(' vs ')}, ${s.steps} steps, ${s.seeds} seed(s)`;
}

/** Why records were dropped since the page opened (shown as one line). */
const dropped: string[] = [];

/** Removes a record that failed its check and says so. */
async function drop(store: StoreName, key: IDBValidKey, why: string): Promise<void> {
  dropped.push(why);
  setSaved({ error: droppedMessage(dropped) });
  try { await remove(store, key); } catch { /* it is dropped from the page all the same */ }
}

/** Checks every stored dataset and run once, at start; bad ones are dropped, the rest kept. */
async function dropBadRecords(): Promise<void> {
  const checks: [StoreName, (raw: unknown, key: IDBValidKey) => Checked<unknown>][] = [['datasets', checkDataset], ['runs', checkRun]];
  for (const [store, check] of checks) {
    for (const [key, raw] of await getAllEntries(store)) {
      const c = check(raw, key);
      if (!c.ok) await drop(store, key, c.why);
    }
  }
}

/** A stored run by id, checked (undefined when absent or dropped). */
async function getRun(id: number): Promise<RunRecord | undefined> {
  const raw = await get<unknown>('runs', id);
  if (raw === undefined) return undefined;
  const c = checkRun(raw, id);
  if (!c.ok) { await drop('runs', id, c.why); return undefined; }
  return c.value;
}

/** Called once at start. `hasLink`: the page opened on a share link, whose setup wins. */
export async function initPersistence(hasLink: boolean): Promise<void> {
  try {
    await dropBadRecords();
    await refreshLists();
    const raw = await get<unknown>('session', 'current');
    const session = raw !== undefined ? checkSession(raw) : undefined;
    if (session?.ok && session.value.running) {
      const lost = session.value.running;
      useStore.setState((s) => ({ notice: `${s.notice ? s.notice + ' ' : ''}The run started at ${new Date(lost.startedAt).toLocaleTimeString()} (${lost.label}) was lost by the reload: a run lives in its tab until it finishes. Train again to redo it.` }));
      await put('session', { ...session.value, running: undefined } satisfies SessionRecord, 'current'); // said once
    }
    if (!hasLink) {
      restoring = true;
      if (raw !== undefined) {
        const checked = session!;
        let setup: Setup | null = null;
        let runId: number | undefined, rho: number | undefined;
        if (checked.ok) ({ setup, runId, rho } = checked.value);
        else await drop('session', 'current', checked.why); // the defaults stay
        const run = runId !== undefined ? await getRun(runId) : undefined;
        if (run) {
          showResult(run.result, run.diag, run.density);
          currentRunId = shownRecord = run.id;
        }
        if (setup) {
          useStore.setState({ setup, ...(rho !== undefined ? { rho } : {}) });
          if (setup.demos.kind === 'upload') await loadSavedDataset(setup.demos.fileName);
        }
      }
    }
  } catch (e) {
    report(e, 'Your work');
  } finally {
    restoring = false;
  }
  watch();
}

const nextTask = () => new Promise<void>((resolve) => { setTimeout(resolve, 0); });

function watch(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useStore.subscribe((s, prev) => {
    if (restoring) return;
    const active = (r: RunState) => r.status === 'training' || r.status === 'paused' || r.status === 'evaluating';
    if (active(s.run) && !active(prev.run)) {
      running = { label: setupLabel(s.setup), startedAt: Date.now() };
      void saveSession();
    } else if (!active(s.run) && running) {
      running = undefined;
      void saveSession();
    }
    // A finished run is kept; a re-evaluation's partial results are not (they come ten a second), and its
    // final result replaces the record of the run it re-evaluated (the same training, other evaluation settings).
    if (active(s.run)) shownRecord = undefined; // a new run: its result is a new record
    const reevaluating = s.reevaluation.status === 'running';
    if (s.result && s.result !== prev.result && s.result !== lastSavedResult && !reevaluating && (s.run.status === 'done' || s.run.status === 'stopped')) {
      const replace = prev.reevaluation.status === 'running';
      const { result, run } = s;
      lastSavedResult = result;
      // One save at a time: a replacement needs the record id of the save before it. In a task of its own: the
      // store's put clones the whole record (16-21 ms for the First look), which the task that delivered the result,
      // already busy drawing it, could not afford (issue 17 item 7).
      saving = saving.then(nextTask).then(() => saveRun(result, run, replace ? shownRecord : undefined));
    }
    if (s.setup !== prev.setup || s.rho !== prev.rho) {
      clearTimeout(timer);
      timer = setTimeout(() => void saveSession(), 400);
    }
  });
}

async function saveSession(): Promise<void> {
  try {
    const { setup, rho } = useStore.getState();
    await put('session', { setup, rho, runId: currentRunId, running } satisfies SessionRecord, 'current');
  } catch (e) { report(e, 'The setup'); }
}

async function saveRun(result: RunResult, run: RunState, id?: number): Promise<void> {
  try {
    currentRunId = shownRecord = Number(await put('runs', { ...(id !== undefined ? { id } : {}), label: runLabel(result), savedAt: Date.now(), result, diag: run.diag, density: run.density } satisfies RunRecord));
    const runs = (await getAll<RunRecord>('runs')).sort((a, b) => b.savedAt - a.savedAt);
    const gone = runs.slice(KEEP_RUNS);
    for (const old of gone) await remove('runs', old.id!);
    if (gone.length) setSaved({ dropped: [...gone.map((r) => r.label), ...(useStore.getState().saved.dropped ?? [])].slice(0, 10) });
    await saveSession();
    await refreshLists();
    setSaved({ error: undefined });
  } catch (e) { report(e, 'The finished run'); }
}

/** An upload parsed in the worker and, once it loaded, kept in this browser. */
export async function uploadAndKeep(file: File, opts: { envId?: string } = {}): Promise<boolean> {
  const envId = opts.envId ?? useStore.getState().setup.envId;
  const ok = await uploadFile(file, { envId });
  if (ok) void saveUpload(file, file.name, envId);
  return ok;
}

/** Keeps an uploaded file (called after it parsed). */
export async function saveUpload(file: Blob, name: string, envId: string): Promise<void> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    await put('datasets', { name, bytes, envId, size: bytes.length, savedAt: Date.now() } satisfies DatasetRecord);
    const all = (await getAll<DatasetRecord>('datasets')).sort((a, b) => b.savedAt - a.savedAt);
    for (const old of all.slice(KEEP_DATASETS)) await remove('datasets', old.name);
    await refreshLists();
    setSaved({ error: undefined });
  } catch (e) { report(e, `The file '${name}'`); }
}

/** The bytes of a saved upload (for the project file). */
export async function savedDatasetBytes(name: string): Promise<Uint8Array | undefined> {
  try { return (await get<DatasetRecord>('datasets', name))?.bytes; } catch { return undefined; }
}

export async function loadSavedDataset(name: string): Promise<void> {
  const raw = await get<unknown>('datasets', name);
  const checked = raw === undefined ? undefined : checkDataset(raw, name);
  if (checked && !checked.ok) await drop('datasets', name, checked.why);
  const rec = checked?.ok ? checked.value : undefined;
  if (!rec) {
    setSaved({ error: `The file '${name}' is no longer saved in this browser: upload it again.` });
    return;
  }
  if (useStore.getState().setup.envId !== rec.envId) useStore.setState((s) => ({ setup: { ...s.setup, envId: rec.envId as Setup['envId'], params: {} } }));
  await uploadFile(new File([rec.bytes as BlobPart], rec.name));
}

export async function loadSavedRun(id: number): Promise<void> {
  const rec = await getRun(id);
  if (!rec) { await refreshLists(); return; }
  showResult(rec.result, rec.diag, rec.density);
  currentRunId = shownRecord = id;
  if (rec.result.setup.demos.kind === 'upload') await loadSavedDataset(rec.result.setup.demos.fileName);
  await saveSession();
}

/** Wipes everything this browser kept and reopens the page on the defaults. */
export async function resetSaved(): Promise<void> {
  try { await clearAll(); } catch (e) { report(e, 'Reset'); return; }
  location.hash = '';
  location.reload();
}
