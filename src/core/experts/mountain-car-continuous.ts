// MountainCarContinuous-v0 expert: bang-bang on the velocity's sign (sim-and-data.md §5.3). At zero velocity
// it pushes left, except near the inelastic left wall (position < -1), where pushing left would deadlock.
import type { ExpertController } from './types';

export const mountainCarContinuousExpert: ExpertController = {
  envId: 'MountainCarContinuous-v0',
  name: 'bang-bang',
  description: 'full throttle in the direction of the velocity; at rest push left, or right when near the left wall',
  act(obs, oo, a, ao) {
    const p = obs[oo], v = obs[oo + 1];
    a[ao] = v > 0 ? 1 : v < 0 ? -1 : p < -1.0 ? 1 : -1;
  },
};
