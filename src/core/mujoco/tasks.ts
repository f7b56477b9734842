// The MuJoCo tasks by id. Static data only (specs, MJCF strings): importing this file loads no WebAssembly.
import { ant } from './ant';
import { halfCheetah } from './half-cheetah';
import { hopper } from './hopper';
import { invertedDoublePendulum } from './inverted-double-pendulum';
import { invertedPendulum } from './inverted-pendulum';
import { runner } from './runner';
import type { MujocoTask } from './task';
import { walker2d } from './walker2d';

export type MujocoEnvId =
  | 'InvertedPendulum-v5' | 'InvertedDoublePendulum-v5' | 'Hopper-v5' | 'PlanarRunner-v0' | 'HalfCheetah-v5' | 'Walker2d-v5' | 'Ant-v5';

/** A user's MJCF model registered at run time (custom.ts, registry.ts): 'mjcf:<file name>'. */
export type CustomMujocoEnvId = `mjcf:${string}`;

export const mujocoTasks: Record<MujocoEnvId, MujocoTask> = {
  'InvertedPendulum-v5': invertedPendulum,
  'InvertedDoublePendulum-v5': invertedDoublePendulum,
  'Hopper-v5': hopper,
  'PlanarRunner-v0': runner,
  'HalfCheetah-v5': halfCheetah,
  'Walker2d-v5': walker2d,
  'Ant-v5': ant,
};

export const mujocoEnvIds = Object.keys(mujocoTasks) as MujocoEnvId[];

export function isMujocoEnvId(id: string): id is MujocoEnvId {
  return Object.prototype.hasOwnProperty.call(mujocoTasks, id);
}

export function isCustomMujocoEnvId(id: string): id is CustomMujocoEnvId {
  return id.startsWith('mjcf:');
}
