// Share, export, keep: the link (with teaching and embed options), the CLI command, the project file,
// the results and policies as files, and what this browser keeps (with Reset).
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/shallow';
import { encodeLink, HIDEABLE, type Hideable, type LinkView } from '../../core/setup';
import { useStore } from '../store';
import { algoLabel, setupOnScreen } from '../selectors';
import { downloadBlob, downloadText } from '../export/download';
import { KEEP_RUNS, loadSavedDataset, uploadAndKeep, loadSavedRun, resetSaved, savedDatasetBytes, showResult } from '../persist/persist';
import { cliScript } from './cli-command';
import { writeProject } from '../../core/project/project';
import { readProjectOffThread } from './read-project';
import { resultCsv, resultToJson } from '../../core/project/results-json';
import './share.css';

/** The share link of the run on screen (its setup, the slider's radius), or of the controls when none ran; `edited`: of the controls. */
export function shareLink(view: Partial<LinkView> = {}, edited = false): string {
  const { setup, result, rho } = useStore.getState();
  const hash = encodeLink(edited ? setup : setupOnScreen(setup, result), { rho, ...view });
  return `${location.origin}${location.pathname}${hash ? `#${hash}` : ''}`;
}

async function copyText(text: string): Promise<boolean> {
  try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
}

const HIDE_LABELS: Record<Hideable, string> = {
  controls: 'all controls', upload: 'file upload', advanced: 'advanced settings', slider: 'ρ slider', run: 'Train buttons',
  canvas: 'animation', charts: 'charts', share: 'this panel', learn: 'Learn', saved: 'saved data', header: 'header',
};

/** The header's "Copy link" button (the setup as it is now; the panel below has the options). */
export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button type="button" data-testid="copy-link" onClick={async () => {
      const ok = await copyText(shareLink());
      setState(ok ? 'copied' : 'failed');
      if (!ok) document.querySelector<HTMLInputElement>('[data-testid=share-link]')?.select();
      setTimeout(() => setState('idle'), 2500);
    }}>{state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy it below' : 'Copy link'}</button>
  );
}

// One formatter for every row: a Date's toLocaleString builds a new one per call, which cost tens of ms per re-render.
const SAVED_AT = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** What this browser keeps, with Reset: its own subscription, so a finished run re-renders this list once, not the whole panel. */
function SavedList() {
  const saved = useStore((s) => s.saved);
  const [confirmReset, setConfirmReset] = useState(false);
  return (
    <div data-part="saved">
      <h3>Kept in this browser</h3>
      {saved.error && <p className="error" role="alert" data-testid="saved-error">{saved.error}</p>}
      {saved.runs.length === 0 && saved.datasets.length === 0 && <p className="muted">Finished runs and uploaded files are kept here across reloads.</p>}
      {saved.runs.length > 0 && <p className="muted" data-testid="saved-keeps">This browser keeps the last {KEEP_RUNS} finished runs ({saved.runs.length} kept now); older ones are dropped.</p>}
      {saved.dropped && saved.dropped.length > 0 && <p className="note" data-testid="saved-dropped">Dropped to keep {KEEP_RUNS}: {saved.dropped.join('; ')}.</p>}
      <ul className="saved-list" data-testid="saved-runs">
        {saved.runs.map((r) => (
          <li key={r.id}><button type="button" className="linklike" onClick={() => void loadSavedRun(r.id)}>{r.label}</button> <small className="muted">{SAVED_AT.format(r.savedAt)}</small></li>
        ))}
      </ul>
      <ul className="saved-list" data-testid="saved-datasets">
        {saved.datasets.map((d) => (
          <li key={d.name}><button type="button" className="linklike" onClick={() => void loadSavedDataset(d.name)}>{d.name}</button> <small className="muted">{d.envId}, {(d.size / 1024).toFixed(0)} KB</small></li>
        ))}
      </ul>
      {confirmReset
        ? <span className="row-wrap"><span>Wipe every kept run and file, and reopen on the defaults?</span>
            <button type="button" className="danger" onClick={() => void resetSaved()} data-testid="reset-confirm">Yes, reset</button>
            <button type="button" onClick={() => setConfirmReset(false)}>Cancel</button></span>
        : <button type="button" onClick={() => setConfirmReset(true)} data-testid="reset">Reset…</button>}
    </div>
  );
}

