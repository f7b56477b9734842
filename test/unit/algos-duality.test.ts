// Strong duality on a small tabular MDP (ALGORITHMS.md 5): the minimum of the dual J over (nu, lambda),
// computed with the trainer's own pieces (solveLambda, dualJ, klWeights), equals the maximum of E_d[l] over
// balanced occupancies in the KL ball, computed by an independent primal method: Newton's method in float64
// over d = d0 + Z y (Z a basis of the balance constraints' null space) for the penalised problem
// max l.d - beta KL(d || d0), with beta bisected so that KL = rho.
// And: an unconstrained tabular nu on trajectory data makes e flat, i.e. uniform weights (the collapse to BC).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { klWeights, solveLambda } from '../../src/core/algos/dro-weights';
import { dualJ } from '../../src/core/algos/be-droil';
import { Rng } from '../../src/core/rng';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

// ---- the MDP: 3 states, 2 actions; a=0 goes to s or s+1, a=1 to s+1 or s+2 (each 1/2), policy 1/2 each.
// The state chain is circulant, so the stationary occupancy is uniform over the 12 triplets (d0 = 1/12).
const S = 3;
const triplets: { s: number; next: number }[] = [];
for (let s = 0; s < S; s++) for (const d of [0, 1, 1, 2]) triplets.push({ s, next: (s + d) % S });
const T = triplets.length;
const rngL = new Rng(7);
const loss = triplets.map(() => rngL.uniform(0.1, 2));

// ---- independent primal solver (float64) ----
function nullSpace(rows: number[][], n: number): number[][] {
  const ortho: number[][] = [];
  const addIfIndependent = (v: number[]) => {
    const u = v.slice();
    for (const q of ortho) { const p = u.reduce((a, x, i) => a + x * q[i], 0); for (let i = 0; i < n; i++) u[i] -= p * q[i]; }
    const norm = Math.sqrt(u.reduce((a, x) => a + x * x, 0));
    if (norm > 1e-9) { ortho.push(u.map((x) => x / norm)); return true; }
    return false;
  };
  rows.forEach(addIfIndependent);
  const rank = ortho.length, basis: number[][] = [];
  for (let j = 0; j < n && basis.length < n - rank; j++) {
    const e = new Array(n).fill(0); e[j] = 1;
    if (addIfIndependent(e)) basis.push(ortho[ortho.length - 1]);
  }
  return basis; // k vectors of length n
}
function solveLinear(A: number[][], b: number[]): number[] {
  const n = b.length, M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c; for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) if (r !== c) { const f = M[r][c] / M[c][c]; for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k]; }
  }
  return M.map((r, i) => r[n] / r[i]);
}
function primal(rho: number): { value: number; d: number[] } {
  const d0 = new Array(T).fill(1 / T);
  const rows: number[][] = [];
  for (let s = 0; s < S; s++) rows.push(triplets.map((t) => (t.next === s ? 1 : 0) - (t.s === s ? 1 : 0)));
  rows.push(new Array(T).fill(1));
  const Z = nullSpace(rows, T), k = Z.length;
  const dOf = (y: number[]) => d0.map((v, i) => v + Z.reduce((a, z, j) => a + z[i] * y[j], 0));
  const kl = (d: number[]) => d.reduce((a, v, i) => a + v * Math.log(v / d0[i]), 0);
  const penalised = (beta: number) => {
    let y = new Array(k).fill(0);
    const f = (yy: number[]) => { const d = dOf(yy); return d.some((v) => v <= 0) ? -Infinity : d.reduce((a, v, i) => a + v * loss[i], 0) - beta * kl(d); };
    for (let it = 0; it < 100; it++) {
      const d = dOf(y);
      const gFull = d.map((v, i) => loss[i] - beta * (Math.log(v / d0[i]) + 1));
      const g = Z.map((z) => z.reduce((a, zi, i) => a + zi * gFull[i], 0));
      if (Math.sqrt(g.reduce((a, x) => a + x * x, 0)) < 1e-13) break;
      const H = Z.map((za) => Z.map((zb) => beta * za.reduce((a, zi, i) => a + (zi * zb[i]) / d[i], 0)));
      const step = solveLinear(H, g); // ascent direction: y + H^-1 g  (the true Hessian is -H)
      let t = 1;
      const f0 = f(y);
      while (t > 1e-12) { const yn = y.map((v, j) => v + t * step[j]); if (f(yn) >= f0 - 1e-15) { y = yn; break; } t /= 2; }
    }
    return dOf(y);
  };
  let lo = Math.log(1e-4), hi = Math.log(1e4); // KL falls as beta grows
  for (let it = 0; it < 60; it++) { const mid = (lo + hi) / 2; if (kl(penalised(Math.exp(mid))) > rho) lo = mid; else hi = mid; }
  const d = penalised(Math.exp(hi));
  return { value: d.reduce((a, v, i) => a + v * loss[i], 0), d };
}

