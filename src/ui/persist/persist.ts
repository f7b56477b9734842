// Nothing a user made is lost by a reload: uploaded files and finished runs are kept in IndexedDB, with
// the current setup. On start (without a share link) the last setup, its uploaded data and the last run
// come back; a share link wins over the saved setup. Reset wipes it all. Storage problems (quota full,
// no IndexedDB) are reported in the store, never thrown at the page.
import { parseSetup, type Setup } from '../../core/setup';
import type { RunResult } from '../../worker/protocol';
import { idleRun, useStore, type SavedState } from '../store';
import { uploadFile } from '../worker-client';
import { clearAll, get, getAll, put, remove, storageMessage } from './db';
import { ALGO_LABELS } from '../../core/setup';

/** How many uploaded files and runs are kept (oldest go first). */
export const KEEP_DATASETS = 5;
export const KEEP_RUNS = 5;

interface DatasetRecord { name: string; bytes: Uint8Array; envId: string; size: number; savedAt: number }
interface RunRecord { id?: number; label: string; savedAt: number; result: RunResult }
interface SessionRecord { setup: Setup; runId?: number }

let restoring = false;
let lastSavedResult: RunResult | null = null;
let currentRunId: number | undefined;

function setSaved(patch: Partial<SavedState>): void {
  useStore.setState((s) => ({ saved: { ...s.saved, ...patch } }));
}

function report(e: unknown, what: string): void {
  setSaved({ error: storageMessage(e, what) });
}

export function runLabel(r: RunResult): string {
  const algos = [...new Set(r.members.map((m) => ALGO_LABELS[m.algo] ?? m.algo))].join(' vs ');
  return `${r.setup.envId}: ${algos}, ${r.setup.steps} steps, ${new Set(r.members.map((m) => m.seed)).size} seed(s)${r.stopped ? ' (stopped)' : ''}`;
}

async function refreshLists(): Promise<void> {
  const [datasets, runs] = await Promise.all([getAll<DatasetRecord>('datasets'), getAll<RunRecord>('runs')]);
  setSaved({
    datasets: datasets.sort((a, b) => b.savedAt - a.savedAt).map((d) => ({ name: d.name, size: d.size, envId: d.envId, savedAt: d.savedAt })),
    runs: runs.sort((a, b) => b.savedAt - a.savedAt).map((r) => ({ id: r.id!, label: r.label, savedAt: r.savedAt })),
  });
}

/** Shows a saved run's charts (and its setup in the controls). */
export function showResult(result: RunResult): void {
  lastSavedResult = result; // already stored: do not save it again
  useStore.setState({
    setup: result.setup,
    result,
    run: { ...idleRun, status: result.stopped ? 'stopped' : 'done', members: result.members, step: result.setup.steps, totalSteps: result.setup.steps, evalFraction: 1 },
  });
}

/** Called once at start. `hasLink`: the page opened on a share link, whose setup wins. */
export async function initPersistence(hasLink: boolean): Promise<void> {
  try {
    await refreshLists();
    if (!hasLink) {
      restoring = true;
      const session = await get<SessionRecord>('session', 'current');
      if (session) {
        let setup: Setup | null = null;
        try { setup = parseSetup(session.setup, 'saved setup'); } catch { setup = null; } // an older schema: keep the defaults
        const run = session.runId !== undefined ? await get<RunRecord>('runs', session.runId) : undefined;
        if (run) {
          try { showResult(run.result); currentRunId = run.id; } catch { /* an unreadable old run is skipped */ }
        }
        if (setup) {
          useStore.setState({ setup });
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

function watch(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useStore.subscribe((s, prev) => {
    if (restoring) return;
    if (s.result && s.result !== prev.result && s.result !== lastSavedResult && (s.run.status === 'done' || s.run.status === 'stopped')) {
      lastSavedResult = s.result;
      void saveRun(s.result);
    }
    if (s.setup !== prev.setup) {
      clearTimeout(timer);
      timer = setTimeout(() => void saveSession(), 400);
    }
  });
}

async function saveSession(): Promise<void> {
  try {
    await put('session', { setup: useStore.getState().setup, runId: currentRunId } satisfies SessionRecord, 'current');
  } catch (e) { report(e, 'The setup'); }
}

async function saveRun(result: RunResult): Promise<void> {
  try {
    currentRunId = Number(await put('runs', { label: runLabel(result), savedAt: Date.now(), result } satisfies RunRecord));
    const runs = (await getAll<RunRecord>('runs')).sort((a, b) => b.savedAt - a.savedAt);
    for (const old of runs.slice(KEEP_RUNS)) await remove('runs', old.id!);
    await saveSession();
    await refreshLists();
    setSaved({ error: undefined });
  } catch (e) { report(e, 'The finished run'); }
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
  const rec = await get<DatasetRecord>('datasets', name);
  if (!rec) {
    setSaved({ error: `The file '${name}' is no longer saved in this browser: upload it again.` });
    return;
  }
  if (useStore.getState().setup.envId !== rec.envId) useStore.setState((s) => ({ setup: { ...s.setup, envId: rec.envId as Setup['envId'], params: {} } }));
  await uploadFile(new File([rec.bytes as BlobPart], rec.name), { save: false });
}

export async function loadSavedRun(id: number): Promise<void> {
  const rec = await get<RunRecord>('runs', id);
  if (!rec) return;
  currentRunId = id;
  showResult(rec.result);
  if (rec.result.setup.demos.kind === 'upload') await loadSavedDataset(rec.result.setup.demos.fileName);
  await saveSession();
}

/** Wipes everything this browser kept and reopens the page on the defaults. */
export async function resetSaved(): Promise<void> {
  try { await clearAll(); } catch (e) { report(e, 'Reset'); return; }
  location.hash = '';
  location.reload();
}
