// Reading B of ALGORITHMS.md 3.5: kernel-consistent weights along trajectories. A change of kernel re-weights a
// whole future, not one sample: the state s_t of a trajectory recorded under the nominal kernel P_0 has, under a
// kernel P_p, the importance weight of the path that led to it,
//
//   w_t(p) = prod_{k = max(t - H, start)}^{t - 1} r_p(s_k, a_k, s_{k+1}),     r_p = P_p(s' | s, a) / P_0(s' | s, a)
//
// (H = 0: from the episode's start, the exact ratio of s_t's distribution at time t for the same policy; a finite
// H truncates it, trading bias for variance). For a set of kernels (the perturbed conditions of an evaluation),
// the weight of their equal mixture is the mean of the w_t(p). The weights are self-normalised to mean 1 over the
// data and then fixed: the policy minimises mean_i w_i l_theta(s_i, a_i), a BC with fixed weights (the trainer's
// 'fixed-weights' member). With process noise, P(s' | s, a) = N(s'; f(s, a), Sigma), so
//
//   log r_p = ( |s' - f_0(s, a)|^2_Sigma - |s' - f_p(s, a)|^2_Sigma ) / 2.
//
// Degenerate on deterministic data (every ratio is 0 or infinite); the oracle version takes f_p from the simulator.

/** log N(x; mu_p, diag std^2) - log N(x; mu_0, diag std^2) from the residuals x - mu_0 and x - mu_p. */
export function gaussianLogRatio(residualNominal: ArrayLike<number>, residualPerturbed: ArrayLike<number>, std: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < std.length; k++) {
    const a = residualNominal[k] / std[k], b = residualPerturbed[k] / std[k];
    s += 0.5 * (a * a - b * b);
  }
  return s;
}

/**
 * Trajectory weights for transitions grouped into episodes (episodeStarts: E + 1 offsets): for each kernel p,
 * logRatios[p][i] = log r_p at transition i; H = 0: products from the episode's start. Returns the mean over
 * kernels of w_t(p), self-normalised to mean 1 over all transitions. Computed in log space with one shift so
 * that long products neither overflow nor underflow to all zeros.
 */
export function trajectoryWeights(episodeStarts: ArrayLike<number>, logRatios: Float64Array[], H: number): Float32Array {
  const N = episodeStarts[episodeStarts.length - 1];
  const logW = logRatios.map(() => new Float64Array(N));
  logRatios.forEach((lr, p) => {
    for (let e = 0; e + 1 < episodeStarts.length; e++) {
      const start = episodeStarts[e], end = episodeStarts[e + 1];
      // Prefix sums: the sum over k in [t - H, t - 1] is cum[t] - cum[t - H].
      const cum = new Float64Array(end - start + 1);
      for (let t = start; t < end; t++) cum[t - start + 1] = cum[t - start] + lr[t];
      for (let t = start; t < end; t++) {
        const from = H > 0 ? Math.max(start, t - H) : start;
        logW[p][t] = cum[t - start] - cum[from - start];
      }
    }
  });
  let shift = -Infinity;
  for (const lw of logW) for (let i = 0; i < N; i++) shift = Math.max(shift, lw[i]);
  const w = new Float64Array(N);
  for (const lw of logW) for (let i = 0; i < N; i++) w[i] += Math.exp(lw[i] - shift) / logW.length;
  let mean = 0;
  for (let i = 0; i < N; i++) mean += w[i] / N;
  return Float32Array.from(w, (v) => v / mean);
}
