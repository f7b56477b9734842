// Acrobot-v1 (Gymnasium classic control): envs/acrobot.ts (spec and physics), experts/acrobot.ts.
import { acrobot } from '../envs/acrobot';
import { acrobotExpert } from '../experts/acrobot';
import type { EnvEntry } from './entry';

export const acrobotEntry: EnvEntry = {
  spec: acrobot.spec,
  family: 'classic',
  dynamics: () => acrobot,
  expert: acrobotExpert,
  // link masses, gravity, torque magnitude (actuator gain)
  evalParams: ['link_mass_1', 'link_mass_2', 'gravity', 'torque_scale'],
  playground: {},
};
