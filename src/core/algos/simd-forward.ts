// The policy network's forward pass in WebAssembly with 128-bit SIMD (f64x2), the same numbers bit for bit as the
// plain-TypeScript one (plain-mlp.ts): that one sums each dot product in two float64 accumulators, the even and the
// odd inputs (a0 from the bias, a1 from 0), then a0 + a1; here one f64x2 accumulator holds them as its two lanes,
// with the same multiplies and adds in the same order (IEEE float64 in both: wasm has no fused multiply-add in its
// standard SIMD, and JavaScript fuses nothing), then lane 0 + lane 1, and the same fastTanh (only + * / and two
// comparisons; a hidden layer's tanh in one pass over its output, four f64x2 at a time: the same operations per
// value). Four outputs at a time, so four independent accumulations hide the adds' latency and each input pair is
// loaded once for four weight rows.
// The evaluation's time is ~90 % this forward pass (a rollout calls it once per step on every running episode); it
// runs ~4x faster here (test/unit/algos-simd-forward.test.ts proves the bits, docs/performance.md gives the figures).
// The module is built here from its opcodes (~3 KB, under the 4 KB a page's main thread may compile synchronously;
// no build step); where WebAssembly SIMD is missing or refused, simdForward returns null and plain-mlp.ts's loop runs.
import { uleb, f64c, name, section, vec, I32, F64, V128, VOID, get, set, i32, add32, mul32, ge32, gt32, addF, mulF, divF, ltF, gtF, loadF, storeF, loadV, addV, mulV, lane, setLane, splat, select, call, whileNot } from '../wasm-encoder';

/** One layer host side, as plain-mlp.ts's HostLayer (W row-major [in, out]); not imported: plain-mlp.ts imports this file. */
interface HostLayer { W: Float32Array; b: Float32Array; inDim: number; outDim: number }

/** fastTanh's coefficients (plain-mlp.ts): p = x (P0 + x2 (P1 + ...)), q = Q0 + x2 (Q1 + ...). */
const TANH_P = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
const TANH_Q = [4.89352518554385e-3, 2.26843463243900e-3, 1.18534705686654e-4, 1.19825839466702e-6];

/** fastTanh (plain-mlp.ts), the same expression tree: clamp to [-9, 9], then p / q. */
function tanhBody(): number[] {
  const X0 = 0, X = 1, X2 = 2;
  const horner = (c: number[]): number[] => (c.length === 1 ? f64c(c[0]) : [...f64c(c[0]), ...get(X2), ...horner(c.slice(1)), ...mulF, ...addF]);
  const code = [
    // x = x0 > 9 ? 9 : x0 < -9 ? -9 : x0
    ...f64c(9), ...f64c(-9), ...get(X0), ...get(X0), ...f64c(-9), ...ltF, ...select, ...get(X0), ...f64c(9), ...gtF, ...select, ...set(X),
    ...get(X), ...get(X), ...mulF, ...set(X2),
    ...get(X), ...horner(TANH_P), ...mulF, ...horner(TANH_Q), ...divF,
  ];
  return [...vec([[2, F64]]), ...code, 0x0b];
}

const f64x2c = (v: number): number[] => [0xfd, 0x0c, ...new Uint8Array(new Float64Array([v, v]).buffer)]; // v128.const
const divV = [0xfd, ...uleb(0xf3)], pminV = [0xfd, ...uleb(0xf6)], pmaxV = [0xfd, ...uleb(0xf7)];

/**
 * tanhAll(p, count): fastTanh of `count` float64 values in place from byte address p, the same expression tree
 * value by value: eight at a time as four f64x2 vectors whose Horner chains interleave (one chain alone waits on
 * each multiply and add), then pairs, then a last odd value by the scalar tanh. The clamp: pmax(x, -9) is
 * x < -9 ? -9 : x and pmin(that, 9) is 9 < that ? 9 : that, i.e. x > 9 ? 9 : x < -9 ? -9 : x (NaN and -0 pass).
 */
