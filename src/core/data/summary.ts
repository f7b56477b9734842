// What `droil inspect` prints and the data panel shows: counts, dimensions and return statistics.
import type { Dataset } from './dataset';
import { episodeReturns, numEpisodes, numTransitions } from './dataset';

export interface ReturnStats { mean: number; std: number; min: number; max: number }

export interface DatasetSummary {
  source: string;
  format: string;
  envId: string | null;
  episodes: number;
  transitions: number;
  obsDim: number;
  actionKind: 'discrete' | 'continuous';
  actionDim: number;
  numActions: number | null;
  episodeLength: { mean: number; min: number; max: number };
  terminalEpisodes: number;
  timeoutEpisodes: number;
  /** Transitions whose next observation was not in the file (a copy of the observation). */
  nextObsCopied: number;
  /** Undiscounted episode returns (population std); null when the file has no rewards. */
  returns: ReturnStats | null;
}

export function stats(xs: number[]): ReturnStats {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / n;
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs), max: Math.max(...xs) };
}

export function summarizeDataset(d: Dataset): DatasetSummary {
  const E = numEpisodes(d);
  const lengths: number[] = [];
  let terminalEpisodes = 0;
  for (let e = 0; e < E; e++) {
    lengths.push(d.episodeStarts[e + 1] - d.episodeStarts[e]);
    if (d.terminals[d.episodeStarts[e + 1] - 1]) terminalEpisodes++;
  }
  const len = stats(lengths);
  const returns = episodeReturns(d);
  return {
    source: d.meta.source,
    format: d.meta.format,
    envId: d.meta.envId ?? null,
    episodes: E,
    transitions: numTransitions(d),
    obsDim: d.obsDim,
    actionKind: d.actionKind,
    actionDim: d.actionDim,
    numActions: d.actionKind === 'discrete' ? d.numActions ?? null : null,
    episodeLength: { mean: len.mean, min: len.min, max: len.max },
    terminalEpisodes,
    timeoutEpisodes: E - terminalEpisodes,
    nextObsCopied: d.meta.nextObsCopied ?? 0,
    returns: returns ? stats(returns) : null,
  };
}
