// A whole stacked MLP (tanh hidden layers, linear output; mlp.ts) as ONE kernel forward and ONE backward on
// wasm. Composed of memberDense and hiddenTanh, a 3-layer network is ~25 tfjs kernels forward and ~30
// backward (products, transposes, the tanh's four elementwise ops, its derivative's three, the bias sums), and
// at ~6 us of tfjs bookkeeping per kernel that was more than the arithmetic of these small networks. The two
// kernels here call the same C++ functions of the backend in the same order (wasm-calls.ts), and do the
// elementwise steps with the backend's own SIMD operators (exact float32 arithmetic), so results equal the composed
// ops' bit for bit (algos-member-mlp.test.ts). Per member m and layer j (h_0 = x):
//   forward:  z_j = h_j W_j + b_j (XNNPACK, fused bias);  h_{j+1} = 2 sigmoid(2 z_j) - 1 (hidden) or z_j (output)
//   backward: dz^T = transpose(dz);  dW_j = transpose(dz^T h_j);  db_j = row sums of dz^T;
//             dh_j = dz transpose(W_j);  dz_{j-1} = dh_j (1 - h_j^2)
// Other backends compose memberDense and hiddenTanh (mlp.ts).
import { tf, currentBackend } from '../tf';
import { WasmCalls, type WasmBackendLike } from '../wasm-calls';
import { memberGemm, wasmHeap, type MemberGemm } from './member-gemm';

const FORWARD = 'DroilMlpForward';
const BACKWARD = 'DroilMlpBackward';

/** Two floats of scratch holding the constants 2 and 1 (the elementwise steps' scalars). */
function constants(w: WasmCalls): { two: number; one: number } {
  const at = w.alloc(2);
  w.floats(at, 2).set([2, 1]);
  return { two: at, one: at + 4 };
}

/** Layer sizes from the inputs: x [M, R, K0], w{j} [M, K_j, K_{j+1}]. */
function sizesOf(inputs: Record<string, tf.TensorInfo>, L: number): { M: number; R: number; K: number[] } {
  const [M, R, K0] = inputs.x.shape;
  return { M, R, K: [K0, ...Array.from({ length: L }, (_, j) => inputs[`w${j}`].shape[2])] };
}

