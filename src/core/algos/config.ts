// The training request, validated with zod. Shared settings apply to every member of the ensemble; each
// member picks its algorithm, radius (or temperature), balance strength and seed. Defaults: defaults.ts.
import { z } from 'zod';
import { UserError } from '../errors';
import { TRAIN_DEFAULTS as D } from './defaults';

/**
 * The readings of ALGORITHMS.md 3.5: segment-dro (C, segment-dro.ts); fixed-weights (B: BC with fixed per-transition
 * weights, e.g. trajectory likelihood ratios, likelihood-ratio.ts); tilted-kernel (A: BC plus the tilted term over K
 * model next states per transition, tilted-kernel.ts; rho is the tilt's radius, 0 = plain augmentation). Both need
 * their per-transition inputs as createTrainer's fourth argument.
 */
export const ALGORITHMS = ['bc', 'dro-bc', 'be-droil', 'segment-dro', 'fixed-weights', 'tilted-kernel'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
/** The algorithms that train from the demonstrations alone (readings A and B need inputs only `droil bench` makes). */
export const DATA_ONLY_ALGORITHMS = ALGORITHMS.filter((a) => a !== 'fixed-weights' && a !== 'tilted-kernel');
/** The per-sample imitation loss the weights act on: NLL, or MBIL's balance loss (ALGORITHMS.md 3.4). */
export const IMITATION_LOSSES = ['nll', 'mbil'] as const;
export type ImitationLoss = (typeof IMITATION_LOSSES)[number];

const nonNeg = z.number().refine(Number.isFinite, 'must be finite').refine((v) => v >= 0, 'must be >= 0');
const positiveInt = z.number().int().positive();

export const memberSchema = z.object({
  algo: z.enum(ALGORITHMS),
  /** Radius of the divergence ball (constrained mode). */
  rho: nonNeg.optional(),
  /** Fixed temperature lambda = tau (penalised mode; rho unused). */
  tau: z.number().positive().refine(Number.isFinite, 'must be finite').optional(),
  kappa: nonNeg.optional(),
  /** segment-dro: segment length H in transitions; 0 = the whole episode (default 10). */
  segment: z.number().int().min(0).optional(),
  /** Imitation loss of this member (default: the config's `loss`). */
  loss: z.enum(IMITATION_LOSSES).optional(),
  seed: z.number().int().optional(),
  label: z.string().optional(),
});
export type MemberInput = z.input<typeof memberSchema>;

export const trainConfigSchema = z.object({
  members: z.array(memberSchema).min(1, 'at least one member').max(64, 'at most 64 members'),
  divergence: z.enum(['kl', 'chi2']).default(D.divergence),
  gamma: z.number().min(0).max(1).default(D.gamma),
  weightClip: z.number().gt(1, 'must be > 1 (mean weight is 1)').nullable().default(D.weightClip),
  warmStartFraction: z.number().min(0).max(1).default(D.warmStartFraction),
  nuSteps: positiveInt.default(D.nuSteps),
  policyHidden: z.array(positiveInt).max(8).default([...D.policyHidden]),
  nuHidden: z.array(positiveInt).max(8).default([...D.nuHidden]),
  continuousLoss: z.enum(['gaussian', 'mse']).default(D.continuousLoss),
  learningRate: z.number().positive().default(D.learningRate),
  nuLearningRate: z.number().positive().default(D.nuLearningRate),
  batchSize: positiveInt.default(D.batchSize),
  initialStateBatch: positiveInt.default(D.initialStateBatch),
  /** A dataset smaller than the batch: the whole dataset each step ('whole'), or batchSize draws with replacement ('resample', the behaviour before issue 19). */
  smallDataBatch: z.enum(['whole', 'resample']).default(D.smallDataBatch),
  steps: z.number().int().min(0).default(D.steps),
  logEvery: positiveInt.default(D.logEvery),
  bisectionGrid: z.number().int().min(3).default(D.bisectionGrid),
  bisectionRounds: positiveInt.default(D.bisectionRounds),
  lambdaFloor: z.number().positive().default(D.lambdaFloor),
  initLogStd: z.number().default(D.initLogStd),
  /** tilted-kernel (reading A): alpha, the weight of the tilted term beside the data's BC term. */
  augWeight: nonNeg.default(D.augWeight),
  /** Imitation loss of members that give none; 'mbil' needs the frozen balance targets (createTrainer's third argument). */
  loss: z.enum(IMITATION_LOSSES).default(D.loss),
  mbilAlpha: nonNeg.default(D.mbilAlpha),
  mbilBeta: nonNeg.default(D.mbilBeta),
  /** Seed of members that give none. */
  seed: z.number().int().default(D.seed),
  envId: z.string().optional(),
  /** Continuous actions: the environment's bounds (else the data's min and max). */
  actionLow: z.array(z.number()).optional(),
  actionHigh: z.array(z.number()).optional(),
  /** Discrete actions: the number of actions (else the dataset's). */
  numActions: positiveInt.optional(),
});
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

export interface ResolvedMember { algo: Algorithm; rho: number; tau: number | null; kappa: number; seed: number; loss: ImitationLoss; label: string; segment: number }
export type TrainConfig = Omit<z.output<typeof trainConfigSchema>, 'members'> & { members: ResolvedMember[] };

export function memberLabel(m: Omit<ResolvedMember, 'label' | 'segment'> & { segment?: number }): string {
  if (m.algo === 'bc') return `bc${m.loss === 'mbil' ? ' loss=mbil' : ''} seed=${m.seed}`;
  if (m.algo === 'fixed-weights') return `fixed-weights seed=${m.seed}`;
  const radius = m.tau !== null ? `tau=${m.tau}` : `rho=${m.rho}`;
  const H = m.algo === 'segment-dro' ? ` H=${m.segment === 0 ? 'episode' : m.segment}` : '';
  return `${m.algo}${H} ${radius}${m.algo === 'be-droil' ? ` kappa=${m.kappa}` : ''}${m.loss === 'mbil' ? ' loss=mbil' : ''} seed=${m.seed}`;
}

/** Validate and fill defaults; `where` names the source in error messages (a file, 'config', ...). */
export function resolveTrainConfig(input: unknown, where = 'training config'): TrainConfig {
  const parsed = trainConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`field '${issue.path.join('.') || '(top level)'}': ${issue.message}`, where);
  }
  const c = parsed.data;
  const members = c.members.map((m) => {
    const r = { algo: m.algo, rho: m.rho ?? D.rho, tau: m.tau ?? null, kappa: m.kappa ?? D.kappa, seed: m.seed ?? c.seed, loss: m.loss ?? c.loss, segment: m.segment ?? D.segment };
    return { ...r, label: m.label ?? memberLabel(r) };
  });
  return { ...c, members };
}
