// The presets menu: every preset is a valid setup, says what it shows in one sentence, and the ones
// PRODUCT.md names carry its settings (environment, demonstrations, shift, radii, seeds).
import { describe, expect, it } from 'vitest';
import { defaultSetup, sweepRadii } from '../../src/core/setup';
import { getEnvSpec } from '../../src/core/envs';
import { activePreset, PRESETS, presetSetup } from '../../src/ui/presets';
import { planMembers } from '../../src/core/experiment/members';
import { pairedGains, shiftParams } from '../../src/core/experiment/evaluate';
import { fmtVerdict, verdictOf } from '../../src/ui/learn/verdicts';

const byId = (id: string) => PRESETS.find((p) => p.id === id)!;

describe('presets', () => {
  it('are valid setups with unique ids and a one-sentence explanation each', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      const s = presetSetup(p);
      expect(s.envId).toBeTruthy();
      // One sentence: ends with a full stop and has no other sentence end inside it.
      expect(p.explanation.trim()).toMatch(/^[^.!?]+(\.\d[^.!?]*)*[.]$/);
      // Names in the shift and the swept parameter are the environment's own.
      const names = getEnvSpec(s.envId).params.map((q) => q.name);
      for (const k of Object.keys(s.evalShift)) expect(names).toContain(k);
      if (s.evalParam) expect(names).toContain(s.evalParam);
      // The ensemble fits the trainer's limit of 64 members.
      expect(planMembers(s).filter((m) => m.algo !== 'mbil').length).toBeLessThanOrEqual(64);
    }
  });

  it('"First look" is the page default, and the page recognises which preset is loaded', () => {
    expect(presetSetup(byId('first-look'))).toEqual(defaultSetup);
    expect(activePreset(defaultSetup)?.id).toBe('first-look');
    for (const p of PRESETS) expect(activePreset(presetSetup(p))?.id).toBe(p.id);
    // Field order does not matter; one edited field makes it a custom setup.
    const reordered = Object.fromEntries(Object.entries(presetSetup(byId('where-it-pays'))).reverse()) as typeof defaultSetup;
    expect(activePreset(reordered)?.id).toBe('where-it-pays');
    expect(activePreset({ ...defaultSetup, steps: 999 })).toBeUndefined();
  });

  it('"First look" trains enough seeds for the paired-gain chart: BC and every radius on each of >= 2 seeds', () => {
    const members = planMembers(defaultSetup);
    const seeds = [...new Set(members.map((m) => m.seed))];
    expect(seeds.length).toBeGreaterThanOrEqual(2);
    for (const seed of seeds) {
      expect(members.filter((m) => m.seed === seed).map((m) => `${m.algo}:${m.rho}`)).toEqual(['bc:0', ...sweepRadii(defaultSetup).map((r) => `be-droil:${r}`)]);
    }
    // The chart's statistic, fed returns that differ per seed: one gain per radius and condition, over every seed.
    const evals = members.map((m) => ({ memberId: m.id, nominal: { mean: 100 + 10 * m.seed + m.rho }, worstBox: { stat: { mean: 50 + m.seed } }, sweepArea: 3 + m.seed }));
    const gains = pairedGains(members, evals as unknown as Parameters<typeof pairedGains>[1]);
    expect(gains.map((g) => `${g.rho}:${g.condition}`)).toEqual(sweepRadii(defaultSetup).flatMap((r) => ['nominal', 'worst box', 'sweep area'].map((c) => `${r}:${c}`)));
    expect(gains.every((g) => g.stat.n === seeds.length)).toBe(true);
    expect(gains.find((g) => g.condition === 'nominal')!.stat.mean).toBeCloseTo(sweepRadii(defaultSetup)[0], 9);
  });

  it('"Beyond reweighting" shows reading A beside its expert-labelled bound on the held-out cell, quoting the verdicts of learn/verdicts.ts', () => {
    const p = byId('beyond-reweighting');
    const s = presetSetup(p);
    // docs/results/issue-19.md section 5f's cell: 1 perfect CartPole demonstration, rho 0.5, 300 steps, batch 256, 300 density steps.
    expect([s.envId, s.demos.kind === 'builtin' ? s.demos.episodes : 0, s.demoProcessNoise, s.steps, s.batch, s.mbilDensitySteps]).toEqual(['CartPole-v1', 1, 0, 300, 256, 300]);
    expect(s.algos).toEqual(['bc', 'tilted-model', 'tilted-expert']);
    expect(s.rhoSweep).toEqual([0.5]);
    expect(s.seeds).toBeGreaterThanOrEqual(10);
    const a = verdictOf('CartPole-v1', 'tilted-model')!, bound = verdictOf('CartPole-v1', 'tilted-expert')!;
    expect(p.explanation).toContain(`the first tied with BC (${fmtVerdict(a)})`);
    expect(p.explanation).toContain(`the bound beat BC (${fmtVerdict(bound)})`);
    expect(fmtVerdict(a)).toBe('−0.9 ± 16.8');
  });

  it('"Where robustness pays" is PRODUCT.md\'s: Acrobot, 1 demo, link-2 mass x2 with gravity x1.5, rho {0, 0.5, 2}, >= 10 seeds', () => {
    const s = presetSetup(byId('where-it-pays'));
    expect(s.envId).toBe('Acrobot-v1');
    expect(s.demos).toEqual({ kind: 'builtin', episodes: 1, seed: 0 });
    // The regime where the study (docs/results/where-it-pays.md, section 3) found the paired CI excluding 0.
    expect([s.demoProcessNoise, s.demoEpsilon, s.steps, s.batch]).toEqual([2, 0, 300, 64]);
    expect(s.evalShift).toEqual({ link_mass_2: 2, gravity: 1.5 });
    expect(sweepRadii(s)).toEqual([0, 0.5, 2]);
    expect(s.seeds).toBeGreaterThanOrEqual(10);
    expect(s.algos).toContain('bc');
    // The shift is evaluated at absolute values: 2 x 1 kg and 1.5 x 9.8 m/s^2.
    const shift = shiftParams(getEnvSpec('Acrobot-v1'), s.evalShift)!;
    expect(shift.params.link_mass_2).toBeCloseTo(2, 12);
    expect(shift.params.gravity).toBeCloseTo(14.7, 12);
    expect(shift.label).toBe('link_mass_2 ×2, gravity ×1.5');
  });

  it('"Where it does not" covers CartPole with 1 demo and Pendulum, with BC to compare against and >= 10 seeds', () => {
    const cp = presetSetup(byId('not-cartpole'));
    const pe = presetSetup(byId('not-pendulum'));
    expect([cp.envId, cp.demos.kind === 'builtin' && cp.demos.episodes]).toEqual(['CartPole-v1', 1]);
    expect(pe.envId).toBe('Pendulum-v1');
    for (const s of [cp, pe]) { expect(s.algos).toContain('bc'); expect(s.seeds).toBeGreaterThanOrEqual(10); }
  });

  it('"Where it does not" includes the study\'s resolved loss: Acrobot, 1 demo, epsilon 0.3, rho 2 (where-it-pays.md section 2)', () => {
    const s = presetSetup(byId('not-epsilon'));
    expect([s.envId, s.demos.kind === 'builtin' && s.demos.episodes, s.demoEpsilon, s.demoProcessNoise]).toEqual(['Acrobot-v1', 1, 0.3, 0]);
    expect(sweepRadii(s)).toContain(2);
    expect(s.algos).toEqual(['bc', 'dro-bc', 'be-droil']);
    expect(s.seeds).toBeGreaterThanOrEqual(10);
  });

  it('a shift naming a parameter the environment lacks is refused with the field and the known names', () => {
    expect(() => shiftParams(getEnvSpec('CartPole-v1'), { link_mass_2: 2 })).toThrow(/evalShift: 'link_mass_2' is not a parameter of CartPole-v1 \(parameters: .*length/);
    expect(shiftParams(getEnvSpec('CartPole-v1'), {})).toBeUndefined();
  });
});
