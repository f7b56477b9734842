import { describe, expect, it } from 'vitest';
import {
  defaultSetup, nearestRadius, parseSetup, rhoFromSlider, RHO_MAX, RHO_MIN, setupFromHash, setupToHash, sliderFromRho, sweepFactors,
} from '../../src/core/setup';
import { planMembers } from '../../src/core/experiment/members';

describe('the setup schema', () => {
  it('accepts its own defaults and round-trips every field through the URL hash', () => {
    expect(parseSetup(defaultSetup)).toEqual(defaultSetup);
    expect(setupToHash(defaultSetup)).toBe('');
    const s = { ...defaultSetup, envId: 'Acrobot-v1' as const, algos: ['bc' as const, 'dro-bc' as const], rhoSweep: [0, 0.5, 2], steps: 250,
      demos: { kind: 'builtin' as const, episodes: 3, seed: 9 }, params: { gravity: 14.7 }, divergence: 'chi2' as const, backend: 'cpu' as const };
    expect(setupFromHash('#' + setupToHash(s))).toEqual(s);
  });

  it('names the field and what was expected for a bad value', () => {
    expect(() => setupFromHash('#steps=lots')).toThrow(/link: field 'steps'/);
    expect(() => setupFromHash('#colour=red')).toThrow(/unknown field 'colour'/);
    expect(() => setupFromHash('#algos=')).toThrow(/field 'algos' choose at least one algorithm/);
    expect(() => parseSetup({ ...defaultSetup, evalFactorMin: 3, evalFactorMax: 2 })).toThrow(/evalFactorMin.*3 >= 2/);
    expect(() => parseSetup({ ...defaultSetup, rhoSweep: [-1] })).toThrow(/field 'rhoSweep.0'/);
  });

  it('sweeps a log grid from the lower to the upper factor, equally spaced in log', () => {
    const f = sweepFactors({ evalFactorMin: 0.5, evalFactorMax: 2, evalPoints: 5 });
    expect(f[0]).toBeCloseTo(0.5, 12);
    expect(f[4]).toBeCloseTo(2, 12);
    expect(f[2]).toBeCloseTo(1, 12);
    // Equally spaced in log to the 12 significant digits the factors keep.
    for (let i = 1; i < 5; i++) expect(Math.log(f[i] / f[i - 1])).toBeCloseTo(Math.log(4) / 4, 10);
  });

  it('gives factors that are exact decimals: the ends are min and max and the nominal point is exactly 1', () => {
    // The page's default sweep: exp of a log grid gave 0.10000000000000002 and 1.0000000000000004 before.
    const f = sweepFactors({ evalFactorMin: 0.1, evalFactorMax: 10, evalPoints: 9 });
    expect(f).toEqual([0.1, 0.177827941004, 0.316227766017, 0.56234132519, 1, 1.77827941004, 3.16227766017, 5.6234132519, 10]);
    expect(f[4]).toBe(1);
    for (const [min, max, n] of [[0.5, 2, 5], [0.25, 4, 3], [0.2, 5, 7], [0.1, 10, 25]]) {
      const g = sweepFactors({ evalFactorMin: min, evalFactorMax: max, evalPoints: n });
      expect([g[0], g[n - 1], g[(n - 1) / 2]]).toEqual([min, max, 1]);
      // Each factor is the 12-digit decimal it prints as, and close to the log grid's point.
      g.forEach((x, i) => {
        expect(Number(x.toPrecision(12))).toBe(x);
        expect(Math.abs(x / Math.exp(Math.log(min) + ((Math.log(max) - Math.log(min)) * i) / (n - 1)) - 1)).toBeLessThan(1e-11);
      });
    }
  });

  it('maps the log slider and back, with 0 as its own end, and picks the nearest radius on a log scale', () => {
    expect(rhoFromSlider(0)).toBe(0);
    expect(rhoFromSlider(1)).toBeCloseTo(RHO_MAX, 12);
    expect(rhoFromSlider(1e-9)).toBeCloseTo(RHO_MIN, 6);
    for (const r of [0.02, 0.2, 1, 4.9]) expect(rhoFromSlider(sliderFromRho(r))).toBeCloseTo(r, 10);
    // 0.6 is nearer 0.5 than 2 in log (|ln 1.2| < |ln(2/0.6)|); 1.1 is nearer 2 (ln(1.1/0.5) = 0.79 > ln(2/1.1) = 0.60).
    expect(nearestRadius([0, 0.5, 2], 0.6)).toBe(0.5);
    expect(nearestRadius([0, 0.5, 2], 1.1)).toBe(2);
    expect(nearestRadius([0, 0.5, 2], 0)).toBe(0);
  });

  it('plans one member per algorithm and seed, the robust ones once per radius', () => {
    const m = planMembers({ algos: ['bc', 'be-droil'], rhoSweep: [2, 0.2, 0.2], seeds: 2, seed: 5 });
    expect(m.map((x) => `${x.id}:${x.algo}:${x.rho}:${x.seed}`)).toEqual([
      '0:bc:0:5', '1:be-droil:0.2:5', '2:be-droil:2:5', '3:bc:0:6', '4:be-droil:0.2:6', '5:be-droil:2:6',
    ]);
  });
});