function register(): boolean {
  if (tf.getKernel(FORWARD, 'wasm')) return true;
  if (!tf.findBackend('wasm')) return false;
  tf.registerKernel({
    kernelName: FORWARD,
    backendName: 'wasm',
    // Outputs: y [M, R, K_L], then the hidden activations h_1 .. h_{L-1} [M, R, K_j].
    kernelFunc: ({ inputs, backend, attrs }) => {
      const w = new WasmCalls(backend as unknown as WasmBackendLike), ins = inputs as Record<string, tf.TensorInfo>;
      const L = (attrs as { layers: number }).layers, { M, R, K } = sizesOf(ins, L);
      const outs = [w.be.makeOutput([M, R, K[L]], 'float32'), ...K.slice(1, L).map((k) => w.be.makeOutput([M, R, k], 'float32'))];
      const act = (j: number) => (j === 0 ? ins.x : outs[j]); // h_j
      const g = gemmOf(w);
      if (g) { forwardGemm(w, g, ins, outs, M, R, K); return outs; }
      const k = constants(w);
      try {
        for (let m = 0; m < M; m++) {
          for (let j = 0; j < L; j++) {
            const out = j + 1 < L ? outs[j + 1] : outs[0], n = R * K[j + 1], at = w.offset(out) + 4 * m * n;
            w.dense(w.offset(act(j)) + 4 * m * R * K[j], R, K[j], w.offset(ins[`w${j}`]) + 4 * m * K[j] * K[j + 1], K[j + 1], w.offset(ins[`b${j}`]) + 4 * m * K[j + 1], at);
            if (j + 1 === L) continue;
            // tanh(z) = 2 sigmoid(2z) - 1, in place, by the backend's SIMD elementwise operators.
            w.binary('Multiply', at, n, k.two, 1, at, n);
            w.sigmoid(at, n, at);
            w.binary('Multiply', at, n, k.two, 1, at, n);
            w.binary('Sub', at, n, k.one, 1, at, n);
          }
        }
      } finally {
        w.free(k.two);
      }
      return outs;
    },
  });
  tf.registerKernel({
    kernelName: BACKWARD,
    backendName: 'wasm',
    // Inputs: dy [M, R, K_L], x, w{j}, h{j} (j = 1 .. L-1). Outputs: dx, then dW_j and db_j for every layer.
    kernelFunc: ({ inputs, backend, attrs }) => {
      const w = new WasmCalls(backend as unknown as WasmBackendLike), ins = inputs as Record<string, tf.TensorInfo>;
      const L = (attrs as { layers: number }).layers, { M, R, K } = sizesOf(ins, L);
      const dx = w.be.makeOutput([M, R, K[0]], 'float32');
      const dW = K.slice(0, L).map((k, j) => w.be.makeOutput([M, k, K[j + 1]], 'float32'));
      const db = K.slice(1).map((k) => w.be.makeOutput([M, 1, k], 'float32'));
      const act = (j: number) => (j === 0 ? ins.x : ins[`h${j}`]);
      const g = gemmOf(w);
      if (g) { backwardGemm(w, g, ins, dx, dW, db, M, R, K); return [dx, ...dW.flatMap((t, j) => [t, db[j]])]; }
      const widest = Math.max(...K);
      // Scratch: dz, the next dz and dz^T (R x widest each), a product before its transpose and W^T (widest^2 each).
      const rw = 4 * R * widest, ww = 4 * widest * widest, s = w.alloc(3 * R * widest + 2 * widest * widest);
      const dzA = s, dzB = s + rw, dzT = s + 2 * rw, prod = s + 3 * rw, wT = s + 3 * rw + ww;
      const k = constants(w);
      try {
        for (let m = 0; m < M; m++) {
          let dz = dzA, next = dzB;
          w.floats(dz, R * K[L]).set(w.floats(w.offset(ins.dy) + 4 * m * R * K[L], R * K[L]));
          for (let j = L - 1; j >= 0; j--) {
            const Kin = K[j], Kout = K[j + 1], hj = w.offset(act(j)) + 4 * m * R * Kin;
            w.transpose(dz, R, Kout, dzT);
            w.matMul(dzT, Kout, R, hj, Kin, prod);
            w.transpose(prod, Kout, Kin, w.offset(dW[j]) + 4 * m * Kin * Kout);
            w.rowSums(dzT, Kout, R, w.offset(db[j]) + 4 * m * Kout);
            w.transpose(w.offset(ins[`w${j}`]) + 4 * m * Kin * Kout, Kin, Kout, wT);
            const dh = j === 0 ? w.offset(dx) + 4 * m * R * Kin : next;
            w.matMul(dz, R, Kout, wT, Kin, dh);
            if (j === 0) break;
            // Through the tanh: dz_{j-1} = dh (1 - h_j^2).
            const n = R * Kin;
            w.binary('Multiply', hj, n, hj, n, dzT, n);
            w.binary('Sub', k.one, 1, dzT, n, dzT, n);
            w.binary('Multiply', dh, n, dzT, n, dh, n);
            [dz, next] = [next, dz];
          }
        }
      } finally {
        w.free(s);
        w.free(k.two);
      }
      return [dx, ...dW.flatMap((t, j) => [t, db[j]])];
    },
  });
  return true;
}

/** The SIMD kernel over the backend's heap (member-gemm.ts), or null (the XNNPACK calls below run instead). */
function gemmOf(w: WasmCalls): MemberGemm | null {
  return memberGemm(wasmHeap(w.be));
}

const up4 = (n: number) => (n + 3) & ~3;

/**
 * A float32 block of rows x cols at `at` (row stride cols) as rows x up4(cols) with zero padding, in `scratch`;
 * the block itself when cols is a multiple of 4. Returns the pointer and the row stride in bytes.
 */
function padded(g: MemberGemm, at: number, rows: number, cols: number, scratch: number): [number, number] {
  const c4 = up4(cols);
  if (c4 === cols) return [at, 4 * cols];
  const h = new Float32Array(g.memory.buffer), s = scratch >> 2, a = at >> 2;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) h[s + r * c4 + c] = h[a + r * cols + c];
    for (let c = cols; c < c4; c++) h[s + r * c4 + c] = 0;
  }
  return [scratch, 4 * c4];
}

/** out [M, N] = A B (+ bias), A read through strides (bytes), B [K, N] at row stride sB (padded: up4(N) readable columns). */
function product(g: MemberGemm, A: number, sAm: number, sAk: number, B: number, sB: number, M: number, K: number, N: number, bias: number, out: number, scratch: number): void {
  const n4 = up4(N);
  if (n4 === N) { g.gemm(A, sAm, sAk, B, sB, M, K, N, bias, out, 4 * N); return; }
  g.gemm(A, sAm, sAk, B, sB, M, K, n4, bias, scratch, 4 * n4);
  const h = new Float32Array(g.memory.buffer), s = scratch >> 2, o = out >> 2;
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) h[o + m * N + n] = h[s + m * n4 + n];
}

