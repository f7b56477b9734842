import { describe, expect, it } from 'vitest';
import { klTilt, klToUniform, sampleIndex } from '../../src/core/eval/kl-tilt';
import { Rng } from '../../src/core/rng';

const expect_ = (q: ArrayLike<number>, v: ArrayLike<number>) => Array.from(q).reduce((s, qi, i) => s + qi * v[i], 0);

describe('KL tilting (worst case of a KL ball over K samples)', () => {
  const rng = new Rng(3);
  const V = Array.from({ length: 16 }, () => rng.uniform(0, 40));

  it('reaches KL(q || uniform) = rho_eval within tolerance', () => {
    for (const rho of [1e-4, 0.01, 0.1, 0.5, 1, 2, Math.log(16) - 1e-3]) {
      const t = klTilt(V, rho);
      expect(Math.abs(klToUniform(t.q) - rho)).toBeLessThan(1e-8);
      expect(Math.abs(t.kl - rho)).toBeLessThan(1e-8);
      expect(Array.from(t.q).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // The closed form q_i = exp(-V_i / beta) / Z, checked independently from the returned beta.
      const w = V.map((v) => Math.exp(-v / t.beta)), z = w.reduce((a, b) => a + b, 0);
      w.forEach((wi, i) => expect(t.q[i]).toBeCloseTo(wi / z, 10));
    }
  });

  it('rho_eval = 0 gives the uniform (nominal) distribution, rho_eval >= log K the worst candidate', () => {
    expect(Array.from(klTilt(V, 0).q)).toEqual(new Array(16).fill(1 / 16));
    const iMin = V.indexOf(Math.min(...V));
    for (const rho of [Math.log(16), 5]) {
      const q = klTilt(V, rho).q;
      expect(q[iMin]).toBe(1);
      expect(Array.from(q).filter((x) => x > 0).length).toBe(1);
    }
    // Ties at the minimum: the limit is uniform over the tied minimisers, reached at rho = log(K/m).
    const tied = [1, 5, 1, 9];
    expect(Array.from(klTilt(tied, Math.log(4)).q)).toEqual([0.5, 0, 0.5, 0]);
    expect(Array.from(klTilt([2, 2, 2], 1).q)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('attains the Hu-Hong dual value and beats every feasible distribution', () => {
    const rho = 0.3;
    const t = klTilt(V, rho);
    const primal = expect_(t.q, V);
    // Dual: sup_beta { -beta log mean exp(-V/beta) - beta rho }; equal at beta*, lower elsewhere.
    const dual = (b: number) => -b * Math.log(V.reduce((s, v) => s + Math.exp(-v / b), 0) / V.length) - b * rho;
    expect(dual(t.beta)).toBeCloseTo(primal, 8);
    for (const f of [0.3, 0.7, 1.5, 3]) expect(dual(t.beta * f)).toBeLessThan(primal + 1e-9);
    // Random distributions inside the ball never give a lower expectation.
    const r = new Rng(9);
    let checked = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const sc = r.uniform(0, 1);
      const p = V.map(() => Math.exp(sc * r.normal()));
      const s = p.reduce((a, b) => a + b, 0);
      const q = p.map((x) => x / s);
      if (klToUniform(q) > rho) continue;
      checked++;
      expect(expect_(q, V)).toBeGreaterThanOrEqual(primal - 1e-9);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('puts more weight on worse candidates as rho grows', () => {
    const order = V.map((_, i) => i).sort((a, b) => V[a] - V[b]);
    let prevWorst = 1 / 16;
    for (const rho of [0.05, 0.2, 0.8, 2]) {
      const q = klTilt(V, rho).q;
      for (let k = 1; k < order.length; k++) expect(q[order[k]]).toBeLessThanOrEqual(q[order[k - 1]] + 1e-15);
      expect(q[order[0]]).toBeGreaterThan(prevWorst);
      prevWorst = q[order[0]];
    }
  });

  it('samples an index by inverse CDF', () => {
    const q = [0.25, 0, 0.5, 0.25];
    expect(sampleIndex(q, 0)).toBe(0);
    expect(sampleIndex(q, 0.2499)).toBe(0);
    expect(sampleIndex(q, 0.25)).toBe(2);
    expect(sampleIndex(q, 0.76)).toBe(3);
    expect(sampleIndex([0.3, 0.3, 0.3999999999, 0], 0.99999999999)).toBe(2);
  });
});
