// The active preset's one-sentence explanation, above the run: what this setting shows and why.
import { useStore } from '../store';
import { activePreset } from '../presets';

export function PresetNote() {
  const setup = useStore((s) => s.setup);
  const preset = activePreset(setup);
  if (!preset) return null;
  return (
    <p className="preset-note" data-testid="preset-explanation">
      <b>{preset.label}.</b> {preset.explanation}
    </p>
  );
}
