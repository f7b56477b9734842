// MBIL's settings (ALGORITHMS.md 3.4): the defaults of its loss weights (the training engine's mbilAlpha and
// mbilBeta, for members with loss 'mbil') and of its density models, fitted once before the policy; the
// density settings validated with zod (density-fit.ts). The policy itself is the training engine's.
import { z } from 'zod';
import { UserError } from '../errors';
import { trainConfigSchema } from '../algos/config';
import { TRAIN_DEFAULTS } from '../algos/defaults';

/** Every MBIL default, with the reason for it. */
export const MBIL_DEFAULTS = {
  /** Balance-loss and BC-loss weights: the training engine's, where the MBIL loss lives (algos/defaults.ts). */
  alpha: TRAIN_DEFAULTS.mbilAlpha,
  beta: TRAIN_DEFAULTS.mbilBeta,
  /** Gaussian noise on standardised targets and conditions while fitting the densities (small-data regulariser). */
  densityNoise: 0.05,
  /**
   * Coupling blocks per flow. The paper used 16 blocks of 2 x 64. A step costs about 14 ms per block on the
   * wasm backend of one idle CPU core at batch 256 (bench/flows.ts); 4 blocks x 1000 steps keeps the two
   * flows of a continuous-action task near two minutes on a CPU backend.
   */
  flowBlocks: 4,
  flowHidden: [64, 64],
  /** The shared condition embedding NN_c (paper: 2-layer, 64-unit); its output width. */
  conditionEmbeddingHidden: [64],
  conditionEmbeddingDim: 32,
  /** Discrete actions: the classifier q_hat(a' | s, a, s'). */
  classifierHidden: [64, 64],
  /** Adam steps per density model (the NLL curves flatten well before this on 1-10 classic-control demos). */
  densitySteps: 1000,
  densityBatchSize: 256,
  densityLearningRate: 1e-3,
  /** Cosine decay of the density learning rate to this fraction (lets the fit settle). */
  densityFinalLrFraction: 0.1,
  /**
   * Discrete actions: log P_hat - log T_hat = log q_hat exactly, so T_hat never enters the loss. Fitting it
   * anyway only adds its NLL curve to the diagnostics, at the cost of one flow; off by default.
   */
  fitTransitionForDiscrete: false,
} as const;

const nonNeg = z.number().refine(Number.isFinite, 'must be finite').refine((v) => v >= 0, 'must be >= 0');
const positiveInt = z.number().int().positive();
const D = MBIL_DEFAULTS;

/** MBIL's density settings; the seed and the action bounds are the policy config's (same fields as the training engine's). */
export const mbilConfigSchema = trainConfigSchema
  .pick({ seed: true, envId: true, actionLow: true, actionHigh: true, numActions: true })
  .extend({
    densityNoise: nonNeg.default(D.densityNoise),
    flowBlocks: z.number().int().min(1).max(64).default(D.flowBlocks),
    flowHidden: z.array(positiveInt).min(1).max(8).default([...D.flowHidden]),
    conditionEmbeddingHidden: z.array(positiveInt).max(8).default([...D.conditionEmbeddingHidden]),
    /** 0: no embedding, the standardised condition goes to every block directly. */
    conditionEmbeddingDim: z.number().int().min(0).default(D.conditionEmbeddingDim),
    classifierHidden: z.array(positiveInt).max(8).default([...D.classifierHidden]),
    densitySteps: z.number().int().min(0).default(D.densitySteps),
    densityBatchSize: positiveInt.default(D.densityBatchSize),
    densityLearningRate: z.number().positive().default(D.densityLearningRate),
    densityFinalLrFraction: z.number().gt(0).max(1).default(D.densityFinalLrFraction),
    fitTransitionForDiscrete: z.boolean().default(D.fitTransitionForDiscrete),
  });

export type MbilConfigInput = z.input<typeof mbilConfigSchema>;
export type MbilConfig = z.output<typeof mbilConfigSchema>;

/** Validate and fill defaults; `where` names the source in error messages. */
export function resolveMbilConfig(input: unknown, where = 'MBIL config'): MbilConfig {
  const parsed = mbilConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`field '${issue.path.join('.') || '(top level)'}': ${issue.message}`, where);
  }
  return parsed.data;
}
