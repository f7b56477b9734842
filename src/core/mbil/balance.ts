// MBIL's frozen balance targets for the training engine ("Robust MBIL", ALGORITHMS.md 3.4): BE-DROIL (or
// DRO-BC, or BC) members with loss 'mbil' reweight MBIL's per-sample loss alpha m_i r_i^2 + beta l_i, with
// r_i = d_i - log pi(a'_i | s'_i). d_i comes from MBIL's density models, fitted once per dataset here with
// exactly MBIL's pre-training (same settings, same seeded streams): the same data and seed give the same
// targets as `droil train --algo mbil`, so a BC member with loss 'mbil' is MBIL itself.
import type { Dataset } from '../data/dataset';
import type { BalanceTargets } from '../algos/ensemble';
import type { FitPoint } from '../flows/fit';
import type { DensityModelName } from './densities';
import { createMbilTrainer, type MbilRunOptions } from './trainer';

export interface BalanceFit {
  targets: BalanceTargets;
  densityCurves: Partial<Record<DensityModelName, FitPoint[]>>;
}

/**
 * Fit MBIL's densities on the dataset and return d and the pair mask per transition. `config` is an MBIL
 * config (density settings, seed, and the action bounds / number of actions of the engine's config, which
 * must match so that d and log pi are in the same units); members and policy settings are ignored.
 */
export async function balanceTargetsFor(dataset: Dataset, config: Record<string, unknown>, opts: MbilRunOptions = {}, where?: string): Promise<BalanceFit> {
  const trainer = createMbilTrainer({ ...config, members: [{}] }, dataset, where);
  try {
    const densityCurves = await trainer.pretrain(opts);
    const b = trainer.balance!;
    return { targets: { target: b.target, mask: b.mask }, densityCurves: { ...densityCurves } };
  } finally {
    trainer.dispose();
  }
}