export function SharePanel() {
  const [setup, result] = useStore(useShallow((s) => [s.setup, s.result] as const));
  const [teach, setTeach] = useState(false);
  const [embed, setEmbed] = useState(false);
  const [hide, setHide] = useState<Hideable[]>([]);
  const [showCli, setShowCli] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const importRef = useRef<HTMLInputElement>(null);
  const link = shareLink({ teach, embed, hide: embed ? hide : [] });
  // Edited since the run on screen: the link and the command describe that run; the edited settings are offered beside.
  const onScreen = setupOnScreen(setup, result);
  const editedLink = result && encodeLink(onScreen) !== encodeLink(setup) ? shareLink({ teach, embed, hide: embed ? hide : [] }, true) : null;
  const uploaded = setup.demos.kind === 'upload';

  const exportProject = async () => {
    setMessage(null);
    try {
      let dataset: { fileName: string; bytes: Uint8Array } | undefined;
      if (setup.demos.kind === 'upload') {
        const bytes = await savedDatasetBytes(setup.demos.fileName);
        if (!bytes) throw new Error(`the uploaded file '${setup.demos.fileName}' is not kept in this browser any more: upload it again first`);
        dataset = { fileName: setup.demos.fileName, bytes };
      } else {
        // Built-in demonstrations are regenerated from the seed, here, as droil-demos JSON.
        const [{ builtinDemosFor }, { stringifyDroilDemos }] = await Promise.all([import('../../core/experiment/demos'), import('../../core/data/json-format')]);
        const d = builtinDemosFor(setup);
        dataset = { fileName: `${setup.envId}-builtin-${setup.demos.episodes}ep-seed${setup.demos.seed}.json`, bytes: new TextEncoder().encode(stringifyDroilDemos(d)) };
      }
      const zip = writeProject({ setup: result?.setup ?? setup, dataset, result: result ?? undefined });
      downloadBlob(new Blob([zip as BlobPart], { type: 'application/zip' }), `droil-project-${setup.envId}.zip`);
      setMessage({ text: `Project file written (${(zip.length / 1024).toFixed(0)} KB): setup, data${result ? ', policies and results' : ''}.` });
    } catch (e) { setMessage({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}`, error: true }); }
  };

  const importProject = async (file: File) => {
    setMessage(null);
    try {
      const p = await readProjectOffThread(new Uint8Array(await file.arrayBuffer()), file.name);
      // Everything is validated before the page changes; the dataset is read like an upload, in the worker.
      if (p.setup.demos.kind === 'upload') {
        if (!p.dataset) throw new Error(`${file.name}: the setup names the uploaded file '${p.setup.demos.fileName}' but the project holds no data`);
        const ok = await uploadAndKeep(new File([p.dataset.bytes as BlobPart], p.setup.demos.fileName), { envId: p.setup.envId });
        if (!ok) throw new Error(`${file.name}: its dataset could not be read (${useStore.getState().dataset.error ?? 'see above'})`);
      }
      if (p.result) showResult(p.result);
      useStore.setState({ setup: p.setup });
      setMessage({ text: `Project '${file.name}' loaded${p.result ? ` with ${Object.keys(p.result.policies ?? {}).length} policies and their results` : ''}.` });
    } catch (e) { setMessage({ text: `Import failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`, error: true }); }
  };

  return (
    <section className="share-panel" aria-label="Share, export and keep" data-testid="share-panel">
      <h2>Share, export, keep</h2>
      <div className="share-grid">
        <div data-part="share-link">
          <h3>Link</h3>
          <input type="text" readOnly value={link} data-testid="share-link" aria-label={editedLink ? 'Share link of the run on screen' : 'Share link'} onFocus={(e) => e.target.select()} />
          {editedLink && (
            <>
              <small className="hint">This link opens the run on screen. The settings edited since (not run yet):</small>
              <input type="text" readOnly value={editedLink} data-testid="share-link-edited" aria-label="Share link of the edited settings (not run yet)" onFocus={(e) => e.target.select()} />
            </>
          )}
          <div className="row-wrap">
            <button type="button" onClick={() => void copyText(link).then((ok) => setMessage({ text: ok ? 'Link copied.' : 'Copy the link from the box above (the clipboard is not available).', error: !ok }))} data-testid="copy-link-options">Copy this link</button>
            <label className="check"><input type="checkbox" checked={teach} onChange={(e) => setTeach(e.target.checked)} data-testid="share-teach" /> teaching mode (trains on open)</label>
            <label className="check"><input type="checkbox" checked={embed} onChange={(e) => setEmbed(e.target.checked)} data-testid="share-embed" /> embed</label>
          </div>
          {embed && (
            <div className="row-wrap" role="group" aria-label="Parts to hide">
              <span className="muted">hide:</span>
              {HIDEABLE.map((h) => (
                <label key={h} className="check"><input type="checkbox" checked={hide.includes(h)} data-testid={`share-hide-${h}`}
                  onChange={(e) => setHide(e.target.checked ? [...hide, h] : hide.filter((x) => x !== h))} /> {HIDE_LABELS[h]}</label>
              ))}
            </div>
          )}
          {uploaded
            ? <p className="note" data-testid="share-upload-note">Your uploaded file ({setup.demos.kind === 'upload' ? setup.demos.fileName : ''}) is not in the link: links carry settings only, and uploads never leave this browser. To hand on the data too, <button type="button" className="linklike" onClick={() => void exportProject()}>export a project file</button>.</p>
            : <small className="hint">The link holds the whole setup; the built-in demonstrations are regenerated from their seed.</small>}
        </div>

        <div data-part="share-files">
          <h3>Files</h3>
          <div className="row-wrap">
            <button type="button" onClick={() => void exportProject()} data-testid="export-project">Export project</button>
            <button type="button" onClick={() => importRef.current?.click()} data-testid="import-project-button">Import project…</button>
            <input ref={importRef} type="file" accept=".zip" hidden data-testid="import-project" aria-label="Import a project file"
              onChange={(e) => { const f = e.target.files?.[0]; if (f) void importProject(f); e.target.value = ''; }} />
          </div>
          <div className="row-wrap">
            <button type="button" disabled={!result} onClick={() => result && downloadText(resultCsv(result), 'droil-results.csv', 'text/csv')} data-testid="export-csv">Results CSV</button>
            <button type="button" disabled={!result} onClick={() => result && downloadText(resultToJson({ ...result, policies: undefined }), 'droil-results.json', 'application/json')} data-testid="export-json">Results JSON</button>
            <select aria-label="Download a trained policy" disabled={!result?.policies} value="" data-testid="export-policy"
              onChange={(e) => {
                const id = Number(e.target.value);
                const m = result?.members.find((x) => x.id === id);
                const json = result?.policies?.[id];
                if (m && json) downloadText(JSON.stringify(json) + '\n', `policy-${m.algo}${m.algo === 'bc' ? '' : `-rho${m.rho}`}-seed${m.seed}.json`, 'application/json');
              }}>
              <option value="">Policy JSON…</option>
              {result?.members.filter((m) => result.policies?.[m.id]).map((m) => <option key={m.id} value={m.id}>{algoLabel(m)}, seed {m.seed}</option>)}
            </select>
            <button type="button" onClick={() => setShowCli(!showCli)} aria-expanded={showCli} data-testid="show-cli">{showCli ? 'Hide' : 'Show'} CLI command</button>
          </div>
          {showCli && (
            <div className="cli">
              {editedLink && <small className="hint">The run on screen:</small>}
              <pre data-testid="cli-command">{cliScript(onScreen)}</pre>
              <button type="button" onClick={() => void copyText(cliScript(onScreen))}>Copy commands</button>
              {editedLink && (
                <>
                  <small className="hint">The settings edited since (not run yet):</small>
                  <pre data-testid="cli-command-edited">{cliScript(setup)}</pre>
                </>
              )}
            </div>
          )}
          {message && <p className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'} data-testid="share-message">{message.text}</p>}
        </div>

        <SavedList />
      </div>
    </section>
  );
}
