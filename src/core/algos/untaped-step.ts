// The robust step's gradients without tfjs's tape, on wasm for discrete policies: the same kernels as the taped
// step (member-mlp.ts, categorical-nll.ts, dual-kernel.ts, squared-norm.ts) called directly, with the upstream
// gradients the tape would hand them computed by the same float32 operations. The tape cost more than the
// arithmetic of these small networks: ~20 Identity copies of saved tensors, ~25 kernels of tfjs's gradient
// functions, its bookkeeping, and the forward values of J and ||nu||^2 that only the tape's scalar needed.
// The objective is ensemble.ts's: sum_m mean_i w_i l_i + sum_m (J_m + kappa_m c_m ||nu_m||^2), so (tfjs-core's
// gradients of Add, Sum, Mean and Multiply, with dy = 1 at the top):
//   dl_i     = (1 / B) w_i, then + 0 (the stop-gradient's zero gradient is added to it)
//   dnuAll   = DualJGrad(dy = 1), + 0 likewise, times nu's mask (left out when every mask is 1, as in the forward)
//   d||nu||  = kappa_m c_m (the forward's product, times dy = 1)
//   nu's parameters: the MLP backward's gradient + the norm's
// Each step is exact, so the parameters equal the taped step's bit for bit (algos-untaped-step.test.ts).
import { tf } from '../tf';
import { mlpBackward, mlpForward } from './member-mlp';
import { categoricalNllKernels } from './categorical-nll';
import { dualJGrad, type DualInputs } from './dual-kernel';
import { squaredNormGrad } from './squared-norm';
import { layerVariables, type StackedLayer } from './mlp';
import type { Divergence } from './divergence';

/** What the adversary returns that the gradients need (ensemble.ts's adversary, detached). */
export interface Adversary { w: tf.Tensor2D; scale: tf.Tensor2D; lambda: tf.Tensor2D; eta: tf.Tensor2D }

export interface UntapedInputs<A extends Adversary> {
  policy: StackedLayer[]; nu: StackedLayer[];
  s: tf.Tensor3D; a: tf.Tensor2D; nuRows: tf.Tensor3D; ended: tf.Tensor2D;
  /** nu's mask [M, 1], or null when every member's is 1. */
  nuMask: tf.Tensor2D | null;
  /** The mask J carries (DualInputs.mask), rho for J, kappa [M]. */
  jMask: tf.Tensor2D; rhoForJ: tf.Tensor2D; kappa: tf.Tensor1D;
  gamma: number; divergence: Divergence;
  /** The adversary on the detached losses and nu's values. */
  adversary: (l: tf.Tensor2D, nuAll: tf.Tensor2D) => A;
}

let enabled = true;
/** Off: the trainer tapes every step (the tests compare the two bit for bit). */
export function useUntapedStep(on: boolean): void { enabled = on; }

/** The policy's and nu's gradients (in layerVariables order) and what the step computed on the way; null where the kernels do not run. Call inside tf.tidy. */
export function untapedGrads<A extends Adversary>(x: UntapedInputs<A>): { policy: tf.Tensor[]; nu: tf.Tensor[]; l: tf.Tensor2D; adv: A } | null {
  if (!enabled) return null;
  const nll = categoricalNllKernels(), pol = mlpForward(x.policy, x.s);
  if (!nll || !pol) return null;
  const l = nll.loss(pol.y, x.a);
  const nuF = mlpForward(x.nu, x.nuRows)!;
  const [M, W] = [nuF.y.shape[0], nuF.y.shape[1]];
  const values = tf.reshape(nuF.y, [M, W]) as tf.Tensor2D;
  const nuAll = x.nuMask ? tf.mul(values, x.nuMask) as tf.Tensor2D : values;
  const adv = x.adversary(l, nuAll);
  const B = l.shape[1];
  // Policy: dl = (1 / B) w + 0, then the NLL's and the MLP's backward kernels.
  const dl = tf.add(tf.mul(adv.w, 1 / B), 0);
  const policy = mlpBackward(nll.grad(dl, pol.y, x.a), x.s, x.policy, pol.hidden);
  // nu: J's gradient (dy = 1) + 0, times the mask; the norm's with dy = kappa c.
  const c: DualInputs = { l, ended: x.ended, scale: adv.scale, lambda: adv.lambda, eta: adv.eta, rho: x.rhoForJ, mask: x.jMask };
  let dNu = tf.add(dualJGrad(tf.ones([M]), nuAll, c, x.gamma, x.divergence)!, 0) as tf.Tensor2D;
  if (x.nuMask) dNu = tf.mul(dNu, x.nuMask) as tf.Tensor2D;
  const nuMlp = mlpBackward(tf.reshape(dNu, [M, W, 1]), x.nuRows, x.nu, nuF.hidden);
  const norm = squaredNormGrad(tf.mul(x.kappa, tf.reshape(adv.scale, [-1])) as tf.Tensor1D, layerVariables(x.nu))!;
  const nu = nuMlp.map((g, i) => tf.add(g, norm[i]));
  return { policy, nu, l, adv };
}
