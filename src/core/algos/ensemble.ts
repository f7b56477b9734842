// The trainer: M members (BC, DRO-BC or BE-DROIL, each with its own rho or tau, kappa and seed) trained as
// ONE batched program: stacked weights [M, in, out], batched matmuls, per-member lambda by the vectorised
// bisection, and the sum of the members' losses as the objective (their gradients do not interact, and Adam
// is per-element, so each member follows exactly its own run). A single model is an ensemble of one.
//
// One step (ALGORITHMS.md 3.3 "Training loop"), for every member at once:
//   draw a batch (s, a, s', end) and a batch of initial states S0 from the member's seeded stream
//   l_i   = l_theta(s_i, a_i)                              (detached)
//   c     = mean_i |l_i|;  e_i = l_i + c (gamma next_i - nu(s_i))   (nu masked to 0 for BC and DRO-BC)
//   lambda: D_f(w_lambda) = rho by bisection (or lambda = tau); eta for chi^2
//   w     = weights(e, lambda, eta), optionally clipped; w = 1 for BC, rho = 0, and during the warm start
//   nu    <- Adam step on J(nu; lambda, eta) + kappa c ||nu||^2  (m_nu steps; lambda re-solved before each later one)
//   theta <- Adam step on mean_i w_i l_theta(s_i, a_i)
// The weights and the nu step are both taken at the current (theta, nu): a simultaneous Danskin step.
// Readings of ALGORITHMS.md 3.5 ride on the same step: segment-dro averages e within segments (segment-dro.ts),
// fixed-weights multiplies w by given per-transition weights (B, likelihood-ratio.ts), and tilted-kernel adds
// alpha times the KL-tilted loss at K candidate next states per transition (A, tilted-kernel.ts).
import { tf, currentBackend, fallbackFrom, webGpuDeviceLost, type BackendName } from '../tf';
import { Rng } from '../rng';
import { UserError } from '../errors';
import type { Dataset } from '../data/dataset';
import { resolveTrainConfig, type ResolvedMember, type TrainConfig } from './config';
import { MinibatchSampler, type Minibatch } from './sampler';
import { TrainingRows, type BalanceTargets } from './training-rows';
import { stopGradient } from './stop-gradient';
import { untapedGrads } from './untaped-step';
import { waitWhilePaused } from '../pause';
import { initHostMlp, layerVariables, mlpSizes, stackLayers, stackedForward, stackedSquaredNorm, unstackLayers, type HostLayer, type StackedLayer } from './mlp';
import { imitationLoss, observationStats, policyOutputDim, policyToJson, type Normaliser, type PolicyAction, type PolicyJson } from './policy';
import { clipWeights, divergenceOf, effectiveSampleSize, chi2Eta, solveLambda, weightsFor } from './dro-weights';
import { balanceCorrectedLoss, balanceResidual, balanceTerm, initialStateTerm, maskedDualJ, nuEffect, splitNuValues, type NuValues } from './be-droil';
import { weightedImitationLoss } from './bc';
import { FlatAdam } from './adam';
import { balanceResidual as mbilResidual, mbilSampleLoss, policyLogProb, residualStats } from '../mbil/loss';
import { segmentAverager, segmentIds, segmentLoss } from './segment-dro';
import { candidateRows, gatherCandidates, memberSelection, selectMembers, tiltedTerm, tiltedWeights, type CandidateRows, type KernelCandidates } from './tilted-kernel';

/**
 * bcLoss is the mean of the loss the member imitates with (for loss 'mbil': MBIL's L_i); nllLoss the mean NLL
 * l_i alone and balanceLoss MBIL's mean r_i^2 over the batch's pairs (members with loss 'mbil'; 0 for the
 * others), so that an MBIL member charts its BC and balance losses as MBIL's own trainer did.
 */
export const DIAGNOSTIC_KEYS = ['bcLoss', 'robustLoss', 'lambda', 'eta', 'divergence', 'ess', 'maxWeight', 'balanceResidual', 'nuEffect', 'nllLoss', 'balanceLoss'] as const;
export type DiagnosticKey = (typeof DIAGNOSTIC_KEYS)[number];
export type MemberDiagnostics = Record<DiagnosticKey, number>;

export interface Diagnostics {
  /** Steps completed (this batch's update included). */
  step: number;
  phase: 'warm-start' | 'robust';
  backend: BackendName;
  /** One entry per member, in config order (NaN for a frozen member). */
  members: MemberDiagnostics[];
  /** Members frozen after diverging (indices): they train no more and have no diagnostics from here on. */
  frozen?: number[];
}

export interface TrainerEvent { step: number; kind: 'backend-fallback' | 'diverged' | 'stopped' | 'done'; message: string }

export interface RunOptions {
  onProgress?: (d: Diagnostics) => void;
  shouldStop?: () => boolean;
  /** While this returns true, training waits (polled every 50 ms). */
  shouldPause?: () => boolean;
  onEvent?: (e: TrainerEvent) => void;
}

export interface RunResult {
  status: 'done' | 'stopped' | 'diverged';
  step: number;
  message?: string;
  events: TrainerEvent[];
}

export interface BatchWeights {
  /** Transition indices of the batch. */
  indices: Int32Array;
  /** Per member: w, e and l over the batch, and lambda. */
  members: { weights: Float32Array; e: Float32Array; loss: Float32Array; lambda: number; eta: number }[];
}

/**
 * Per-transition inputs of the readings of ALGORITHMS.md 3.5, one entry per member (null for the others):
 * weights for 'fixed-weights' members (reading B: N non-negative weights, used as given: normalise them first),
 * candidates for 'tilted-kernel' members (reading A: K labelled next states per transition).
 */
export interface ReadingInputs {
  weights?: (Float32Array | null)[];
  candidates?: (KernelCandidates | null)[];
}

/** Host copy of every member's parameters: the last good state, the source of snapshots and of recovery. */

interface HostState {
  step: number;
  policy: HostLayer[][];
  logStd: Float32Array[] | null;
  nu: HostLayer[][];
}

/** A member that diverged: frozen at its parameters of step `kept` (the last check it passed) from step `at` on. */
interface Frozen { member: number; what: string; at: number; kept: number }

/** The frozen members' parameters on the device, held after every step: per variable a mask of their slices and their kept values. */
interface FrozenDevice { vars: tf.Variable[]; masks: tf.Tensor[]; values: tf.Tensor[] }

/**
 * MBIL's frozen balance target per transition (src/core/mbil/balance.ts): d_i = log P_hat - log T_hat (or
 * log q_hat) at the pair starting at i, mask_i = 1 there and 0 where i has no successor in its episode.
 * Needed by members with loss 'mbil', whose per-sample loss is alpha m_i (d_i - log pi(a'_i | s'_i))^2 + beta l_i.
 */
