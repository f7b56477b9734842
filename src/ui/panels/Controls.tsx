// The left column: everything a user can set. Each control edits one field of the setup.
import { useStore, patchSetup } from '../store';
import {
  ALGO_IDS, ALGO_LABELS, BACKENDS, ENV_IDS, defaultSetup, rhoFromSlider, sliderFromRho, sweepRadii, RHO_MAX,
  type AlgoId, type BackendPref, type Setup,
} from '../../core/setup';
import { getEnvSpec } from '../../core/envs';
import { DEFAULT_EVAL_PARAMS } from '../../core/eval/defaults';
import { Field, LogSlider, NumberField, SelectField } from './fields';
import { DemoPanel } from './DemoPanel';
import { fmtRho } from '../selectors';
import { useShallow } from 'zustand/shallow';

const PRESETS: { id: string; label: string; setup: Setup }[] = [
  { id: 'first-look', label: 'First look: CartPole-v1', setup: defaultSetup },
];

export function Controls() {
  const setup = useStore((s) => s.setup);
  const busy = useStore((s) => s.run.status === 'training' || s.run.status === 'paused' || s.run.status === 'evaluating');
  const spec = getEnvSpec(setup.envId);
  const radii = sweepRadii(setup);
  return (
    <form className="controls" aria-label="Setup" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={busy}>
          <SelectField
            label="Preset" value="first-look" testId="preset"
            options={PRESETS.map((p) => ({ value: p.id, label: p.label }))}
            onChange={(id) => { const p = PRESETS.find((x) => x.id === id); if (p) useStore.setState({ setup: p.setup }); }}
          />
          <SelectField
            label="Environment" value={setup.envId} testId="env"
            options={ENV_IDS.map((id) => ({ value: id, label: id }))}
            onChange={(envId) => patchSetup({ envId, params: {}, evalParam: '' })}
          />
      </fieldset>

      <DemoPanel disabled={busy} />

      <fieldset disabled={busy}>
          <legend>Algorithms to compare</legend>
          <div className="checks" role="group" aria-label="Algorithms">
            {ALGO_IDS.map((a) => (
              <label key={a} className="check">
                <input
                  type="checkbox" checked={setup.algos.includes(a)} data-testid={`algo-${a}`}
                  onChange={(e) => patchSetup({ algos: toggle(setup.algos, a, e.target.checked) })}
                />
                {ALGO_LABELS[a]}
              </label>
            ))}
          </div>
      </fieldset>

      <section className="fieldset">
          <h2>Uncertainty set</h2>
          <p className="hint">The radius ρ slider sits above the charts: it stays live after training.</p>
          <fieldset disabled={busy} className="plain">
          <SelectField
            label="Divergence" value={setup.divergence} testId="divergence"
            options={[{ value: 'kl', label: 'KL' }, { value: 'chi2', label: 'χ²' }]}
            onChange={(divergence) => patchSetup({ divergence })}
          />
          <LogSlider
            label="Balance strength κ" value={setup.kappa} testId="kappa"
            toValue={(t) => (t <= 0 ? 0 : 1e-4 * Math.pow(1e5, t))}
            fromValue={(v) => (v <= 0 ? 0 : Math.log(v / 1e-4) / Math.log(1e5))}
            format={(v) => (v === 0 ? '0' : v.toExponential(1))}
            hint="L2 on ν; large κ gives DRO-BC"
            onChange={(kappa) => patchSetup({ kappa })}
          />
          <details>
            <summary>Advanced training settings</summary>
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

      <fieldset disabled={busy}>
          <legend>Evaluation</legend>
          <SelectField
            label="Perturbed parameter" value={spec.params.some((p) => p.name === setup.evalParam) ? setup.evalParam : DEFAULT_EVAL_PARAMS[spec.id][0]} testId="eval-param"
            options={spec.params.map((p) => ({ value: p.name, label: `${p.name} (${p.default}${p.unit ? ' ' + p.unit : ''})` }))}
            onChange={(evalParam) => patchSetup({ evalParam })}
          />
          <div className="row2">
            <NumberField label="Factor from" value={setup.evalFactorMin} min={0.01} max={100} onChange={(evalFactorMin) => patchSetup({ evalFactorMin })} />
            <NumberField label="to" value={setup.evalFactorMax} min={0.01} max={100} onChange={(evalFactorMax) => patchSetup({ evalFactorMax })} />
          </div>
          <div className="row2">
            <NumberField label="Grid points" value={setup.evalPoints} integer min={2} max={25} onChange={(evalPoints) => patchSetup({ evalPoints })} />
            <NumberField label="Episodes per point" value={setup.evalEpisodes} integer min={1} max={200} onChange={(evalEpisodes) => patchSetup({ evalEpisodes })} testId="eval-episodes" />
          </div>
          <NumberField
            label="Worst-case box size ε" value={setup.worstBoxEps} min={0} max={2} step={0.05}
            hint={`|log(p/p₀)| ≤ ε: factors ${Math.exp(-setup.worstBoxEps).toFixed(2)}..${Math.exp(setup.worstBoxEps).toFixed(2)}`}
            onChange={(worstBoxEps) => patchSetup({ worstBoxEps })}
          />
          <NumberField
            label="KL-kernel radius ρ_eval" value={setup.klKernelRho} min={0} max={10} step={0.1}
            hint="0 = nominal process noise; log K = always the worst candidate"
            onChange={(klKernelRho) => patchSetup({ klKernelRho })}
          />
          <details>
            <summary>Advanced evaluation settings</summary>
            <div className="row2">
              <NumberField label="Kernel episodes" value={setup.kernelEpisodes} integer min={1} max={200} onChange={(kernelEpisodes) => patchSetup({ kernelEpisodes })} />
              <NumberField label="Kernel candidates K" value={setup.kernelCandidates} integer min={1} max={64} onChange={(kernelCandidates) => patchSetup({ kernelCandidates })} />
            </div>
            <div className="row2">
              <NumberField label="Look-ahead H (steps)" value={setup.kernelHorizon} integer min={0} max={200} onChange={(kernelHorizon) => patchSetup({ kernelHorizon })} />
              <NumberField label="Box random points" value={setup.boxRandomPoints} integer min={0} max={256} onChange={(boxRandomPoints) => patchSetup({ boxRandomPoints })} />
            </div>
            <NumberField label="Box refinement rounds" value={setup.boxRefineRounds} integer min={0} max={20} onChange={(boxRefineRounds) => patchSetup({ boxRefineRounds })} />
          </details>
      </fieldset>

      <fieldset disabled={busy}>
          <legend>Seeds</legend>
          <div className="row2">
            <NumberField label="Seeds" value={setup.seeds} integer min={1} max={50} onChange={(seeds) => patchSetup({ seeds })} testId="seeds" hint="≥ 10 for a paired claim" />
            <NumberField label="First seed" value={setup.seed} integer min={0} max={2 ** 31 - 1} onChange={(seed) => patchSetup({ seed })} />
          </div>
      </fieldset>
    </form>
  );
}

/** The radius slider stays live during and after training: it only selects which member the charts show. */
export function RhoSlider() {
  const [rho, radii] = useStore(useShallow((s) => [s.setup.rho, s.setup.rhoSweep] as const));
  return (
    <LogSlider
      label="Radius ρ" value={rho} testId="rho"
      toValue={rhoFromSlider} fromValue={sliderFromRho}
      format={(v) => fmtRho(v)} marks={radii}
      hint="log scale; charts show the nearest trained radius"
      onChange={(r) => patchSetup({ rho: r })}
    />
  );
}

function toggle(list: AlgoId[], a: AlgoId, on: boolean): AlgoId[] {
  const set = new Set(list);
  if (on) set.add(a); else set.delete(a);
  return ALGO_IDS.filter((x) => set.has(x));
}
