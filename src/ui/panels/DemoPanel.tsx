// Demonstrations: built-in expert episodes from a seed, or a dropped / picked file parsed in the worker.
// A failed upload shows its precise message while the previously loaded data stays in use.
import { useRef, useState } from 'react';
import { useStore, patchSetup } from '../store';
import { uploadAndKeep } from '../persist/persist';
import { NumberField, SelectField } from './fields';
import { useShallow } from 'zustand/shallow';
import { getEnvSpec } from '../../core/envs';

const EPISODE_CHOICES = [1, 2, 3, 5, 7, 10, 15, 20, 50];
const ACCEPT = '.json,.csv,.npy,.npz,.h5,.hdf5';

export function DemoPanel() {
  const demos = useStore((s) => s.setup.demos);
  const dataset = useStore((s) => s.dataset);
  const [drag, setDrag] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const builtin = demos.kind === 'builtin';

  const onFiles = (files: FileList | null) => { if (files && files[0]) void uploadAndKeep(files[0]); };

  return (
    <fieldset className="demos">
      <legend>Demonstrations</legend>
      <div className="segmented" role="radiogroup" aria-label="Demonstration source">
        <label><input type="radio" name="demo-src" checked={builtin} data-testid="src-builtin"
          onChange={() => patchSetup({ demos: { kind: 'builtin', episodes: 1, seed: 0 } })} /> Built-in expert</label>
        <label><input type="radio" name="demo-src" checked={!builtin} data-testid="src-upload"
          onChange={() => input.current?.click()} /> Upload</label>
      </div>
      {builtin && (
        <div className="row2">
          <SelectField
            label="Episodes" value={String(demos.episodes)} testId="episodes"
            options={EPISODE_CHOICES.map((n) => ({ value: String(n), label: String(n) }))}
            onChange={(v) => patchSetup({ demos: { ...demos, episodes: Number(v) } })}
          />
          <NumberField label="Data seed" value={demos.seed} integer min={0} max={2 ** 31 - 1}
            onChange={(seed) => patchSetup({ demos: { ...demos, seed } })} />
        </div>
      )}
      {builtin && <ImperfectExpert />}
      <div
        className={`dropzone${drag ? ' drag' : ''}`} data-testid="dropzone"
        onDragOver={(e) => { e.preventDefault(); setDrag(true); }}
        onDragLeave={() => setDrag(false)}
        onDrop={(e) => { e.preventDefault(); setDrag(false); onFiles(e.dataTransfer.files); }}
      >
        <span>Drop a file here (JSON, CSV, .npy/.npz, D4RL or Minari HDF5) or</span>{' '}
        <button type="button" className="linklike" onClick={() => input.current?.click()}>choose a file</button>
        <input ref={input} type="file" accept={ACCEPT} hidden data-testid="file-input" aria-label="Upload demonstrations"
          onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} />
        <small className="hint">Files stay in your browser.</small>
      </div>
      {dataset.loading && <p className="muted" role="status">Loading demonstrations…</p>}
      {dataset.error && <p className="error" role="alert" data-testid="dataset-error">{dataset.error}</p>}
      <DatasetSummaryView />
    </fieldset>
  );
}

/** An imperfect built-in expert: data a policy cannot fit perfectly (docs/imperfect-experts.md). */
function ImperfectExpert() {
  const [envId, eps, an, pn] = useStore(useShallow((s) => [s.setup.envId, s.setup.demoEpsilon, s.setup.demoActionNoise, s.setup.demoProcessNoise] as const));
  const continuous = getEnvSpec(envId).actionSpace.kind === 'continuous';
  const imperfect = eps > 0 || (continuous && an > 0) || pn > 0;
  return (
    <details data-testid="imperfect-expert">
      <summary>Imperfect expert{imperfect ? ' (on)' : ''}</summary>
      <div className="row2">
        <NumberField label="Random-action probability ε" value={eps} min={0} max={1} step={0.05} testId="demo-epsilon"
          onChange={(demoEpsilon) => patchSetup({ demoEpsilon })} />
        <NumberField label="Process noise (× the env's scale)" value={pn} min={0} max={100} step={0.5} testId="demo-process-noise"
          onChange={(demoProcessNoise) => patchSetup({ demoProcessNoise })} />
      </div>
      {continuous && (
        <NumberField label="Gaussian action noise σ (action units)" value={an} min={0} max={10} step={0.05} testId="demo-action-noise"
          onChange={(demoActionNoise) => patchSetup({ demoActionNoise })} />
      )}
      <small className="hint">ε replaces the expert's action by a uniformly random one; process noise perturbs the state after every nominal step. 0 everywhere is the perfect expert.</small>
    </details>
  );
}

function DatasetSummaryView() {
  const s = useStore((st) => st.dataset.summary);
  if (!s) return null;
  const ret = s.returns && s.returns.length ? s.returns : undefined;
  const mean = ret ? ret.reduce((a, b) => a + b, 0) / ret.length : NaN;
  return (
    <dl className="summary" data-testid="dataset-summary">
      <dt>Source</dt><dd title={s.source}>{s.source} <span className="muted">({s.format})</span></dd>
      <dt>Episodes</dt><dd>{s.episodes}</dd>
      <dt>Transitions</dt><dd>{s.transitions}</dd>
      <dt>Observation</dt><dd>{s.obsDim} dims</dd>
      <dt>Action</dt><dd>{s.actionKind === 'discrete' ? `discrete, ${s.numActions ?? '?'} choices` : `continuous, ${s.actionDim} dims`}</dd>
      {ret && <><dt>Return</dt><dd>{ret.length > 1 ? `mean ${mean.toFixed(1)} (min ${Math.min(...ret).toFixed(1)}, max ${Math.max(...ret).toFixed(1)})` : mean.toFixed(1)}</dd></>}
    </dl>
  );
}
