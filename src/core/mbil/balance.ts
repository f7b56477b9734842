// MBIL's frozen balance targets for the training engine (ALGORITHMS.md 3.4): members with loss 'mbil' (MBIL
// itself: a BC member; "Robust MBIL": BE-DROIL or DRO-BC members) train on MBIL's per-sample loss
// alpha m_i r_i^2 + beta l_i, with r_i = d_i - log pi(a'_i | s'_i). d_i comes from MBIL's density models,
// fitted once per dataset and seed (density-fit.ts): every entry point (the page's runs, droil train, every
// bench cell) gets the same targets from the same data, settings and seed.
import type { Dataset } from '../data/dataset';
import type { BalanceTargets } from '../algos/ensemble';
import type { FitPoint } from '../flows/fit';
import { balanceTargets, disposeDensities, type DensityModelName } from './densities';
import { fitMbilDensities, type DensityFitOptions } from './density-fit';

export interface BalanceFit {
  targets: BalanceTargets;
  densityCurves: Partial<Record<DensityModelName, FitPoint[]>>;
}

/**
 * Fit MBIL's densities on the dataset and return d and the pair mask per transition. `config`: MBIL's density
 * settings, the seed, and the action bounds / number of actions of the engine's config, which must match so
 * that d and log pi are in the same units (density-fit.ts); other keys are ignored.
 */
export async function balanceTargetsFor(dataset: Dataset, config: Record<string, unknown>, opts: DensityFitOptions = {}, where?: string): Promise<BalanceFit> {
  const fit = await fitMbilDensities(dataset, config, opts, where);
  try {
    return { targets: balanceTargets(fit.models, fit.data), densityCurves: { ...fit.models.curves } };
  } finally {
    disposeDensities(fit.models);
  }
}
