// Which policies a run trains: every chosen algorithm for every seed; the robust ones once per radius of
// the sweep (one batched ensemble), so the rho slider can answer without retraining. BC and MBIL have no
// radius: one member per seed (rho 0).
import { NON_ROBUST_ALGOS, sweepRadii, type Setup } from '../setup';
import type { MemberInfo } from './types';

export function planMembers(setup: Pick<Setup, 'algos' | 'rhoSweep' | 'seeds' | 'seed'>): MemberInfo[] {
  const out: MemberInfo[] = [];
  const radii = sweepRadii(setup);
  for (let k = 0; k < setup.seeds; k++) {
    const seed = setup.seed + k;
    for (const algo of setup.algos) {
      if (NON_ROBUST_ALGOS.includes(algo)) out.push({ id: out.length, algo, rho: 0, seed });
      else for (const rho of radii) out.push({ id: out.length, algo, rho, seed });
    }
  }
  return out;
}

/** A run's training steps as the progress bar counts them, stage by stage. */
export interface StepPlan {
  /** Density models MBIL fits: one classifier for discrete actions, two flows for continuous ones. */
  densityModels: number;
  /** MBIL's density fits, before the ensemble, when a member trains on MBIL's loss (MBIL, or BE-DROIL with the MBIL loss). */
  balanceSteps: number;
  /** The ensemble's stage (its balance fit included); 0 without members. */
  ensembleSteps: number;
  totalSteps: number;
}

/** One count for the worker's progress and the page's first "step 0 / N" (MBIL's density fits included). */
export function planSteps(setup: Pick<Setup, 'steps' | 'mbilDensitySteps' | 'loss'>, members: MemberInfo[], actionKind: 'discrete' | 'continuous'): StepPlan {
  const densityModels = actionKind === 'discrete' ? 1 : 2;
  const mbilLoss = members.some((m) => m.algo === 'mbil' || (setup.loss === 'mbil' && m.algo === 'be-droil'));
  const balanceSteps = mbilLoss ? densityModels * setup.mbilDensitySteps : 0;
  const ensembleSteps = members.length ? balanceSteps + setup.steps : 0;
  return { densityModels, balanceSteps, ensembleSteps, totalSteps: ensembleSteps };
}
