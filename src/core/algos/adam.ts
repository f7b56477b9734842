// Adam (Kingma & Ba) over a list of variables as ONE flat vector: the moments live as two flat tensors, and
// the update is written back onto the variables. Same update as tf.train.adam:
//   m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;  p <- p - lr m_hat / (sqrt(v_hat) + eps)
// with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), eps the backend's epsilon (1e-7 in float32), as tfjs does.
// On wasm and cpu the whole step is ONE host kernel (host-kernel.ts) over every variable: tf.train.adam ran
// ~13 kernels per variable, the flat tfjs form ~30 per optimiser (concat, the moments, split, reshape and add
// per variable); the kernel rounds to float32 after every operation in the same order as those ops, so its
// results are the tfjs ops' bit for bit. GPU backends run the flat tfjs form.
import { tf } from '../tf';
import { registerHostKernel } from '../host-kernel';
import { memberGemm, wasmHeap, type MemberGemm } from './member-gemm';

const KERNEL = 'DroilAdam';
const f32 = Math.fround;

/** The per-step constants, as float32 scalars are rounded. */
interface AdamConsts { b1: number; c1: number; b2: number; c2: number; eps: number; vScale: number; stepScale: number }

/** One variable's step over its values p, gradients g and its slice [o, o + p.length) of the moments, into out. */
function adamStep(k: AdamConsts, p: Float32Array, g: Float32Array, m0: Float32Array, v0: Float32Array, m1: Float32Array, v1: Float32Array, out: Float32Array, o: number): void {
  const { b1, c1, b2, c2, eps, vScale, stepScale } = k; // locals: the attributes object is slow to read in a loop
  for (let j = 0; j < p.length; j++) {
    const gj = g[j];
    const m = f32(f32(m0[o + j] * b1) + f32(gj * c1));
    const v = f32(f32(v0[o + j] * b2) + f32(f32(gj * gj) * c2));
    m1[o + j] = m; v1[o + j] = v;
    out[j] = p[j] + f32(f32(m / f32(f32(f32(Math.sqrt(v)) * vScale) + eps)) * stepScale);
  }
}

/** adamStep on wasm: whole vectors of four in SIMD (member-gemm.ts, the same operations), the last p.length mod 4 here. */
function adamSimd(simd: MemberGemm, k: AdamConsts, p: Float32Array, g: Float32Array, m0: Float32Array, v0: Float32Array, m1: Float32Array, v1: Float32Array, out: Float32Array, o: number): void {
  const n4 = p.length >> 2, at = (a: Float32Array, i = 0) => a.byteOffset + 4 * i;
  simd.adam(at(p), at(g), at(m0, o), at(v0, o), at(m1, o), at(v1, o), at(out), n4, k.b1, k.c1, k.b2, k.c2, k.eps, k.vScale, k.stepScale);
  const t = 4 * n4;
  if (t < p.length) adamStep(k, p.subarray(t), g.subarray(t), m0, v0, m1, v1, out.subarray(t), o + t);
}

function registerAdam(): boolean {
  return registerHostKernel(KERNEL, (inputs, attrs, io) => {
    const n = attrs.n as number, k = attrs as unknown as AdamConsts;
    const params = Array.from({ length: n }, (_, i) => inputs[`p${i}`]);
    const outs = [...params.map((p) => io.output(p.shape)), io.output(inputs.m.shape), io.output(inputs.v.shape)];
    const m0 = io.values(inputs.m), v0 = io.values(inputs.v), m1 = io.values(outs[n]), v1 = io.values(outs[n + 1]);
    const simd = memberGemm(wasmHeap(tf.backend()));
    let o = 0;
    for (let i = 0; i < n; i++) {
      const p = io.values(params[i]);
      const g = io.values(inputs[`g${i}`]), out = io.values(outs[i]);
      if (simd) adamSimd(simd, k, p, g, m0, v0, m1, v1, out, o);
      else adamStep(k, p, g, m0, v0, m1, v1, out, o);
      o += p.length;
    }
    return outs;
  });
}

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

  /**
   * One step; grads in the order of the variables. The caller disposes the gradients. viaOps: the tfjs-ops
   * form even where the host kernel runs (the kernel's test reference).
   */
  apply(grads: tf.Tensor[], viaOps = false): void {
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t, bc2 = 1 - this.beta2 ** this.t;
    if (!viaOps && registerAdam()) this.applyHost(grads, bc1, bc2);
    else this.applyOps(grads, bc1, bc2);
  }

  private applyHost(grads: tf.Tensor[], bc1: number, bc2: number): void {
    const n = this.vars.length, total = this.sizes.reduce((a, b) => a + b, 0);
    // The moments outlive the caller's tidy.
    this.m ??= tf.keep(tf.zeros([total]));
    this.v ??= tf.keep(tf.zeros([total]));
    const inputs: Record<string, tf.Tensor> = { m: this.m, v: this.v };
    this.vars.forEach((x, i) => { inputs[`p${i}`] = x; inputs[`g${i}`] = grads[i]; });
    const attrs: AdamConsts & { n: number } = {
      n, b1: f32(this.beta1), c1: f32(1 - this.beta1), b2: f32(this.beta2), c2: f32(1 - this.beta2), eps: f32(tf.backend().epsilon()),
      vScale: f32(1 / Math.sqrt(bc2)), stepScale: f32(-this.learningRate / bc1),
    };
    const outs = tf.engine().runKernel(KERNEL, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    this.vars.forEach((x, i) => x.assign(outs[i]));
    tf.dispose([this.m, this.v, ...outs.slice(0, n)]);
    this.m = tf.keep(outs[n]) as tf.Tensor1D;
    this.v = tf.keep(outs[n + 1]) as tf.Tensor1D;
  }

  /** The same step as tfjs ops over the concatenated gradients (GPU backends). */
  private applyOps(grads: tf.Tensor[], bc1: number, bc2: number): void {
    const k = this.consts;
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
