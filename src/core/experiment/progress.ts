// One progress fraction and one ETA for a whole run, training and evaluation together. Every stage (MBIL's
// density fits, the ensemble's steps, MBIL's policy steps, the evaluation's items) has a size in units known up
// front (steps, evaluation cost units) and a prior cost per unit (milliseconds on a quiet reference machine,
// measured with bench/train-browser.ts --eta); the fraction is the prior cost done over the prior cost in all.
// The ETA is measured, not assumed: a stage under way costs its remaining units at its own recent rate (once a
// tenth of it is done past its warm-up, the first tenth; timed over the latter half of what it has done, so a
// slow start such as a worker joining midway fades out; after measured stages, trusted as far as the stage is done:
// f x its own + (1 - f) x theirs, f its fraction done cubed, so its warm-up does not make the ETA jump); a stage of like items whose cost only settles (the worst
// kernels: `settles`) costs its rest at its items' mean rate from the third on, once three are timed; the stages
// still to come cost their prior scaled by the
// measured stages' rates weighed by the prior each has done (before any, by the run's rate so far), so a loaded machine's ETA stretches as soon as the
// first steps are timed. (Timed from its first twentieth, the evaluation's first items, slower than the rest,
// made the ETA overshoot by up to +169 % on the First look: docs/performance.md.) After the last stage the result
// still has to reach the page (`afterMs`, at the rate of the stages to come): until the fraction is 1 the ETA
// counts it. A pool of workers divides the parallel stages' priors by the workers that share
// them (runStages in run.ts).

export interface StageCost {
  name: string;
  /** Units in the stage (steps, or evaluation cost units: src/core/experiment/evaluate.ts itemCost). */
  units: number;
  /** Prior milliseconds per unit. */
  unitMs: number;
  /**
   * Like items run one at a time whose first ones carry a warm-up (the evaluation's worst kernels on one worker): the
   * stage's rest costs the rate of its items from the third on (items timed end to end by setInOrder), once three
   * are timed (before, as a stage to come). Cold, the first two or three kernels took 2-9x the last ones (364 and 735 ms
   * against ~90 ms in one page run), and the latter-half rule priced the last 0.1-0.4 s of the run at them (+26..+43 %
   * quiet); warm (a warm-up before the run, warm-up.ts), the fastest item's rate that replaced it read -44..-47 % in the
   * last 0.1 s: the items differ (an episode that fails early is short), so the rate is their mean (twelfth session).
   */
  settles?: boolean;
}

/**
 * Prior costs per unit (wasm, CartPole-sized networks), fitted to the First look on 1 and 3 seeds in Chromium's
 * worker (docs/performance.md, "One run pipeline: progress, ETA, pool"): only their ratios matter.
 */
/** The training step on WebAssembly SIMD against the priors' fit before it (PRIOR_MS.ensembleStep). */
const STEP_SIMD = 0.55;

export const PRIOR_MS = {
  /**
   * One ensemble training step: a fixed part and a part per member (M = 4 -> 12 took 1.7x, not 3x), fitted at
   * batch 256; the per-member part scales with the batch (12 members: 15.6 ms a step at 64, 30.3 at 256 in
   * bench/first-look.ts, i.e. ~10.7 + 1.6 M x batch / 256: the First look at 64 had a -48 % ETA without it).
   * Since the training's MLP and Adam run on WebAssembly SIMD (member-gemm.ts, 6f2d5bf and e4cafba) a step costs
   * less: 0.545x in Node (the First look, bench/first-look.ts, CPU at load 10-11: 6.68 -> 3.64 ms a step, the
   * evaluation's units unchanged); and with the untaped robust step (2fbfffe) Chromium's worker split the First look
   * evaluation/training 0.78-1.27x, median 1.06x (7 runs, load 5.3-5.8; bench/train-browser.ts --default '{}'),
   * against 0.75-0.95x before both: both parts scaled by 0.55, so the priors say 1.07x (at 0.7 the same runs read
   * -25..-42 % while >= 10 % of the run was left; eleventh session, docs/performance.md).
   */
  ensembleStep: (members: number, batch = 256) => STEP_SIMD * (7.6 + (members * batch) / 256),
  /** One density-fit step of one model (MBIL). */
  densityStep: 12,
  /**
   * One evaluation cost unit (an episode of one condition, src/core/experiment/evaluate.ts itemCost) of each part of
   * the evaluation, which the queue runs one after the other: the first (references, nominals, sweep points), the
   * worst boxes, the worst kernels; each part is timed on its own once under way. Since the policies act on
   * WebAssembly SIMD (algos/simd-forward.ts, tenth session) a unit costs ~4x less; fitted to the First look in
   * Node (bench/first-look.ts, CPU ms per unit on the prior's scale: 0.82 / 0.87 / 1.03, less ~10 % for the vector
   * tanh): the evaluation 0.59x the training (1.07x since the training's SIMD and untaped steps); the kernels' prior then fitted on
   * the quiet page (docs/performance.md, "Quiet figures at the end of the tenth session").
   */
  evalFirstUnit: 0.74,
  evalBoxUnit: 0.78,
  /** x1.24 on the page, quiet: at 0.93 the ETA read 0.1-0.2 s short in the kernels at the end (-31..-38 %), at 1.4 as much long; 1.15: +26..+43 % (tenth session). */
  evalKernelUnit: 1.15,
  /**
   * After the evaluation's last item: the result assembled, the last progress message taken by the page, the
   * result sent, cloned and landed in the store (the First look on the page, from the last item's report to
   * 'done': 15-94 ms at load 6-11, 10-16 ms at load 2-3; eleventh session, docs/performance.md).
   */
  resultMs: 12,
};

