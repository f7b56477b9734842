// Every training default, in ONE place, with the reason for it (ALGORITHMS.md 3.3; docs/training.md has the
// evidence). Change a value only with evidence, and record it there.
export const TRAIN_DEFAULTS = {
  /** KL: closed-form weights N*softmax(e/lambda); the reference study used it throughout. */
  divergence: 'kl' as 'kl' | 'chi2',
  /** rho = 0.2: ESS about 0.45 and max weight about 15 in the reference study; large enough to matter, small enough to train stably. */
  rho: 0.2,
  /** Balance strength in the scale convention (nu output times detached mean|l|); 1e-2 from the reference study. */
  kappa: 1e-2,
  /** Stationary balance equation (restart at episode end); the nominal data satisfy it exactly. */
  gamma: 1,
  /** No weight clipping: clipping at 5 pulls D_f far below rho and makes the method almost BC. */
  weightClip: null as number | null,
  /** BC warm start for the first 10% of the steps, so the robust weights see a sensible loss from their first step. */
  warmStartFraction: 0.1,
  /** nu gradient steps per batch. */
  nuSteps: 1,
  /** Policy: 2 x 64 tanh. */
  policyHidden: [64, 64],
  /** nu: 2 x 32 tanh. */
  nuHidden: [32, 32],
  activation: 'tanh' as const,
  /** Continuous policies: Gaussian NLL with a learned state-independent log-std (clamped to [-5, 2]). */
  continuousLoss: 'gaussian' as 'gaussian' | 'mse',
  /** Adam 1e-3 for both networks. */
  learningRate: 1e-3,
  nuLearningRate: 1e-3,
  /** Minibatch of transitions, drawn with replacement by a seeded sampler. */
  batchSize: 256,
  /** A dataset smaller than the batch is the batch, each transition once per step (the reference study's protocol;
   * 'resample' draws batchSize with replacement, the default before issue 19: docs/results/issue-19.md has before/after). */
  smallDataBatch: 'whole' as 'whole' | 'resample',
  /** Initial states per batch (for mean nu(S0): restarts and the (1-gamma) term), drawn with replacement. */
  initialStateBatch: 64,
  steps: 3000,
  /** Diagnostics (and a host copy of the parameters, for recovery) every this many steps. */
  logEvery: 50,
  /** Vectorised bisection for lambda: candidates per round and rounds; the bracket shrinks 15^7 ~ 2^27-fold
   * (27 bisection halvings, log-lambda resolved to ~1e-7 over a span of ~20): fewer, larger ops than 36 halvings. */
  bisectionGrid: 16,
  bisectionRounds: 7,
  /** lambda floor = lambdaFloor * mean_i |l_i|. */
  lambdaFloor: 1e-4,
  /** Initial log-std of a Gaussian policy (in the [-1, 1] action scale). */
  initLogStd: -0.5,
  seed: 0,
  /** segment-dro (reading C, ALGORITHMS.md 3.5): segment length H; a guess to be tested (docs/results/issue-19.md). */
  segment: 10,
  /** tilted-kernel (reading A, ALGORITHMS.md 3.5): weight alpha of the tilted term beside the data's BC term. */
  augWeight: 1,
  /** Imitation loss l_i: the policy's NLL, or MBIL's per-sample balance loss alpha m_i r_i^2 + beta NLL_i
   * ("Robust MBIL", ALGORITHMS.md 3.4; needs MBIL's frozen densities, src/core/mbil/balance.ts). */
  loss: 'nll' as 'nll' | 'mbil',
  /** alpha, the MBIL loss's balance weight: the paper found the BC term weighted slightly higher works best
   * (alpha < beta). MBIL_DEFAULTS (src/core/mbil/config.ts) reads both from here. */
  mbilAlpha: 0.5,
  /** beta, the MBIL loss's BC weight. */
  mbilBeta: 1,
} as const;

export const LOG_STD_MIN = -5;
export const LOG_STD_MAX = 2;
/** Observation std below this is treated as a constant dimension (std := 1). */
export const STD_FLOOR = 1e-6;
