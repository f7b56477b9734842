// TEMPORARY ADAPTER: the worst-case transition kernel (ALGORITHMS.md §4) is being written in
// src/core/eval by the evaluation engineer. Until it lands this returns null and the page says
// "not computed" — it never invents a number. Replace the body with the core call when it exists.
import type { Actor } from '../core/policy';
import type { Params } from '../core/envs/types';
import type { Summary } from '../core/eval/stats';

export interface KernelRequest {
  envId: string;
  actor: Actor;
  params: Params;
  initialStates: Float64Array;
  rho: number;
  seed: number;
}

export async function worstKernelAdapter(_req: KernelRequest): Promise<Summary | null> {
  return null;
}
