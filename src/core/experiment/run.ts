// A playground run, start to end, as one pipeline: plan the members (every chosen algorithm per seed, the
// robust ones per radius), fit MBIL's density models when a member trains on MBIL's loss (MBIL itself, or
// BE-DROIL with the MBIL loss), train every member as one batched ensemble (BC, DRO-BC, BE-DROIL, and MBIL as a
// BC member with MBIL's loss: the training engine, as droil train and every bench cell), evaluate every
// trained member under the same initial states (src/core/experiment/evaluate-run.ts) and compute the paired
// statistics. The worker drives it and only moves messages (src/worker/worker.ts). Progress reports carry
// the diagnostics logged since the previous report, at most ten a second, and one fraction and ETA for the
// whole run (src/core/experiment/progress.ts). Stop ends any stage at its next step and the run at once:
// a run stopped in training returns its kept policies unevaluated (`unevaluated`; the page evaluates them next,
// as an ordinary cancellable evaluation), a run stopped in its evaluation keeps what finished; the result says
// what it kept.
import type { BalanceTargets } from '../algos/ensemble';
import type { PolicyJson } from '../algos/policy';
import type { Dataset } from '../data/dataset';
import { getEnvSpec } from '../environments/registry';
import { actionBounds } from '../envs/types';
import { UserError } from '../errors';
import { balanceTargetsFor } from '../mbil/balance';
import { TRAIN_DEFAULTS } from '../algos/defaults';
import { benchMember, hasRadius, type BenchAlgorithm } from '../eval/benchmark';
import { ALGO_LABELS, type AlgoId, type Setup } from '../setup';
import { assembleEval, planEval } from './evaluate';
import { policyFingerprint, trainingKey, type EvalPieceCache } from './eval-cache';
import { evaluateRun, evaluationCost, type KeptPieces } from './evaluate-run';
import { planMembers, planSteps } from './members';
import { READING_A_IDS, READING_A_MODELS, READING_BENCH_NAMES, setupReadingInputs } from './readings';
import { PRIOR_MS, RunProgress } from './progress';
import { runResult } from './result';
import { trainMembers } from './train';
import type { BackendInfo, DensityModel, DensityPoint, DiagPoint, MemberInfo, RunResult, TrainProgress } from './types';

export interface RunControl {
  readonly stopped: boolean;
  readonly paused: boolean;
}

export interface RunHooks {
  /** Read at every step: stop ends the run (keeping what finished), pause holds it. */
  control: RunControl;
  /**
   * At most ten a second, and at once on a new stage or a confirmed pause. A promise it returns (a worker's
   * Comlink call: resolved once the page ran it) is awaited before the run answers, so the last diagnostics
   * reach the page before the result does (they travel over another port, which may deliver them later).
   */
  onProgress?: (p: TrainProgress) => unknown;
  /** Lets the host answer messages during the evaluation (a macrotask in a worker). */
  yieldNow?: () => Promise<void>;
  /** The backend the run starts on. */
  backend: BackendInfo;
  /** The backend changed during training (a lost device, a failed kernel). */
  onBackend?: (b: BackendInfo) => void;
  /** The name of the current backend, for the message of a change. */
  currentBackend?: () => string;
  /** Trains the DRO ensemble (default: trainEnsemble here; a worker pool splits the members by seed). */
  trainEnsemble?: typeof trainEnsemble;
  /** Evaluates (default: here, item after item; a worker pool runs items in parallel). */
  evaluate?: typeof evaluateRun;
  /** Workers that share the run (a pool: src/worker/pool.ts); the progress priors of the parallel stages divide by them. */
  workers?: number;
  /** Keeps the evaluation's pieces for later re-evaluations (eval-cache.ts); the numbers are the same without it. */
  evalCache?: EvalPieceCache;
}

export interface EnsembleHooks {
  shouldStop?: () => boolean;
  shouldPause?: () => boolean;
  /** The steps done and the diagnostics logged at this step, per member id (trainPlanned: per member index). */
  onProgress?: (step: number, diag: Record<number, DiagPoint[]>) => void;
  onBackendFallback?: (message: string) => void;
  /** Each logged point of reading A's density fits (per seed, before the first step): its progress. */
  onReadingFit?: (model: string, point: { step: number }) => void;
}

