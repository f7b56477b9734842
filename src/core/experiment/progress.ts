// One progress fraction and one ETA for a whole run, training and evaluation together. Every stage (MBIL's
// density fits, the ensemble's steps, MBIL's policy steps, the evaluation's items) has a size in units known up
// front (steps, evaluation cost units) and a prior cost per unit (milliseconds on a quiet reference machine,
// measured with bench/train-browser.ts --eta); the fraction is the prior cost done over the prior cost in all.
// The ETA is measured, not assumed: a stage under way costs its remaining units at its own measured rate (timed
// from where a tenth of it was done, past its warm-up, once another tenth is done); the stages still to come cost their prior scaled by how fast this machine has gone so
// far (elapsed over prior cost done), so a loaded machine's ETA stretches as soon as the first steps are timed,
// and the evaluation's ETA is its own rate as soon as its first items are in. A pool of workers divides the
// parallel stages' priors by the workers that share them (runStages in run.ts).

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
  /**
   * One evaluation cost unit (an episode of one condition, src/core/experiment/evaluate.ts itemCost). 2.3, not
   * the 1.2 fitted in Node: in Chromium's worker the First look's evaluation took 5.1 s against 3.0 s of training
   * (docs/performance.md, quiet window), where 1.2 made it 47 % of the run instead of 63 %.
   */
  evalUnit: 2.3,
};

export class RunProgress {
  private readonly done: number[];
  /** Elapsed run time (ms) when each stage began; undefined until it has. */
  private readonly began: (number | undefined)[];
  /** Where each stage stood (elapsed ms, prior ms done) when a tenth of it was done: its own rate is timed from there. */
  private readonly mark: ({ elapsedMs: number; done: number } | undefined)[];
  private readonly total: number;

  constructor(readonly stages: StageCost[]) {
    this.done = stages.map(() => 0);
    this.began = stages.map(() => undefined);
    this.mark = stages.map(() => undefined);
    this.total = stages.reduce((a, s) => a + s.units * s.unitMs, 0);
  }

  private index(name: string): number {
    return this.stages.findIndex((s) => s.name === name);
  }

  /** Stage `name` starts now, `elapsedMs` into the run (its own rate is timed from here). */
  begin(name: string, elapsedMs: number): void {
    const i = this.index(name);
    if (i >= 0 && this.began[i] === undefined) this.began[i] = elapsedMs;
  }

  /** Units of stage `name` done so far (absolute, not an increment). */
  set(name: string, units: number): void {
    const i = this.index(name);
    if (i >= 0) this.done[i] = Math.min(this.stages[i].units, Math.max(0, units));
  }

  /** A stage that ended early (stopped, or nothing to do): its rest no longer counts. */
  finish(name: string): void {
    const i = this.index(name);
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
    const overall = elapsedMs / d; // measured ms per prior ms, the run so far
    let left = 0;
    this.stages.forEach((s, i) => {
      const rest = (s.units - this.done[i]) * s.unitMs;
      if (rest <= 0) return;
      const own = this.done[i] * s.unitMs, size = s.units * s.unitMs;
      // The stage under way: its own rate, timed from where a tenth of it was done (its first steps compile
      // kernels and warm the JIT) once another tenth is done; until then the run's rate.
      if (this.began[i] !== undefined && !this.mark[i] && own >= 0.1 * size) this.mark[i] = { elapsedMs, done: own };
      const m = this.mark[i];
      const rate = m && own - m.done >= 0.1 * size && elapsedMs > m.elapsedMs ? (elapsedMs - m.elapsedMs) / (own - m.done) : overall;
      left += rest * rate;
    });
    return Math.max(0, left);
  }
}
