// The left column: everything a user can set. Each control edits one field of the setup.
import { useStore, patchSetup, setRho, useSettings } from '../store';
import {
  ALGO_IDS, ALGO_LABELS, READING_IDS, BACKENDS, CLASSIC_ENV_IDS, DEFAULT_RHO, ENV_IDS, isMujocoSetupEnv, MUJOCO_ENV_IDS, rhoFromSlider, setupForEnv, sliderFromRho, sweepRadii, RHO_MAX,
  type AlgoId, type BackendPref, type SetupEnvId,
} from '../../core/setup';
import { activePreset, PRESETS, presetSetup } from '../presets';
import { getEnvSpec } from '../../core/envs';
import { defaultEvalParamsOf } from '../../core/environments/registry';
import { Field, LogSlider, NumberField, SelectField } from './fields';
import { LearnLink } from '../learn/LearnPanel';
import { READING_A_IDS } from '../../core/experiment/readings';
import { readingsThatPay } from '../learn/verdicts';
import { DemoPanel } from './DemoPanel';
import { fmtRho, isRobust } from '../selectors';
import { useShallow } from 'zustand/shallow';
import { memo, useId, useMemo } from 'react';

/**
 * While a run trains, one outer fieldset disables every control: the form below it does not re-render when
 * a run starts or ends (a re-render of every field cost tens of milliseconds on the click).
 */
export function Controls() {
  const busy = useStore((s) => s.run.status === 'training' || s.run.status === 'paused' || s.run.status === 'evaluating');
  return (
    <form className="controls" aria-label="Setup" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={busy} className="plain" data-testid="controls">
        <ControlsBody />
      </fieldset>
    </form>
  );
}