export interface EnsembleTrained {
  /** 'diverged': the policies are the last good parameters (the trainer's check), `message` says from which step. */
  status: 'done' | 'stopped' | 'diverged';
  message?: string;
  step: number;
  /** By member id. */
  policies: Record<number, PolicyJson>;
  /** The adversary's final weights over every transition, by member id. */
  weights: Record<number, Float32Array>;
}

/**
 * One member as the trainer sees it: a method (the page's algorithms by their bench names, src/core/eval/benchmark.ts,
 * plus the grid's research readings and variants), its seed and its radius (null for the methods without one).
 * The page's members (planMembers) and a grid cell's (cellMembers, grid.ts) both become these.
 */
export interface PlannedMember { algo: BenchAlgorithm; seed: number; rho: number | null }

/**
 * The method of a page algorithm: BE-DROIL with the MBIL loss is be-droil-mbil, segment-dro names its segment
 * length, a reading its bench name (readings.ts); the others keep their names.
 */
export function methodOf(a: AlgoId, s: Pick<Setup, 'loss'>): BenchAlgorithm {
  if (a === 'be-droil' && s.loss === 'mbil') return 'be-droil-mbil';
  if (a === 'segment-dro') return TRAIN_DEFAULTS.segment > 0 ? `segment-dro-h${TRAIN_DEFAULTS.segment}` : 'segment-dro-ep';
  return READING_BENCH_NAMES[a] ?? (a as BenchAlgorithm);
}

/** The page's member as a planned one: BE-DROIL with the MBIL loss is be-droil-mbil, segment-dro names its segment. */
export function plannedMember(setup: Pick<Setup, 'loss'>, m: MemberInfo): PlannedMember {
  const algo = methodOf(m.algo, setup);
  return { algo, seed: m.seed, rho: hasRadius(algo) ? m.rho : null };
}

/**
 * Trains `members` (BC, DRO-BC, BE-DROIL, MBIL) as one batched ensemble with the setup's training settings;
 * `balance` (MBIL's frozen targets) is needed when a member trains on MBIL's loss.
 * Every member's numbers depend on its own seed only, not on the other members of the batch: a pool that
 * trains the members in groups gets the same policies (test/e2e/pool.e2e.test.ts).
 */
export async function trainEnsemble(setup: Setup, data: Dataset, members: MemberInfo[], balance: BalanceTargets | undefined, hooks: EnsembleHooks = {}): Promise<EnsembleTrained> {
  // The trainer reports by member index; the page keys diagnostics by member id.
  const onProgress = hooks.onProgress && ((step: number, diag: Record<number, DiagPoint[]>) =>
    hooks.onProgress!(step, Object.fromEntries(Object.entries(diag).map(([i, pts]) => [members[Number(i)].id, pts]))));
  const trained = await trainPlanned(setup, data, members.map((m) => plannedMember(setup, m)), balance, { ...hooks, onProgress }, { weights: true, logEvery: logEveryOf(setup) });
  return {
    status: trained.status, step: trained.step, ...(trained.status === 'diverged' ? { message: trained.message } : {}),
    policies: Object.fromEntries(members.map((m, i) => [m.id, trained.policies[i]])),
    weights: Object.fromEntries(members.map((m, i) => [m.id, trained.weights![i]])),
  };
}

/**
 * The ensemble stage of every run, the page's and a grid cell's: the members' reading inputs (readings A and B,
 * ALGORITHMS.md 3.5, when a member is one), then the trainer on the setup's settings. `extra`: trainer settings
 * no setup field holds (a grid's --small-data); `logEvery`: the diagnostics' cadence (default: the trainer's);
 * `perturbed`: B's mixture when the sweeps are not the setup's one (a grid's).
 */
