// What evaluation needs from any policy (a trained network, an expert, a random policy):
// deterministic actions for a batch of observations. Implementations must not keep references to `obs`.
export interface Actor {
  obsDim: number;
  actionKind: 'discrete' | 'continuous';
  /** Continuous: action dimension. Discrete: 1. */
  actionDim: number;
  /** obs is n x obsDim (row-major); returns n x actionDim (discrete: the integer index as a number). */
  act(obs: Float32Array | Float64Array, n: number): Float64Array;
}
