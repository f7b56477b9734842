// D4RL-layout HDF5 writer: root datasets observations [N, n] float32, actions [N] int32 (discrete) or
// [N, m] float32, rewards [N], terminals [N] and timeouts [N] as int8 0/1, next_observations [N, n];
// root attributes env_id and droil_meta (JSON: generator, number of actions), as fixed-length UTF-8 strings.
// In Python: f = h5py.File('demos.h5'); f['observations'][:], ...
import type { Dataset } from '../dataset';
import { numTransitions } from '../dataset';
import { buildHdf5, writeStringAttr } from '../hdf5';

export function writeHdf5(d: Dataset): Promise<Uint8Array> {
  const n = numTransitions(d);
  return buildHdf5((f) => {
    f.create_dataset({ name: 'observations', data: d.observations, shape: [n, d.obsDim], dtype: '<f' });
    if (d.actionKind === 'discrete') f.create_dataset({ name: 'actions', data: Int32Array.from(d.actions), shape: [n], dtype: '<i' });
    else f.create_dataset({ name: 'actions', data: d.actions, shape: [n, d.actionDim], dtype: '<f' });
    if (d.rewards) f.create_dataset({ name: 'rewards', data: d.rewards, shape: [n], dtype: '<f' });
    f.create_dataset({ name: 'terminals', data: Int8Array.from(d.terminals), shape: [n], dtype: '<b' });
    f.create_dataset({ name: 'timeouts', data: Int8Array.from(d.timeouts), shape: [n], dtype: '<b' });
    f.create_dataset({ name: 'next_observations', data: d.nextObservations, shape: [n, d.obsDim], dtype: '<f' });
    if (d.meta.envId) writeStringAttr(f, 'env_id', d.meta.envId);
    writeStringAttr(f, 'droil_meta', JSON.stringify({ format: 'droil-demos', generator: d.meta.generator, numActions: d.numActions }));
  });
}