export async function trainPlanned(
  setup: Setup, data: Dataset, members: PlannedMember[], balance: BalanceTargets | undefined, hooks: EnsembleHooks = {},
  opts: { weights?: boolean; logEvery?: number; extra?: Record<string, unknown>; perturbed?: Record<string, number>[] } = {},
) {
  const bounds = actionBounds(getEnvSpec(setup.envId).actionSpace);
  // The readings' per-transition inputs (A's model next states, B's ratios), per member seed (readings.ts).
  const readings = await setupReadingInputs(setup, data, members, { shouldStop: hooks.shouldStop, shouldPause: hooks.shouldPause, onLog: hooks.onReadingFit }, opts.perturbed);
  const config = { ...opts.extra, ...trainerSettings(setup), members: members.map((m) => memberInput(setup, m)), ...(opts.logEvery !== undefined ? { logEvery: opts.logEvery } : {}), envId: setup.envId, seed: setup.seed, ...bounds };
  return trainMembers(config, data, balance, readings, {
    shouldStop: hooks.shouldStop, shouldPause: hooks.shouldPause,
    onEvent: (ev) => { if (ev.kind === 'backend-fallback') hooks.onBackendFallback?.(ev.message); },
    onProgress: (d) => {
      const diag: Record<number, DiagPoint[]> = {};
      d.members.forEach((md, i) => {
        if (d.frozen?.includes(i)) return; // diverged: its series stop at the last step it trained (the trainer holds it there)
        // MBIL charts its BC loss (the NLL alone) and its balance loss r^2, as its own trainer did; its bcLoss
        // in the engine is the whole MBIL loss (mbilLoss here). It has no adversary: no robust diagnostics.
        diag[i] = [members[i].algo === 'mbil'
          ? { step: d.step, bcLoss: md.nllLoss, robustLoss: NaN, lambda: NaN, divergence: NaN, ess: 1, maxWeight: 1, balanceResidual: NaN, mbilLoss: md.bcLoss, balanceLoss: md.balanceLoss }
          : {
            step: d.step, bcLoss: md.bcLoss, robustLoss: md.robustLoss, lambda: md.lambda, divergence: md.divergence,
            ess: md.ess, maxWeight: md.maxWeight, balanceResidual: md.balanceResidual,
          }];
      });
      hooks.onProgress?.(d.step, diag);
    },
  }, { weights: opts.weights });
}

/** A planned member as the trainer's member: MBIL is a BC member with MBIL's loss (same seed, same minibatches as BC's). */
const memberInput = (setup: Setup, m: PlannedMember) =>
  (m.algo === 'mbil' ? { ...benchMember(m.algo, m.seed, null), label: `mbil alpha=${setup.mbilAlpha} beta=${setup.mbilBeta} seed=${m.seed}` } : benchMember(m.algo, m.seed, m.rho, setup.kappa));

/** The setup's training settings as the trainer's (and MBIL's loss weights): one mapping for every entry point. */
export function trainerSettings(setup: Setup) {
  return {
    loss: 'nll', mbilAlpha: setup.mbilAlpha, mbilBeta: setup.mbilBeta,
    divergence: setup.divergence, gamma: setup.gamma, weightClip: setup.clip > 1 ? setup.clip : null,
    warmStartFraction: setup.warmStart, policyHidden: [setup.hidden, setup.hidden], learningRate: setup.lr,
    batchSize: setup.batch, steps: setup.steps,
  };
}

/** MBIL's density settings of a setup (its seed, environment and action bounds are added where they are fitted). */
export const densitySettings = (setup: Setup) => ({ densitySteps: setup.mbilDensitySteps, flowBlocks: setup.mbilFlowBlocks });

/**
 * MBIL's frozen balance targets for the members with MBIL's loss: one fit serves them all (same data, seed and
 * settings), the page's runs and every grid cell alike.
 */
export async function fitBalance(setup: Setup, data: Dataset, opts: Parameters<typeof balanceTargetsFor>[2] = {}, where = 'MBIL settings'): Promise<BalanceTargets> {
  const bounds = actionBounds(getEnvSpec(setup.envId).actionSpace);
  return (await balanceTargetsFor(data, { seed: setup.seed, envId: setup.envId, ...densitySettings(setup), ...bounds }, opts, where)).targets;
}

/** Diagnostics are logged about 150 times a run, every 5 to 50 steps. */
export const logEveryOf = (setup: Pick<Setup, 'steps'>) => Math.max(5, Math.min(50, Math.round(setup.steps / 150)));

