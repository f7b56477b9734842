// CartPole-v1 (Gymnasium classic control): envs/cartpole.ts, experts/cartpole.ts.
import { cartPole } from '../envs/cartpole';
import { cartPoleExpert } from '../experts/cartpole';
import type { EnvEntry } from './entry';

export const cartPoleEntry: EnvEntry = {
  spec: cartPole.spec,
  family: 'classic',
  dynamics: () => cartPole,
  expert: cartPoleExpert,
  // pole half-length, pole mass, gravity, push force (actuator gain)
  evalParams: ['length', 'masspole', 'gravity', 'force_mag'],
  // The page's defaults (core/setup.ts) are CartPole's.
  playground: {},
};