function tanhAllBody(): number[] {
  const P = 0, C = 1, END = 2;
  const X = 3, X2 = 7, A = 11, Bq = 15; // v128 locals, four each
  const loadAt = (off: number) => [0xfd, 0x00, 3, ...uleb(off)], storeAt = (off: number) => [0xfd, 0x0b, 3, ...uleb(off)];
  const group = (k: number): number[] => {
    const ks = Array.from({ length: k }, (_, j) => j);
    const each = (f: (j: number) => number[]) => ks.flatMap(f);
    // acc = c_last; acc = c + x2 * acc for the others, innermost first (fastTanh's nesting)
    const horner = (c: number[], acc: number) => [
      ...each((j) => [...f64x2c(c[c.length - 1]), ...set(acc + j)]),
      ...c.slice(0, -1).reverse().flatMap((ci) => each((j) => [...f64x2c(ci), ...get(X2 + j), ...get(acc + j), ...mulV, ...addV, ...set(acc + j)])),
    ];
    return [
      ...each((j) => [...get(P), ...loadAt(16 * j), ...f64x2c(-9), ...pmaxV, ...f64x2c(9), ...pminV, ...set(X + j)]),
      ...each((j) => [...get(X + j), ...get(X + j), ...mulV, ...set(X2 + j)]),
      ...horner(TANH_P, A),
      ...each((j) => [...get(X + j), ...get(A + j), ...mulV, ...set(A + j)]),
      ...horner(TANH_Q, Bq),
      ...each((j) => [...get(P), ...get(A + j), ...get(Bq + j), ...divV, ...storeAt(16 * j)]),
      ...get(P), ...i32(16 * k), ...add32, ...set(P),
    ];
  };
  const code = [
    ...get(P), ...get(C), ...i32(3), 0x74, ...add32, ...set(END),
    ...whileNot([...get(P), ...i32(64), ...add32, ...get(END), 0x4a /* i32.gt_s */], group(4)),
    ...whileNot([...get(P), ...i32(16), ...add32, ...get(END), 0x4a], group(1)),
    ...get(P), ...get(END), 0x48 /* i32.lt_s */, 0x04, VOID, ...get(P), ...get(P), ...loadF(), ...call(0), ...storeF, 0x0b,
  ];
  return [...vec([[1, I32], [16, V128]]), ...code, 0x0b];
}

/**
 * layer(h, w, b, out, n, inD, outD, act): out[r][o] = sum_i h[r][i] w[o][i] + b[o] (tanh'd when act), byte
 * pointers to float64 arrays: h n x inD, w outD x inD (each output's weights a row), b outD, out n x outD.
 */
function layerBody(): number[] {
  const [H, W, B, OUT, N, IN, OUTD, ACT] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [R, O, K, HROW, OROW, WROW, STRIDE, I, HS] = [8, 9, 10, 11, 12, 13, 14, 15, 16]; // i32 locals, then f64 HS = 16
  const ACC = 17; // v128 locals ACC..ACC+3
  const HV = 21; // v128
  const outputs = (k: number): number[] => {
    const wk = (j: number) => [...get(WROW), ...(j ? [...get(STRIDE), ...i32(j), ...mul32, ...add32] : [])];
    const init = (j: number) => [...f64c(0), ...splat, ...get(B), ...get(O), ...i32(3), 0x74, ...add32, ...loadF(j * 8), ...setLane(0), ...set(ACC + j)];
    const step = (j: number) => [...get(ACC + j), ...get(HV), ...wk(j), ...get(K), ...add32, ...loadV, ...mulV, ...addV, ...set(ACC + j)];
    const tail = (j: number) => [...get(ACC + j), ...get(ACC + j), ...lane(0), ...get(HS), ...wk(j), ...get(K), ...add32, ...loadF(), ...mulF, ...addF, ...setLane(0), ...set(ACC + j)];
    const finish = (j: number) => [
      ...get(OROW), ...get(O), ...i32(j), ...add32, ...i32(3), 0x74, ...add32,
      ...get(ACC + j), ...lane(0), ...get(ACC + j), ...lane(1), ...addF, ...storeF,
    ];
    const js = Array.from({ length: k }, (_, j) => j);
    return [
      // WROW = w + o * STRIDE
      ...get(W), ...get(O), ...get(STRIDE), ...mul32, ...add32, ...set(WROW),
      ...js.flatMap(init),
      ...i32(0), ...set(I), ...i32(0), ...set(K),
      ...whileNot([...get(I), ...i32(2), ...add32, ...get(IN), ...gt32], [
        ...get(HROW), ...get(K), ...add32, ...loadV, ...set(HV),
        ...js.flatMap(step),
        ...get(K), ...i32(16), ...add32, ...set(K), ...get(I), ...i32(2), ...add32, ...set(I),
      ]),
      // The odd last input: lane 0 only (the even accumulator), as plain-mlp.ts's `a0 += h * w`.
      ...get(I), ...get(IN), 0x48 /* i32.lt_s */, 0x04, VOID,
      ...get(HROW), ...get(K), ...add32, ...loadF(), ...set(HS),
      ...js.flatMap(tail),
      0x0b,
      ...js.flatMap(finish),
      ...get(O), ...i32(k), ...add32, ...set(O),
    ];
  };
  const code = [
    ...get(IN), ...i32(3), 0x74, ...set(STRIDE), // bytes per weight row
    ...i32(0), ...set(R),
    ...whileNot([...get(R), ...get(N), ...ge32], [
      ...get(H), ...get(R), ...get(STRIDE), ...mul32, ...add32, ...set(HROW),
      ...get(OUT), ...get(R), ...get(OUTD), ...mul32, ...i32(3), 0x74, ...add32, ...set(OROW),
      ...i32(0), ...set(O),
      ...whileNot([...get(O), ...i32(4), ...add32, ...get(OUTD), ...gt32], outputs(4)),
      ...whileNot([...get(O), ...get(OUTD), ...ge32], outputs(1)),
      ...get(R), ...i32(1), ...add32, ...set(R),
    ]),
    // The hidden layers' tanh over the whole output in one pass (tanhAll).
    ...get(ACT), 0x04, VOID, ...get(OUT), ...get(N), ...get(OUTD), ...mul32, ...call(2), 0x0b,
  ];
  return [...vec([[8, I32], [1, F64], [5, V128]]), ...code, 0x0b];
}