/** What a run trains, stage by stage, and how big each stage is (for the progress fraction). */
export function planRun(setup: Setup) {
  const spec = getEnvSpec(setup.envId);
  const members = planMembers(setup);
  // Discrete actions fit one density model (the classifier), continuous ones two flows (mbil/densities.ts);
  // the page counts the same steps before the first progress message (planSteps).
  const steps = planSteps(setup, members, spec.actionSpace.kind);
  // MBIL, and BE-DROIL with the MBIL loss ("Robust MBIL"), need MBIL's frozen balance targets, fitted first.
  const needsBalance = steps.balanceSteps > 0;
  return { spec, members, needsBalance, ...steps };
}

/**
 * The stages' sizes and prior costs (progress.ts). On a pool of `workers`, the ensemble trains in one group per
 * seed and worker (pool.ts: its step costs a group's step) and the evaluation's items run on every worker.
 */
export function runStages(setup: Setup, plan: ReturnType<typeof planRun>, workers = 1, kept?: KeptPieces) {
  const seeds = new Set(plan.members.map((m) => m.seed)).size;
  // With balance targets the pool trains the whole ensemble in one worker (pool.ts).
  const groups = plan.needsBalance ? 1 : Math.max(1, Math.min(workers, seeds));
  // Reading A fits two density models per seed inside the ensemble stage (readings.ts); this worker reports its group's.
  // The evaluation's items kept from earlier runs (`kept`) cost nothing: they are not counted.
  const evalCost = evaluationCost(setup, plan.members.length, kept);
  const seedsA = new Set(plan.members.filter((m) => READING_A_IDS.includes(m.algo)).map((m) => m.seed)).size;
  return new RunProgress([
    { name: 'balance', units: plan.balanceSteps, unitMs: PRIOR_MS.densityStep },
    { name: 'reading A', units: Math.ceil(seedsA / groups) * READING_A_MODELS * setup.mbilDensitySteps, unitMs: PRIOR_MS.densityStep },
    { name: 'ensemble', units: plan.members.length ? setup.steps : 0, unitMs: PRIOR_MS.ensembleStep(Math.ceil(plan.members.length / groups), setup.batch) },
    // The evaluation in its three parts, each with its own prior per unit of itemCost and timed on its own once under
    // way (progress.ts PRIOR_MS): one rate for all three misjudged the boxes and kernels by up to -46 %.
    { name: 'evaluation', units: evalCost.first, unitMs: PRIOR_MS.evalFirstUnit / Math.max(1, workers) },
    { name: 'worst boxes', units: evalCost.box, unitMs: PRIOR_MS.evalBoxUnit / Math.max(1, workers) },
    // The kernels on one worker: items end to end, their rest at the fastest one's rate (progress.ts `settles`; with
    // helpers the items run side by side and their ends time no item).
    { name: 'worst kernels', units: evalCost.kernel, unitMs: PRIOR_MS.evalKernelUnit / Math.max(1, workers), settles: workers <= 1 },
  ], PRIOR_MS.resultMs);
}

