// A playground run, start to end, as one pipeline: plan the members (every chosen algorithm per seed, the
// robust ones per radius), fit MBIL's balance densities when BE-DROIL uses the MBIL loss, train the DRO
// ensemble (BC, DRO-BC, BE-DROIL as one batched trainer), train MBIL (densities, then policies), evaluate every
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
import { UserError } from '../errors';
import { balanceTargetsFor } from '../mbil/balance';
import { createMbilTrainer, type MbilTrainer } from '../mbil';
import { ALGO_LABELS, type Setup } from '../setup';
import { assembleEval, planEval } from './evaluate';
import type { EvalPieceCache } from './eval-cache';
import { evaluateRun, evaluationCost } from './evaluate-run';
import { planMembers, planSteps } from './members';
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
  /** At most ten a second, and at once on a new stage or a confirmed pause. */
  onProgress?: (p: TrainProgress) => void;
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
  /** The steps done and the diagnostics logged at this step, per member id. */
  onProgress?: (step: number, diag: Record<number, DiagPoint[]>) => void;
  onBackendFallback?: (message: string) => void;
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
 * Trains `members` (BC, DRO-BC, BE-DROIL; no MBIL) as one batched ensemble with the setup's training settings.
 * Every member's numbers depend on its own seed only, not on the other members of the batch: a pool that
 * trains the members in groups gets the same policies (test/e2e/pool.e2e.test.ts).
 */
export async function trainEnsemble(setup: Setup, data: Dataset, members: MemberInfo[], balance: BalanceTargets | undefined, hooks: EnsembleHooks = {}): Promise<EnsembleTrained> {
  const spec = getEnvSpec(setup.envId);
  const space = spec.actionSpace;
  const bounds = space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
  const trained = await trainMembers(ensembleConfig(setup, members), data, balance, undefined, {
    shouldStop: hooks.shouldStop, shouldPause: hooks.shouldPause,
    onEvent: (ev) => { if (ev.kind === 'backend-fallback') hooks.onBackendFallback?.(ev.message); },
    onProgress: (d) => {
      const diag: Record<number, DiagPoint[]> = {};
      d.members.forEach((md, i) => {
        diag[members[i].id] = [{
          step: d.step, bcLoss: md.bcLoss, robustLoss: md.robustLoss, lambda: md.lambda, divergence: md.divergence,
          ess: md.ess, maxWeight: md.maxWeight, balanceResidual: md.balanceResidual,
        }];
      });
      hooks.onProgress?.(d.step, diag);
    },
  }, { weights: true });
  return {
    status: trained.status, step: trained.step, ...(trained.status === 'diverged' ? { message: trained.message } : {}),
    policies: Object.fromEntries(members.map((m, i) => [m.id, trained.policies[i]])),
    weights: Object.fromEntries(members.map((m, i) => [m.id, trained.weights![i]])),
  };
}

/** The trainer's config for a setup's ensemble members (BC, DRO-BC, BE-DROIL). */
export function ensembleConfig(setup: Setup, members: MemberInfo[]) {
  const space = getEnvSpec(setup.envId).actionSpace;
  const bounds = space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
  return {
    loss: 'nll', mbilAlpha: setup.mbilAlpha, mbilBeta: setup.mbilBeta,
    members: members.map((m) => ({ algo: m.algo, rho: m.rho, kappa: setup.kappa, seed: m.seed, loss: m.algo === 'be-droil' ? setup.loss : 'nll' })),
    divergence: setup.divergence, gamma: setup.gamma, weightClip: setup.clip > 1 ? setup.clip : null,
    warmStartFraction: setup.warmStart, policyHidden: [setup.hidden, setup.hidden], learningRate: setup.lr,
    batchSize: setup.batch, steps: setup.steps, logEvery: logEveryOf(setup), envId: setup.envId, seed: setup.seed, ...bounds,
  };
}

