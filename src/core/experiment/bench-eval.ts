// A grid cell's evaluation is the run pipeline's (src/core/experiment/evaluate.ts): the same items (nominal with
// the setup's shift, sweep points, worst box, worst kernel) run by the same runEvalItem, under the page's plan of
// the cell's setup with the grid's conditions (any number of sweeps, the box parameters, process noise in the
// context, no traces). This file makes that plan and turns one policy's pieces into the rows `droil bench` writes
// (results.csv): nominal, the shift, every sweep point, each sweep's area, the mean over perturbed points, the
// worst sweep point, the worst box and the worst kernel; under a stochastic kernel every label says so (' [noise sigma]').
import type { Setup } from '../setup';
import { cellEvalSeed, type GridSpec } from './grid-spec';
import { checkSweeps, fmtFactor, kernelLabel, scoreOf, type EvalContext, type References } from '../eval/evaluate';
import type { ConditionKind, ResultRow } from '../eval/report';
import { sweepArea, worstCase } from '../eval/stats';
import type { Actor } from '../policy';
import { evaluateSweepPoints, memberItems, planEval, runEvalItem, sweepPoints, type EvalPiece, type EvalPlan } from './evaluate';

/** A result row without the cell's and member's columns. */
export type RowBody = Omit<ResultRow, 'env' | 'demos' | 'algo' | 'rho' | 'seed' | 'episodes'>;

/**
 * The evaluation plan of the grid cell of `seed` under one kernel: the page's plan of the cell's setup (planEval:
 * episodes, box radius and search, kernel radius, episodes, candidates and look-ahead) with the grid's
 * conditions: its evaluation starts (cellEvalSeed), the kernel's process noise, its sweeps and box parameters
 * (or none), and no traces.
 */
export function benchEvalPlan(grid: GridSpec, setup: Setup, seed: number, processNoise: number): EvalPlan {
  const page = planEval(setup);
  const env = setup.envId;
  const sweeps = grid.axes.sweeps?.(env) ?? [];
  if (sweeps.length > 0) checkSweeps(env, sweeps);
  const ctx: EvalContext = { ...page.ctx, seed: cellEvalSeed(grid.axes, seed), ...(processNoise > 0 ? { processNoise } : {}) };
  return {
    ...page, ctx, evalParam: sweeps[0]?.param ?? '', factors: sweeps[0]?.factors ?? [], sweeps,
    box: grid.axes.boxParams ? { ...page.box!, params: grid.axes.boxParams(env) } : null,
    // Its nominal stochastic kernel is the context's when that has one.
    kernel: grid.axes.kernel ? { ...page.kernel!, ...(processNoise > 0 ? { noiseScale: processNoise } : {}) } : null,
    traces: false,
  };
}

/**
 * Every condition of the plan for one policy, item after item (the box after its nominal, its centre); the
 * sweep points in one batch (evaluateSweepPoints), or, `pointByPoint` (a page run's grid), one point per item
 * as the page runs them: the plain-TS network pairs rows, so a batch's make-up can move a continuous return in
 * its last bits, and a page run's grid has the page's bits.
 */
export async function evaluatePolicy(actor: Actor, plan: EvalPlan, ref: References, pointByPoint = false): Promise<RowBody[]> {
  const pieces: EvalPiece[] = [];
  let nominal: Extract<EvalPiece, { kind: 'nominal' }> | undefined;
  const items = memberItems(plan, 0);
  const points = pointByPoint ? [] : items.flatMap((it) => (it.kind === 'sweep' ? [it.point] : []));
  evaluateSweepPoints(plan, actor, points).forEach((stat, k) => pieces.push({ kind: 'sweep', memberId: 0, point: points[k], stat }));
  for (const item of items) {
    if (item.kind === 'sweep' && !pointByPoint) continue;
    const piece = await runEvalItem(plan, item, actor, async () => {}, nominal);
    if (piece.kind === 'nominal') nominal = piece;
    pieces.push(piece);
  }
  const rows = benchRows(plan, pieces, ref);
  const noise = plan.ctx.processNoise;
  return noise ? rows.map((r) => ({ ...r, condition: kernelLabel(r.condition, noise) })) : rows;
}

const fmtParams = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k}=${Number(v.toPrecision(6))}`).join(';');

/** One policy's rows from its pieces (all of them: nominal, every sweep point, and the box and kernel the plan has). */
export function benchRows(plan: EvalPlan, pieces: EvalPiece[], ref: References): RowBody[] {
  const row = (condition: string, kind: ConditionKind, mean: number, std: number, params = ''): RowBody => ({ condition, kind, mean, std, score: scoreOf(mean, ref), params });
  const nominal = pieces.find((p) => p.kind === 'nominal')!;
  const out: RowBody[] = [row('nominal', 'nominal', nominal.stat.mean, nominal.stat.std)];
  if (plan.shift && nominal.kind === 'nominal' && nominal.shift) out.push(row(`shift ${plan.shift.label}`, 'shift', nominal.shift.mean, nominal.shift.std, fmtParams(plan.shift.params)));
  const stats = new Map(pieces.flatMap((p) => (p.kind === 'sweep' ? [[p.point, p.stat] as const] : [])));
  const points = sweepPoints(plan);
  if (plan.sweeps.length > 0) {
    const allMeans: number[] = [], allLabels: string[] = [], perturbed: number[] = [];
    let k = 0;
    for (const s of plan.sweeps) {
      const means: number[] = [];
      for (const f of s.factors) {
        const p = points[k], stat = stats.get(k++)!;
        const label = `${s.param} x${fmtFactor(f)}`;
        out.push(row(label, 'sweep-point', stat.mean, stat.std, fmtParams({ [p.param]: p.value })));
        if (f !== 1) perturbed.push(stat.mean);
        means.push(stat.mean);
        allMeans.push(stat.mean);
        allLabels.push(label);
      }
      const range = `x${fmtFactor(Math.min(...s.factors))}..${fmtFactor(Math.max(...s.factors))}`;
      const area = sweepArea(s.factors, means);
      out.push(row(`${s.param} ${range} (area)`, 'sweep-area', area, NaN));
    }
    if (perturbed.length > 0) out.push(row('perturbed mean', 'sweep-mean', perturbed.reduce((a, b) => a + b, 0) / perturbed.length, NaN));
    const w = worstCase(allMeans);
    out.push(row('sweep worst', 'sweep-worst', w.value, NaN, allLabels[w.index]));
  }
  const box = pieces.find((p) => p.kind === 'box');
  if (plan.box && box) out.push(row(`worst box eps=${Number(plan.box.eps.toPrecision(4))}`, 'box', box.stat.mean, box.stat.std, fmtParams(box.params)));
  const kernel = pieces.find((p) => p.kind === 'kernel');
  if (plan.kernel && kernel) out.push(row(`worst kernel KL=${plan.kernel.rho}`, 'kernel', kernel.stat.mean, kernel.stat.std));
  return out;
}
