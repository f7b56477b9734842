// The one dataset model of the project (ALGORITHMS.md §1). Every reader produces it, every writer
// consumes it, training and the UI read it. Arrays are flat and transition-major: transition i's
// observation is observations[i*obsDim .. (i+1)*obsDim).

export type ActionKind = 'discrete' | 'continuous';

/** How a built-in dataset was generated (recorded in files so a run can be reproduced). */
export interface GeneratorInfo {
  expert: string;
  seed: number;
  episodes: number;
  epsilon?: number;
  actionNoise?: number;
  processNoise?: number;
  params?: Record<string, number>;
}

export interface DatasetMeta {
  /** Environment id when known (e.g. 'CartPole-v1'). */
  envId?: string;
  /** File name the data came from, or 'built-in'. */
  source: string;
  /** Detected format: 'droil-json' | 'json' | 'csv' | 'npz-d4rl' | 'npz-sb' | 'npz-imitation' | 'd4rl-hdf5' | 'minari-hdf5' | 'built-in'. */
  format: string;
  generator?: GeneratorInfo;
  /**
   * How many transitions got next observation = observation because the file did not record what followed
   * the last step of an episode (docs/data-formats.md). Those are always episode-ending transitions.
   */
  nextObsCopied?: number;
}

export interface Dataset {
  obsDim: number;
  actionKind: ActionKind;
  /** Continuous: the action dimension. Discrete: 1 (actions hold the integer index). */
  actionDim: number;
  /** Discrete: the number of actions (from the environment, or 1 + the largest index seen). */
  numActions?: number;
  /** N x obsDim */
  observations: Float32Array;
  /** N x actionDim; discrete actions are stored as integer values. */
  actions: Float32Array;
  /** N x obsDim */
  nextObservations: Float32Array;
  /** N, when the source has rewards. */
  rewards?: Float32Array;
  /** N: 1 when the environment ended the episode at this transition. */
  terminals: Uint8Array;
  /** N: 1 when the episode was cut here (time limit or end of recording). */
  timeouts: Uint8Array;
  /** E+1 offsets: episode e holds transitions [episodeStarts[e], episodeStarts[e+1]). */
  episodeStarts: Int32Array;
  meta: DatasetMeta;
}

export function numTransitions(d: Dataset): number {
  return d.terminals.length;
}

export function numEpisodes(d: Dataset): number {
  return d.episodeStarts.length - 1;
}

/** Undiscounted return of every episode, when rewards exist. */
export function episodeReturns(d: Dataset): number[] | undefined {
  if (!d.rewards) return undefined;
  const out: number[] = [];
  for (let e = 0; e < numEpisodes(d); e++) {
    let r = 0;
    for (let i = d.episodeStarts[e]; i < d.episodeStarts[e + 1]; i++) r += d.rewards[i];
    out.push(r);
  }
  return out;
}