/** Diagnostics are logged about 150 times a run, every 5 to 50 steps. */
export const logEveryOf = (setup: Pick<Setup, 'steps'>) => Math.max(5, Math.min(50, Math.round(setup.steps / 150)));

/** What a run trains, stage by stage, and how big each stage is (for the progress fraction). */
export function planRun(setup: Setup) {
  const spec = getEnvSpec(setup.envId);
  const members = planMembers(setup);
  // MBIL trains outside the DRO ensemble (its own trainer, densities first); everything else is one ensemble.
  const ensembleMembers = members.filter((m) => m.algo !== 'mbil');
  const mbilMembers = members.filter((m) => m.algo === 'mbil');
  // Discrete actions fit one density model (the classifier), continuous ones two flows (mbil/densities.ts);
  // the page counts the same steps before the first progress message (planSteps).
  const steps = planSteps(setup, members, spec.actionSpace.kind);
  // "Robust MBIL": BE-DROIL members with the MBIL loss need MBIL's frozen balance targets, fitted first.
  const robustMbil = steps.balanceSteps > 0;
  return { spec, members, ensembleMembers, mbilMembers, robustMbil, ...steps };
}

/**
 * The stages' sizes and prior costs (progress.ts). On a pool of `workers`, the ensemble trains in one group per
 * seed and worker (pool.ts: its step costs a group's step) and the evaluation's items run on every worker.
 */
export function runStages(setup: Setup, plan: ReturnType<typeof planRun>, workers = 1) {
  const seeds = new Set(plan.ensembleMembers.map((m) => m.seed)).size;
  const groups = plan.robustMbil ? 1 : Math.max(1, Math.min(workers, seeds));
  return new RunProgress([
    { name: 'balance', units: plan.balanceSteps, unitMs: PRIOR_MS.densityStep },
    { name: 'ensemble', units: plan.ensembleMembers.length ? setup.steps : 0, unitMs: PRIOR_MS.ensembleStep(Math.ceil(plan.ensembleMembers.length / groups), setup.batch) },
    { name: 'mbil-density', units: plan.mbilMembers.length ? plan.densityModels * setup.mbilDensitySteps : 0, unitMs: PRIOR_MS.densityStep },
    { name: 'mbil', units: plan.mbilMembers.length ? setup.steps : 0, unitMs: PRIOR_MS.mbilStep(plan.mbilMembers.length) },
    { name: 'evaluation', units: evaluationCost(setup, plan.members.length), unitMs: PRIOR_MS.evalUnit / Math.max(1, workers) },
  ]);
}

