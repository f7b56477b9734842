import { describe, expect, it } from 'vitest';
import { DEFAULT_EVAL_PARAMS } from '../../src/core/environments/registry';
import { EVAL_DEFAULTS, defaultFactors, logGrid } from '../../src/core/eval/defaults';
import { envIds, getEnvSpec } from '../../src/core/envs';

describe('default evaluation', () => {
  it('sweeps 9 factors 0.5x..2x equally spaced on the log axis, with 1 in the middle', () => {
    const f = defaultFactors();
    expect(f.length).toBe(9);
    expect(f[0]).toBe(0.5);
    expect(f[8]).toBe(2);
    expect(f[4]).toBeCloseTo(1, 14);
    for (let i = 1; i < 9; i++) expect(f[i] / f[i - 1]).toBeCloseTo(Math.pow(2, 0.25), 12);
    expect(logGrid(1, 8, 4).map((x) => Number(x.toPrecision(12)))).toEqual([1, 2, 4, 8]);
  });

  it('names parameters every environment has, and a box of factors 2/3..3/2', () => {
    for (const id of envIds) {
      const names = getEnvSpec(id).params.map((p) => p.name);
      expect(DEFAULT_EVAL_PARAMS[id].length).toBeGreaterThanOrEqual(2);
      for (const p of DEFAULT_EVAL_PARAMS[id]) expect(names).toContain(p);
    }
    expect(Math.exp(EVAL_DEFAULTS.boxEps)).toBeCloseTo(1.5, 12);
  });
});
