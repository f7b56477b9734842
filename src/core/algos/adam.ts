// Adam (Kingma & Ba) over a list of variables as ONE flat vector: the gradients are concatenated, the moments
// live as two flat tensors, and the update is split back onto the variables. tf.train.adam runs ~13 kernels
// per variable (and uploads its constants every step); with the 13 variables of the default networks that
// was ~170 kernels of ~1,000 per training step; this is ~40. Same update as tf.train.adam:
//   m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;  p <- p - lr m_hat / (sqrt(v_hat) + eps)
// with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), eps the backend's epsilon (1e-7 in float32), as tfjs does.
import { tf } from '../tf';

export class FlatAdam {
  private m: tf.Tensor1D | null = null;
  private v: tf.Tensor1D | null = null;
  private t = 0;
  private readonly sizes: number[];
  private readonly consts: { b1: tf.Scalar; c1: tf.Scalar; b2: tf.Scalar; c2: tf.Scalar; eps: tf.Scalar };

  /** The step size; a schedule may change it between steps (tfjs's own Adam reads its field the same way). */
  learningRate: number;

  constructor(private readonly vars: tf.Variable[], learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999) {
    this.learningRate = learningRate;
    this.sizes = vars.map((v) => v.size);
    this.consts = { b1: tf.scalar(beta1), c1: tf.scalar(1 - beta1), b2: tf.scalar(beta2), c2: tf.scalar(1 - beta2), eps: tf.scalar(tf.backend().epsilon()) };
  }

  /** One step; grads in the order of the variables. The caller disposes the gradients. */
  apply(grads: tf.Tensor[]): void {
    const k = this.consts;
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t, bc2 = 1 - this.beta2 ** this.t;
    const [m, v] = tf.tidy(() => {
      const g = grads.length === 1 ? tf.reshape(grads[0], [-1]) : tf.concat(grads.map((x) => tf.reshape(x, [-1])));
      const m0 = this.m ?? tf.zerosLike(g), v0 = this.v ?? tf.zerosLike(g);
      const m1 = tf.add(tf.mul(m0, k.b1), tf.mul(g, k.c1)) as tf.Tensor1D;
      const v1 = tf.add(tf.mul(v0, k.b2), tf.mul(tf.square(g), k.c2)) as tf.Tensor1D;
      // lr m_hat / (sqrt(v_hat) + eps) = (lr / bc1) m / (sqrt(v) / sqrt(bc2) + eps)
      const step = tf.mul(tf.div(m1, tf.add(tf.mul(tf.sqrt(v1), 1 / Math.sqrt(bc2)), k.eps)), -this.learningRate / bc1);
      const parts = this.vars.length === 1 ? [step] : tf.split(step, this.sizes);
      this.vars.forEach((x, i) => x.assign(tf.add(x, tf.reshape(parts[i], x.shape))));
      return [tf.keep(m1), tf.keep(v1)];
    });
    this.m?.dispose(); this.v?.dispose();
    this.m = m; this.v = v;
  }

  dispose(): void {
    const slots: tf.Tensor[] = [...Object.values(this.consts)];
    if (this.m) slots.push(this.m);
    if (this.v) slots.push(this.v);
    tf.dispose(slots);
    this.m = this.v = null;
  }
}
