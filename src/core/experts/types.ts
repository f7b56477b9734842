// A built-in expert: a deterministic controller acting on one observation.

export interface ExpertController {
  envId: string;
  name: string;
  /** One line: what the controller does (shown in dataset metadata and the UI). */
  description: string;
  /** Write the action for the observation at obs[oo] to a[ao] (discrete: the index). */
  act(obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number): void;
}
