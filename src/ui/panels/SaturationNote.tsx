// Honest numbers: when every policy scores (within 1% of the expert-to-random range) the expert's return
// under every condition, there is no difference to show, and the page says so instead of pretending one.
import { useStore } from '../store';
import type { RunResult } from '../../worker/protocol';

/** Saturated: every mean return (nominal, sweep, worst box, shift) within 1% of the expert-random range of the expert's. */
export function saturation(result: RunResult): { min: number; max: number } | null {
  const ref = result.reference;
  if (!ref || result.evals.length === 0) return null;
  const all = result.evals.flatMap((e) => [e.nominal.mean, e.worstBox.stat.mean, ...e.sweep.map((p) => p.stat.mean), ...(e.shift ? [e.shift.mean] : [])]);
  const min = Math.min(...all), max = Math.max(...all);
  const tol = 0.01 * Math.abs(ref.expert - ref.random);
  return min >= ref.expert - tol ? { min, max } : null;
}

export function SaturationNote() {
  const result = useStore((s) => s.result);
  const sat = result ? saturation(result) : null;
  if (!result || !sat) return null;
  const same = sat.max - sat.min < 0.05;
  return (
    <p className="notice" data-testid="saturated">
      {same ? <>Every policy scores {sat.max.toFixed(0)}</> : <>Every policy scores between {sat.min.toFixed(1)} and {sat.max.toFixed(1)}</>}
      {' '}(the expert: {result.reference!.expert.toFixed(0)}) under every perturbation of the sweep and the box: this setting is
      saturated and cannot tell the methods apart. Try fewer demonstrations, a wider perturbation range or another environment.
    </p>
  );
}