export type { BalanceTargets } from './training-rows';

/** Device tensors of the MBIL loss: alpha, beta [M, 1] (0 and 1 for NLL members), uses [M] (1: loss 'mbil'). Its per-pair data come with each batch. */
interface MbilDevice { alpha: tf.Tensor2D; beta: tf.Tensor2D; uses: tf.Tensor1D }

interface DeviceState {
  mbil: MbilDevice | null;
  policy: StackedLayer[]; logStd: tf.Variable | null; nu: StackedLayer[];
  policyOpt: FlatAdam; nuOpt: FlatAdam;
  /** tilted-kernel members: their one-hot selection among the members ([T, M]), alpha and the tilt's radius ([T, 1]). */
  augSelect: tf.Tensor2D; augAlpha: tf.Tensor2D; augRho: tf.Tensor2D;
  rho: tf.Tensor2D; rhoForJ: tf.Tensor2D; tau: tf.Tensor2D; penalised: tf.Tensor2D; robustMask: tf.Tensor2D; nuMask: tf.Tensor2D; kappa: tf.Tensor1D;
}

export interface TrainerInfo {
  action: PolicyAction;
  normaliser: Normaliser;
  numTransitions: number;
  numEpisodes: number;
  warmStartSteps: number;
  /** Transitions per batch: config.batchSize, or the dataset's size when it is smaller (smallDataBatch 'whole'). */
  batchSize: number;
}

/** The policy's action space from the data and the config (bounds from the data when the config has none). */
export function datasetAction(d: Dataset, c: Pick<TrainConfig, 'numActions' | 'actionLow' | 'actionHigh'>): PolicyAction {
  if (d.actionKind === 'discrete') {
    const n = c.numActions ?? d.numActions ?? 1 + d.actions.reduce((mx, v) => Math.max(mx, v), 0);
    return { kind: 'discrete', n: Math.max(n, 2) };
  }
  const m = d.actionDim;
  let low = c.actionLow, high = c.actionHigh;
  if (!low || !high) {
    low = new Array(m).fill(Infinity); high = new Array(m).fill(-Infinity);
    for (let i = 0; i < d.actions.length; i++) { const j = i % m; low[j] = Math.min(low[j], d.actions[i]); high[j] = Math.max(high[j], d.actions[i]); }
    for (let j = 0; j < m; j++) if (!(high[j] > low[j])) { low[j] -= 1; high[j] += 1; }
  }
  if (low.length !== m || high.length !== m) throw new UserError(`action bounds have ${low.length}/${high.length} entries, the data's actions have ${m} dimensions`, 'training config');
  return { kind: 'continuous', dim: m, low: [...low], high: [...high] };
}

export class Trainer {
  readonly config: TrainConfig;
  readonly members: ResolvedMember[];
  readonly info: TrainerInfo;
  private readonly data: Dataset;
  /** Every member BE-DROIL: nu's mask is all ones, and neither step multiplies by it (x 1 = x exactly). */
  private readonly allBeDroil: boolean;
  private readonly sampler: MinibatchSampler;
  private readonly rows: TrainingRows;
  private dev!: DeviceState;
  private host: HostState;
  private stepCount = 0;
  private hostFresh = true;
  private lost: string | null = null;
  /** Each member's mean loss on the first batch before any step: the scale that divergence is judged against. */
  private startLoss: Float32Array | null = null;
  private failedBackends: BackendName[] = [];
  readonly events: TrainerEvent[] = [];
  /**
   * Members that diverged, in the order found. Each is frozen at its own last good parameters and takes no
   * further update while the others train on: the members never interact, so every other member's numbers are
   * those of its run without the diverged one (how the seeds are split across workers or cells does not matter).
   */
  private readonly frozen: Frozen[] = [];
  private frozenDev: FrozenDevice | null = null;

  private readonly balance: BalanceTargets | null;
  /** segment-dro members' segment id per transition (null for the other members); null when no member has segments. */
  private readonly segments: (Int32Array | null)[] | null;
  /** fixed-weights members' weights (ones for the others); null when no member has fixed weights. */
  private readonly fixedWeights: Float32Array[] | null;
  /** tilted-kernel members' candidates in the policy's units, in the order of tiltedMembers; null when there are none. */
  private readonly candidates: CandidateRows[] | null;
  /** Indices of the tilted-kernel members: only they evaluate the policy at candidates (K rows per transition). */
  private readonly tiltedMembers: number[];

  constructor(config: TrainConfig, dataset: Dataset, balance?: BalanceTargets, readings: ReadingInputs = {}) {
    this.config = config;
    this.members = config.members;
    this.allBeDroil = this.members.every((m) => m.algo === 'be-droil');
    this.data = dataset;
    this.balance = this.members.some((m) => m.loss === 'mbil') ? checkBalance(config, dataset, balance) : null;
    this.segments = this.members.some((m) => m.algo === 'segment-dro') ? this.members.map((m) => (m.algo === 'segment-dro' ? segmentIds(dataset, m.segment) : null)) : null;
    const N = dataset.terminals.length, E = dataset.episodeStarts.length - 1;
    const src = dataset.meta?.source ?? 'dataset';
    if (N < 1) throw new UserError('the dataset has no transitions', src);
    if (E < 1) throw new UserError('the dataset has no episodes', src);
    const action = datasetAction(dataset, config);
    if (action.kind === 'discrete') {
      for (let i = 0; i < N; i++) {
        const a = dataset.actions[i];
        if (!Number.isInteger(a) || a < 0 || a >= action.n) throw new UserError(`transition ${i}: action ${a} is not an integer in [0, ${action.n})`, src);
      }
    }
    this.sampler = new MinibatchSampler(this.members.map((m) => m.seed), N, E, config.batchSize, config.initialStateBatch, config.smallDataBatch);
    this.info = { action, normaliser: observationStats(dataset), numTransitions: N, numEpisodes: E, warmStartSteps: Math.round(config.warmStartFraction * config.steps), batchSize: this.sampler.batch };
    this.rows = new TrainingRows(dataset, action, this.info.normaliser, this.balance);
    this.fixedWeights = this.members.some((m) => m.algo === 'fixed-weights') ? checkFixedWeights(this.members, N, readings.weights) : null;
    this.tiltedMembers = this.members.flatMap((m, i) => (m.algo === 'tilted-kernel' ? [i] : []));
    this.candidates = this.tiltedMembers.length > 0
      ? checkCandidates(this.members, N, dataset.obsDim, this.rows.actionWidth, readings.candidates).flatMap((c) => (c ? [candidateRows(c, action, this.info.normaliser)] : [])) : null;
    this.host = this.initialHost();
    this.build();
    this.watchDevice();
  }