/** Elementwise over n floats at p: the SIMD kernel on whole vectors, `tail` (the same float32 steps) on the last n mod 4. */
function elementwise(g: MemberGemm, p: number, n: number, simd: (p: number, n4: number) => void, tail: (h: Float32Array, i: number) => void): void {
  simd(p, n >> 2);
  if (n & 3) { const h = new Float32Array(g.memory.buffer); for (let i = (p >> 2) + (n & ~3); i < (p >> 2) + n; i++) tail(h, i); }
}

const f32 = Math.fround;

/** The forward kernel on member-gemm.ts: the same per-output sums as XNNPACK's, the same tanh steps. */
function forwardGemm(w: WasmCalls, g: MemberGemm, ins: Record<string, tf.TensorInfo>, outs: tf.TensorInfo[], M: number, R: number, K: number[]): void {
  const L = K.length - 1, widest = Math.max(...K.map(up4));
  // Scratch: a padded weight block and bias (widest^2 + widest) and a padded output (R widest), only for widths not a multiple of 4.
  const s = w.alloc(widest * widest + widest + R * widest), sW = s, sb = s + 4 * widest * widest, sOut = sb + 4 * widest;
  try {
    for (let m = 0; m < M; m++) {
      for (let j = 0; j < L; j++) {
        const Kin = K[j], Kout = K[j + 1], n = R * Kout;
        const x = w.offset(j === 0 ? ins.x : outs[j]) + 4 * m * R * Kin, out = w.offset(j + 1 < L ? outs[j + 1] : outs[0]) + 4 * m * n;
        const [W, sB] = padded(g, w.offset(ins[`w${j}`]) + 4 * m * Kin * Kout, Kin, Kout, sW);
        const [b] = padded(g, w.offset(ins[`b${j}`]) + 4 * m * Kout, 1, Kout, sb);
        product(g, x, 4 * Kin, 4, W, sB, R, Kin, Kout, b, out, sOut);
        if (j + 1 === L) continue;
        // tanh(z) = 2 sigmoid(2z) - 1 in place: 2z and 2s - 1 here, the sigmoid by the backend's XNNPACK operator.
        elementwise(g, out, n, g.twice, (h, i) => { h[i] = f32(h[i] * 2); });
        w.sigmoid(out, n, out);
        elementwise(g, out, n, g.twoSMinusOne, (h, i) => { h[i] = f32(f32(h[i] * 2) - 1); });
      }
    }
  } finally {
    w.free(s);
  }
}

/**
 * The backward kernel on member-gemm.ts, per layer from the last: db = the column sums of dz (a product with
 * a row of ones: 0 + dz_0 + dz_1 + ..., the order of tfjs's Sum over dz^T's rows), dW = h^T dz (h read in
 * place, no transpose), dh = dz W^T (W^T built here), then dz = dh (1 - h^2).
 */