const ControlsBody = memo(function ControlsBody() {
  const setup = useSettings();
  const spec = getEnvSpec(setup.envId);
  const radii = sweepRadii(setup);
  const preset = activePreset(setup);
  return (
    <>
      <fieldset>
          <SelectField
            label="Preset" value={preset?.id ?? 'custom'} testId="preset"
            options={[...PRESETS.map((p) => ({ value: p.id, label: p.label })), ...(preset ? [] : [{ value: 'custom', label: 'Custom (edited)' }])]}
            onChange={(id) => { const p = PRESETS.find((x) => x.id === id); if (p) useStore.setState({ setup: presetSetup(p), rho: p.rho ?? DEFAULT_RHO }); }}
          />
          <Field label="Environment" hint={isMujocoSetupEnv(setup.envId) ? 'MuJoCo: its WebAssembly (about 10 MB) loads on first use' : undefined}>
            {(id) => (
              <select id={id} value={setup.envId} data-testid="env" onChange={(e) => useStore.setState((s) => ({ setup: setupForEnv(s.setup, e.target.value as SetupEnvId) }))}>
                {ENV_GROUPS.map((g) => (
                  <optgroup key={g.label} label={g.label}>
                    {g.ids.map((envId) => <option key={envId} value={envId}>{envId}</option>)}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
      </fieldset>

      <DemoPanel />

      <fieldset>
          <legend>Algorithms to compare</legend>
          <div className="checks" role="group" aria-label="Algorithms">
            {ALGO_IDS.filter((a) => !READING_GROUP.includes(a)).map((a) => <AlgoCheck key={a} algo={a} algos={setup.algos} />)}
          </div>
          <div className="checks readings" role="group" aria-label="Research readings beyond reweighting">
            <small className="hint readings-head">
              Research readings (ALGORITHMS.md 3.5): {READINGS_STATUS}
              {' '}<LearnLink topic="readings" label="why reweighting cannot reach the failures" />
            </small>
            {READING_GROUP.map((a) => <AlgoCheck key={a} algo={a} algos={setup.algos} />)}
          </div>
          {setup.algos.includes('lr-oracle') && !(setup.demos.kind === 'builtin' && setup.demoProcessNoise > 0) && (
            <small className="hint warn" data-testid="lr-oracle-needs-noise">
              {ALGO_LABELS['lr-oracle']} weighs transitions by the simulator's noise density: record the demonstrations under process noise (above 0).
            </small>
          )}
          {setup.algos.includes('be-droil') && (
            <SelectField
              label="BE-DROIL imitation loss" value={setup.loss} testId="loss"
              options={[{ value: 'nll', label: 'NLL (log-likelihood of the action)' }, { value: 'mbil', label: 'MBIL balance loss ("Robust MBIL")' }]}
              hint={setup.loss === 'mbil' ? 'The weights act on α r² + β NLL; MBIL\'s density models are fitted first.' : undefined}
              onChange={(loss) => patchSetup({ loss })}
            />
          )}
          {(setup.algos.includes('mbil') || (setup.loss === 'mbil' && setup.algos.includes('be-droil')) || setup.algos.some((a) => READING_A_IDS.includes(a))) && (
            <details>
              <summary>MBIL settings</summary>
              <div className="row2">
                <NumberField label="Balance weight α" value={setup.mbilAlpha} min={0} max={100} onChange={(mbilAlpha) => patchSetup({ mbilAlpha })} testId="mbil-alpha" />
                <NumberField label="BC weight β" value={setup.mbilBeta} min={0} max={100} onChange={(mbilBeta) => patchSetup({ mbilBeta })} testId="mbil-beta" />
              </div>
              <div className="row2">
                <NumberField label="Density-fit steps" value={setup.mbilDensitySteps} integer min={10} max={100000} onChange={(mbilDensitySteps) => patchSetup({ mbilDensitySteps })} testId="mbil-density-steps" />
                <NumberField label="Flow coupling blocks" value={setup.mbilFlowBlocks} integer min={1} max={16} onChange={(mbilFlowBlocks) => patchSetup({ mbilFlowBlocks })} />
              </div>
              <small className="hint">MBIL fits its density models first (one classifier for discrete actions, two flows for continuous ones), then trains its policy. Reading A fits the same models, per seed, to propose 8 next states per transition.</small>
            </details>
          )}
      </fieldset>

      <section className="fieldset">
          <h2>Uncertainty set</h2>
          <p className="hint">The radius ρ slider sits above the charts: it stays live after training.</p>
          <fieldset className="plain">
          <SelectField
            label="Divergence" value={setup.divergence} testId="divergence" extra={<LearnLink topic="divergence" label="the divergence" />}
            options={[{ value: 'kl', label: 'KL' }, { value: 'chi2', label: 'χ²' }]}
            onChange={(divergence) => patchSetup({ divergence })}
          />
          <LogSlider
            label="Balance strength κ" value={setup.kappa} testId="kappa" extra={<LearnLink topic="kappa" label="the balance strength κ" />}
            toValue={(t) => (t <= 0 ? 0 : 1e-4 * Math.pow(1e5, t))}
            fromValue={(v) => (v <= 0 ? 0 : Math.log(v / 1e-4) / Math.log(1e5))}
            format={(v) => (v === 0 ? '0' : v.toExponential(1))}
            hint="L2 on ν; large κ gives DRO-BC"
            onChange={(kappa) => patchSetup({ kappa })}
          />
          <details>
            <summary data-testid="advanced-training">Advanced training settings</summary>
            <Field label="Radii trained together (ρ sweep)" hint={`comma-separated, 0..${RHO_MAX}`}>
              {(id) => (
                <input
                  id={id} type="text" defaultValue={radii.join(', ')} data-testid="rho-sweep"
                  onBlur={(e) => {
                    const v = e.target.value.split(',').map((x) => Number(x.trim())).filter((x) => Number.isFinite(x) && x >= 0 && x <= RHO_MAX);
                    if (v.length > 0 && v.length <= 8) patchSetup({ rhoSweep: v });
                    else e.target.value = radii.join(', ');
                  }}
                />
              )}
            </Field>
            <NumberField label="Training steps" value={setup.steps} integer min={10} max={100000} onChange={(steps) => patchSetup({ steps })} testId="steps" />
            <NumberField label="Batch size" value={setup.batch} integer min={8} max={4096} onChange={(batch) => patchSetup({ batch })} />
            <NumberField label="Learning rate (Adam)" value={setup.lr} min={1e-6} max={1} onChange={(lr) => patchSetup({ lr })} />
            <NumberField label="Hidden units (2 layers, tanh)" value={setup.hidden} integer min={4} max={512} onChange={(hidden) => patchSetup({ hidden })} />
            <NumberField label="BC warm start (fraction of steps)" value={setup.warmStart} min={0} max={0.99} onChange={(warmStart) => patchSetup({ warmStart })} />
            <NumberField label="Discount γ (1 = stationary balance)" value={setup.gamma} min={0.01} max={1} onChange={(gamma) => patchSetup({ gamma })} />
            <NumberField label="Weight clipping w_max (0 = off)" value={setup.clip} min={0} max={1000} onChange={(clip) => patchSetup({ clip })} />
            <SelectField<BackendPref>
              label="Backend" value={setup.backend} testId="backend"
              options={BACKENDS.map((b) => ({ value: b, label: b === 'auto' ? 'auto (fastest available)' : b }))}
              onChange={(backend) => patchSetup({ backend })}
            />
          </details>
          </fieldset>
      </section>

      <fieldset>
          <legend>Evaluation</legend>
          <SelectField
            label="Perturbed parameter" value={spec.params.some((p) => p.name === setup.evalParam) ? setup.evalParam : defaultEvalParamsOf(spec)[0]} testId="eval-param"
            options={spec.params.map((p) => ({ value: p.name, label: `${p.name} (${p.default}${p.unit ? ' ' + p.unit : ''})` }))}
            onChange={(evalParam) => patchSetup({ evalParam })}
          />
          <div className="row2">
            <NumberField label="Factor from" value={setup.evalFactorMin} min={0.01} max={100} onChange={(evalFactorMin) => patchSetup({ evalFactorMin })} />
            <NumberField label="to" value={setup.evalFactorMax} min={0.01} max={100} onChange={(evalFactorMax) => patchSetup({ evalFactorMax })} />
          </div>
          <div className="row2">
            <NumberField label="Grid points" value={setup.evalPoints} integer min={2} max={25} onChange={(evalPoints) => patchSetup({ evalPoints })} testId="eval-points" />
            <NumberField label="Episodes per point" value={setup.evalEpisodes} integer min={1} max={200} onChange={(evalEpisodes) => patchSetup({ evalEpisodes })} testId="eval-episodes" />
          </div>
          <ShiftField envId={setup.envId} value={setup.evalShift} />
          <NumberField
            label="Worst-case box size ε" value={setup.worstBoxEps} min={0} max={2} step={0.05} extra={<LearnLink topic="worst-case" label="the worst case" />}
            hint={`|log(p/p₀)| ≤ ε: factors ${Math.exp(-setup.worstBoxEps).toFixed(2)}..${Math.exp(setup.worstBoxEps).toFixed(2)}`}
            onChange={(worstBoxEps) => patchSetup({ worstBoxEps })}
          />
          <BoxParamsField envId={setup.envId} value={setup.boxParams} eps={setup.worstBoxEps} />
          <NumberField
            label="KL-kernel radius ρ_eval" value={setup.klKernelRho} min={0} max={10} step={0.1}
            hint="0 = nominal process noise; log K = always the worst candidate"
            onChange={(klKernelRho) => patchSetup({ klKernelRho })}
          />
          <details>
            <summary data-testid="advanced-eval">Advanced evaluation settings</summary>
            <div className="row2">
              <NumberField label="Kernel episodes" value={setup.kernelEpisodes} integer min={1} max={200} onChange={(kernelEpisodes) => patchSetup({ kernelEpisodes })} testId="kernel-episodes" />
              <NumberField label="Kernel candidates K" value={setup.kernelCandidates} integer min={1} max={64} onChange={(kernelCandidates) => patchSetup({ kernelCandidates })} testId="kernel-candidates" />
            </div>
            <div className="row2">
              <NumberField label="Look-ahead H (steps)" value={setup.kernelHorizon} integer min={0} max={200} onChange={(kernelHorizon) => patchSetup({ kernelHorizon })} testId="kernel-horizon" />
              <NumberField label="Box random points" value={setup.boxRandomPoints} integer min={0} max={256} onChange={(boxRandomPoints) => patchSetup({ boxRandomPoints })} testId="box-random" />
            </div>
            <NumberField label="Box refinement rounds" value={setup.boxRefineRounds} integer min={0} max={20} onChange={(boxRefineRounds) => patchSetup({ boxRefineRounds })} testId="box-rounds" />
          </details>
      </fieldset>

      <fieldset>
          <legend>Seeds</legend>
          <div className="row2">
            <NumberField label="Seeds" value={setup.seeds} integer min={1} max={50} onChange={(seeds) => patchSetup({ seeds })} testId="seeds" hint="≥ 10 for a paired claim" />
            <NumberField label="First seed" value={setup.seed} integer min={0} max={2 ** 31 - 1} onChange={(seed) => patchSetup({ seed })} />
          </div>
      </fieldset>
    </>
  );
});

/** The environment picker's groups: classic control first, then MuJoCo (loaded on first use). */
const ENV_GROUPS: { label: string; ids: readonly SetupEnvId[] }[] = [
  { label: 'Classic control', ids: CLASSIC_ENV_IDS },
  { label: 'MuJoCo (loads on first use)', ids: MUJOCO_ENV_IDS },
];

/**
 * The radius slider stays live during and after training: it only selects which trained member the charts
 * show, so it moves between trained radii (the run's, or the sweep's before any run) and nothing else.
 */
export function RhoSlider() {
  const [rho, sweep, members] = useStore(useShallow((s) => [s.rho, s.setup.rhoSweep, s.result?.members] as const));
  const radii = useMemo(() => {
    const trained = members ? [...new Set(members.filter((m) => isRobust(m.algo)).map((m) => m.rho))] : [];
    return trained.length ? trained.sort((a, b) => a - b) : sweepRadii({ rhoSweep: sweep });
  }, [members, sweep]);
  return (
    <LogSlider
      label="Radius ρ" value={rho} testId="rho" extra={<LearnLink topic="rho" label="the radius ρ" />}
      toValue={rhoFromSlider} fromValue={sliderFromRho}
      format={(v) => fmtRho(v)} snap={radii}
      hint={members ? 'the trained radii (log scale): the charts show that member' : 'the radii Train will train (log scale)'}
      onChange={setRho}
    />
  );
}

/** A fixed shift of several parameters at once, typed as `name:factor, name:factor` (empty = none). */
function ShiftField(props: { envId: (typeof ENV_IDS)[number]; value: Record<string, number> }) {
  const names = getEnvSpec(props.envId).params.map((p) => p.name);
  const text = Object.entries(props.value).map(([k, f]) => `${k}:${f}`).join(', ');
  return (
    <Field label="Combined shift (evaluated as one condition)" hint={`name:factor, e.g. ${names[1] ?? names[0]}:2, ${names.includes('gravity') ? 'gravity' : names[0]}:1.5; empty = none`}>
      {(id) => (
        <input
          id={id} type="text" key={text} defaultValue={text} data-testid="eval-shift" placeholder="none"
          onBlur={(e) => {
            const out: Record<string, number> = {};
            for (const part of e.target.value.split(',').map((x) => x.trim()).filter(Boolean)) {
              const [k, f] = part.split(':').map((x) => x.trim());
              const v = Number(f);
              if (!names.includes(k) || !(v > 0) || !Number.isFinite(v)) { e.target.value = text; return; }
              out[k] = v;
            }
            patchSetup({ evalShift: out });
          }}
        />
      )}
    </Field>
  );
}

/**
 * The worst box's parameters (boxParams): a checkbox per parameter of the environment. The field empty means the
 * environment's defaults, shown ticked and marked; ticking exactly the defaults again empties it (a link leaves it
 * out), and the last ticked box cannot be unticked (a box needs a parameter). Names the environment does not
 * have (from a link or a saved setup) are named here; the run refuses them (planEval).
 */
function BoxParamsField(props: { envId: SetupEnvId; value: string[]; eps: number }) {
  const id = useId();
  const spec = getEnvSpec(props.envId);
  const names = spec.params.map((p) => p.name);
  const defaults = defaultEvalParamsOf(spec);
  const unknown = props.value.filter((n) => !names.includes(n));
  const chosen = props.value.length === 0 ? defaults : props.value.filter((n) => names.includes(n));
  const set = (name: string, on: boolean) => {
    const next = names.filter((n) => (n === name ? on : chosen.includes(n)));
    const isDefault = next.length === defaults.length && defaults.every((n) => next.includes(n));
    patchSetup({ boxParams: isDefault ? [] : next });
  };
  const d = chosen.length;
  const points = props.eps === 0 ? 'ε = 0: the centre only' : d > 10 ? 'no corners above 10 (random points and refinement only)' : `${2 ** d} corners + the centre`;
  return (
    <div role="group" aria-labelledby={id} data-testid="box-params">
      <div className="field"><label id={id}>Worst-case box parameters</label></div>
      <div className="checks">
        {spec.params.map((p) => {
          const on = chosen.includes(p.name);
          return (
            <label className="check" key={p.name}>
              <input type="checkbox" checked={on} disabled={on && d === 1} data-testid={`box-param-${p.name}`} onChange={(e) => set(p.name, e.target.checked)} />
              {p.name}{defaults.includes(p.name) && <small className="hint">default</small>}
            </label>
          );
        })}
      </div>
      <div className="field">
        <small className="hint" data-testid="box-params-hint">
          {props.value.length === 0 ? `The environment's ${d} defaults` : `${d} parameter${d === 1 ? '' : 's'}`}: {points} per member; each one more doubles the corners.
        </small>
        {unknown.length > 0 && (
          <small className="hint warn" data-testid="box-params-unknown">
            {unknown.join(', ')} {unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of {spec.id}: a run refuses {unknown.length === 1 ? 'it' : 'them'}; tick the box's parameters above.
          </small>
        )}
      </div>
    </div>
  );
}

/** What the held-out study says, from the numbers in learn/verdicts.ts. */
const READINGS_STATUS = readingsThatPay().length === 0
  ? 'none has beaten BC on held-out seeds; the expert-labelled bound shows what it would take.'
  : `${readingsThatPay().map((m) => ALGO_LABELS[m]).join(', ')} beat BC on held-out seeds of at least two tasks.`;

/** Reading C and the readings with inputs (A, its control and bound, B's oracle): research, in a group of their own. */
const READING_GROUP: readonly AlgoId[] = ['segment-dro', ...READING_IDS];

function AlgoCheck({ algo, algos }: { algo: AlgoId; algos: AlgoId[] }) {
  return (
    <label className="check">
      <input type="checkbox" checked={algos.includes(algo)} data-testid={`algo-${algo}`} onChange={(e) => patchSetup({ algos: toggle(algos, algo, e.target.checked) })} />
      {ALGO_LABELS[algo]}
    </label>
  );
}

function toggle(list: AlgoId[], a: AlgoId, on: boolean): AlgoId[] {
  const set = new Set(list);
  if (on) set.add(a); else set.delete(a);
  return ALGO_IDS.filter((x) => set.has(x));
}
