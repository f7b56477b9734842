// The worst case in a parameter box (ALGORITHMS.md §4):
//   U_eps = { p : |log(p_j / p_j0)| <= eps for every perturbed j }.
// The adversary works in log-factor coordinates z_j = log(p_j / p_j0) in [-eps, eps]^d. It evaluates
// every corner, the centre and seeded random points (one batch), then refines the worst point found by
// a coordinate (pattern) search: each round tries z ± step along every coordinate (one batch), moves
// to the worst candidate if it lowers the return, otherwise halves the step. The answer is the minimum
// over EVERY point evaluated, so it is never better than any point of the grid it covered.
// The objective is abstract and batched: it maps a list of log-factor vectors to mean returns, so the
// caller can evaluate all points of a stage in one vectorised rollout.
import type { Rng } from '../rng';

export interface BoxSearchOptions {
  /** Number of perturbed parameters d. */
  dims: number;
  eps: number;
  rng: Rng;
  /** Seeded uniform points inside the box, in addition to corners and centre. Default 16. */
  randomPoints?: number;
  /** Rounds of coordinate refinement. Default 6. */
  refineRounds?: number;
  /** Corners are skipped when d exceeds this (2^d points); random points still cover the box. Default 10. */
  maxCornerDims?: number;
}

export interface BoxPoint {
  /** log(p_j / p_j0) for each perturbed parameter. */
  z: number[];
  value: number;
  stage: 'corner' | 'centre' | 'random' | 'refine';
}

export interface BoxSearchResult {
  worst: BoxPoint;
  /** Every point evaluated, in order. */
  evaluated: BoxPoint[];
}

export type BatchObjective = (zs: number[][]) => number[] | Promise<number[]>;

export const boxSearchDefaults = { randomPoints: 16, refineRounds: 6, maxCornerDims: 10 };

export async function worstCaseBox(objective: BatchObjective, opts: BoxSearchOptions): Promise<BoxSearchResult> {
  const { dims: d, eps, rng } = opts;
  const randomPoints = opts.randomPoints ?? boxSearchDefaults.randomPoints;
  const refineRounds = opts.refineRounds ?? boxSearchDefaults.refineRounds;
  const maxCornerDims = opts.maxCornerDims ?? boxSearchDefaults.maxCornerDims;
  if (!(eps >= 0)) throw new Error(`worstCaseBox: eps must be >= 0, got ${eps}`);
  const evaluated: BoxPoint[] = [];
  const seen = new Set<string>();
  const key = (z: number[]) => z.map((v) => v.toPrecision(12)).join(',');

  async function evaluate(zs: number[][], stage: BoxPoint['stage']): Promise<BoxPoint[]> {
    const fresh = zs.filter((z) => { const k = key(z); if (seen.has(k)) return false; seen.add(k); return true; });
    if (fresh.length === 0) return [];
    const values = await objective(fresh);
    const pts = fresh.map((z, i) => ({ z, value: values[i], stage }));
    evaluated.push(...pts);
    return pts;
  }

  // Stage 1: centre, corners, random points (one batch).
  const first: number[][] = [new Array(d).fill(0)];
  const stages: BoxPoint['stage'][] = ['centre'];
  if (eps > 0) {
    if (d <= maxCornerDims) {
      for (let c = 0; c < 1 << d; c++) {
        first.push(Array.from({ length: d }, (_, j) => ((c >> j) & 1 ? eps : -eps)));
        stages.push('corner');
      }
    }
    for (let r = 0; r < randomPoints; r++) {
      first.push(Array.from({ length: d }, () => rng.uniform(-eps, eps)));
      stages.push('random');
    }
  }
  const firstValues = await objective(first);
  first.forEach((z, i) => { seen.add(key(z)); evaluated.push({ z, value: firstValues[i], stage: stages[i] }); });

  // Stage 2: coordinate refinement of the worst point so far.
  let best = evaluated.reduce((a, b) => (b.value < a.value ? b : a));
  let step = eps / 2;
  for (let round = 0; round < refineRounds && eps > 0; round++) {
    const cands: number[][] = [];
    for (let j = 0; j < d; j++) {
      for (const s of [-step, step]) {
        const z = best.z.slice();
        z[j] = Math.min(eps, Math.max(-eps, z[j] + s));
        cands.push(z);
      }
    }
    const pts = await evaluate(cands, 'refine');
    const roundBest = pts.reduce<BoxPoint | null>((a, b) => (a === null || b.value < a.value ? b : a), null);
    if (roundBest && roundBest.value < best.value) best = roundBest;
    else step /= 2;
  }
  const worst = evaluated.reduce((a, b) => (b.value < a.value ? b : a));
  return { worst, evaluated };
}