export class RunProgress {
  private readonly done: number[];
  /** Elapsed run time (ms) when each stage began; undefined until it has. */
  private readonly began: (number | undefined)[];
  /** Where each stage stood (elapsed ms, prior ms done) at each ETA asked past its warm-up: its rate is timed from one of these. */
  private readonly samples: { elapsedMs: number; done: number }[][];
  /** Elapsed run time when each stage ended (the next one began): a finished stage's rate stops there. */
  private readonly ended: (number | undefined)[];
  /** Each `settles` stage's last item end and its second item's end (elapsed ms, prior ms done), and its items timed. */
  private readonly lastEnd: ({ elapsedMs: number; done: number } | undefined)[];
  private readonly second: ({ elapsedMs: number; done: number } | undefined)[];
  private readonly timed: number[];
  private total: number;

  /** `afterMs`: the prior cost of what follows the last stage (the result's way to the page), counted by the ETA only. */
  constructor(readonly stages: StageCost[], readonly afterMs = 0) {
    this.done = stages.map(() => 0);
    this.began = stages.map(() => undefined);
    this.samples = stages.map(() => []);
    this.ended = stages.map(() => undefined);
    this.lastEnd = stages.map(() => undefined);
    this.second = stages.map(() => undefined);
    this.timed = stages.map(() => 0);
    this.total = stages.reduce((a, s) => a + s.units * s.unitMs, 0);
  }

  private index(name: string): number {
    return this.stages.findIndex((s) => s.name === name);
  }

  /** Stage `name` starts now, `elapsedMs` into the run (its own rate is timed from here); the stages begun before it have ended. */
  begin(name: string, elapsedMs: number): void {
    const i = this.index(name);
    if (i < 0 || this.began[i] !== undefined) return;
    this.began[i] = elapsedMs;
    this.began.forEach((b, j) => { if (j !== i && b !== undefined && this.ended[j] === undefined) this.ended[j] = elapsedMs; });
  }

  /**
   * `units` done over the stages `names`, which run one after the other (the evaluation's parts: their items finish
   * nearly in the queue's order): each stage begins once those before it are done, at `elapsedMs` (the moment the
   * last of them finished). Called at every item's end: a `settles` stage times its items here.
   */
  setInOrder(names: string[], units: number, elapsedMs: number): void {
    const sizes = names.map((n) => this.stages[this.index(n)]?.units ?? 0);
    const all = sizes.reduce((a, b) => a + b, 0);
    let u = units;
    names.forEach((name, i) => {
      // The parts before are done (within rounding: `units` is a fraction times the total).
      if (i > 0 && u >= -1e-9 * all) this.begin(name, elapsedMs);
      // Done within rounding is done: the fraction reaches 1 at the last item.
      this.set(name, u >= sizes[i] - 1e-9 * all ? sizes[i] : Math.max(u, 0));
      u -= sizes[i];
      this.timeItem(this.index(name), elapsedMs);
    });
  }

  /** A `settles` stage's item that ended at `elapsedMs` (if any did since the last): counted, and the second one's end kept. */
  private timeItem(i: number, elapsedMs: number): void {
    const began = this.began[i];
    if (i < 0 || !this.stages[i].settles || began === undefined) return;
    const last = this.lastEnd[i] ?? { elapsedMs: began, done: 0 };
    const done = this.done[i] * this.stages[i].unitMs;
    if (done <= last.done) return;
    // An item of no time measures nothing (pieces kept from an earlier evaluation land at once).
    if (elapsedMs - last.elapsedMs >= 1 && ++this.timed[i] === 2) this.second[i] = { elapsedMs, done };
    this.lastEnd[i] = { elapsedMs, done };
  }

