// NPZ writer: the D4RL key layout (observations, actions, rewards, terminals, timeouts, next_observations)
// as np.savez_compressed would write it, plus droil_meta.json (environment id, generator) that NumPy ignores.
// In Python: d = np.load('demos.npz'); d['observations'], d['actions'], ...
import { zipSync, strToU8, type Zippable } from 'fflate';
import type { Dataset } from '../dataset';
import { numTransitions } from '../dataset';
import { npyBytes } from '../numpy';

export function writeNpz(d: Dataset): Uint8Array {
  const n = numTransitions(d);
  const files: Zippable = {
    'observations.npy': npyBytes(d.observations, [n, d.obsDim]),
    'actions.npy': d.actionKind === 'discrete' ? npyBytes(Int32Array.from(d.actions), [n]) : npyBytes(d.actions, [n, d.actionDim]),
    'terminals.npy': npyBytes(d.terminals, [n], 'b1'),
    'timeouts.npy': npyBytes(d.timeouts, [n], 'b1'),
    'next_observations.npy': npyBytes(d.nextObservations, [n, d.obsDim]),
  };
  if (d.rewards) files['rewards.npy'] = npyBytes(d.rewards, [n]);
  const meta = { format: 'droil-demos', envId: d.meta.envId, generator: d.meta.generator, numActions: d.numActions };
  files['droil_meta.json'] = strToU8(JSON.stringify(meta));
  return zipSync(files, { level: 6 });
}
