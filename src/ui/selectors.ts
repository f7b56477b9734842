// Pure functions from store data to what a chart shows. The rho slider picks, for every robust algorithm,
// the trained member nearest to it (log scale); nothing is retrained.
import { ALGO_LABELS, changedFields, NON_ROBUST_ALGOS, nearestRadius, type AlgoId, type Setup } from '../core/setup';
import { summarize, type Summary } from '../core/eval/stats';
import type { MemberEval, MemberInfo, RunResult } from '../worker/protocol';

export const ALGO_COLORS: Record<AlgoId, string> = { bc: '#5b6b7f', 'dro-bc': '#d9822b', 'be-droil': '#2a7f9e', 'segment-dro': '#6b8e23', mbil: '#8a4fb3',
  'tilted-model': '#b03a2e', 'augment-model': '#a0527f', 'tilted-expert': '#1f4fa8', 'lr-oracle': '#7a5c1e',
};

/** BC and MBIL have no radius (one member per seed); the others train once per radius of the sweep. */
export function isRobust(algo: AlgoId): boolean {
  return !NON_ROBUST_ALGOS.includes(algo);
}

export function algoLabel(m: Pick<MemberInfo, 'algo' | 'rho'>): string {
  return isRobust(m.algo) ? `${ALGO_LABELS[m.algo]} ρ=${fmtRho(m.rho)}` : ALGO_LABELS[m.algo];
}

export function fmtRho(r: number): string {
  return r === 0 ? '0' : r < 0.1 ? r.toPrecision(1) : String(Number(r.toPrecision(2)));
}

/** The radii a robust algorithm was trained at, sorted. */
export function radiiOf(members: MemberInfo[], algo: AlgoId): number[] {
  return [...new Set(members.filter((m) => m.algo === algo).map((m) => m.rho))].sort((a, b) => a - b);
}

export function algosOf(members: MemberInfo[]): AlgoId[] {
  return [...new Set(members.map((m) => m.algo))];
}

/** For each algorithm: the radius that answers the slider (BC: 0). */
export function shownRadius(members: MemberInfo[], algo: AlgoId, rho: number): number {
  if (!isRobust(algo)) return 0;
  const radii = radiiOf(members, algo);
  return radii.length ? nearestRadius(radii, rho) : rho;
}

/** The members the charts show for one seed: one per algorithm, robust ones at the slider's radius. */
export function shownMembers(members: MemberInfo[], rho: number, seed?: number): MemberInfo[] {
  const s = seed ?? members[0]?.seed;
  return algosOf(members).map((algo) => {
    const r = shownRadius(members, algo, rho);
    return members.find((m) => m.algo === algo && m.rho === r && m.seed === s)!;
  }).filter(Boolean);
}

export function evalOf(result: RunResult, id: number): MemberEval | undefined {
  return result.evals.find((e) => e.memberId === id);
}

/**
 * A quantity of (algorithm, radius) over seeds. With one seed it is that member's own statistic (CI over
 * evaluation episodes); with several, the mean over seeds with its CI over seeds (the honest spread).
 */
export function overSeeds(
  result: RunResult, algo: AlgoId, rho: number,
  pick: (e: MemberEval) => Summary,
): Summary | undefined {
  const evs = result.members.filter((m) => m.algo === algo && m.rho === rho)
    .map((m) => evalOf(result, m.id)).filter((e): e is MemberEval => !!e);
  if (evs.length === 0) return undefined;
  if (evs.length === 1) return pick(evs[0]);
  return summarize(evs.map((e) => pick(e).mean));
}

/** Largest-triangle-three-buckets downsampling, so long curves stay cheap to draw in SVG. */
export function downsample<T>(pts: T[], maxPoints: number, x: (p: T) => number, y: (p: T) => number): T[] {
  const n = pts.length;
  if (n <= maxPoints || maxPoints < 3) return pts;
  const out: T[] = [pts[0]];
  const bucket = (n - 2) / (maxPoints - 2);
  let a = 0;
  for (let i = 0; i < maxPoints - 2; i++) {
    const start = Math.floor((i + 1) * bucket) + 1;
    const end = Math.min(Math.floor((i + 2) * bucket) + 1, n);
    let ax = 0, ay = 0;
    for (let j = start; j < end; j++) { ax += x(pts[j]); ay += y(pts[j]); }
    const cnt = Math.max(1, end - start);
    ax /= cnt; ay /= cnt;
    const lo = Math.floor(i * bucket) + 1;
    const hi = Math.floor((i + 1) * bucket) + 1;
    let best = lo, bestArea = -1;
    for (let j = lo; j < hi; j++) {
      const area = Math.abs((x(pts[a]) - ax) * (y(pts[j]) - y(pts[a])) - (x(pts[a]) - x(pts[j])) * (ay - y(pts[a])));
      if (area > bestArea) { bestArea = area; best = j; }
    }
    out.push(pts[best]);
    a = best;
  }
  out.push(pts[n - 1]);
  return out;
}

/** The training settings edited since the run on screen was trained (empty: the results are current). */
export function staleTraining(setup: Setup, result: RunResult | null): (keyof Setup)[] {
  return result ? changedFields(result.setup, setup, 'training') : [];
}

/** The evaluation settings edited since the run on screen was evaluated (its re-evaluation is due or running). */
export function staleEvaluation(setup: Setup, result: RunResult | null): (keyof Setup)[] {
  return result ? changedFields(result.setup, setup, 'evaluation') : [];
}

/**
 * The setup of what the page shows: the run on screen when there is one, else the controls. The share link
 * (with the slider's radius beside it, view state) and the CLI command describe this one, so they never
 * promise results that never ran.
 */
export function setupOnScreen(setup: Setup, result: RunResult | null): Setup {
  return result ? result.setup : setup;
}