  /** Units of stage `name` done so far (absolute, not an increment). */
  set(name: string, units: number): void {
    const i = this.index(name);
    if (i >= 0) this.done[i] = Math.min(this.stages[i].units, Math.max(0, units));
  }

  /**
   * Stage `name` now has `units` (not begun yet: its prior changes, nothing measured does). The evaluation's parts
   * are sized before training by the pieces a re-Train will find kept, and again once the policies are known.
   */
  resize(name: string, units: number): void {
    const i = this.index(name);
    if (i < 0 || this.stages[i].units === units) return;
    this.total += (units - this.stages[i].units) * this.stages[i].unitMs;
    this.stages[i].units = units;
    this.done[i] = Math.min(this.done[i], units);
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
    // Measured ms per prior ms: each stage's own once measurable (from the latest sample at or below half of what
    // it has done, past its first tenth, once another tenth is done), else the run's so far (start-up included).
    const rates = this.stages.map((s, i) => {
      const own = this.done[i] * s.unitMs, size = s.units * s.unitMs, until = this.ended[i] ?? elapsedMs;
      if (s.settles) {
        const a = this.second[i], b = this.lastEnd[i];
        return this.timed[i] >= 3 && a && b && b.done > a.done ? (b.elapsedMs - a.elapsedMs) / (b.done - a.done) : undefined;
      }
      const samples = this.samples[i];
      let from: { elapsedMs: number; done: number } | undefined;
      for (const x of samples) if (x.done <= Math.max(own / 2, 0.1 * size)) from = x;
      if (this.began[i] !== undefined && this.ended[i] === undefined && own >= 0.1 * size && own > (samples.at(-1)?.done ?? -1)) samples.push({ elapsedMs, done: own });
      return from && own - from.done >= 0.1 * size && until > from.elapsedMs ? (until - from.elapsedMs) / (own - from.done) : undefined;
    });
    // The stages to come: the measured stages' rates, each weighed by the prior it has done (before any, the run's
    // rate so far), a stage still under way only as far as it is trusted (its fraction done, cubed, as below). Not the
    // latest alone: the evaluation's short first part carries its warm-up, and its rate applied to the worst cases said
    // +320 % on a loaded page; weighed by its prior done alone, its first items still priced the boxes and kernels
    // +25 % over the training's rate and the ETA read +37 % at run fraction 0.54 (twelfth session).
    const trust = (i: number) => (this.ended[i] !== undefined ? 1 : (this.done[i] / this.stages[i].units) ** 3);
    const weights = this.stages.map((s, i) => this.done[i] * s.unitMs * trust(i));
    let weighed = 0, weight = 0;
    rates.forEach((r, i) => { if (r !== undefined) { weighed += r * weights[i]; weight += weights[i]; } });
    const toCome = weight > 0 ? weighed / weight : elapsedMs / d;
    let left = 0;
    this.stages.forEach((s, i) => {
      const rest = (s.units - this.done[i]) * s.unitMs;
      if (rest <= 0) return;
      // The stage under way at its own rate; the stages to come at the measured stages' (the start-up's cost is behind).
      // A stage under way that follows measured ones trusts its own rate as far as it is done (its fraction done, cubed:
      // f): f x its own + (1 - f) x the others'. Its first items carry its warm-up: the evaluation's first part timed from its
      // first fifth priced its rest ~2x and the run's ETA jumped +36..+64 % at run fraction 0.54 (quiet page, 06:22).
      const own = rates[i];
      const ow = weight - (own !== undefined ? weights[i] : 0);
      if (own !== undefined && !s.settles && ow > 0) {
        // Weighed by f cubed: the page's evaluation ran its first part's first items 1.4-1.9x the training's rate (warm
        // code and all) and the rest 0.7-0.85x (items differ: an episode that fails early is short); with f
        // itself the ETA read +30 % at a third of the part, with f squared +29..+32 % in 2 of 11 quiet page runs, cubed
        // at most +22 % in 7 (twelfth session, docs/performance.md).
        const others = (weighed - own * weights[i]) / ow, f = trust(i);
        left += rest * (f * own + (1 - f) * others);
      } else left += rest * (own ?? toCome);
    });
    // The result's way to the page, at the rate of the stages to come (what the machine's load does to the rest).
    if (d < this.total) left += this.afterMs * toCome;
    return Math.max(0, left);
  }
}