  get step(): number { return this.stepCount; }
  get backend(): BackendName { return currentBackend(); }

  private initialHost(): HostState {
    const c = this.config, obsDim = this.data.obsDim, out = policyOutputDim(this.info.action);
    const policy = this.members.map((m) => initHostMlp(mlpSizes(obsDim, c.policyHidden, out), new Rng(m.seed).derive('policy-init')));
    // nu starts at exactly 0 (zero output layer): BE-DROIL begins where DRO-BC is.
    const nu = this.members.map((m) => initHostMlp(mlpSizes(obsDim, c.nuHidden, 1), new Rng(m.seed).derive('nu-init'), 0));
    const logStd = this.info.action.kind === 'continuous' && c.continuousLoss === 'gaussian'
      ? this.members.map(() => new Float32Array((this.info.action as { dim: number }).dim).fill(c.initLogStd)) : null;
    return { step: 0, policy, logStd, nu };
  }

  /** Create every device tensor from the data and the host state (also after a backend fallback). */
  private build(): void {
    const c = this.config, M = this.members.length;
    const col = (f: (m: ResolvedMember) => number) => tf.tensor2d(this.members.map(f), [M, 1]);
    const penalised = (m: ResolvedMember) => m.algo !== 'bc' && m.tau !== null;
    // fixed-weights and tilted-kernel members have no adversary on the data's weights (w = 1; B multiplies its own).
    const robust = (m: ResolvedMember) => m.algo !== 'bc' && m.algo !== 'fixed-weights' && m.algo !== 'tilted-kernel' && (m.tau !== null || m.rho > 0);
    const tilted = (m: ResolvedMember) => m.algo === 'tilted-kernel';
    this.dev = {
      policy: stackLayers(this.host.policy),
      logStd: this.host.logStd ? ownVariable(tf.tensor3d(Float32Array.from(this.host.logStd.flatMap((v) => Array.from(v))), [M, 1, this.host.logStd[0].length])) : null,
      nu: stackLayers(this.host.nu),
      policyOpt: null as unknown as FlatAdam, // below: they need the variables
      nuOpt: null as unknown as FlatAdam,
      augSelect: memberSelection(this.members.flatMap((m, i) => (tilted(m) ? [i] : [])), M),
      augAlpha: tf.tensor2d(this.members.filter(tilted).map(() => c.augWeight), [this.members.filter(tilted).length, 1]),
      augRho: tf.tensor2d(this.members.filter(tilted).map((m) => m.rho), [this.members.filter(tilted).length, 1]),
      rho: col((m) => m.rho),
      rhoForJ: col((m) => (penalised(m) ? 0 : m.rho)),
      tau: col((m) => m.tau ?? 1),
      penalised: col((m) => (penalised(m) ? 1 : 0)),
      robustMask: col((m) => (robust(m) ? 1 : 0)),
      nuMask: col((m) => (m.algo === 'be-droil' ? 1 : 0)),
      kappa: tf.tensor1d(this.members.map((m) => m.kappa)),
      mbil: this.balance ? this.mbilDevice() : null,
    };
    this.dev.policyOpt = new FlatAdam(this.policyVariables(), c.learningRate);
    this.dev.nuOpt = new FlatAdam(layerVariables(this.dev.nu), c.nuLearningRate);
    this.frozenDev = this.frozen.length > 0 ? this.frozenTensors() : null;
  }

  /** The frozen members' slices (masks) and kept values (from the host copy) of every trainable variable. */
  private frozenTensors(): FrozenDevice {
    const M = this.members.length, h = this.host, dv = this.dev;
    const vars = [...this.policyVariables(), ...layerVariables(dv.nu)];
    const values = [
      ...layerVariables(stackLayers(h.policy)),
      ...(h.logStd ? [tf.tensor3d(Float32Array.from(h.logStd.flatMap((v) => Array.from(v))), [M, 1, h.logStd[0].length])] : []),
      ...layerVariables(stackLayers(h.nu)),
    ];
    const masks = vars.map((v) => {
      const flags = new Uint8Array(v.size), slab = v.size / M;
      for (const f of this.frozen) flags.fill(1, f.member * slab, (f.member + 1) * slab);
      return tf.tensor(flags, v.shape, 'bool');
    });
    return { vars, masks, values };
  }

  /** Put the frozen members' parameters back after a step (their slices only; the others' are untouched). */
  private holdFrozen(): void {
    const f = this.frozenDev;
    if (!f) return;
    tf.tidy(() => f.vars.forEach((v, j) => v.assign(tf.where(f.masks[j], f.values[j], v))));
  }

  private isFrozen(member: number): boolean { return this.frozen.some((f) => f.member === member); }

  private mbilDevice(): MbilDevice {
    const M = this.members.length, mb = (m: ResolvedMember) => m.loss === 'mbil';
    return {
      alpha: tf.tensor2d(this.members.map((m) => (mb(m) ? this.config.mbilAlpha : 0)), [M, 1]),
      beta: tf.tensor2d(this.members.map((m) => (mb(m) ? this.config.mbilBeta : 1)), [M, 1]),
      uses: tf.tensor1d(this.members.map((m) => (mb(m) ? 1 : 0))),
    };
  }

  private disposeDevice(): void {
    const v = this.dev;
    if (!v) return;
    tf.dispose([...layerVariables(v.policy), ...layerVariables(v.nu), v.augSelect, v.augAlpha, v.augRho, v.rho, v.rhoForJ, v.tau, v.penalised, v.robustMask, v.nuMask, v.kappa]);
    if (v.mbil) tf.dispose([v.mbil.alpha, v.mbil.beta, v.mbil.uses]);
    if (v.logStd) v.logStd.dispose();
    v.policyOpt.dispose();
    v.nuOpt.dispose();
    this.disposeFrozen();
  }

  private disposeFrozen(): void {
    if (this.frozenDev) tf.dispose([...this.frozenDev.masks, ...this.frozenDev.values]);
    this.frozenDev = null;
  }

  private watchDevice(): void {
    void webGpuDeviceLost().then((msg) => { this.lost = msg; });
  }

  private policyVariables(): tf.Variable[] {
    return [...layerVariables(this.dev.policy), ...(this.dev.logStd ? [this.dev.logStd] : [])];
  }

  // ---- the pieces of a step (all synchronous; call inside tf.tidy) ----

