// Honest numbers: when every policy scores the environment's maximum under every condition, there is no
// difference to show, and the page says so instead of pretending one.
import { useStore } from '../store';

export function SaturationNote() {
  const result = useStore((s) => s.result);
  if (!result || result.evals.length === 0) return null;
  const top = result.reference?.expert;
  const all = result.evals.flatMap((e) => [e.nominal.mean, e.worstBox.stat.mean, ...e.sweep.map((p) => p.stat.mean)]);
  const max = Math.max(...all), min = Math.min(...all);
  if (max - min > 1e-9 || (top !== undefined && Math.abs(max - top) > 1e-6 * Math.max(1, Math.abs(top)))) return null;
  return (
    <p className="notice" data-testid="saturated">
      Every policy scores {max.toFixed(0)} under every condition: this setting is saturated and cannot tell the
      methods apart. Try fewer demonstrations, a wider perturbation range or another environment.
    </p>
  );
}