/** The module's bytes. Chromium compiles a module synchronously on the page's main thread (saved runs load there)
 * only up to 4 KB (larger throws RangeError, and the plain loop would run): its test keeps it under. */
export function moduleBytes(): Uint8Array<ArrayBuffer> {
  const body = (b: number[]) => [...uleb(b.length), ...b];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[F64]]), ...vec([[F64]])], [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32]]), 0x00], [0x60, ...vec([[I32], [I32]]), 0x00]])),
    ...section(2, vec([[...name('m'), ...name('mem'), 0x02, 0x00, 1]])),
    ...section(3, vec([[0], [1], [2]])), // tanh, layer, tanhAll
    ...section(7, vec([[...name('layer'), 0x00, 1]])),
    ...section(10, vec([body(tanhBody()), body(layerBody()), body(tanhAllBody())])),
  ]);
}

// ---- one module per realm, its memory shared by every prepared network ----
type Layer = (h: number, w: number, b: number, out: number, n: number, inD: number, outD: number, act: number) => void;
let instance: { layer: Layer; memory: WebAssembly.Memory } | null | undefined;
/** The network whose weights are in the memory now (a rollout calls one network hundreds of times in a row). */
let resident: object | null = null;
let heap = new Float64Array(0);

function module(): typeof instance {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly !== 'object') return instance;
    const bytes = moduleBytes();
    if (!WebAssembly.validate(bytes)) return instance; // no SIMD here
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { mem: memory } });
    instance = { layer: inst.exports.layer as Layer, memory };
  } catch {
    instance = null; // refused (a Content-Security-Policy without 'wasm-unsafe-eval'): the plain loop runs
  }
  return instance;
}

/** The forward pass of `layers` on the SIMD module ((x: n x in, n) -> a new n x out array), or null where there is none. */
export function simdForward(layers: HostLayer[]): ((x: Float64Array, n: number) => Float64Array) | null {
  const m = module();
  if (!m) return null;
  // Weights transposed to [out][in] float64 rows (as plain-mlp.ts), then the biases, layer after layer.
  const weights: number[] = [];
  const place = layers.map((l) => {
    const w = weights.length;
    for (let o = 0; o < l.outDim; o++) for (let i = 0; i < l.inDim; i++) weights.push(l.W[i * l.outDim + o]);
    const b = weights.length;
    for (let o = 0; o < l.outDim; o++) weights.push(l.b[o]);
    return { w: w * 8, b: b * 8 };
  });
  const packed = Float64Array.from(weights);
  const self = {};
  const widths = [layers[0].inDim, ...layers.map((l) => l.outDim)];
  return (x, n) => {
    // Activations after the weights: the input, then each layer's output.
    const starts: number[] = [];
    let at = packed.length;
    for (const d of widths) { starts.push(at * 8); at += n * d; }
    const need = at * 8;
    if (m.memory.buffer.byteLength < need) m.memory.grow(Math.ceil((need - m.memory.buffer.byteLength) / 65536));
    if (heap.buffer !== m.memory.buffer) heap = new Float64Array(m.memory.buffer); // grown: a new buffer
    if (resident !== self) { heap.set(packed, 0); resident = self; }
    heap.set(x.subarray(0, n * widths[0]), starts[0] / 8);
    for (let j = 0; j < layers.length; j++) {
      m.layer(starts[j], place[j].w, place[j].b, starts[j + 1], n, layers[j].inDim, layers[j].outDim, j + 1 < layers.length ? 1 : 0);
    }
    const o = starts[layers.length] / 8;
    return heap.slice(o, o + n * widths[layers.length]);
  };
}