  /** The minibatch as tensors: gathered on the host (training-rows.ts), uploaded once. */
  private gatherBatch(b: Minibatch) {
    const M = this.members.length, B = b.transitions.length / M, B0 = this.config.initialStateBatch, k = this.data.obsDim;
    const h = this.rows.gather(b, M), w = this.rows.actionWidth;
    const actions = (v: Float32Array | Int32Array) => (this.info.action.kind === 'discrete' ? tf.tensor2d(v, [M, B], 'int32') : tf.tensor3d(v, [M, B, w]));
    return {
      s: tf.tensor3d(h.s, [M, B, k]), next: tf.tensor3d(h.next, [M, B, k]), a: actions(h.a), ended: tf.tensor2d(h.ended, [M, B]),
      s0: tf.tensor3d(h.s0, [M, B0, k]), nuRows: tf.tensor3d(h.nuRows, [M, 2 * B + B0, k]),
      pairs: h.pairs && { aNext: actions(h.pairs.aNext), target: tf.tensor2d(h.pairs.target, [M, B]), mask: tf.tensor2d(h.pairs.mask, [M, B]) },
      averager: this.segments ? tf.tensor3d(segmentAverager(this.segments, b.transitions), [M, B, B]) : null,
      fixed: this.fixedWeights ? tf.tensor2d(gatherFixed(this.fixedWeights, b.transitions), [M, B]) : null,
      aug: this.candidatesOf(b.transitions),
    };
  }

  /** tilted-kernel: the batch's K candidates per transition of the T tilted members (observations [T, B K, k]); null without such members. */
  private candidatesOf(transitions: Int32Array) {
    if (!this.candidates) return null;
    const M = this.members.length, T = this.tiltedMembers.length, B = transitions.length / M, k = this.data.obsDim, w = this.rows.actionWidth;
    const K = this.candidates[0].K, discrete = this.info.action.kind === 'discrete';
    const own = new Int32Array(T * B);
    this.tiltedMembers.forEach((m, t) => own.set(transitions.subarray(m * B, (m + 1) * B), t * B));
    const g = gatherCandidates(this.candidates, own, K, k, w, discrete);
    return { K, obs: tf.tensor3d(g.obs, [T, B * K, k]), labels: discrete ? tf.tensor2d(g.labels, [T, B * K], 'int32') : tf.tensor3d(g.labels, [T, B * K, w]) };
  }

  /** The tilted members' imitation loss at their candidates: [T, B K] (their slices of the stacked policy). */
  private candidateLoss(aug: NonNullable<ReturnType<Trainer['candidatesOf']>>): tf.Tensor2D {
    const dv = this.dev, sel = dv.augSelect;
    const layers = dv.policy.map((l) => ({ W: selectMembers(l.W, sel), b: selectMembers(l.b, sel) }) as unknown as StackedLayer);
    const logStd = dv.logStd ? selectMembers(dv.logStd, sel) : undefined;
    return imitationLoss(stackedForward(layers, aug.obs), aug.labels, this.info.action, this.config.continuousLoss, logStd);
  }

  /**
   * The policy's objective plus reading A's tilted term (the tilt from a detached pass, then the taped loss; sum
   * over the T tilted members). Without tilted-kernel members the objective itself: adding 0 changed no gradient.
   */
  private withTilted(objective: tf.Scalar, aug: ReturnType<Trainer['candidatesOf']>, tilt: tf.Tensor2D | null): tf.Scalar {
    if (!aug || !tilt) return objective;
    return tf.add(objective, tiltedTerm(this.candidateLoss(aug), tilt, this.dev.augAlpha)) as tf.Scalar;
  }

  /**
   * The per-sample imitation loss: [M, B]. l_theta(s, a) (NLL) for every member; where any member uses MBIL's
   * loss, alpha m (d - log pi(a' | s'))^2 + beta l with alpha = 0, beta = 1 for the NLL members.
   */
  private loss(b: Pick<ReturnType<Trainer['gatherBatch']>, 's' | 'a' | 'next' | 'pairs'>): tf.Tensor2D {
    const dv = this.dev, logStd = dv.logStd ?? undefined;
    const l = imitationLoss(stackedForward(dv.policy, b.s), b.a, this.info.action, this.config.continuousLoss, logStd);
    if (!dv.mbil || !b.pairs) return l;
    const r = mbilResidual(b.pairs.target, policyLogProb(stackedForward(dv.policy, b.next), b.pairs.aNext, this.info.action, logStd));
    return mbilSampleLoss(r, b.pairs.mask, l, dv.mbil.alpha, dv.mbil.beta);
  }

  /** Diagnostics of the MBIL loss [M] (before the step, like the others): mean l, and mean r^2 over the pairs (0 for NLL members). */
  private mbilTerms(b: Pick<ReturnType<Trainer['gatherBatch']>, 's' | 'a' | 'next' | 'pairs'>): { nll: tf.Tensor1D; balance: tf.Tensor1D } | null {
    const dv = this.dev, logStd = dv.logStd ?? undefined;
    if (!dv.mbil || !b.pairs) return null;
    const l = imitationLoss(stackedForward(dv.policy, b.s), b.a, this.info.action, this.config.continuousLoss, logStd);
    const r = mbilResidual(b.pairs.target, policyLogProb(stackedForward(dv.policy, b.next), b.pairs.aNext, this.info.action, logStd));
    const meanSquare = residualStats(r, b.pairs.mask).meanSquare;
    return { nll: tf.mean(l, 1) as tf.Tensor1D, balance: tf.where(tf.greater(dv.mbil.uses, 0), meanSquare, tf.zerosLike(meanSquare)) as tf.Tensor1D };
  }

  /**
   * nu on the rows [s; s'; S0] of each member, in one forward pass (kernels, not arithmetic, bound a step of
   * networks this small), masked to 0 for members without a balance term: [M, 2B + B0].
   */
  private nuAll(batch: ReturnType<Trainer['gatherBatch']>): tf.Tensor2D {
    const values = tf.squeeze(stackedForward(this.dev.nu, batch.nuRows), [2]) as tf.Tensor2D;
    // All ones (allBeDroil): x 1 = x exactly (its gradient dy 1 = dy): two taped kernels fewer.
    return this.allBeDroil ? values : tf.mul(values, this.dev.nuMask) as tf.Tensor2D;
  }

  /** nu at s, s' and its mean over S0, from nuAll. */
  private splitNu(all: tf.Tensor2D): NuValues {
    return splitNuValues(all, this.config.initialStateBatch);
  }

