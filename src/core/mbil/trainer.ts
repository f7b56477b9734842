// The MBIL trainer (ALGORITHMS.md 3.4): first the density models are fitted and frozen (densities.ts), then
// M policies (one per member: its own alpha, beta and seed) are trained as ONE batched program on
//   sum over members of mean_i [ alpha m_i r_i^2 + beta l_theta(s_i, a_i) ]         (loss.ts)
// It reuses the training engine's pieces so that an MBIL policy is the same object as a BC policy: the
// policy network and its seeded initialisation (algos/mlp.ts), the observation normaliser and action
// scaling, the imitation loss, the per-member minibatch streams (algos/sampler.ts) and the policy JSON
// (algos/policy.ts), which `droil eval` and the playground load like any other. With the same seed a member
// draws the same minibatches and starts from the same weights as a BC member, so alpha = 0, beta = 1 is
// exactly BC's run.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import { UserError } from '../errors';
import type { Dataset } from '../data/dataset';
import { MinibatchSampler } from '../algos/sampler';
import { datasetAction } from '../algos/ensemble';
import { initHostMlp, layerVariables, mlpSizes, stackLayers, stackedForward, unstackLayers, type HostLayer, type StackedLayer } from '../algos/mlp';
import { imitationLoss, normaliseObservations, observationStats, policyOutputDim, policyToJson, scaleActions, type Normaliser, type PolicyAction, type PolicyJson } from '../algos/policy';
import { resolveMbilConfig, type MbilConfig, type MbilMember } from './config';
import { balanceTargets, disposeDensities, fitDensities, type DensityData, type DensityModelName, type DensityModels } from './densities';
import { waitWhilePaused } from '../pause';
import type { FitPoint } from '../flows/fit';
import { balanceResidual, mbilObjective, mbilSampleLoss, policyLogProb, residualStats } from './loss';
import { successors } from './pairs';

export const MBIL_DIAGNOSTIC_KEYS = ['mbilLoss', 'bcLoss', 'balanceLoss', 'balanceResidual'] as const;
export type MbilDiagnosticKey = (typeof MBIL_DIAGNOSTIC_KEYS)[number];

export interface MbilDiagnostics {
  step: number;
  phase: 'policy';
  backend: string;
  /** Per member: mean L, mean l (BC loss), mean r^2 over pairs (balance loss), mean r over pairs. */
  members: Record<MbilDiagnosticKey, number>[];
}

export interface DensityProgress { model: DensityModelName; point: FitPoint }

export interface MbilRunOptions {
  onDensityProgress?: (p: DensityProgress) => void;
  onProgress?: (d: MbilDiagnostics) => void;
  shouldStop?: () => boolean;
  /** While this returns true, training (and the density fit) waits between two steps (polled every 50 ms). */
  shouldPause?: () => boolean;
}

export interface MbilRunResult { status: 'done' | 'stopped' | 'diverged'; step: number; message?: string }

type AdamGrads = Parameters<tf.AdamOptimizer['applyGradients']>[0];


interface Device {
  obs: tf.Tensor2D; next: tf.Tensor2D; actions: tf.Tensor; nextActions: tf.Tensor; target: tf.Tensor1D; mask: tf.Tensor1D;
  policy: StackedLayer[]; logStd: tf.Variable | null; opt: tf.AdamOptimizer; alpha: tf.Tensor2D; beta: tf.Tensor2D;
}

export class MbilTrainer {
  readonly config: MbilConfig;
  readonly members: MbilMember[];
  readonly action: PolicyAction;
  readonly normaliser: Normaliser;
  readonly densityData: DensityData;
  private readonly data: Dataset;
  private readonly sampler: MinibatchSampler;
  private densities: DensityModels | null = null;
  private targets: { target: Float32Array; mask: Float32Array } | null = null;
  private dev: Device | null = null;
  private stepCount = 0;
  readonly densityCurves: Partial<Record<DensityModelName, FitPoint[]>> = {};