export async function runExperiment(setup: Setup, data: Dataset, hooks: RunHooks): Promise<RunResult> {
  const { control } = hooks;
  const plan = planRun(setup);
  const { spec, members, ensembleMembers, mbilMembers, densityModels, robustMbil, balanceSteps, ensembleSteps, totalSteps } = plan;
  if (data.obsDim !== spec.obsNames.length) {
    throw new UserError(`the loaded demonstrations have ${data.obsDim} observation values but ${spec.id} has ${spec.obsNames.length}; load data for ${spec.id}`, data.meta.source);
  }
  planEval(setup); // checks the evaluation settings (e.g. evalShift's names) before training
  const space = spec.actionSpace;
  const bounds = space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
  const logEvery = logEveryOf(setup);
  const progress = runStages(setup, plan, hooks.workers);
  let backend = hooks.backend;

  const t0 = performance.now();
  let pausedMs = 0, pauseStart = 0;
  let pending: Record<number, DiagPoint[]> = {};
  let pendingDensity: Partial<Record<DensityModel, DensityPoint[]>> = {};
  let lastSent = 0, lastStep = 0;
  let stage = '';
  let changedBackend: BackendInfo | undefined;
  const elapsedNow = () => performance.now() - t0 - pausedMs;
  const flush = (phase: TrainProgress['phase'], evalFraction?: number, paused = false) => {
    const elapsed = elapsedNow();
    hooks.onProgress?.({
      phase, step: lastStep, totalSteps, stepsPerSec: lastStep / Math.max(1e-3, elapsed / 1000), elapsedMs: elapsed,
      diag: pending, density: pendingDensity, evalFraction, backend: changedBackend, paused, stage,
      fraction: progress.fraction(), etaMs: progress.etaMs(elapsed),
    });
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
  let mbil: MbilTrainer | null = null;
  try {
    const densityConfig = { seed: setup.seed, envId: spec.id, densitySteps: setup.mbilDensitySteps, flowBlocks: setup.mbilFlowBlocks, ...bounds };
    const densityIndex: Partial<Record<DensityModel, number>> = {};
    /** A density-fit point: its place in the run's progress and its point on the NLL curve. */
    const densityPoint = (offset: number, progressStage: string, model: DensityModel, point: DensityPoint, chart = true) => {
      const k = (densityIndex[model] ??= Object.keys(densityIndex).length);
      lastStep = offset + k * setup.mbilDensitySteps + point.step;
      progress.set(progressStage, k * setup.mbilDensitySteps + point.step);
      if (chart) (pendingDensity[model] ??= []).push({ step: point.step, trainNll: point.trainNll, dataNll: point.dataNll });
      maybeFlush();
    };
    let balance: BalanceTargets | undefined;
    if (robustMbil) {
      stage = 'MBIL density models (for BE-DROIL\'s balance loss)';
      flush('training');
      progress.begin('balance', elapsedNow());
      balance = (await balanceTargetsFor(data, densityConfig, {
        shouldStop, shouldPause: pauseHook(() => lastStep),
        onDensityProgress: ({ model, point }) => densityPoint(0, 'balance', model, point),
      }, 'MBIL settings')).targets;
      progress.finish('balance');
    }
    if (ensembleMembers.length && !control.stopped) {
      stage = ensembleMembers.length === 1 ? ALGO_LABELS[ensembleMembers[0].algo] : 'the ensemble';
      progress.begin('ensemble', elapsedNow());
      const train = hooks.trainEnsemble ?? trainEnsemble;
      const trained = await train(setup, data, ensembleMembers, balance, {
        shouldStop, shouldPause: pauseHook(() => lastStep),
        onBackendFallback: (message) => { backend = { backend: hooks.currentBackend?.() ?? backend.backend, reason: message }; changedBackend = backend; hooks.onBackend?.(backend); },
        onProgress: (step, diag) => {
          lastStep = balanceSteps + step;
          progress.set('ensemble', step);
          for (const [id, pts] of Object.entries(diag)) (pending[Number(id)] ??= []).push(...pts);
          maybeFlush();
        },
      });
      stopped = trained.status === 'stopped';
      if (trained.status === 'diverged') diverged = trained.message ?? 'training diverged';
      lastStep = balanceSteps + trained.step;
      for (const m of ensembleMembers) policies.set(m.id, trained.policies[m.id]);
      Object.assign(ensembleWeights, trained.weights);
      progress.finish('ensemble');
      flush('training');
    }

    stopped ||= control.stopped;
    if (mbilMembers.length && !stopped && !diverged) {
      stage = 'MBIL density models';
      flush('training');
      const offset = ensembleSteps;
      // The same data, seed and settings give the same densities as the balance fit above (mbil/balance.ts):
      // their curves are on the chart already.
      const curvesShown = robustMbil;
      for (const k of Object.keys(densityIndex)) delete densityIndex[k as DensityModel];
      mbil = createMbilTrainer({
        members: mbilMembers.map((m) => ({ alpha: setup.mbilAlpha, beta: setup.mbilBeta, seed: m.seed })),
        steps: setup.steps, batchSize: setup.batch, learningRate: setup.lr, policyHidden: [setup.hidden, setup.hidden],
        logEvery, ...densityConfig,
      }, data, 'MBIL settings');
      progress.begin('mbil-density', elapsedNow());
      const mb = mbil;
      const run = await mb.run({
        shouldStop, shouldPause: pauseHook(() => lastStep),
        onDensityProgress: ({ model, point }) => densityPoint(offset, 'mbil-density', model, point, !curvesShown),
        onProgress: (d) => {
          if (stage !== 'MBIL policies') { stage = 'MBIL policies'; progress.finish('mbil-density'); progress.begin('mbil', elapsedNow()); }
          lastStep = offset + densityModels * setup.mbilDensitySteps + d.step;
          progress.set('mbil', d.step);
          d.members.forEach((md, i) => {
            (pending[mbilMembers[i].id] ??= []).push({
              step: d.step, bcLoss: md.bcLoss, robustLoss: NaN, lambda: NaN, divergence: NaN, ess: 1, maxWeight: 1,
              balanceResidual: md.balanceResidual, mbilLoss: md.mbilLoss, balanceLoss: md.balanceLoss,
            });
          });
          maybeFlush();
        },
      });
      stopped = run.status === 'stopped';
      // Stopped during the density fit: the policies are still at their initialisation (evaluated as such).
      // Diverged: this trainer keeps no last good parameters, so its policies are left out.
      if (run.status === 'diverged') diverged = `MBIL ${run.message ?? 'training diverged'}; its policies were left out`;
      else (await mb.snapshot()).forEach((j, i) => policies.set(mbilMembers[i].id, j));
      progress.finish('mbil-density');
      progress.finish('mbil');
    }
    stage = '';
    flush('training');
  } finally {
    mbil?.dispose();
  }
  const trainMs = performance.now() - t0 - pausedMs;

  // Evaluation: plain-TS policies (no tfjs) on the vectorised simulator, the same pieces as a re-evaluation.
  const trained: MemberInfo[] = members.filter((m) => policies.has(m.id));
  const weightsById: Record<number, Float32Array | undefined> = {};
  trained.forEach((m) => { weightsById[m.id] = m.algo === 'bc' || m.rho === 0 ? undefined : ensembleWeights[m.id]; });
  const trainKept = `training stopped at step ${lastStep} of ${totalSteps}, ${trained.length} of ${members.length} policies trained`;
  if (stopped || control.stopped) {
    // Stop ends the run now (within a step): the kept policies go back unevaluated, with their adversary
    // weights; the page evaluates them next as an ordinary evaluation (cancellable, progressive).
    const plan = planEval(setup);
    const weights: Record<number, Float32Array> = {};
    for (const [id, w] of Object.entries(weightsById)) if (w) weights[Number(id)] = w;
    return {
      ...runResult(setup, trained, plan, assembleEval(plan, trained, [], {}, 0, true), { backend, stopped: true, trainMs, evalMs: 0, policies: Object.fromEntries(policies), diverged, trainKept }),
      unevaluated: { members: trained, weights, trainKept },
    };
  }
  const evalUnits = progress.stages.find((s) => s.name === 'evaluation')!.units;
  // Say at once that the evaluation has begun (a Stop from here on ends the evaluation, not the training).
  progress.begin('evaluation', elapsedNow());
  flush('evaluating', 0);
  const ev = await (hooks.evaluate ?? evaluateRun)({ setup, members: trained, policies: Object.fromEntries(policies), weights: weightsById }, {
    shouldStop, yieldNow: hooks.yieldNow, cache: hooks.evalCache,
    onFraction: (f) => {
      progress.set('evaluation', f * evalUnits);
      if (performance.now() - lastSent >= 100 || f === 1) flush('evaluating', f);
    },
  });
  return runResult(setup, trained, ev.plan, ev, {
    backend, stopped: ev.stopped, trainMs, evalMs: ev.evalMs, policies: Object.fromEntries(policies), diverged,
  });
}