  /** lambda (and eta) for each member: bisection on D_f = rho, or tau in penalised mode. */
  private solve(e: tf.Tensor2D, scale: tf.Tensor2D) {
    const c = this.config, dv = this.dev;
    const floor = tf.maximum(tf.mul(scale, c.lambdaFloor), 1e-12) as tf.Tensor2D;
    const sol = solveLambda(e, dv.rho, floor, c.divergence, { grid: c.bisectionGrid, rounds: c.bisectionRounds });
    const lambda = tf.where(tf.cast(dv.penalised, 'bool'), dv.tau, sol.lambda) as tf.Tensor2D;
    const eta = c.divergence === 'chi2' ? chi2Eta(e, lambda) : tf.zerosLike(lambda) as tf.Tensor2D;
    return { lambda, eta };
  }

  /** Everything the adversary computes on a batch from the losses and nu's values (both detached). */
  private adversary(batch: ReturnType<Trainer['gatherBatch']>, lDet: tf.Tensor2D, nu: NuValues) {
    const c = this.config, dv = this.dev;
    const scale = tf.mean(tf.abs(lDet), 1, true) as tf.Tensor2D;
    const bal = balanceTerm(nu, batch.ended, c.gamma, scale);
    // segment-dro members see e averaged within their segments (identity for the others).
    const e = batch.averager ? segmentLoss(balanceCorrectedLoss(lDet, bal), batch.averager) : balanceCorrectedLoss(lDet, bal);
    const { lambda, eta } = this.solve(e, scale);
    let w = weightsFor(e, lambda, eta, c.divergence);
    if (c.weightClip !== null) w = clipWeights(w, c.weightClip);
    w = tf.add(tf.mul(w, dv.robustMask), tf.sub(1, dv.robustMask)) as tf.Tensor2D;
    return { scale, nu, bal, e, lambda, eta, w, initTerm: initialStateTerm(nu, c.gamma, scale) };
  }

  /**
   * nu's objective: sum over members of J(nu; lambda, eta) (masked to the BE-DROIL members) + kappa c ||nu||^2.
   * The penalty carries the same detached scale c = mean|l| as J (ALGORITHMS.md 3.3): a bare kappa ||nu||^2
   * would be kappa / c strong relative to J, 100x stronger on a task whose losses are 100x smaller.
   */
  private nuObjective(batch: ReturnType<Trainer['gatherBatch']>, lDet: tf.Tensor2D, nuAll: tf.Tensor2D, scale: tf.Tensor2D, lambda: tf.Tensor2D, eta: tf.Tensor2D): tf.Scalar {
    const c = this.config, dv = this.dev;
    const J = maskedDualJ(nuAll, c.initialStateBatch, { l: lDet, ended: batch.ended, scale, lambda, eta, rho: dv.rhoForJ, mask: dv.nuMask }, c.gamma, c.divergence);
    const penalty = tf.mul(tf.mul(dv.kappa, tf.reshape(scale, [-1])), stackedSquaredNorm(dv.nu));
    return tf.sum(tf.add(J, penalty)) as tf.Scalar;
  }

  /** A further nu step (nuSteps > 1): the adversary re-solved at the updated nu, then Adam on nu's objective. */
  private extraNuStep(batch: ReturnType<Trainer['gatherBatch']>, lDet: tf.Tensor2D): void {
    const dv = this.dev;
    const a = this.adversary(batch, lDet, this.splitNu(this.nuAll(batch)));
    const vars = layerVariables(dv.nu);
    const { value, grads } = tf.variableGrads(() => this.nuObjective(batch, lDet, this.nuAll(batch), a.scale, a.lambda, a.eta), vars);
    dv.nuOpt.apply(vars.map((v) => grads[v.name]));
    tf.dispose([value, ...Object.values(grads)]);
  }

  /**
   * One update of every member; returns the diagnostics [K, M] when asked. Both players step from the same
   * point with one forward pass of each network: a single taped objective, the policy's weighted loss plus nu's
   * dual objective, whose pieces meet only through a stop-gradient (stop-gradient.ts) that computes the
   * adversary's weights, lambda and eta from the detached losses and nu values. So the policy's gradient is
   * that of mean_i w_i l_i with w fixed, and nu's is that of J with lambda, eta and l fixed (ALGORITHMS.md 3.3).
   */
  private trainStep(batch: Minibatch, withDiagnostics: boolean): tf.Tensor2D | null {
    const c = this.config, dv = this.dev, M = this.members.length;
    const robustPhase = this.stepCount >= this.info.warmStartSteps;
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => { kept.push(tf.keep(t)); return t; };
    try {
      const out = tf.tidy((): tf.Tensor2D | undefined => {
        const b = this.gatherBatch(batch);
        // Reading A: the tilt over each transition's K candidates, from losses computed off the tape (detached).
        const tilt = b.aug ? tiltedWeights(this.candidateLoss(b.aug), b.aug.K, dv.augRho, c.lambdaFloor, { grid: c.bisectionGrid, rounds: c.bisectionRounds }) : null;
        let lDet: tf.Tensor2D | null = null;
        let adv: ReturnType<Trainer['adversary']> | null = null;
        const policyVars = this.policyVariables(), nuVars = robustPhase ? layerVariables(dv.nu) : [];
        const mbilDiag = withDiagnostics ? this.mbilTerms(b) : null;
        const untaped = robustPhase ? this.untapedStep(b) : null;
        if (untaped) {
          lDet = untaped.l;
          adv = untaped.adv;
          dv.policyOpt.apply(untaped.policy);
          dv.nuOpt.apply(untaped.nu);
        } else {
          const { value, grads } = tf.variableGrads(() => {
            const l = this.loss(b);
            if (!robustPhase) {
              lDet = keep(tf.clone(l));
              return this.withTilted(weightedImitationLoss(l, b.fixed ?? tf.onesLike(l)), b.aug, tilt);
            }
            const nuAll = this.nuAll(b);
            const w = stopGradient([l, nuAll], ([lv, all]) => {
              const ld = keep(tf.clone(lv) as tf.Tensor2D);
              lDet = ld;
              const a = this.adversary(b, ld, this.splitNu(all as tf.Tensor2D));
              [a.scale, a.lambda, a.eta, a.bal, a.initTerm].forEach(keep);
              adv = a;
              return keep(a.w);
            });
            const a = adv as unknown as ReturnType<Trainer['adversary']>;
            // Reading B's fixed weights multiply (the adversary's w is 1 for those members, the fixed weights 1 for the others).
            const policyLoss = this.withTilted(weightedImitationLoss(l, b.fixed ? tf.mul(w, b.fixed) : w), b.aug, tilt);
            return tf.add(policyLoss, this.nuObjective(b, lDet as unknown as tf.Tensor2D, nuAll, a.scale, a.lambda, a.eta)) as tf.Scalar;
          }, [...policyVars, ...nuVars]);
          dv.policyOpt.apply(policyVars.map((v) => grads[v.name]));
          if (robustPhase) dv.nuOpt.apply(nuVars.map((v) => grads[v.name]));
          tf.dispose([value, ...Object.values(grads)]);
        }
        const l = lDet as unknown as tf.Tensor2D, a = adv as ReturnType<Trainer['adversary']> | null;
        let diag: tf.Tensor2D | null = null;
        if (a) {
          if (withDiagnostics) diag = this.diagnosticsOf(l, b.fixed ? tf.mul(a.w, b.fixed) as tf.Tensor2D : a.w, a.lambda, a.eta, a.bal, a.initTerm, mbilDiag);
          for (let j = 1; j < c.nuSteps; j++) this.extraNuStep(b, l);
        } else if (withDiagnostics) {
          const zeros = tf.zerosLike(l) as tf.Tensor2D, zero = tf.zeros([M, 1]) as tf.Tensor2D;
          diag = this.diagnosticsOf(l, b.fixed ?? tf.onesLike(l), zero, zero, zeros, zero, mbilDiag);
        }
        return diag ?? undefined;
      });
      return out ?? null;
    } finally {
      tf.dispose(kept);
    }
  }

