// MBIL's training request (ALGORITHMS.md 3.4), validated with zod. The policy settings are the training
// engine's own (same schema fields and defaults, so an MBIL policy is the same network as a BC policy);
// what MBIL adds: alpha and beta per member, and the density models fitted once before the policy.
import { z } from 'zod';
import { UserError } from '../errors';
import { trainConfigSchema } from '../algos/config';

/** Every MBIL default, with the reason for it. */
export const MBIL_DEFAULTS = {
  /** Balance-loss weight; the paper found the BC term weighted slightly higher works best (alpha < beta). */
  alpha: 0.5,
  /** BC-loss weight. */
  beta: 1,
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

export const mbilMemberSchema = z.object({
  alpha: nonNeg.optional(),
  beta: nonNeg.optional(),
  seed: z.number().int().optional(),
  label: z.string().optional(),
});

export const mbilConfigSchema = trainConfigSchema
  .pick({
    continuousLoss: true, policyHidden: true, learningRate: true, batchSize: true, initialStateBatch: true, smallDataBatch: true,
    steps: true, logEvery: true, initLogStd: true, seed: true, envId: true, actionLow: true, actionHigh: true, numActions: true,
  })
  .extend({
    members: z.array(mbilMemberSchema).min(1, 'at least one member').max(64, 'at most 64 members').default([{}]),
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
export interface MbilMember { alpha: number; beta: number; seed: number; label: string }
export type MbilConfig = Omit<z.output<typeof mbilConfigSchema>, 'members'> & { members: MbilMember[] };

export function mbilMemberLabel(m: Omit<MbilMember, 'label'>): string {
  return `mbil alpha=${m.alpha} beta=${m.beta} seed=${m.seed}`;
}

/** Validate and fill defaults; `where` names the source in error messages. */
export function resolveMbilConfig(input: unknown, where = 'MBIL config'): MbilConfig {
  const parsed = mbilConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`field '${issue.path.join('.') || '(top level)'}': ${issue.message}`, where);
  }
  const c = parsed.data;
  const members = c.members.map((m) => {
    const r = { alpha: m.alpha ?? D.alpha, beta: m.beta ?? D.beta, seed: m.seed ?? c.seed };
    return { ...r, label: m.label ?? mbilMemberLabel(r) };
  });
  return { ...c, members };
}
