// MBIL's density pre-training on a dataset (ALGORITHMS.md 3.4): the data in the policy's units (standardised
// observations, actions scaled to [-1, 1] or one-hot, each transition's successor in its episode), then the
// seeded fit of the density models (densities.ts), frozen. One place for every user of the fitted models:
// balance.ts (the balance targets of the training engine's members with loss 'mbil', MBIL itself among them)
// and eval/reading-inputs.ts (reading A's candidates drawn from the models).
import { Rng } from '../rng';
import { UserError } from '../errors';
import type { Dataset } from '../data/dataset';
import { datasetAction } from '../algos/ensemble';
import { normaliseObservations, observationStats, scaleActions, type Normaliser, type PolicyAction } from '../algos/policy';
import type { FitPoint } from '../flows/fit';
import { resolveMbilConfig } from './config';
import { fitDensities, type DensityData, type DensityModelName, type DensityModels } from './densities';
import { successors } from './pairs';

export interface DensityFitOptions {
  /** Each logged point of a model's NLL curve. */
  onLog?: (model: DensityModelName, point: FitPoint) => void;
  shouldStop?: () => boolean;
  /** While this returns true, the fit waits between two steps (polled every 50 ms). */
  shouldPause?: () => boolean;
}

export interface DensityFit {
  /** The frozen models (the caller disposes them: disposeDensities). */
  models: DensityModels;
  /** The data in the policy's units, as the models saw them. */
  data: DensityData;
  normaliser: Normaliser;
  action: PolicyAction;
}

/** The dataset in the policy's units with each transition's successor; checks what MBIL needs of the data. */
export function densityData(dataset: Dataset, action: PolicyAction, normaliser: Normaliser): DensityData {
  const N = dataset.terminals.length, E = dataset.episodeStarts.length - 1, k = dataset.obsDim;
  const src = dataset.meta?.source ?? 'dataset';
  if (N < 1) throw new UserError('the dataset has no transitions', src);
  if (E < 1) throw new UserError('the dataset has no episodes', src);
  if (action.kind === 'discrete') {
    for (let i = 0; i < N; i++) {
      const a = dataset.actions[i];
      if (!Number.isInteger(a) || a < 0 || a >= action.n) throw new UserError(`transition ${i}: action ${a} is not an integer in [0, ${action.n})`, src);
    }
  }
  const succ = successors(dataset);
  if (!succ.some((s) => s >= 0)) throw new UserError('MBIL needs consecutive transitions (s, a, s\', a\') inside an episode; every episode here has a single transition', src);
  let a: Float32Array, actionIndex: Int32Array | undefined;
  if (action.kind === 'discrete') {
    actionIndex = Int32Array.from(dataset.actions);
    a = new Float32Array(N * action.n);
    actionIndex.forEach((v, i) => { a[i * action.n + v] = 1; });
  } else a = scaleActions(dataset.actions, action.low, action.high);
  return {
    obsDim: k, actionInDim: action.kind === 'discrete' ? action.n : action.dim, kind: action.kind, numTransitions: N,
    s: normaliseObservations(dataset.observations, normaliser),
    a, next: normaliseObservations(dataset.nextObservations, normaliser), actionIndex, successor: succ,
  };
}

/**
 * Fit MBIL's density models on the dataset. `config`: MBIL's density settings (config.ts), the seed of the fit
 * and the action bounds / number of actions of the policy's config (so that the models are in its units);
 * other keys are ignored. `where` names the config's source in error messages.
 */
export async function fitMbilDensities(dataset: Dataset, config: unknown, opts: DensityFitOptions = {}, where = 'MBIL config'): Promise<DensityFit> {
  const c = resolveMbilConfig(config, where);
  const action = datasetAction(dataset, c);
  const normaliser = observationStats(dataset);
  const data = densityData(dataset, action, normaliser);
  try {
    const models = await fitDensities(data, {
      noise: c.densityNoise, flowBlocks: c.flowBlocks, flowHidden: c.flowHidden,
      conditionEmbeddingHidden: c.conditionEmbeddingHidden, conditionEmbeddingDim: c.conditionEmbeddingDim,
      classifierHidden: c.classifierHidden, steps: c.densitySteps, batchSize: c.densityBatchSize,
      learningRate: c.densityLearningRate, finalLrFraction: c.densityFinalLrFraction, fitTransitionForDiscrete: c.fitTransitionForDiscrete,
    }, { rng: new Rng(c.seed).derive('mbil-densities'), shouldStop: opts.shouldStop, shouldPause: opts.shouldPause, onLog: opts.onLog });
    return { models, data, normaliser, action };
  } catch (e) {
    // A density fit that produced NaN is a training outcome the user can act on, not a bug.
    const msg = e instanceof Error ? e.message : String(e);
    if (/^fit(Flow|Classifier): the (NLL|loss) became/.test(msg)) {
      throw new UserError(`density pre-training diverged (${msg.replace(/^fit\w+: /, '').replace(/ \(lower the learning rate\)$/, '')}); try a lower density learning rate or more density noise`, 'MBIL');
    }
    throw e;
  }
}
