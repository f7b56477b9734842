// LQR on a numerically linearised model. The linearisation uses the environment's own step (MuJoCo, with its
// frame skip), so A and B are the discrete-time Jacobians at the env's dt: s' ~ s* + A (s - s*) + B (u - u*).
// The discrete algebraic Riccati equation is solved by fixed-point iteration,
//   P <- Q + A'PA - A'PB (R + B'PB)^-1 B'PA,   K = (R + B'PB)^-1 B'PA,   u = u* - K (s - s*).
import type { EnvDynamics, StepOut } from '../envs/types';

export type Matrix = number[][];

const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));

export function matMul(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.length, b[0].length);
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      for (let j = 0; j < b[0].length; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}

export const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const sub = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v - b[i][j]));

/** Inverse by Gauss-Jordan elimination with partial pivoting (small, well-conditioned matrices). */
export function inverse(m: Matrix): Matrix {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (a[p][c] === 0) throw new Error('inverse: singular matrix');
    [a[c], a[p]] = [a[p], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}

export const diag = (d: number[]): Matrix => d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));

/**
 * Jacobians of one env step at (s*, u*) by central differences, over the first `n` state components (the
 * physical state qpos ‖ qvel; any extra components are outputs of the step and are left at s*'s values).
 */
export function linearise(dyn: EnvDynamics, params: Float64Array, s0: ArrayLike<number>, u0: ArrayLike<number>, n: number, eps = 1e-6): { A: Matrix; B: Matrix } {
  const m = u0.length;
  const s = new Float64Array(s0.length);
  const a = new Float64Array(m);
  const out: StepOut = { reward: 0, terminated: false };
  const next = (ds: number, k: number, du: number, j: number): Float64Array => {
    s.set(s0);
    a.set(u0);
    if (k >= 0) s[k] += ds;
    if (j >= 0) a[j] += du;
    dyn.step(s, 0, params, 0, a, 0, out);
    return s.slice(0, n);
  };
  const A = zeros(n, n), B = zeros(n, m);
  for (let k = 0; k < n; k++) {
    const plus = next(eps, k, 0, -1), minus = next(-eps, k, 0, -1);
    for (let i = 0; i < n; i++) A[i][k] = (plus[i] - minus[i]) / (2 * eps);
  }
  for (let j = 0; j < m; j++) {
    const plus = next(0, -1, eps, j), minus = next(0, -1, -eps, j);
    for (let i = 0; i < n; i++) B[i][j] = (plus[i] - minus[i]) / (2 * eps);
  }
  return { A, B };
}

/** Solve the DARE by iteration; returns the gain K (m x n) and P. */
export function dlqr(A: Matrix, B: Matrix, Q: Matrix, R: Matrix, maxIter = 100000, tol = 1e-10): { K: Matrix; P: Matrix; iterations: number } {
  const At = transpose(A), Bt = transpose(B);
  let P = Q;
  for (let it = 1; it <= maxIter; it++) {
    const PA = matMul(P, A), PB = matMul(P, B);
    const S = add(R, matMul(Bt, PB));
    const K = matMul(inverse(S), matMul(Bt, PA));
    const next = add(Q, sub(matMul(At, PA), matMul(matMul(At, PB), K)));
    let diff = 0, scale = 0;
    for (let i = 0; i < P.length; i++) {
      for (let j = 0; j < P.length; j++) {
        diff = Math.max(diff, Math.abs(next[i][j] - P[i][j]));
        scale = Math.max(scale, Math.abs(next[i][j]));
      }
    }
    P = next;
    if (diff <= tol * Math.max(1, scale)) {
      const PA2 = matMul(P, A), PB2 = matMul(P, B);
      return { K: matMul(inverse(add(R, matMul(Bt, PB2))), matMul(Bt, PA2)), P, iterations: it };
    }
  }
  throw new Error('dlqr: the Riccati iteration did not converge (is (A, B) stabilisable?)');
}