  /**
   * The robust step's gradients without the tape (untaped-step.ts: the same kernels and numbers), where it
   * applies: wasm, discrete actions, no MBIL loss, no fixed weights, no tilted term; null elsewhere.
   */
  private untapedStep(b: ReturnType<Trainer['gatherBatch']>) {
    const c = this.config, dv = this.dev;
    if (currentBackend() !== 'wasm' || this.info.action.kind !== 'discrete' || dv.mbil || b.fixed || b.aug) return null;
    return untapedGrads({
      policy: dv.policy, nu: dv.nu, s: b.s, a: b.a as tf.Tensor2D, nuRows: b.nuRows, ended: b.ended,
      nuMask: this.allBeDroil ? null : dv.nuMask, jMask: dv.nuMask, rhoForJ: dv.rhoForJ, kappa: dv.kappa, gamma: c.gamma, divergence: c.divergence,
      adversary: (l, nuAll) => this.adversary(b, l, this.splitNu(nuAll)),
    });
  }

  private diagnosticsOf(l: tf.Tensor2D, w: tf.Tensor2D, lambda: tf.Tensor2D, eta: tf.Tensor2D, bal: tf.Tensor2D, initTerm: tf.Tensor2D, mbil: ReturnType<Trainer['mbilTerms']>): tf.Tensor2D {
    const dv = this.dev;
    const mask = tf.reshape(dv.robustMask, [-1]);
    const rows: Record<DiagnosticKey, tf.Tensor> = {
      bcLoss: tf.mean(l, 1),
      robustLoss: tf.mean(tf.mul(w, l), 1),
      lambda: tf.mul(tf.reshape(lambda, [-1]), mask),
      eta: tf.mul(tf.reshape(eta, [-1]), mask),
      divergence: divergenceOf(w, this.config.divergence),
      ess: effectiveSampleSize(w),
      maxWeight: tf.max(w, 1),
      balanceResidual: balanceResidual(w, bal, initTerm),
      nuEffect: nuEffect(bal, l),
      nllLoss: mbil ? mbil.nll : tf.mean(l, 1),
      balanceLoss: mbil ? mbil.balance : tf.zeros([this.members.length]),
    };
    return tf.stack(DIAGNOSTIC_KEYS.map((key) => rows[key])) as tf.Tensor2D;
  }

  // ---- host side ----

  private async readHost(): Promise<HostState> {
    const dv = this.dev;
    const policy = await unstackLayers(dv.policy);
    const nu = await unstackLayers(dv.nu);
    let logStd: Float32Array[] | null = null;
    if (dv.logStd) {
      const all = await dv.logStd.data() as Float32Array, m = dv.logStd.shape[2] as number;
      logStd = this.members.map((_, i) => all.slice(i * m, (i + 1) * m));
    }
    return { step: this.stepCount, policy, logStd, nu };
  }

  private memberFinite(h: HostState, i: number): boolean {
    const ok = (a: Float32Array) => a.every(Number.isFinite);
    return [h.policy[i], h.nu[i]].every((layers) => layers.every((l) => ok(l.W) && ok(l.b))) && (!h.logStd || ok(h.logStd[i]));
  }

  /** The members (not yet frozen) that diverged at this check: NaN or Inf in a diagnostic or a parameter, else growth. */
  private divergedAt(d: Diagnostics, h: HostState): { member: number; what: string }[] {
    return this.members.flatMap((_, i) => {
      if (this.isFrozen(i)) return [];
      if (!Object.values(d.members[i]).every(Number.isFinite) || !this.memberFinite(h, i)) return [{ member: i, what: 'NaN or Inf' }];
      const what = grown(d.members[i].bcLoss, this.startLoss?.[i] ?? null);
      return what ? [{ member: i, what }] : [];
    });
  }

  /** The host copy with every frozen member's slices replaced by its kept parameters (those of `kept`, the last good host copy). */
  private withFrozen(h: HostState, kept: HostState, members: number[]): HostState {
    const pick = <T>(now: T[], old: T[]) => now.map((x, i) => (members.includes(i) ? old[i] : x));
    return { step: h.step, policy: pick(h.policy, kept.policy), nu: pick(h.nu, kept.nu), logStd: h.logStd && kept.logStd ? pick(h.logStd, kept.logStd) : h.logStd };
  }

  /** One line per diverged member; a single member's line is the message the trainer always gave. */
  private divergedMessage(): string {
    return this.frozen.map((f) => `training diverged: ${f.what} at step ${f.at} (member ${f.member}: ${this.members[f.member].label}); kept the last good parameters, from step ${f.kept}`).join('\n');
  }

  private toDiagnostics(values: Float32Array, M: number): Diagnostics {
    const members = Array.from({ length: M }, (_, m) => {
      const d = {} as MemberDiagnostics;
      const frozen = this.isFrozen(m);
      DIAGNOSTIC_KEYS.forEach((key, r) => { d[key] = frozen ? NaN : values[r * M + m]; });
      return d;
    });
    const frozen = this.frozen.length > 0 ? { frozen: this.frozen.map((f) => f.member) } : {};
    return { step: this.stepCount, phase: this.stepCount > this.info.warmStartSteps ? 'robust' : 'warm-start', backend: this.backend, members, ...frozen };
  }

