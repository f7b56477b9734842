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

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

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
