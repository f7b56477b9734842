// --small-data whole|resample, shared by `droil train` and `droil bench` (how a dataset smaller than the batch is batched).
import { UserError } from '../core/errors';
import type { SmallDataBatch } from '../core/algos/sampler';

export function smallDataFlag(v: unknown): SmallDataBatch {
  if (v === 'whole' || v === 'resample') return v;
  throw new UserError(`expected whole or resample, got '${String(v)}'`, '--small-data');
}
