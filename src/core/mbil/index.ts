// MBIL, the balance-equation baseline (ALGORITHMS.md 3.4). MBIL trains as a member of the training engine (a BC
// member with loss 'mbil', src/core/algos/ensemble.ts); what this folder adds: its density models, fitted once
// per dataset and seed, the balance targets they give, and the per-sample loss the engine trains on.
export { MBIL_DEFAULTS, mbilConfigSchema, resolveMbilConfig, type MbilConfig, type MbilConfigInput } from './config';
export { mbilSampleLoss, balanceResidual, policyLogProb } from './loss';
export { successors, pairStarts } from './pairs';
export { fitMbilDensities, type DensityFit, type DensityFitOptions } from './density-fit';
export { balanceTargetsFor, type BalanceFit } from './balance';