  private restoreHost(h: HostState): void {
    try { this.disposeDevice(); } catch { /* tensors of a lost device may refuse to go; they go with it */ }
    this.host = h;
    this.stepCount = h.step;
    this.build();
    this.hostFresh = true;
  }

  private async recover(err: unknown, opts: RunOptions): Promise<void> {
    const failed = this.backend;
    if (failed === 'cpu' || err instanceof UserError) throw err;
    this.failedBackends.push(failed);
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const choice = await fallbackFrom(failed, why, this.failedBackends);
    this.lost = null;
    const from = this.host.step;
    this.restoreHost(this.host);
    this.watchDevice();
    const ev: TrainerEvent = { step: from, kind: 'backend-fallback', message: `${choice.reason}; resumed from the parameters of step ${from} (optimiser state reset)` };
    this.events.push(ev);
    opts.onEvent?.(ev);
  }

  /**
   * Train until config.steps (or until stopped). Diagnostics are read back every logEvery steps (and at the
   * last step); that is also when the host copy of the parameters is refreshed after a finiteness check.
   */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    const c = this.config, M = this.members.length;
    const finish = (status: RunResult['status'], message?: string): RunResult => {
      const ev: TrainerEvent = { step: this.stepCount, kind: status, message: message ?? status };
      this.events.push(ev);
      opts.onEvent?.(ev);
      return { status, step: this.stepCount, message, events: this.events };
    };
    // A device lost here is the loop's to recover from; the growth check then waits for the next run.
    if (!this.startLoss) this.startLoss = await this.firstBatchLoss().catch(() => null);
    if (this.frozen.length === M) return finish('diverged', this.divergedMessage());
    while (this.stepCount < c.steps) {
      if (opts.shouldStop?.()) return finish('stopped', `stopped at step ${this.stepCount}`);
      if (await waitWhilePaused(opts.shouldPause, opts.shouldStop)) return finish('stopped', `stopped at step ${this.stepCount}`);
      const log = (this.stepCount + 1) % c.logEvery === 0 || this.stepCount + 1 === c.steps;
      let diagValues: Float32Array | null = null;
      try {
        if (this.lost) throw new Error(this.lost);
        const diag = this.trainStep(this.sampler.next(), log);
        this.holdFrozen();
        this.stepCount++;
        this.hostFresh = false;
        if (diag) { diagValues = await diag.data() as Float32Array; diag.dispose(); }
      } catch (err) {
        await this.recover(err, opts);
        continue;
      }
      if (diagValues) {
        let diagnostics = this.toDiagnostics(diagValues, M);
        let params = await this.readHost();
        const diverged = this.divergedAt(diagnostics, params);
        if (diverged.length > 0) {
          // Each diverged member goes back to the last host copy (the previous check's) and is held there.
          const kept = this.host;
          for (const d of diverged) this.frozen.push({ ...d, at: diagnostics.step, kept: kept.step });
          params = this.withFrozen(params, kept, diverged.map((d) => d.member));
          if (this.frozen.length === M) {
            this.restoreHost({ ...params, step: Math.max(...this.frozen.map((f) => f.kept)) });
            return finish('diverged', this.divergedMessage());
          }
          this.host = params;
          this.disposeFrozen();
          this.frozenDev = this.frozenTensors();
          this.holdFrozen();
          diagnostics = this.toDiagnostics(diagValues, M);
        }
        this.host = params;
        this.hostFresh = true;
        opts.onProgress?.(diagnostics);
        await new Promise((r) => setTimeout(r, 0)); // let a worker see stop / pause messages
      }
    }
    return this.frozen.length > 0 ? finish('diverged', this.divergedMessage()) : finish('done');
  }

  /** Each member's mean imitation loss on the first batch of transitions, with the current parameters. */
  private async firstBatchLoss(): Promise<Float32Array> {
    const M = this.members.length, N = this.info.numTransitions, B = Math.min(this.info.batchSize, N);
    const idx = Int32Array.from({ length: B }, (_, i) => i);
    const transitions = new Int32Array(M * B), initial = new Int32Array(M * this.config.initialStateBatch);
    for (let m = 0; m < M; m++) transitions.set(idx, m * B);
    for (let i = 0; i < initial.length; i++) initial[i] = i % this.info.numEpisodes;
    const mean = tf.tidy(() => tf.mean(this.loss(this.gatherBatch({ transitions, initial })), 1));
    try { return Float32Array.from(await mean.data() as Float32Array); } finally { mean.dispose(); }
  }

  /** Train n more steps (no callbacks); returns the diagnostics logged on the way. */
  async steps(n: number): Promise<Diagnostics[]> {
    const out: Diagnostics[] = [];
    const saved = this.config.steps;
    (this.config as { steps: number }).steps = Math.min(saved, this.stepCount + n);
    try { await this.run({ onProgress: (d) => out.push(d) }); } finally { (this.config as { steps: number }).steps = saved; }
    this.events.pop(); // the 'done' of this partial run
    return out;
  }

  /** The adversary's weights on a batch (default: the first info.batchSize transitions), with the current parameters. */
  async batchWeights(indices?: Int32Array): Promise<BatchWeights> {
    const c = this.config, M = this.members.length, N = this.info.numTransitions;
    const idx = indices ?? Int32Array.from({ length: this.info.batchSize }, (_, i) => i % N);
    const B = idx.length;
    if (B < 1) throw new UserError('batchWeights: no indices');
    const transitions = new Int32Array(M * B), initial = new Int32Array(M * c.initialStateBatch);
    for (let m = 0; m < M; m++) transitions.set(idx, m * B);
    for (let i = 0; i < initial.length; i++) initial[i] = i % this.info.numEpisodes;
    const out = tf.tidy(() => {
      const b = this.gatherBatch({ transitions, initial });
      const l = this.loss(b);
      const adv = this.adversary(b, l, this.splitNu(this.nuAll(b)));
      return [adv.w, adv.e, l, adv.lambda, adv.eta];
    });
    const [w, e, l, lam, eta] = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(out);
    return {
      indices: idx,
      members: Array.from({ length: M }, (_, m) => ({
        weights: w.slice(m * B, (m + 1) * B), e: e.slice(m * B, (m + 1) * B), loss: l.slice(m * B, (m + 1) * B), lambda: lam[m], eta: eta[m],
      })),
    };
  }

  /** Every member's policy as versioned JSON (the current parameters). */
  async snapshot(): Promise<PolicyJson[]> {
    if (!this.hostFresh) { this.host = await this.readHost(); this.hostFresh = true; }
    const c = this.config, h = this.host;
    return this.members.map((m, i) => policyToJson({
      envId: c.envId, obsDim: this.data.obsDim, action: this.info.action, hidden: c.policyHidden, layers: h.policy[i],
      logStd: h.logStd ? h.logStd[i] : undefined, normaliser: this.info.normaliser,
      algorithm: {
        algo: m.algo, label: m.label, rho: m.algo === 'bc' || m.tau !== null ? null : m.rho, tau: m.algo === 'bc' ? null : m.tau, kappa: m.algo === 'be-droil' ? m.kappa : null, divergence: c.divergence, gamma: c.gamma,
        loss: m.loss, ...(m.algo === 'segment-dro' ? { segment: m.segment } : {}), ...(m.algo === 'tilted-kernel' ? { augWeight: c.augWeight } : {}), ...(m.loss === 'mbil' ? { mbilAlpha: c.mbilAlpha, mbilBeta: c.mbilBeta } : {}),
        weightClip: c.weightClip, warmStartFraction: c.warmStartFraction, nuSteps: c.nuSteps, nuHidden: c.nuHidden, continuousLoss: c.continuousLoss,
      },
      training: { seed: m.seed, steps: this.frozen.find((f) => f.member === i)?.kept ?? h.step, batchSize: c.batchSize, learningRate: c.learningRate, backend: this.backend, dataset: this.data.meta?.source },
    }));
  }

  /** The host copy of the parameters (for tests and recovery checks). */
  async parameters(): Promise<HostState> {
    if (!this.hostFresh) { this.host = await this.readHost(); this.hostFresh = true; }
    return this.host;
  }

  dispose(): void {
    this.disposeDevice();
    this.dev = undefined as unknown as DeviceState;
  }
}

