// The methods of `droil bench` (the page's algorithms by these names, plus research readings and variants) as
// ensemble members, and the grid's result. The grid itself (a setup plus axes, one cell per environment, demos
// and seed, each the page's pipeline) is src/core/experiment/grid.ts.
// The MBIL-loss variants and MBIL itself are members of the same ensemble: 'be-droil-mbil' (and
// 'dro-bc-mbil') are BE-DROIL (DRO-BC) with loss 'mbil', and 'mbil' is a BC member with loss 'mbil', which is
// MBIL parameter for parameter (test/unit/algos-mbil-loss.test.ts). MBIL's densities are fitted once per
// (environment, demos, seed) from that seed and shared by these members.
import type { Algorithm, MemberInput } from '../algos/config';
import { UserError } from '../errors';
import { numEpisodes, type Dataset } from '../data/dataset';
import type { ResultRow, SummaryRow } from './report';
import { isTiltedName, lrOracleOf } from './reading-inputs';

/** The benchmark's method names: the engine's algorithms, their MBIL-loss variants, and MBIL. */
export const BENCH_ALGORITHMS = ['bc', 'dro-bc', 'be-droil', 'be-droil-mbil', 'dro-bc-mbil', 'mbil'] as const;
/** Reading C (ALGORITHMS.md 3.5) with its segment length in the name: segment-dro-h10, or segment-dro-ep (whole episodes). */
export type SegmentAlgorithm = `segment-dro-h${number}` | 'segment-dro-ep';
/** Readings A and B (ALGORITHMS.md 3.5; their inputs: reading-inputs.ts): tilted-model, tilted-expert, lr-oracle-h10, lr-oracle-ep. */
export type ReadingAlgorithm = 'tilted-model' | 'tilted-expert' | 'augment-model' | `lr-oracle-h${number}` | 'lr-oracle-ep';
export type BenchAlgorithm = (typeof BENCH_ALGORITHMS)[number] | SegmentAlgorithm | ReadingAlgorithm;

/** segment-dro's H from a bench name (0: whole episode), or null when the name is not one. */
export function segmentOf(name: string): number | null {
  if (name === 'segment-dro-ep') return 0;
  const m = /^segment-dro-h([1-9]\d*)$/.exec(name);
  return m ? Number(m[1]) : null;
}

export const isBenchAlgorithm = (name: string): name is BenchAlgorithm =>
  (BENCH_ALGORITHMS as readonly string[]).includes(name) || segmentOf(name) !== null || lrOracleOf(name) !== null || isTiltedName(name);

/** The engine member of a benchmark method (rho: for the robust ones). */
export function benchMember(algo: BenchAlgorithm, seed: number, rho: number | null, kappa?: number): MemberInput {
  const H = segmentOf(algo);
  if (H !== null) return { algo: 'segment-dro', segment: H, seed, loss: 'nll', ...(rho !== null ? { rho } : {}) };
  if (lrOracleOf(algo) !== null) return { algo: 'fixed-weights', seed, loss: 'nll', label: `${algo} seed=${seed}` };
  if (algo === 'augment-model') return { algo: 'tilted-kernel', seed, loss: 'nll', rho: 0, label: `${algo} seed=${seed}` };
  if (isTiltedName(algo)) return { algo: 'tilted-kernel', seed, loss: 'nll', ...(rho !== null ? { rho } : {}), label: `${algo} rho=${rho} seed=${seed}` };
  const base = (algo === 'mbil' ? 'bc' : algo === 'be-droil-mbil' ? 'be-droil' : algo === 'dro-bc-mbil' ? 'dro-bc' : algo) as Algorithm;
  const loss = algo === 'mbil' || algo.endsWith('-mbil') ? 'mbil' : 'nll';
  return { algo: base, seed, loss, ...(rho !== null ? { rho } : {}), ...(base === 'be-droil' && kappa !== undefined ? { kappa } : {}) };
}

/** Methods without a radius. */
export const hasRadius = (a: BenchAlgorithm) => a !== 'bc' && a !== 'mbil' && a !== 'augment-model' && lrOracleOf(a) === null;

export interface BenchmarkResult {
  rows: ResultRow[];
  summary: SummaryRow[];
  references: { env: string; seed: number; processNoise: number; expert: number; random: number }[];
  /** One per cell: how its ensemble's training ended (timing is reported beside the results, not in them). */
  training: { env: string; demos: number; seed: number; status: string; message?: string }[];
}

/** The first k episodes of a dataset (a copy), as generated demonstrations of k episodes would be. */
export function firstEpisodes(d: Dataset, k: number): Dataset {
  const total = numEpisodes(d);
  if (!Number.isInteger(k) || k < 1 || k > total) {
    throw new UserError(`${d.meta.source} holds ${total} episode${total === 1 ? '' : 's'}; cannot take the first ${k}`, '--demos');
  }
  const n = d.episodeStarts[k];
  return {
    ...d,
    observations: d.observations.slice(0, n * d.obsDim), actions: d.actions.slice(0, n * d.actionDim),
    nextObservations: d.nextObservations.slice(0, n * d.obsDim), ...(d.rewards ? { rewards: d.rewards.slice(0, n) } : {}),
    terminals: d.terminals.slice(0, n), timeouts: d.timeouts.slice(0, n), episodeStarts: d.episodeStarts.slice(0, k + 1),
    meta: { ...d.meta },
  };
}
