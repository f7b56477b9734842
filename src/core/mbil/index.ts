// MBIL, the balance-equation baseline (ALGORITHMS.md 3.4). What callers need (the CLI, the benchmark,
// the worker): one call from a dataset to policy JSON that loads like a BC policy.
import type { Dataset } from '../data/dataset';
import type { PolicyJson } from '../algos/policy';
import type { FitPoint } from '../flows/fit';
import type { DensityModelName } from './densities';
import { createMbilTrainer, type MbilRunOptions, type MbilRunResult } from './trainer';

export { MBIL_DEFAULTS, mbilConfigSchema, resolveMbilConfig, type MbilConfig, type MbilConfigInput, type MbilMember } from './config';
export { MbilTrainer, createMbilTrainer, MBIL_DIAGNOSTIC_KEYS, type MbilDiagnostics, type MbilRunOptions, type MbilRunResult, type DensityProgress } from './trainer';
export { mbilSampleLoss, balanceResidual, policyLogProb } from './loss';
export { successors, pairStarts } from './pairs';
export { balanceTargetsFor, type BalanceFit } from './balance';

export interface MbilOutcome {
  result: MbilRunResult;
  /** One policy per member, in config order (the engine's versioned policy JSON, algorithm.algo = 'mbil'). */
  policies: PolicyJson[];
  densityCurves: Partial<Record<DensityModelName, FitPoint[]>>;
}

/**
 * Fit the densities, train every member, return the policies. The backend must be initialised first
 * (initBackend in src/core/tf.ts, which also registers the gradients).
 */
export async function trainMbil(config: unknown, dataset: Dataset, opts: MbilRunOptions = {}, where?: string): Promise<MbilOutcome> {
  const trainer = createMbilTrainer(config, dataset, where);
  try {
    const result = await trainer.run(opts);
    return { result, policies: await trainer.snapshot(), densityCurves: { ...trainer.densityCurves } };
  } finally {
    trainer.dispose();
  }
}