/** A trainable variable holding t's values; t itself is disposed (the variable shares its data), so no handle outlives the build. */
function ownVariable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}

/** fixed-weights members' weights, checked: N finite non-negative values each (ones for the other members). */
function checkFixedWeights(members: ResolvedMember[], N: number, weights: (Float32Array | null)[] | undefined): Float32Array[] {
  return members.map((m, i) => {
    if (m.algo !== 'fixed-weights') return new Float32Array(N).fill(1);
    const w = weights?.[i];
    if (!w) throw new UserError(`member ${i} (${m.label}) is 'fixed-weights' but no weights were given (createTrainer's fourth argument)`, 'weights');
    if (w.length !== N) throw new UserError(`member ${i} (${m.label}): ${w.length} weights for ${N} transitions`, 'weights');
    if (!w.every((v) => Number.isFinite(v) && v >= 0)) throw new UserError(`member ${i} (${m.label}): weights must be finite and >= 0`, 'weights');
    return w;
  });
}

/** tilted-kernel members' candidates, checked: one K for all, N K rows of next observations and labels. */
function checkCandidates(members: ResolvedMember[], N: number, k: number, width: number, cands: (KernelCandidates | null)[] | undefined): (KernelCandidates | null)[] {
  let K: number | null = null;
  return members.map((m, i) => {
    if (m.algo !== 'tilted-kernel') return null;
    const c = cands?.[i];
    if (!c) throw new UserError(`member ${i} (${m.label}) is 'tilted-kernel' but no candidates were given (createTrainer's fourth argument)`, 'candidates');
    if (K !== null && c.K !== K) throw new UserError(`member ${i} (${m.label}): K = ${c.K}, another member has K = ${K}`, 'candidates');
    K = c.K;
    if (!(c.K >= 1) || c.next.length !== N * c.K * k || c.labels.length !== N * c.K * width) throw new UserError(`member ${i} (${m.label}): candidates must hold ${N} x K x ${k} observations and ${N} x K x ${width} labels`, 'candidates');
    return c;
  });
}

/** The batch's fixed weights, member-major [M x B]. */
function gatherFixed(weights: Float32Array[], transitions: Int32Array): Float32Array {
  const M = weights.length, B = transitions.length / M, out = new Float32Array(M * B);
  for (let m = 0; m < M; m++) for (let i = 0; i < B; i++) out[m * B + i] = weights[m][transitions[m * B + i]];
  return out;
}

/** The balance targets a member with loss 'mbil' needs, checked against the data and the settings. */
function checkBalance(c: TrainConfig, d: Dataset, bt: BalanceTargets | undefined): BalanceTargets {
  const N = d.terminals.length;
  if (!bt) throw new UserError("loss 'mbil' needs MBIL's frozen densities: fit them first (balanceTargetsFor in src/core/mbil) and pass the targets to createTrainer", 'loss');
  if (bt.target.length !== N || bt.mask.length !== N) throw new UserError(`the balance targets cover ${bt.target.length} transitions, the data have ${N}`, 'loss');
  if (d.actionKind === 'continuous' && c.continuousLoss !== 'gaussian') throw new UserError("loss 'mbil' needs the Gaussian policy (its residual uses log pi); set continuousLoss to 'gaussian'", 'loss');
  // A pair is (i, i + 1) within one episode: the last transition of an episode has no successor.
  for (let e = 1; e < d.episodeStarts.length; e++) {
    const last = d.episodeStarts[e] - 1;
    if (bt.mask[last] !== 0) throw new UserError(`the balance mask pairs transition ${last}, the last of episode ${e - 1}, with the next episode's first; it must be 0 there`, 'loss');
  }
  return bt;
}

/**
 * Validate the config (zod, defaults from defaults.ts) and build a trainer over the dataset. `balance`: MBIL's
 * frozen targets for members with loss 'mbil' (src/core/mbil, balanceTargetsFor).
 */
export function createTrainer(config: unknown, dataset: Dataset, balance?: BalanceTargets, readings?: ReadingInputs): Trainer {
  return new Trainer(resolveTrainConfig(config), dataset, balance, readings);
}

/**
 * Divergence by growth: a member whose minibatch loss is more than DIVERGENCE_GROWTH times its loss before
 * training (at least 1 in size) has left any useful region: Adam with a learning rate of 1e6 reaches 1e6 to
 * 1e17 within five steps while its parameters stay finite (issue 18).
 */
export const DIVERGENCE_GROWTH = 1e4;

/** A member's growth past DIVERGENCE_GROWTH, said (null: within bounds, or no loss before training to judge by). */
function grown(loss: number, start: number | null): string | null {
  if (start === null || !(loss - start > DIVERGENCE_GROWTH * Math.max(1, Math.abs(start)))) return null;
  const fmt = (v: number) => v.toPrecision(3);
  return `the loss grew from ${fmt(start)} to ${fmt(loss)}`;
}