// ---- the dual with the trainer's pieces (float32, tfjs) ----
async function dual(rho: number, sIdx: number[], nIdx: number[], l: number[], numStates: number, iterations: number) {
  const nu = tf.variable(tf.zeros([numStates]));
  const lT = tf.tensor2d([l]) as tf.Tensor2D, rhoT = tf.tensor2d([[rho]]) as tf.Tensor2D, zero = tf.zeros([1, 1]) as tf.Tensor2D;
  const sI = tf.tensor1d(sIdx, 'int32'), nI = tf.tensor1d(nIdx, 'int32');
  const eOf = () => tf.add(lT, tf.reshape(tf.sub(tf.gather(nu, nI), tf.gather(nu, sI)), [1, -1])) as tf.Tensor2D;
  const floor = tf.tensor2d([[1e-4 * l.reduce((a, b) => a + Math.abs(b), 0) / l.length]]) as tf.Tensor2D;
  const opt = tf.train.adam(0.02);
  for (let it = 0; it < iterations; it++) {
    if (it === Math.floor(iterations * 0.6)) (opt as unknown as { learningRate: number }).learningRate = 0.002;
    if (it === Math.floor(iterations * 0.85)) (opt as unknown as { learningRate: number }).learningRate = 0.0002;
    tf.tidy(() => {
      const { lambda, eta } = solveLambda(eOf(), rhoT, floor, 'kl', { grid: 16, rounds: 7 });
      opt.minimize(() => tf.sum(dualJ(eOf(), lambda, eta, rhoT, zero, 'kl')) as tf.Scalar);
    });
  }
  const out = tf.tidy(() => {
    const e = eOf();
    const { lambda, eta } = solveLambda(e, rhoT, floor, 'kl', { grid: 16, rounds: 7 });
    return [dualJ(e, lambda, eta, rhoT, zero, 'kl'), klWeights(e, lambda), e];
  });
  const [J, w, e] = await Promise.all(out.map((t) => t.data()));
  tf.dispose([...out, nu, lT, rhoT, zero, sI, nI, floor]);
  opt.dispose();
  return { J: J[0], w: Array.from(w), e: Array.from(e) };
}

describe('strong duality on a tabular MDP (KL ball, balanced triplet occupancies)', () => {
  for (const rho of [0.05, 0.3]) {
    it(`rho = ${rho}: min over (nu, lambda) of J equals the primal maximum to 1e-4`, async () => {
      const p = primal(rho);
      // the primal really is feasible: balanced, normalised, on the KL sphere
      for (let s = 0; s < S; s++) {
        const inflow = triplets.reduce((a, t, i) => a + (t.next === s ? p.d[i] : 0), 0), outflow = triplets.reduce((a, t, i) => a + (t.s === s ? p.d[i] : 0), 0);
        expect(Math.abs(inflow - outflow)).toBeLessThan(1e-12);
      }
      expect(p.d.reduce((a, v) => a + v * Math.log(v * T), 0)).toBeCloseTo(rho, 8);
      // and the balance constraint binds: the unconstrained (free reweighting) maximum is larger
      const nominal = loss.reduce((a, b) => a + b, 0) / T;
      expect(p.value).toBeGreaterThan(nominal);
      const d = await dual(rho, triplets.map((t) => t.s), triplets.map((t) => t.next), loss, S, 1500);
      expect(Math.abs(d.J - p.value)).toBeLessThan(1e-4);
      // the adversary's weights are the primal's d / d0
      d.w.forEach((w, i) => expect(Math.abs(w - p.d[i] * T)).toBeLessThan(2e-3));
    });
  }
});

describe('unconstrained tabular nu on trajectory data', () => {
  it('flattens e, so the weights become uniform and J reaches the BC loss', async () => {
    // One trajectory s0 -> s1 -> ... -> s7 (end: restart at s0). Every state appears once as current and
    // once as next, so nu can cancel any loss pattern: e_i = l_i + nu(next_i) - nu(s_i) can be made constant.
    const n = 8, rng = new Rng(11);
    const l = Array.from({ length: n }, () => rng.uniform(0.2, 1.5));
    const sIdx = Array.from({ length: n }, (_, i) => i), nIdx = sIdx.map((i) => (i + 1) % n);
    const d = await dual(0.2, sIdx, nIdx, l, n, 1500);
    const meanL = l.reduce((a, b) => a + b, 0) / n;
    const sd = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length); };
    expect(sd(d.e) / sd(l)).toBeLessThan(0.02);
    expect(Math.abs(d.J - meanL)).toBeLessThan(5e-3);
    // exactly flat e (the closed-form optimum) gives exactly uniform weights at any lambda
    const flat = tf.fill([1, n], meanL) as tf.Tensor2D;
    for (const lam of [1e-3, 0.1, 10]) {
      const w = await klWeights(flat, tf.tensor2d([[lam]]) as tf.Tensor2D).data();
      w.forEach((v) => expect(v).toBeCloseTo(1, 5));
    }
  });
});