export async function runExperiment(setup: Setup, data: Dataset, hooks: RunHooks): Promise<RunResult> {
  const { control } = hooks;
  const plan = planRun(setup);
  const { spec, members, needsBalance, balanceSteps, totalSteps } = plan;
  if (data.obsDim !== spec.obsNames.length) {
    throw new UserError(`the loaded demonstrations have ${data.obsDim} observation values but ${spec.id} has ${spec.obsNames.length}; load data for ${spec.id}`, data.meta.source);
  }
  planEval(setup); // checks the evaluation settings (evalShift's and boxParams' names) before training
  // A re-Train of an unchanged setup on the same data trains the same policies (seeded): the evaluation's pieces kept
  // from the first are not counted, or the ETA reads about 2x while it trains (the evaluation then takes no time).
  const cache = hooks.evalCache, trainedAs = trainingKey(setup, data, hooks.backend.backend);
  const progress = runStages(setup, plan, hooks.workers, cache && { cache, prints: cache.trainedBefore(trainedAs) ?? [] });
  let backend = hooks.backend;

  const t0 = performance.now();
  let pausedMs = 0, pauseStart = 0;
  let pending: Record<number, DiagPoint[]> = {};
  let pendingDensity: Partial<Record<DensityModel, DensityPoint[]>> = {};
  let lastSent = 0, lastStep = 0;
  let stage = '';
  let changedBackend: BackendInfo | undefined;
  const elapsedNow = () => performance.now() - t0 - pausedMs;
  /** The last progress message's delivery (see RunHooks.onProgress). */
  let delivered: Promise<unknown> = Promise.resolve();
  const flush = (phase: TrainProgress['phase'], evalFraction?: number, paused = false) => {
    const elapsed = elapsedNow();
    const sent = hooks.onProgress?.({
      phase, step: lastStep, totalSteps, stepsPerSec: lastStep / Math.max(1e-3, elapsed / 1000), elapsedMs: elapsed,
      diag: pending, density: pendingDensity, evalFraction, backend: changedBackend, paused, stage,
      fraction: progress.fraction(), etaMs: progress.etaMs(elapsed),
    });
    delivered = Promise.resolve(sent).then(() => undefined, () => undefined);
    pending = {};
    pendingDensity = {};
    changedBackend = undefined;
    lastSent = performance.now();
  };
  // At most ten messages a second: the page redraws on each.
  const maybeFlush = () => { if (performance.now() - lastSent >= 100) flush('training'); };
  /** Every stage's pause hook; `at` is where the run holds (a pause lands between two steps), for the page. */
  const pauseHook = (at: () => number) => () => {
    if (control.paused && !pauseStart) {
      pauseStart = performance.now();
      lastStep = at();
      flush('training', undefined, true);
    }
    if (!control.paused && pauseStart) { pausedMs += performance.now() - pauseStart; pauseStart = 0; }
    return control.paused;
  };
  const shouldStop = () => control.stopped;

  let stopped = false;
  /** Training diverged (the trainer's message: where, and from which step the kept parameters are). */
  let diverged: string | undefined;
  const policies = new Map<number, PolicyJson>();
  const ensembleWeights: Record<number, Float32Array | undefined> = {};
  const densityIndex: Partial<Record<DensityModel, number>> = {};
  /** A density-fit point: its place in the run's progress and its point on the NLL curve. */
  const densityPoint = (model: DensityModel, point: DensityPoint) => {
    const k = (densityIndex[model] ??= Object.keys(densityIndex).length);
    lastStep = k * setup.mbilDensitySteps + point.step;
    progress.set('balance', lastStep);
    (pendingDensity[model] ??= []).push({ step: point.step, trainNll: point.trainNll, dataNll: point.dataNll });
    maybeFlush();
  };
  let balance: BalanceTargets | undefined;
  if (needsBalance) {
    // One fit serves every member with MBIL's loss (MBIL, BE-DROIL with the MBIL loss): same data, seed and settings.
    stage = 'MBIL density models';
    flush('training');
    progress.begin('balance', elapsedNow());
    balance = await fitBalance(setup, data, { shouldStop, shouldPause: pauseHook(() => lastStep), onLog: densityPoint });
    progress.finish('balance');
  }
  if (members.length && !control.stopped) {
    stage = members.length === 1 ? ALGO_LABELS[members[0].algo] : 'the ensemble';
    // Reading A fits its density models inside the ensemble stage (per seed, before the first step): say so.
    const readingA = members.some((m) => READING_A_IDS.includes(m.algo));
    if (readingA) stage = `reading A's density models, then ${stage}`;
    progress.begin(readingA ? 'reading A' : 'ensemble', elapsedNow());
    // Reading A's fits: one model after the other (a step count that starts again is the next model).
    let fits = 0, lastFit = '', lastFitStep = Infinity;
    const train = hooks.trainEnsemble ?? trainEnsemble;
    const trained = await train(setup, data, members, balance, {
      shouldStop, shouldPause: pauseHook(() => lastStep),
      onBackendFallback: (message) => { backend = { backend: hooks.currentBackend?.() ?? backend.backend, reason: message }; changedBackend = backend; hooks.onBackend?.(backend); },
      onReadingFit: (model, point) => {
        if (model !== lastFit || point.step < lastFitStep) { if (lastFit) fits++; lastFit = model; }
        lastFitStep = point.step;
        progress.set('reading A', fits * setup.mbilDensitySteps + point.step);
        maybeFlush();
      },
      onProgress: (step, diag) => {
        if (readingA) { progress.finish('reading A'); progress.begin('ensemble', elapsedNow()); }
        lastStep = balanceSteps + step;
        progress.set('ensemble', step);
        for (const [id, pts] of Object.entries(diag)) (pending[Number(id)] ??= []).push(...pts);
        maybeFlush();
      },
    });
    stopped = trained.status === 'stopped';
    if (trained.status === 'diverged') diverged = trained.message ?? 'training diverged';
    lastStep = balanceSteps + trained.step;
    for (const m of members) policies.set(m.id, trained.policies[m.id]);
    Object.assign(ensembleWeights, trained.weights);
    progress.finish('ensemble');
    flush('training');
  }
  stopped ||= control.stopped;
  stage = '';
  flush('training');
  const trainMs = performance.now() - t0 - pausedMs;

  // Evaluation: plain-TS policies (no tfjs) on the vectorised simulator, the same pieces as a re-evaluation.
  const trained: MemberInfo[] = members.filter((m) => policies.has(m.id));
  const weightsById: Record<number, Float32Array | undefined> = {};
  // Readings A and B have no adversary over the data (their weights are 1): nothing to chart.
  trained.forEach((m) => { weightsById[m.id] = m.algo === 'bc' || m.rho === 0 || READING_BENCH_NAMES[m.algo] ? undefined : ensembleWeights[m.id]; });
  const trainKept = `training stopped at step ${lastStep} of ${totalSteps}, ${trained.length} of ${members.length} policies trained`;
  if (stopped || control.stopped) {
    // Stop ends the run now (within a step): the kept policies go back unevaluated, with their adversary
    // weights; the page evaluates them next as an ordinary evaluation (cancellable, progressive).
    const plan = planEval(setup);
    const weights: Record<number, Float32Array> = {};
    for (const [id, w] of Object.entries(weightsById)) if (w) weights[Number(id)] = w;
    await delivered;
    return {
      ...runResult(setup, trained, plan, assembleEval(plan, trained, [], {}, 0, true), { backend, stopped: true, trainMs, evalMs: 0, policies: Object.fromEntries(policies), diverged, trainKept }),
      unevaluated: { members: trained, weights, trainKept },
    };
  }
  const parts = ['evaluation', 'worst boxes', 'worst kernels'] as const;
  const full = evaluationCost(setup, members.length);
  let keptUnits = 0;
  if (cache) {
    // The policies are known: remembered for a re-Train, and the evaluation's parts sized by the pieces kept now (as
    // predicted, unless this training's policies differ from the remembered ones).
    const prints = members.map((m) => (policies.has(m.id) ? policyFingerprint(policies.get(m.id)!) : undefined));
    if (prints.every((p) => p !== undefined)) cache.rememberTraining(trainedAs, prints as string[]);
    const left = evaluationCost(setup, members.length, { cache, prints });
    (['first', 'box', 'kernel'] as const).forEach((part, i) => { progress.resize(parts[i], left[part]); keptUnits += full[part] - left[part]; });
  }
  const evalUnits = full.first + full.box + full.kernel;
  // Say at once that the evaluation has begun (a Stop from here on ends the evaluation, not the training).
  progress.begin('evaluation', elapsedNow());
  flush('evaluating', 0);
  const ev = await (hooks.evaluate ?? evaluateRun)({ setup, members: trained, policies: Object.fromEntries(policies), weights: weightsById }, {
    shouldStop, yieldNow: hooks.yieldNow, cache: hooks.evalCache,
    onFraction: (f) => {
      // Items finish nearly in the queue's order (the boxes, then the kernels last): the parts' units one after the
      // other, each begun once those before it are done (not at its first item's end: its first item is timed from its start).
      // The kept pieces are taken first and count for nothing here (their parts were sized without them).
      progress.setInOrder([...parts], f * evalUnits - keptUnits, elapsedNow());
      if (performance.now() - lastSent >= 100 || f === 1) flush('evaluating', f);
    },
  });
  await delivered;
  return runResult(setup, trained, ev.plan, ev, {
    backend, stopped: ev.stopped, trainMs, evalMs: ev.evalMs, policies: Object.fromEntries(policies), diverged,
  });
}