function backwardGemm(w: WasmCalls, g: MemberGemm, ins: Record<string, tf.TensorInfo>, dx: tf.TensorInfo, dW: tf.TensorInfo[], db: tf.TensorInfo[], M: number, R: number, K: number[]): void {
  const L = K.length - 1, widest = Math.max(...K.map(up4));
  // Scratch: W^T padded (widest^2), a padded dz (R widest), a padded product (max(R, widest) widest), two dh
  // blocks (R widest each: a layer's dh is the next one's dz, read while the next dh is written), the constant 1.
  const big = Math.max(R, widest) * widest;
  const s = w.alloc(widest * widest + 3 * R * widest + big + 1);
  const sWT = s, sDz = sWT + 4 * widest * widest, sProd = sDz + 4 * R * widest, sDh = [sProd + 4 * big, sProd + 4 * big + 4 * R * widest], one = sDh[1] + 4 * R * widest;
  new Float32Array(g.memory.buffer)[one >> 2] = 1;
  try {
    for (let m = 0; m < M; m++) {
      let dz = w.offset(ins.dy) + 4 * m * R * K[L];
      for (let j = L - 1; j >= 0; j--) {
        const Kin = K[j], Kout = K[j + 1];
        const hj = w.offset(j === 0 ? ins.x : ins[`h${j}`]) + 4 * m * R * Kin;
        const [B, sB] = padded(g, dz, R, Kout, sDz);
        product(g, one, 0, 0, B, sB, 1, R, Kout, 0, w.offset(db[j]) + 4 * m * Kout, sProd);
        product(g, hj, 4, 4 * Kin, B, sB, Kin, R, Kout, 0, w.offset(dW[j]) + 4 * m * Kin * Kout, sProd);
        // W^T [Kout, up4(Kin)], zero-padded.
        const h = new Float32Array(g.memory.buffer), Wj = (w.offset(ins[`w${j}`]) >> 2) + m * Kin * Kout, kin4 = up4(Kin), t = sWT >> 2;
        for (let o = 0; o < Kout; o++) {
          for (let i = 0; i < Kin; i++) h[t + o * kin4 + i] = h[Wj + i * Kout + o];
          for (let i = Kin; i < kin4; i++) h[t + o * kin4 + i] = 0;
        }
        const dh = j === 0 ? w.offset(dx) + 4 * m * R * Kin : sDh[j & 1];
        product(g, dz, 4 * Kout, 4, sWT, 4 * kin4, R, Kout, Kin, 0, dh, sProd);
        if (j === 0) break;
        const n = R * Kin;
        elementwise(g, dh, n, (p, n4) => g.tanhGrad(p, hj, n4), (hp, i) => { const hv = hp[(hj >> 2) + i - (dh >> 2)]; hp[i] = f32(hp[i] * f32(1 - f32(hv * hv))); });
        dz = dh;
      }
    }
  } finally {
    w.free(s);
  }
}

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * The fused MLP's forward kernel called directly, off the tape: y and the hidden activations its backward
 * reads; null off wasm. For a step that chains the gradients itself (ensemble.ts's untaped step).
 */
export function mlpForward(weights: { W: tf.Tensor; b: tf.Tensor }[], x: tf.Tensor3D): { y: tf.Tensor3D; hidden: tf.Tensor[] } | null {
  if (currentBackend() !== 'wasm' || !register()) return null;
  const L = weights.length, ins: tf.NamedTensorMap = { x };
  weights.forEach((l, j) => { ins[`w${j}`] = l.W; ins[`b${j}`] = l.b; });
  const [y, ...hidden] = tf.engine().runKernel(FORWARD, ins, { layers: L }) as tf.Tensor[];
  return { y: y as tf.Tensor3D, hidden };
}

/** The backward kernel called directly: [dW_0, db_0, dW_1, ...] for dy at mlpForward's output (dx is dropped). */
export function mlpBackward(dy: tf.Tensor, x: tf.Tensor3D, weights: { W: tf.Tensor }[], hidden: tf.Tensor[]): tf.Tensor[] {
  const L = weights.length, g: tf.NamedTensorMap = { dy, x };
  weights.forEach((l, j) => { g[`w${j}`] = l.W; });
  hidden.forEach((h, j) => { g[`h${j + 1}`] = h; });
  const [dx, ...grads] = tf.engine().runKernel(BACKWARD, g, { layers: L }) as tf.Tensor[];
  dx.dispose();
  return grads;
}

/** The fused MLP where it runs (wasm); null elsewhere (the caller composes the layers). */
export function fusedMlp(weights: { W: tf.Tensor; b: tf.Tensor }[], x: tf.Tensor3D): tf.Tensor3D | null {
  if (currentBackend() !== 'wasm' || !register()) return null;
  const L = weights.length;
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xi, ...params] = args.slice(0, 1 + 2 * L) as tf.Tensor[];
    const ins: tf.NamedTensorMap = { x: xi };
    for (let j = 0; j < L; j++) { ins[`w${j}`] = params[2 * j]; ins[`b${j}`] = params[2 * j + 1]; }
    const [y, ...hidden] = tf.engine().runKernel(FORWARD, ins, { layers: L }) as tf.Tensor[];
    save([xi, ...params.filter((_, i) => i % 2 === 0), ...hidden]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g: tf.NamedTensorMap = { dy, x: saved[0] };
        for (let j = 0; j < L; j++) g[`w${j}`] = saved[1 + j];
        for (let j = 1; j < L; j++) g[`h${j}`] = saved[L + j];
        return tf.engine().runKernel(BACKWARD, g, { layers: L }) as tf.Tensor[];
      },
    };
  }) as unknown as CustomGradFn);
  return op(x, ...weights.flatMap((l) => [l.W, l.b])) as tf.Tensor3D;
}
