// The radius constraint D_f(w_lambda) = rho solved for every member as one fused kernel on the backends
// whose tensors live in CPU memory (wasm, cpu): the kernel reads e where it lies (the wasm heap, or the cpu
// backend's arrays), solves in float64, and writes lambda and eta, with no read-back to the caller. The
// vectorised on-device bisection (dro-weights.ts) takes ~200 tfjs kernels per training step; this is one.
// GPU backends (webgl, webgpu) keep the on-device bisection. Maths as in dro-weights.ts (ALGORITHMS.md 3.3):
//   KL:    w = N softmax(e / lambda); with u = 1 / lambda and p = softmax(u e),
//          D(u) = u E_p[e] - log sum exp(u e) + log N, increasing in u, dD/du = u Var_p(e) (Newton in u,
//          safeguarded by bisection on a bracket in log u).
//   chi^2: w = max(0, 1 + (e - eta) / lambda), eta from the sorted cumulative sums; bisection in log lambda.
// If even lambdaMin cannot reach rho, lambda = lambdaMin (the worst case puts the weight on the largest e);
// rho = 0 gives the top of the bracket, (range of e + lambdaMin) e^8, as the on-device bisection does.
import { registerHostKernel } from '../host-kernel';
import type { Divergence } from './divergence';

export const SOLVE_KERNEL = 'DroilSolveLambda';

/** KL: D(u) and dD/du for u = 1 / lambda, over shifted losses x = e - max e (so every exp is <= 1). */
function klAt(x: Float64Array, u: number): { D: number; dD: number } {
  let Z = 0, S1 = 0, S2 = 0;
  for (let i = 0; i < x.length; i++) { const p = Math.exp(u * x[i]); Z += p; S1 += p * x[i]; S2 += p * x[i] * x[i]; }
  const m1 = S1 / Z;
  return { D: u * m1 - Math.log(Z) + Math.log(x.length), dD: u * Math.max(S2 / Z - m1 * m1, 0) };
}

function solveKl(e: Float64Array, rho: number, lambdaMin: number): number {
  const N = e.length;
  let mx = -Infinity, mn = Infinity, mean = 0;
  for (const v of e) { mx = Math.max(mx, v); mn = Math.min(mn, v); mean += v / N; }
  const x = e.map((v) => v - mx);
  let uHi = 1 / lambdaMin;
  if (!(klAt(x, uHi).D > rho)) return lambdaMin; // rho unreachable above the floor (or a flat e)
  // The same top of the range as the on-device bisection (e^8 times the range of e: D is ~ var(e) / (2 lambda^2)
  // there): rho = 0 (or below D there) answers that lambda, as the bisection does.
  const lambdaMax = (mx - mn + lambdaMin) * Math.exp(8), uMin = 1 / lambdaMax;
  if (klAt(x, uMin).D >= rho) return lambdaMax;
  // D(u) <= u (max e - mean e): below rho / (max - mean) the divergence cannot exceed rho.
  let uLo = Math.max(uMin, Math.min(uHi, rho / Math.max(mx - mean, 1e-300)));
  let u = Math.sqrt(uLo * uHi);
  for (let it = 0; it < 200; it++) {
    const { D, dD } = klAt(x, u);
    if (D > rho) uHi = u; else uLo = u;
    if (Math.abs(D - rho) <= 1e-12 * rho || uHi / uLo - 1 < 1e-12) break;
    const newton = u - (D - rho) / dD;
    u = newton > uLo && newton < uHi && Number.isFinite(newton) ? newton : Math.sqrt(uLo * uHi);
  }
  return Math.max(1 / u, lambdaMin);
}

/** chi^2: eta for lambda from the descending sort's cumulative sums cs (theta = max_k (cs_k - N lambda) / k). */
function chi2EtaAt(cs: Float64Array, lambda: number): number {
  const N = cs.length;
  let theta = -Infinity;
  for (let k = 0; k < N; k++) theta = Math.max(theta, (cs[k] - N * lambda) / (k + 1));
  return theta + lambda;
}

function chi2D(e: Float64Array, lambda: number, eta: number): number {
  let s = 0;
  for (const v of e) { const w = Math.max(0, 1 + (v - eta) / lambda); s += 0.5 * (w - 1) ** 2; }
  return s / e.length;
}

function solveChi2(e: Float64Array, rho: number, lambdaMin: number): { lambda: number; eta: number } {
  const sorted = Float64Array.from(e).sort().reverse();
  const cs = new Float64Array(e.length);
  sorted.reduce((acc, v, k) => (cs[k] = acc + v), 0);
  const at = (lam: number) => chi2D(e, lam, chi2EtaAt(cs, lam));
  if (!(at(lambdaMin) > rho)) return { lambda: lambdaMin, eta: chi2EtaAt(cs, lambdaMin) };
  let lo = Math.log(lambdaMin), hi = Math.log(sorted[0] - sorted[sorted.length - 1] + lambdaMin) + 8;
  if (at(Math.exp(hi)) >= rho) return { lambda: Math.exp(hi), eta: chi2EtaAt(cs, Math.exp(hi)) }; // rho = 0: the top of the range
  for (let it = 0; it < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (at(Math.exp(mid)) > rho) lo = mid; else hi = mid;
  }
  const lambda = Math.exp(hi); // the upper end: D_f(w) <= rho
  return { lambda, eta: chi2EtaAt(cs, lambda) };
}

/** Host solve for M members: e is M x N row-major; rho and lambdaMin have M entries. */
export function solveLambdaHost(e: ArrayLike<number>, M: number, N: number, rho: ArrayLike<number>, lambdaMin: ArrayLike<number>, kind: Divergence): { lambda: Float32Array; eta: Float32Array } {
  const lambda = new Float32Array(M), eta = new Float32Array(M);
  for (let m = 0; m < M; m++) {
    const row = Float64Array.from({ length: N }, (_, i) => e[m * N + i]);
    if (kind === 'kl') lambda[m] = solveKl(row, rho[m], lambdaMin[m]);
    else { const r = solveChi2(row, rho[m], lambdaMin[m]); lambda[m] = r.lambda; eta[m] = r.eta; }
  }
  return { lambda, eta };
}

/** Register the fused kernel on wasm and cpu (once); false where the current backend has none. */
export function hostSolveAvailable(): boolean {
  return registerHostKernel(SOLVE_KERNEL, ({ e, rho, lambdaMin }, attrs, io) => {
    const [M, N] = e.shape;
    const outs = [io.output([M, 1]), io.output([M, 1])];
    const r = solveLambdaHost(io.values(e), M, N, io.values(rho), io.values(lambdaMin), (attrs as { kind: Divergence }).kind);
    io.values(outs[0]).set(r.lambda);
    io.values(outs[1]).set(r.eta);
    return outs;
  });
}
