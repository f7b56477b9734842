// The LQR used by the MuJoCo experts: the Riccati iteration against the scalar closed form, the Riccati
// residual and closed-loop stability on a 2-state system, and finite-difference linearisation of an exactly
// linear step.
import { describe, expect, it } from 'vitest';
import type { EnvDynamics } from '../../src/core/envs/types';
import { diag, dlqr, inverse, linearise, matMul } from '../../src/core/mujoco/lqr';

describe('dlqr', () => {
  it('matches the scalar closed form P = ((a^2 - 1) r + q b^2 + sqrt(((a^2 - 1) r + q b^2)^2 + 4 q r b^2)) / (2 b^2)', () => {
    for (const [a, b, q, r] of [[1.1, 0.5, 1, 1], [0.9, 2, 3, 0.1], [2, 1, 10, 1]]) {
      const { P, K } = dlqr([[a]], [[b]], [[q]], [[r]]);
      // P = q + a^2 P - a^2 b^2 P^2 / (r + b^2 P)  <=>  b^2 P^2 - ((a^2 - 1) r + q b^2) P - q r = 0.
      const c = (a * a - 1) * r + q * b * b;
      const Pc = (c + Math.sqrt(c * c + 4 * q * r * b * b)) / (2 * b * b);
      expect(P[0][0]).toBeCloseTo(Pc, 8);
      expect(K[0][0]).toBeCloseTo((b * Pc * a) / (r + b * b * Pc), 8);
    }
  });

  it('solves the Riccati equation on a double integrator and stabilises it', () => {
    const dt = 0.05;
    const A = [[1, dt], [0, 1]], B = [[0.5 * dt * dt], [dt]];
    const Q = diag([1, 0.1]), R = [[0.5]];
    const { P, K } = dlqr(A, B, Q, R);
    const At = [[1, 0], [dt, 1]], Bt = [[0.5 * dt * dt, dt]];
    const PA = matMul(P, A), PB = matMul(P, B);
    const S = matMul(Bt, PB)[0][0] + R[0][0];
    const rhs = matMul(At, PA).map((row, i) => row.map((v, j) => Q[i][j] + v - (matMul(At, PB)[i][0] * matMul(Bt, PA)[0][j]) / S));
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(rhs[i][j]).toBeCloseTo(P[i][j], 8);
    // Closed loop A - B K: eigenvalues of a 2x2 from trace and determinant, both inside the unit circle.
    const C = A.map((row, i) => row.map((v, j) => v - B[i][0] * K[0][j]));
    const tr = C[0][0] + C[1][1], det = C[0][0] * C[1][1] - C[0][1] * C[1][0];
    const disc = tr * tr - 4 * det;
    const radius = disc < 0 ? Math.sqrt(det) : Math.max(Math.abs((tr + Math.sqrt(disc)) / 2), Math.abs((tr - Math.sqrt(disc)) / 2));
    expect(radius).toBeLessThan(1);
  });

  it('inverse inverts', () => {
    const M = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    const I = matMul(M, inverse(M));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(I[i][j]).toBeCloseTo(i === j ? 1 : 0, 12);
  });
});

describe('linearise', () => {
  it('recovers A and B of a linear step exactly (up to rounding)', () => {
    const A = [[1, 0.1, 0], [0.2, 0.9, 0.3], [0, -0.4, 1.1]], B = [[0.5], [0], [-2]];
    const linear: EnvDynamics = {
      spec: undefined as never,
      reset() {},
      observe() {},
      step(s, so, _p, _po, a, ao, out) {
        const x = [s[so], s[so + 1], s[so + 2]];
        for (let i = 0; i < 3; i++) s[so + i] = A[i][0] * x[0] + A[i][1] * x[1] + A[i][2] * x[2] + B[i][0] * a[ao];
        out.reward = 0;
        out.terminated = false;
      },
    };
    const lin = linearise(linear, new Float64Array(0), [0.3, -0.2, 0.1], [0.4], 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(lin.A[i][j]).toBeCloseTo(A[i][j], 8);
      expect(lin.B[i][0]).toBeCloseTo(B[i][0], 8);
    }
  });
});
