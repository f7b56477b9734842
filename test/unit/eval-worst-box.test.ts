import { describe, expect, it } from 'vitest';
import { worstCaseBox } from '../../src/core/eval/worst-box';
import { Rng } from '../../src/core/rng';

describe('worst case in a parameter box (abstract objective)', () => {
  it('is no better than any point it evaluated, including every corner and the centre', async () => {
    const f = (z: number[]) => Math.cos(3 * z[0]) + z[1] * z[2] - 0.5 * Math.sin(5 * z[1]) + z[0] * z[2];
    const eps = Math.log(2);
    const res = await worstCaseBox((zs) => zs.map(f), { dims: 3, eps, rng: new Rng(1) });
    for (const p of res.evaluated) {
      expect(res.worst.value).toBeLessThanOrEqual(p.value);
      expect(p.value).toBe(f(p.z)); // reported values are the objective's
      for (const zj of p.z) expect(Math.abs(zj)).toBeLessThanOrEqual(eps + 1e-15);
    }
    // Independently enumerated grid: the 8 corners and the centre.
    const grid = [[0, 0, 0]];
    for (let c = 0; c < 8; c++) grid.push([0, 1, 2].map((j) => ((c >> j) & 1 ? eps : -eps)));
    for (const z of grid) expect(res.worst.value).toBeLessThanOrEqual(f(z));
    expect(res.evaluated.filter((p) => p.stage === 'corner').length).toBe(8);
    expect(res.evaluated.filter((p) => p.stage === 'random').length).toBe(16);
  });

  it('refines towards an interior minimum by coordinate search', async () => {
    const c = [0.21, -0.13];
    const f = (z: number[]) => (z[0] - c[0]) ** 2 + 2 * (z[1] - c[1]) ** 2;
    const res = await worstCaseBox((zs) => zs.map(f), { dims: 2, eps: 0.5, rng: new Rng(2), randomPoints: 0, refineRounds: 30 });
    expect(Math.abs(res.worst.z[0] - c[0])).toBeLessThan(0.01);
    expect(Math.abs(res.worst.z[1] - c[1])).toBeLessThan(0.01);
    expect(res.evaluated.some((p) => p.stage === 'refine')).toBe(true);
  });

  it('finds the exact corner of a linear objective and is deterministic for a seed', async () => {
    const f = (z: number[]) => 2 * z[0] - 3 * z[1] + z[2] + 0.5 * z[3];
    const run = (seed: number) => worstCaseBox((zs) => zs.map(f), { dims: 4, eps: 0.4, rng: new Rng(seed) });
    const a = await run(5), b = await run(5);
    expect(a.worst.z).toEqual([-0.4, 0.4, -0.4, -0.4]);
    expect(a.evaluated).toEqual(b.evaluated);
    // Every objective call is batched: no call with a single point except when refinement finds one new point.
    const sizes: number[] = [];
    await worstCaseBox((zs) => { sizes.push(zs.length); return zs.map(f); }, { dims: 4, eps: 0.4, rng: new Rng(5) });
    expect(sizes[0]).toBe(1 + 16 + 16);
  });

  it('eps = 0 evaluates only the nominal point', async () => {
    const res = await worstCaseBox((zs) => zs.map(() => 42), { dims: 3, eps: 0, rng: new Rng(1) });
    expect(res.evaluated.length).toBe(1);
    expect(res.worst).toEqual({ z: [0, 0, 0], value: 42, stage: 'centre' });
  });
});
