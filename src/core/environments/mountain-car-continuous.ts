// MountainCarContinuous-v0 (Gymnasium classic control): envs/mountain-car-continuous.ts, its expert beside.
import { mountainCarContinuous } from '../envs/mountain-car-continuous';
import { mountainCarContinuousExpert } from '../experts/mountain-car-continuous';
import type { EnvEntry } from './entry';

export const mountainCarContinuousEntry: EnvEntry = {
  spec: mountainCarContinuous.spec,
  family: 'classic',
  dynamics: () => mountainCarContinuous,
  expert: mountainCarContinuousExpert,
  // the environment has only two physical knobs: engine power and the slope's gravity term
  evalParams: ['power', 'gravity'],
  playground: {},
};