  constructor(config: MbilConfig, dataset: Dataset) {
    this.config = config;
    this.members = config.members;
    this.data = dataset;
    const N = dataset.terminals.length, E = dataset.episodeStarts.length - 1, k = dataset.obsDim;
    const src = dataset.meta?.source ?? 'dataset';
    if (N < 1) throw new UserError('the dataset has no transitions', src);
    if (E < 1) throw new UserError('the dataset has no episodes', src);
    this.action = datasetAction(dataset, config);
    const action = this.action;
    if (action.kind === 'discrete') {
      for (let i = 0; i < N; i++) {
        const a = dataset.actions[i];
        if (!Number.isInteger(a) || a < 0 || a >= action.n) throw new UserError(`transition ${i}: action ${a} is not an integer in [0, ${action.n})`, src);
      }
    }
    this.normaliser = observationStats(dataset);
    const succ = successors(dataset);
    if (!succ.some((s) => s >= 0)) throw new UserError('MBIL needs consecutive transitions (s, a, s\', a\') inside an episode; every episode here has a single transition', src);
    const aIn = action.kind === 'discrete' ? action.n : action.dim;
    let a: Float32Array, actionIndex: Int32Array | undefined;
    if (action.kind === 'discrete') {
      actionIndex = Int32Array.from(dataset.actions);
      a = new Float32Array(N * action.n);
      actionIndex.forEach((v, i) => { a[i * action.n + v] = 1; });
    } else a = scaleActions(dataset.actions, action.low, action.high);
    this.densityData = {
      obsDim: k, actionInDim: aIn, kind: action.kind, numTransitions: N,
      s: normaliseObservations(dataset.observations, this.normaliser),
      a, next: normaliseObservations(dataset.nextObservations, this.normaliser), actionIndex, successor: succ,
    };
    this.sampler = new MinibatchSampler(this.members.map((m) => m.seed), N, E, config.batchSize, config.initialStateBatch, config.smallDataBatch);
  }

  get step(): number { return this.stepCount; }
  get densityModels(): DensityModels | null { return this.densities; }
  /** The frozen balance target d and the pair mask per transition (after pre-training). */
  get balance(): { target: Float32Array; mask: Float32Array } | null { return this.targets; }

  /** Fit and freeze the density models (once); returns their NLL curves. */
  async pretrain(opts: MbilRunOptions = {}): Promise<Partial<Record<DensityModelName, FitPoint[]>>> {
    if (this.densities) return this.densityCurves;
    const c = this.config;
    const fit = fitDensities(this.densityData, {
      noise: c.densityNoise, flowBlocks: c.flowBlocks, flowHidden: c.flowHidden,
      conditionEmbeddingHidden: c.conditionEmbeddingHidden, conditionEmbeddingDim: c.conditionEmbeddingDim,
      classifierHidden: c.classifierHidden, steps: c.densitySteps, batchSize: c.densityBatchSize,
      learningRate: c.densityLearningRate, finalLrFraction: c.densityFinalLrFraction, fitTransitionForDiscrete: c.fitTransitionForDiscrete,
    }, {
      rng: new Rng(c.seed).derive('mbil-densities'),
      shouldStop: opts.shouldStop, shouldPause: opts.shouldPause,
      onLog: (model, point) => opts.onDensityProgress?.({ model, point }),
    });
    let models: DensityModels;
    try {
      models = await fit;
    } catch (e) {
      // A density fit that produced NaN is a training outcome the user can act on, not a bug.
      const msg = e instanceof Error ? e.message : String(e);
      if (/^fit(Flow|Classifier): the (NLL|loss) became/.test(msg)) {
        throw new UserError(`density pre-training diverged (${msg.replace(/^fit\w+: /, '').replace(/ \(lower the learning rate\)$/, '')}); try a lower density learning rate or more density noise`, 'MBIL');
      }
      throw e;
    }
    this.densities = models;
    Object.assign(this.densityCurves, models.curves);
    this.targets = balanceTargets(models, this.densityData);
    return this.densityCurves;
  }

  /** Device tensors for policy training; the policy starts exactly where a BC member with the same seed does. */
  private build(): Device {
    const c = this.config, d = this.data, M = this.members.length, action = this.action, N = d.terminals.length, k = d.obsDim;
    const t = this.targets!;
    const nextIdx = Int32Array.from(this.densityData.successor, (j, i) => (j >= 0 ? j : i));
    const scaled = action.kind === 'continuous' ? scaleActions(d.actions, action.low, action.high) : null;
    const actionsOf = (idx: Int32Array | null) => {
      if (action.kind === 'discrete') return tf.tensor1d(idx ? Int32Array.from(idx, (j) => d.actions[j]) : Int32Array.from(d.actions), 'int32');
      const m = action.dim, src = scaled!;
      if (!idx) return tf.tensor2d(src, [N, m]);
      const out = new Float32Array(N * m);
      idx.forEach((j, i) => out.set(src.subarray(j * m, j * m + m), i * m));
      return tf.tensor2d(out, [N, m]);
    };
    // tidy: stackLayers' initial tensors are copied into the variables and would otherwise stay alive.
    // (tidy keeps variables; its types only know tensor containers, hence the casts.)
    const hostPolicy = this.members.map((m) => initHostMlp(mlpSizes(k, c.policyHidden, policyOutputDim(action)), new Rng(m.seed).derive('policy-init')));
    const policy = tf.tidy(() => stackLayers(hostPolicy) as unknown as tf.TensorContainer) as unknown as StackedLayer[];
    const logStd = action.kind === 'continuous'
      ? tf.tidy(() => tf.variable(tf.fill([M, 1, action.dim], c.initLogStd) as tf.Tensor3D, true)) : null;
    return {
      obs: tf.tensor2d(this.densityData.s, [N, k]),
      next: tf.tensor2d(this.densityData.next, [N, k]),
      actions: actionsOf(null),
      nextActions: actionsOf(nextIdx),
      target: tf.tensor1d(t.target),
      mask: tf.tensor1d(t.mask),
      policy, logStd,
      opt: tf.train.adam(c.learningRate),
      alpha: tf.tensor2d(this.members.map((m) => m.alpha), [M, 1]),
      beta: tf.tensor2d(this.members.map((m) => m.beta), [M, 1]),
    };
  }

