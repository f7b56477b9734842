// Pendulum-v1 (Gymnasium classic control): envs/pendulum.ts, experts/pendulum.ts.
import { pendulum } from '../envs/pendulum';
import { pendulumExpert } from '../experts/pendulum';
import type { EnvEntry } from './entry';

export const pendulumEntry: EnvEntry = {
  spec: pendulum.spec,
  family: 'classic',
  dynamics: () => pendulum,
  expert: pendulumExpert,
  // length, mass, gravity, torque limit (actuator gain)
  evalParams: ['l', 'm', 'g', 'max_torque'],
  playground: {},
};
