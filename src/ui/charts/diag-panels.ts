// What the training-diagnostics panels plot, as data: one description serves the live canvas (while a run
// trains) and the recharts view (once it is done), so both show the same curves with the same names.
import { algoLabel, ALGO_COLORS, isRobust } from '../selectors';
import type { DensityModel, DensityPoint, DiagPoint, MemberInfo } from '../../worker/protocol';

export interface DiagSeries {
  /** Column name in the rows of diagRows / densityRows. */
  key: string;
  name: string;
  color: string;
  dash?: string;
  /** Which points it reads: a member's diagnostics, or a density model's fit. */
  source: { member: MemberInfo; field: keyof DiagPoint } | { density: DensityModel; field: keyof DensityPoint };
}

export interface DiagPanel {
  id: string;
  title: string;
  /** The y axis's title, with its unit. */
  yLabel: string;
  /** x axis: the policy's training step, or the density fit's step. */
  x: 'step' | 'density step';
  series: DiagSeries[];
  log?: boolean;
  domain?: [number, number];
  /** The y axis starts at 0 (D_f(w) from 0 up to rho: a tight axis around rho showed four equal tick labels). */
  fromZero?: boolean;
  /** Horizontal reference lines (D_f(w) sits at rho). */
  refs?: { y: number; color: string }[];
}

export const DENSITY_LABELS: Record<DensityModel, string> = {
  transition: 'T̂(s′|s,a) flow',
  joint: 'P̂(s′,a′|s,a) flow',
  classifier: 'q̂(a′|s,a,s′) classifier',
};
const DENSITY_COLORS: Record<DensityModel, string> = { transition: '#8a4fb3', joint: '#c2417a', classifier: '#8a4fb3' };

// Columns by algorithm, not by member: shownMembers has one member per algorithm, and a slider move that keeps
// the columns' names only changes the chart's data (recharts removed and re-added a line whose dataKey changed).
const col = (m: MemberInfo, f: string) => `${f}_${m.algo}`;

/**
 * The algorithms whose D_f(w) over the demonstrations the adversary holds at rho (the dotted target line). Reading A
 * (the tilted model and its expert-labelled bound) also logs a divergence, but its rho bounds a KL per kernel of
 * its model's samples, not D_f(w): a line at rho there would promise what it does not do.
 */
export const HELD_AT_RHO: ReadonlySet<string> = new Set(['dro-bc', 'be-droil', 'segment-dro']);

/** The panels for the members the slider selects; the density panel only when MBIL fitted densities. */
export function diagPanels(shown: MemberInfo[], densityModels: DensityModel[]): DiagPanel[] {
  const robust = shown.filter((m) => isRobust(m.algo));
  const mbil = shown.filter((m) => m.algo === 'mbil');
  const panels: DiagPanel[] = [
    {
      id: 'loss', title: 'Loss (nats per sample)', yLabel: 'loss (nats/sample)', x: 'step',
      series: [
        ...shown.map((m) => ({ key: col(m, 'bcLoss'), name: m.algo === 'bc' ? 'BC loss' : `${algoLabel(m)} BC loss`, color: ALGO_COLORS[m.algo], source: { member: m, field: 'bcLoss' as const } })),
        ...robust.map((m) => ({ key: col(m, 'robustLoss'), name: `${algoLabel(m)} robust`, color: ALGO_COLORS[m.algo], dash: '5 3', source: { member: m, field: 'robustLoss' as const } })),
        ...mbil.map((m) => ({ key: col(m, 'balanceLoss'), name: 'MBIL balance r²', color: ALGO_COLORS.mbil, dash: '2 2', source: { member: m, field: 'balanceLoss' as const } })),
      ],
    },
  ];
  if (robust.length) {
    panels.push(
      {
        id: 'divergence', title: 'D_f(w) against ρ', yLabel: 'D_f(w) (nats for KL)', x: 'step', fromZero: true,
        series: robust.map((m) => ({ key: col(m, 'divergence'), name: `${algoLabel(m)} D_f`, color: ALGO_COLORS[m.algo], source: { member: m, field: 'divergence' as const } })),
        refs: robust.filter((m) => HELD_AT_RHO.has(m.algo)).map((m) => ({ y: m.rho, color: ALGO_COLORS[m.algo] })),
      },
      {
        id: 'lambda', title: 'λ (log scale)', yLabel: 'λ (no unit)', x: 'step', log: true,
        series: robust.map((m) => ({ key: col(m, 'lambda'), name: `${algoLabel(m)} λ`, color: ALGO_COLORS[m.algo], source: { member: m, field: 'lambda' as const } })),
      },
      {
        id: 'ess', title: 'Effective sample size (fraction)', yLabel: 'ESS / N (fraction)', x: 'step', domain: [0, 1],
        series: robust.map((m) => ({ key: col(m, 'ess'), name: `${algoLabel(m)} ESS`, color: ALGO_COLORS[m.algo], source: { member: m, field: 'ess' as const } })),
      },
    );
  }
  if (densityModels.length) {
    panels.push({
      id: 'density', title: 'MBIL density models: NLL (nats per sample)', yLabel: 'NLL (nats/sample)', x: 'density step',
      series: densityModels.flatMap((d) => [
        { key: `dataNll_${d}`, name: `${DENSITY_LABELS[d]}, data`, color: DENSITY_COLORS[d], source: { density: d, field: 'dataNll' as const } },
        { key: `trainNll_${d}`, name: `${DENSITY_LABELS[d]}, noisy batches`, color: DENSITY_COLORS[d], dash: '4 3', source: { density: d, field: 'trainNll' as const } },
      ]),
    });
  }
  return panels;
}

/** The points of one series (x, y), dropping what its axis cannot show (non-finite; <= 0 on a log axis). */
export function seriesPoints(
  s: DiagSeries, log: boolean | undefined,
  diag: Record<number, DiagPoint[]>, density: Partial<Record<DensityModel, DensityPoint[]>>,
): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  if ('member' in s.source) {
    const f = s.source.field;
    for (const p of diag[s.source.member.id] ?? []) { const y = p[f]; if (typeof y === 'number' && Number.isFinite(y) && (!log || y > 0)) out.push({ x: p.step, y }); }
  } else {
    const f = s.source.field;
    for (const p of density[s.source.density] ?? []) { const y = p[f]; if (Number.isFinite(y) && (!log || y > 0)) out.push({ x: p.step, y }); }
  }
  return out;
}