  private policyVariables(): tf.Variable[] {
    const dv = this.dev!;
    return [...layerVariables(dv.policy), ...(dv.logStd ? [dv.logStd] : [])];
  }

  /** The per-sample pieces on a batch of transition indices (M x B, member-major). */
  private batchTerms(indices: Int32Array) {
    const dv = this.dev!, M = this.members.length, B = indices.length / M, k = this.data.obsDim, action = this.action;
    const idx = tf.tensor1d(indices, 'int32');
    const reshapeA = (t: tf.Tensor) => action.kind === 'discrete' ? tf.reshape(t, [M, B]) : tf.reshape(t, [M, B, action.dim]);
    const s = tf.reshape(tf.gather(dv.obs, idx), [M, B, k]) as tf.Tensor3D;
    const next = tf.reshape(tf.gather(dv.next, idx), [M, B, k]) as tf.Tensor3D;
    const a = reshapeA(tf.gather(dv.actions, idx));
    const aNext = reshapeA(tf.gather(dv.nextActions, idx));
    const target = tf.reshape(tf.gather(dv.target, idx), [M, B]) as tf.Tensor2D;
    const mask = tf.reshape(tf.gather(dv.mask, idx), [M, B]) as tf.Tensor2D;
    const forward = () => {
      const l = imitationLoss(stackedForward(dv.policy, s), a, action, this.config.continuousLoss, dv.logStd ?? undefined);
      const logPi = policyLogProb(stackedForward(dv.policy, next), aNext, action, dv.logStd ?? undefined);
      const r = balanceResidual(target, logPi);
      return { l, r, L: mbilSampleLoss(r, mask, l, dv.alpha, dv.beta) };
    };
    return { mask, forward };
  }

  /** One Adam step of every member; returns the diagnostics [K, M] when asked. */
  private trainStep(indices: Int32Array, withDiagnostics: boolean): tf.Tensor2D | null {
    const dv = this.dev!;
    const out = tf.tidy((): tf.Tensor2D | undefined => {
      const b = this.batchTerms(indices);
      let diag: tf.Tensor2D | undefined;
      if (withDiagnostics) {
        const { l, r, L } = b.forward();
        const st = residualStats(r, b.mask);
        diag = tf.stack([tf.mean(L, 1), tf.mean(l, 1), st.meanSquare, st.mean]) as tf.Tensor2D;
      }
      const { value, grads } = tf.variableGrads(() => mbilObjective(b.forward().L), this.policyVariables());
      dv.opt.applyGradients(grads as AdamGrads);
      tf.dispose([value, ...Object.values(grads)]);
      return diag;
    });
    return out ?? null;
  }

