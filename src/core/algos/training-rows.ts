// The training data as a step reads them, kept on the host: normalised observations and next observations,
// actions (class indices, or scaled to [-1, 1]), end flags, the episodes' initial states, and MBIL's pair
// targets. A minibatch is gathered here and uploaded as fresh tensors. On wasm, a JavaScript gather of a few
// thousand rows costs a small fraction of the backend's GatherV2 (about 0.3 ms per gather of an 8-member batch,
// bench/profile-step.ts); on every backend the device then holds the parameters and nothing else.
import type { Dataset } from '../data/dataset';
import type { Minibatch } from './sampler';
import { normaliseObservations, scaleActions, type Normaliser, type PolicyAction } from './policy';
import { gatherRows } from '../data/rows';

type Rows = Float32Array | Int32Array;

/** MBIL's frozen balance targets for BE-DROIL members with the MBIL loss (mbil/balance.ts): per transition r's target and a mask. */
export interface BalanceTargets { target: Float32Array; mask: Float32Array }

/** One minibatch as host arrays, member-major (M x B rows; M x B0 initial states). */
export interface HostBatch {
  s: Float32Array; next: Float32Array; a: Rows; ended: Float32Array; s0: Float32Array;
  /** nu's input, member by member the rows [s; s'; S0]: M x (2B + B0) rows. */
  nuRows: Float32Array;
  /** MBIL's pairs (i, i + 1): the next action, the target d and the pair mask; null when no member uses them. */
  pairs: { aNext: Rows; target: Float32Array; mask: Float32Array } | null;
}

export class TrainingRows {
  private readonly obs: Float32Array;
  private readonly next: Float32Array;
  private readonly actions: Rows;
  private readonly ended: Float32Array;
  private readonly initial: Float32Array;
  private readonly pairs: { nextActions: Rows; target: Float32Array; mask: Float32Array } | null;
  /** Values per action row: 1 for class indices, the action dimension for continuous actions. */
  readonly actionWidth: number;

  constructor(private readonly d: Dataset, action: PolicyAction, norm: Normaliser, balance: BalanceTargets | null) {
    const N = d.terminals.length, E = d.episodeStarts.length - 1, k = d.obsDim;
    this.obs = normaliseObservations(d.observations, norm);
    this.next = normaliseObservations(d.nextObservations, norm);
    this.actions = action.kind === 'discrete' ? Int32Array.from(d.actions) : scaleActions(d.actions, action.low, action.high);
    this.actionWidth = action.kind === 'discrete' ? 1 : action.dim;
    this.ended = Float32Array.from({ length: N }, (_, i) => (d.terminals[i] || d.timeouts[i] ? 1 : 0));
    const initialObs = new Float32Array(E * k);
    for (let e = 0; e < E; e++) initialObs.set(d.observations.subarray(d.episodeStarts[e] * k, (d.episodeStarts[e] + 1) * k), e * k);
    this.initial = normaliseObservations(initialObs, norm);
    if (!balance) { this.pairs = null; return; }
    // MBIL's pairs are (i, i + 1); where i has no successor the pair is masked and a' is a itself.
    const nextIdx = Int32Array.from({ length: N }, (_, i) => (balance.mask[i] ? i + 1 : i));
    this.pairs = { nextActions: gatherRows(this.actions, this.actionWidth, nextIdx), target: balance.target, mask: balance.mask };
  }

  /** The batch of minibatch b; `members` is M (b holds M x B transitions and M x B0 initial states). */
  gather(b: Minibatch, members: number): HostBatch {
    const k = this.d.obsDim, idx = b.transitions, w = this.actionWidth;
    const s = gatherRows(this.obs, k, idx), next = gatherRows(this.next, k, idx), s0 = gatherRows(this.initial, k, b.initial);
    const B = idx.length / members, B0 = b.initial.length / members, rows = 2 * B + B0;
    const nuRows = new Float32Array(members * rows * k);
    for (let m = 0; m < members; m++) {
      nuRows.set(s.subarray(m * B * k, (m + 1) * B * k), m * rows * k);
      nuRows.set(next.subarray(m * B * k, (m + 1) * B * k), (m * rows + B) * k);
      nuRows.set(s0.subarray(m * B0 * k, (m + 1) * B0 * k), (m * rows + 2 * B) * k);
    }
    return {
      s, next, a: gatherRows(this.actions, w, idx), ended: gatherRows(this.ended, 1, idx), s0, nuRows,
      pairs: this.pairs && { aNext: gatherRows(this.pairs.nextActions, w, idx), target: gatherRows(this.pairs.target, 1, idx), mask: gatherRows(this.pairs.mask, 1, idx) },
    };
  }
}
