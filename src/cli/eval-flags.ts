// Flags shared by `droil eval` and `droil bench` for robustness evaluation: perturbation sweeps,
// the worst-case box and the worst-case KL kernel.
import { getEnvSpec, resolveParams } from '../core/envs';
import { UserError } from '../core/errors';
import { defaultEvalParamsOf } from '../core/environments/registry';
import { boxParamsOf } from '../core/experiment/evaluate';
import { defaultFactors } from '../core/eval/defaults';
import type { SweepSpec } from '../core/eval/evaluate';
import { toNumber } from './args';
import { flagOf, setupFlagUsage } from './setup-flags';

/** The setup's evaluation settings that `droil eval` and `droil bench` take (src/core/setup-fields.ts). */
export const EVAL_SETTINGS = ['evalEpisodes', 'worstBoxEps', 'boxParams', 'boxRandomPoints', 'boxRefineRounds', 'klKernelRho'] as const;
/** The worst-case kernel's search: its episodes, candidates and look-ahead (droil eval, droil bench). */
export const KERNEL_SETTINGS = ['kernelEpisodes', 'kernelCandidates', 'kernelHorizon'] as const;

/** --perturb (several parameters at once: wider than the setup's one swept parameter), then the settings' lines. */
export const evalFlagsUsage = `  --perturb SPEC     one-parameter sweeps: name=f1,f2,... multiplies the parameter by each factor; give the
                     flag again (or separate with ';') for more parameters; 'default' sweeps the
                     environment's 4 default parameters over 9 factors 0.5x..2x (src/core/eval/defaults.ts)
${setupFlagUsage(EVAL_SETTINGS)}`;

/** Parses every --perturb value for one environment. */
export function parsePerturb(values: string[], envId: string): SweepSpec[] {
  const spec = getEnvSpec(envId);
  const out: SweepSpec[] = [];
  for (const v of values) {
    for (const part of v.split(';').map((s) => s.trim()).filter(Boolean)) {
      if (part === 'default') {
        for (const param of defaultEvalParamsOf(spec)) out.push({ param, factors: defaultFactors() });
        continue;
      }
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UserError(`expected name=f1,f2,... or 'default', got '${part}'`, '--perturb');
      const param = part.slice(0, eq).trim();
      resolveParams(spec, { [param]: 1 }, '--perturb');
      const factors = part.slice(eq + 1).split(',').map((s, i) => toNumber(s, `--perturb ${param} factor ${i + 1}`));
      for (const f of factors) if (!(f > 0)) throw new UserError(`factors must be positive; '${param}' has ${f}`, '--perturb');
      if (out.some((s) => s.param === param)) throw new UserError(`'${param}' is swept twice`, '--perturb');
      out.push({ param, factors });
    }
  }
  return out;
}

/**
 * The box's parameters on one environment from the setting boxParams (the flag's value; `given`: the flag was
 * given): those named, else --perturb's, else the environment's defaults (planEval's boxParamsOf checks the names).
 */
export function parseBoxParams(names: readonly string[], given: boolean, sweeps: SweepSpec[], envId: string): string[] {
  if (given && names.length === 0) throw new UserError('expected at least one parameter name', flagOf('boxParams'));
  return boxParamsOf(getEnvSpec(envId), names.length > 0 ? names : sweeps.map((s) => s.param), flagOf('boxParams'));
}