  /** Pre-train the densities if needed, then train the policies to config.steps (or until stopped). */
  async run(opts: MbilRunOptions = {}): Promise<MbilRunResult> {
    const c = this.config, M = this.members.length;
    await this.pretrain(opts);
    if (opts.shouldStop?.()) return { status: 'stopped', step: this.stepCount, message: 'stopped during density pre-training' };
    if (!this.dev) this.dev = this.build();
    while (this.stepCount < c.steps) {
      if (opts.shouldStop?.() || await waitWhilePaused(opts.shouldPause, opts.shouldStop)) return { status: 'stopped', step: this.stepCount, message: `stopped at step ${this.stepCount}` };
      const log = (this.stepCount + 1) % c.logEvery === 0 || this.stepCount + 1 === c.steps;
      const diag = this.trainStep(this.sampler.next().transitions, log);
      this.stepCount++;
      if (diag) {
        const v = await diag.data() as Float32Array;
        diag.dispose();
        const members = Array.from({ length: M }, (_, m) => {
          const d = {} as Record<MbilDiagnosticKey, number>;
          MBIL_DIAGNOSTIC_KEYS.forEach((key, r) => { d[key] = v[r * M + m]; });
          return d;
        });
        if (!v.every(Number.isFinite)) return { status: 'diverged', step: this.stepCount, message: `training diverged: NaN or Inf at step ${this.stepCount}` };
        opts.onProgress?.({ step: this.stepCount, phase: 'policy', backend: tf.getBackend(), members });
        await new Promise((r) => setTimeout(r, 0)); // let a worker see stop messages
      }
    }
    return { status: 'done', step: this.stepCount };
  }

  /**
   * The per-sample terms at the current parameters on the given transitions (the same for every member):
   * L_i, l_i, r_i and the pair mask m_i. For inspection, tests, and reweighting MBIL's loss.
   */
  async sampleTerms(indices: Int32Array): Promise<{ L: Float32Array; l: Float32Array; r: Float32Array; mask: Float32Array }[]> {
    await this.pretrain();
    if (!this.dev) this.dev = this.build();
    const M = this.members.length, B = indices.length;
    const all = new Int32Array(M * B);
    for (let m = 0; m < M; m++) all.set(indices, m * B);
    const out = tf.tidy(() => {
      const b = this.batchTerms(all);
      const { L, l, r } = b.forward();
      return [L, l, r, b.mask];
    });
    const [L, l, r, mask] = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(out);
    const row = (x: Float32Array, m: number) => x.slice(m * B, (m + 1) * B);
    return Array.from({ length: M }, (_, m) => ({ L: row(L, m), l: row(l, m), r: row(r, m), mask: row(mask, m) }));
  }

  /** Per member: the policy layers and log-std (host copies). */
  async parameters(): Promise<{ policy: HostLayer[][]; logStd: Float32Array[] | null }> {
    if (!this.dev) this.dev = this.build();
    const dv = this.dev;
    const policy = await unstackLayers(dv.policy);
    let logStd: Float32Array[] | null = null;
    if (dv.logStd) {
      const all = await dv.logStd.data() as Float32Array, m = dv.logStd.shape[2] as number;
      logStd = this.members.map((_, i) => all.slice(i * m, (i + 1) * m));
    }
    return { policy, logStd };
  }

  /** Every member's policy as the engine's versioned JSON. */
  async snapshot(): Promise<PolicyJson[]> {
    const c = this.config, h = await this.parameters();
    const last = (name: DensityModelName) => { const cv = this.densityCurves[name]; return cv && cv.length ? cv[cv.length - 1].dataNll : null; };
    return this.members.map((m, i) => policyToJson({
      envId: c.envId, obsDim: this.data.obsDim, action: this.action, hidden: c.policyHidden, layers: h.policy[i],
      logStd: h.logStd ? h.logStd[i] : undefined, normaliser: this.normaliser,
      algorithm: {
        algo: 'mbil', label: m.label, alpha: m.alpha, beta: m.beta, continuousLoss: c.continuousLoss,
        densities: {
          noise: c.densityNoise, flowBlocks: c.flowBlocks, flowHidden: c.flowHidden, conditionEmbeddingDim: c.conditionEmbeddingDim,
          classifierHidden: c.classifierHidden, steps: c.densitySteps, batchSize: c.densityBatchSize, learningRate: c.densityLearningRate,
          finalNll: { transition: last('transition'), joint: last('joint'), classifier: last('classifier') },
        },
      },
      training: { seed: m.seed, steps: this.stepCount, batchSize: c.batchSize, learningRate: c.learningRate, backend: tf.getBackend(), dataset: this.data.meta?.source },
    }));
  }

  dispose(): void {
    if (this.densities) disposeDensities(this.densities);
    this.densities = null;
    const v = this.dev;
    if (v) {
      tf.dispose([v.obs, v.next, v.actions, v.nextActions, v.target, v.mask, ...layerVariables(v.policy), v.alpha, v.beta]);
      v.logStd?.dispose();
      v.opt.dispose();
    }
    this.dev = null;
  }
}

/** Validate the config (zod, MBIL and engine defaults) and build an MBIL trainer over the dataset. */
export function createMbilTrainer(config: unknown, dataset: Dataset, where = 'MBIL config'): MbilTrainer {
  return new MbilTrainer(resolveMbilConfig(config, where), dataset);
}
