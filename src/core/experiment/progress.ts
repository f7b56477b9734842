// One progress fraction and one ETA for a whole run, training and evaluation together. Every stage (MBIL's
// density fits, the ensemble's steps, MBIL's policy steps, the evaluation's items) has a size in its own units
// and a prior cost per unit (milliseconds on a quiet reference machine, measured with bench/train-browser.ts
// --eta); the fraction is the prior cost done over the prior cost in all, and the ETA scales the prior cost
// left by how fast this machine has gone so far (elapsed over prior cost done), so a loaded machine's ETA
// stretches as soon as the first steps are timed.

export interface StageCost {
  name: string;
  /** Units in the stage (steps, or evaluation cost units: src/core/experiment/evaluate.ts itemCost). */
  units: number;
  /** Prior milliseconds per unit. */
  unitMs: number;
}

/**
 * Prior costs per unit (wasm, CartPole-sized networks), fitted to the First look on 1 and 3 seeds in Chromium's
 * worker (docs/performance.md, "One run pipeline: progress, ETA, pool"): only their ratios matter.
 */
export const PRIOR_MS = {
  /**
   * One ensemble training step: a fixed part and a part per member (M = 4 -> 12 took 1.7x, not 3x), fitted at
   * batch 256; the per-member part scales with the batch (12 members: 15.6 ms a step at 64, 30.3 at 256 in
   * bench/first-look.ts, i.e. ~10.7 + 1.6 M x batch / 256: the First look at 64 had a -48 % ETA without it).
   */
  ensembleStep: (members: number, batch = 256) => 7.6 + (members * batch) / 256,
  /** One density-fit step of one model (MBIL). */
  densityStep: 12,
  /** One MBIL policy step. */
  mbilStep: (members: number) => 3 + 1.2 * members,
  /** One evaluation cost unit (an episode of one condition, src/core/experiment/evaluate.ts itemCost). */
  evalUnit: 1.2,
};

export class RunProgress {
  private readonly done: number[];
  private readonly total: number;

  constructor(readonly stages: StageCost[]) {
    this.done = stages.map(() => 0);
    this.total = stages.reduce((a, s) => a + s.units * s.unitMs, 0);
  }

  /** Units of stage `name` done so far (absolute, not an increment). */
  set(name: string, units: number): void {
    const i = this.stages.findIndex((s) => s.name === name);
    if (i >= 0) this.done[i] = Math.min(this.stages[i].units, Math.max(0, units));
  }

  /** A stage that ended early (stopped, or nothing to do): its rest no longer counts. */
  finish(name: string): void {
    const i = this.stages.findIndex((s) => s.name === name);
    if (i >= 0) this.done[i] = this.stages[i].units;
  }

  private priorDone(): number {
    return this.stages.reduce((a, s, i) => a + this.done[i] * s.unitMs, 0);
  }

  fraction(): number {
    return this.total > 0 ? Math.min(1, this.priorDone() / this.total) : 1;
  }

  /** Milliseconds left, from `elapsedMs` of work so far; undefined until something measurable is done. */
  etaMs(elapsedMs: number): number | undefined {
    const d = this.priorDone();
    if (d <= 0 || elapsedMs <= 0 || d < 0.02 * this.total) return undefined;
    return Math.max(0, (this.total - d) * (elapsedMs / d));
  }
}
