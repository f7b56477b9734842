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
