// Episode bookkeeping shared by the readers: episode offsets from end flags, next observations from the
// following row, and the end-of-recording rule.
//
// The rule for a missing next observation (docs/data-formats.md): formats that store one observation per
// step (CSV without next_obs_*, plain JSON, Stable-Baselines .npz, D4RL without next_observations) do not
// know what followed the last step of an episode. That transition is kept (its action is real expert data),
// its next observation is a copy of its observation, and `meta.nextObsCopied` counts such transitions.
// Training never uses the next observation of a transition that ends an episode (ALGORITHMS.md §3.3).

/** Episode offsets (E+1) for n transitions that end where `ends[i]` is non-zero; a trailing partial episode counts. */
export function startsFromEnds(ends: ArrayLike<number>, n: number): Int32Array {
  const starts: number[] = [0];
  for (let i = 0; i < n; i++) if (ends[i] && i < n - 1) starts.push(i + 1);
  starts.push(n);
  return Int32Array.from(starts);
}

/** Episode offsets from Stable-Baselines `episode_starts` (1 at the first step of each episode). */
export function startsFromStartFlags(firsts: ArrayLike<number>, n: number): Int32Array {
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (firsts[i]) starts.push(i);
  starts.push(n);
  return Int32Array.from(starts);
}

/**
 * next[i] = obs[i+1] inside an episode; for the last step of each episode, next = obs (a copy).
 * Returns the next observations and how many were copies.
 */
export function nextFromFollowing(obs: Float32Array, obsDim: number, episodeStarts: Int32Array): { next: Float32Array; copied: number } {
  const n = obs.length / obsDim;
  const next = new Float32Array(obs.length);
  if (n > 1) next.set(obs.subarray(obsDim), 0);
  let copied = 0;
  for (let e = 1; e < episodeStarts.length; e++) {
    const last = episodeStarts[e] - 1;
    if (last < episodeStarts[e - 1]) continue;
    next.set(obs.subarray(last * obsDim, (last + 1) * obsDim), last * obsDim);
    copied++;
  }
  return { next, copied };
}

/** An episode that ends without a terminal or timeout flag was cut by the end of the recording: timeout = 1. */
export function markRecordingEnds(terminals: Uint8Array, timeouts: Uint8Array, episodeStarts: Int32Array): void {
  for (let e = 1; e < episodeStarts.length; e++) {
    const last = episodeStarts[e] - 1;
    if (last >= episodeStarts[e - 1] && !terminals[last] && !timeouts[last]) timeouts[last] = 1;
  }
}

/** "episode 3, step 12" for transition i (both 0-based, as in Python). */
export function locateTransition(episodeStarts: Int32Array, i: number): string {
  let lo = 0;
  let hi = episodeStarts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (episodeStarts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return `episode ${lo}, step ${i - episodeStarts[lo]}`;
}

/** The flat arrays a per-episode reader fills in: N transitions of obsDim/actDim, E episodes. Actions are float64
 * until resolveActions knows whether they are indices or continuous values. */
export function allocateTransitions(total: number, obsDim: number, actDim: number, episodes: number, withRewards: boolean | undefined) {
  return {
    observations: new Float32Array(total * obsDim),
    nextObservations: new Float32Array(total * obsDim),
    rawActions: new Float64Array(total * actDim),
    rewards: withRewards ? new Float32Array(total) : undefined,
    terminals: new Uint8Array(total),
    timeouts: new Uint8Array(total),
    episodeStarts: new Int32Array(episodes + 1),
  };
}
