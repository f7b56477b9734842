// Acrobot-v1 expert: velocity-sign pumping, torque = sign(2 dtheta2 - dtheta1) (sim-and-data.md §5.4).
import type { ExpertController } from './types';

export const acrobotExpert: ExpertController = {
  envId: 'Acrobot-v1',
  name: 'velocity-sign',
  description: 'torque = sign(2 dtheta2 - dtheta1) (action index = torque + 1)',
  act(obs, oo, a, ao) {
    const z = 2 * obs[oo + 5] - obs[oo + 4];
    a[ao] = z > 0 ? 2 : z < 0 ? 0 : 1;
  },
};
