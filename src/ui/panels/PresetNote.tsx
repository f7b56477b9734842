// The active preset's one-sentence explanation, above the run: what this setting shows and why, and what
// its number of seeds can and cannot support.
import { useSettings } from '../store';
import { activePreset } from '../presets';

/** Seeds a paired claim needs (the paired-gain chart's rule, docs/PRODUCT.md). */
export const CLAIM_SEEDS = 10;

export function PresetNote() {
  const setup = useSettings();
  const preset = activePreset(setup);
  if (!preset) return null;
  return (
    <p className="preset-note" data-testid="preset-explanation">
      <b>{preset.label}.</b> {preset.explanation}{' '}
      {setup.seeds < CLAIM_SEEDS
        ? <>With {setup.seeds} seed{setup.seeds === 1 ? '' : 's'} it shows how the methods behave, not which is better: a claim needs at least {CLAIM_SEEDS} seeds and a paired gain over BC whose interval excludes 0.</>
        : <>{setup.seeds} seeds: enough for a paired claim when the gain&apos;s interval excludes 0.</>}
    </p>
  );
}
