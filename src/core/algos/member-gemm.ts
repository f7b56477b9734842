// The training MLP's float32 products and elementwise steps in WebAssembly SIMD, over tfjs-backend-wasm's own
// heap (its memory imported), with XNNPACK's arithmetic bit for bit. XNNPACK's f32 GEMM (tfjs's BatchMatMul and
// _FusedMatMul at batch 1) computes each output as acc = bias (or 0), then acc = acc + a_k * b_k for k = 0, 1,
// ... in order, one float32 rounding per multiply and per add (wasm SIMD has no fused multiply-add); the
// tiling only decides which outputs share a register. This kernel does exactly that per output, so its
// results equal XNNPACK's bit for bit (test/unit/algos-member-gemm.test.ts checks every shape the trainer
// uses and odd ones). What it saves is around the arithmetic: no XNNPACK operator created and no weights
// packed per call, no tensor-table registration, and no transposes: the A operand is read through two
// strides, so dW = h^T dz reads h in place (XNNPACK needed dz^T, then the product's transpose, and tfjs's
// Transpose of a 256 x 64 block costs more than the product). member-mlp.ts drives it.
//   gemm(A, sAm, sAk, B, sB, M, K, N4, bias, O, sO): O[m][n] = bias[n] (or 0 when bias is 0) + sum_k A[m sAm + k sAk] B[k sB + n]
//     for m < M, n < N4 (a multiple of 4; the caller pads), strides and pointers in bytes, float32.
//   twice(p, n4): p = 2 p;  twoSMinusOne(p, n4): p = 2 p - 1;  tanhGrad(dh, h, n4): dh = dh (1 - h h); n4 vectors of 4.
//   adam(p, g, m0, v0, m1, v1, out, n4, b1, c1, b2, c2, eps, vScale, stepScale): adam.ts's step, the same float32
//     operations in the same order (IEEE sqrt and division are exact-rounded in both), four values at a time.
import { uleb, section, vec, name, I32, V128, F32, get, set, i32, add32, sub32, mul32, ge32, gt32, lt32, eqz32, select, whileNot, ifThen } from '../wasm-encoder';

const v = (op: number) => [0xfd, ...uleb(op)];
const loadV = (off = 0) => [...v(0x00), 2, ...uleb(off)], storeV = (off = 0) => [...v(0x0b), 2, ...uleb(off)];
const loadSplat32 = [...v(0x09), 2, 0];
const addV = v(0xe4), subV = v(0xe5), mulV = v(0xe6), divV = v(0xe7), sqrtV = v(0xe3), splatF = v(0x13);
const constF4 = (x: number) => [...v(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Float32Array([x]).buffer)]).flat()];
const shl32 = [0x74];

function gemmBody(): number[] {
  const [A, SAM, SAK, B, SB, M, K, N4, BIAS, O, SO] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [M0, N0, KK, AP, BP, OP, S2, S3, T2, T3] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const ACC = 21, BV = 29, AS = 31, INIT = 32; // v128: 8 accumulators, 2 B vectors, the splat, 2 initial values
  const aRow = (i: number) => (i === 0 ? [] : [...get([SAM, S2, S3][i - 1]), ...add32]);
  const oRow = (i: number) => (i === 0 ? [] : [...get([SO, T2, T3][i - 1]), ...add32]);
  const block = (mr: number, nv: number): number[] => {
    const is = Array.from({ length: mr }, (_, i) => i), vs = Array.from({ length: nv }, (_, j) => j);
    return [
      // The bias's four lanes (or zeros): a load at BIAS + 4 N0 (address 0 reads harmlessly when there is no bias).
      ...vs.flatMap((j) => [...get(BIAS), ...get(N0), ...i32(2), ...shl32, ...add32, ...loadV(16 * j), ...constF4(0), ...get(BIAS), ...select, ...set(INIT + j)]),
      ...is.flatMap((i) => vs.flatMap((j) => [...get(INIT + j), ...set(ACC + 2 * i + j)])),
      ...get(A), ...get(M0), ...get(SAM), ...mul32, ...add32, ...set(AP),
      ...get(B), ...get(N0), ...i32(2), ...shl32, ...add32, ...set(BP),
      ...get(K), ...set(KK),
      ...whileNot([...get(KK), ...eqz32], [
        ...vs.flatMap((j) => [...get(BP), ...loadV(16 * j), ...set(BV + j)]),
        ...is.flatMap((i) => [
          ...get(AP), ...aRow(i), ...loadSplat32, ...set(AS),
          ...vs.flatMap((j) => [...get(ACC + 2 * i + j), ...get(AS), ...get(BV + j), ...mulV, ...addV, ...set(ACC + 2 * i + j)]),
        ]),
        ...get(AP), ...get(SAK), ...add32, ...set(AP),
        ...get(BP), ...get(SB), ...add32, ...set(BP),
        ...get(KK), ...i32(1), ...sub32, ...set(KK),
      ]),
      ...get(O), ...get(M0), ...get(SO), ...mul32, ...add32, ...get(N0), ...i32(2), ...shl32, ...add32, ...set(OP),
      ...is.flatMap((i) => vs.flatMap((j) => [...get(OP), ...oRow(i), ...get(ACC + 2 * i + j), ...storeV(16 * j)])),
    ];
  };
  const rows = (mr: number) => [
    ...i32(0), ...set(N0),
    ...whileNot([...get(N0), ...i32(8), ...add32, ...get(N4), ...gt32], [...block(mr, 2), ...get(N0), ...i32(8), ...add32, ...set(N0)]),
    ...ifThen([...get(N0), ...get(N4), ...lt32], block(mr, 1)),
    ...get(M0), ...i32(mr), ...add32, ...set(M0),
  ];
  const code = [
    ...get(SAM), ...i32(1), ...shl32, ...set(S2), ...get(S2), ...get(SAM), ...add32, ...set(S3),
    ...get(SO), ...i32(1), ...shl32, ...set(T2), ...get(T2), ...get(SO), ...add32, ...set(T3),
    ...i32(0), ...set(M0),
    ...whileNot([...get(M0), ...i32(4), ...add32, ...get(M), ...gt32], rows(4)),
    ...whileNot([...get(M0), ...get(M), ...ge32], rows(1)),
  ];
  return [...vec([[10, I32], [13, V128]]), ...code, 0x0b];
}

/** p[0 .. 4 n4) = f(p) vector by vector (f: the v128 on the stack -> the new one). */
function mapBody(f: number[]): number[] {
  const P = 0, N = 1;
  return [...vec([]), ...whileNot([...get(N), ...eqz32], [
    ...get(P), ...get(P), ...loadV(), ...f, ...storeV(),
    ...get(P), ...i32(16), ...add32, ...set(P), ...get(N), ...i32(1), ...sub32, ...set(N),
  ]), 0x0b];
}

/** dh = dh (1 - h h), as tfjs's Multiply(h, h), Sub(1, .), Multiply(dh, .). */
function tanhGradBody(): number[] {
  const DH = 0, H = 1, N = 2, HV = 3;
  return [...vec([[1, V128]]), ...whileNot([...get(N), ...eqz32], [
    ...get(H), ...loadV(), ...set(HV),
    ...get(DH), ...get(DH), ...loadV(), ...constF4(1), ...get(HV), ...get(HV), ...mulV, ...subV, ...mulV, ...storeV(),
    ...get(DH), ...i32(16), ...add32, ...set(DH), ...get(H), ...i32(16), ...add32, ...set(H), ...get(N), ...i32(1), ...sub32, ...set(N),
  ]), 0x0b];
}

/** adam.ts's adamStep on n4 vectors: m = b1 m0 + c1 g; v = b2 v0 + c2 g^2; out = p + (m / (sqrt(v) vScale + eps)) stepScale. */
function adamBody(): number[] {
  const [P, G, M0, V0, M1, V1, OUT, N] = [0, 1, 2, 3, 4, 5, 6, 7];
  const CONSTS = 8; // f32 params: b1, c1, b2, c2, eps, vScale, stepScale
  const C = 15, GV = 22, MV = 23, VV = 24; // v128 locals: the seven constants splatted, g, m, v
  const k = (i: number) => get(C + i);
  const step = (ptrs: number[]) => ptrs.flatMap((q) => [...get(q), ...i32(16), ...add32, ...set(q)]);
  return [...vec([[10, V128]]),
    ...Array.from({ length: 7 }, (_, i) => [...get(CONSTS + i), ...splatF, ...set(C + i)]).flat(),
    ...whileNot([...get(N), ...eqz32], [
      ...get(G), ...loadV(), ...set(GV),
      ...get(M0), ...loadV(), ...k(0), ...mulV, ...get(GV), ...k(1), ...mulV, ...addV, ...set(MV),
      ...get(V0), ...loadV(), ...k(2), ...mulV, ...get(GV), ...get(GV), ...mulV, ...k(3), ...mulV, ...addV, ...set(VV),
      ...get(M1), ...get(MV), ...storeV(), ...get(V1), ...get(VV), ...storeV(),
      ...get(OUT), ...get(P), ...loadV(), ...get(MV), ...get(VV), ...sqrtV, ...k(5), ...mulV, ...k(4), ...addV, ...divV, ...k(6), ...mulV, ...addV, ...storeV(),
      ...step([P, G, M0, V0, M1, V1, OUT]), ...get(N), ...i32(1), ...sub32, ...set(N),
    ]), 0x0b];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const body = (b: number[]) => [...uleb(b.length), ...b];
  const params = (n: number) => [0x60, ...vec(Array.from({ length: n }, () => [I32])), 0x00];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([params(11), params(2), params(3), [0x60, ...vec([...Array.from({ length: 8 }, () => [I32]), ...Array.from({ length: 7 }, () => [F32])]), 0x00]])),
    ...section(2, vec([[...name('m'), ...name('mem'), 0x02, 0x00, 0]])),
    ...section(3, vec([[0], [1], [1], [2], [3]])),
    ...section(7, vec([[...name('gemm'), 0x00, 0], [...name('twice'), 0x00, 1], [...name('twoSMinusOne'), 0x00, 2], [...name('tanhGrad'), 0x00, 3], [...name('adam'), 0x00, 4]])),
    ...section(10, vec([
      body(gemmBody()),
      body(mapBody([...constF4(2), ...mulV])),
      body(mapBody([...constF4(2), ...mulV, ...constF4(1), ...subV])),
      body(tanhGradBody()),
      body(adamBody()),
    ])),
  ]);
}

export interface MemberGemm {
  gemm(A: number, sAm: number, sAk: number, B: number, sB: number, M: number, K: number, N4: number, bias: number, O: number, sO: number): void;
  twice(p: number, n4: number): void;
  twoSMinusOne(p: number, n4: number): void;
  tanhGrad(dh: number, h: number, n4: number): void;
  adam(p: number, g: number, m0: number, v0: number, m1: number, v1: number, out: number, n4: number, b1: number, c1: number, b2: number, c2: number, eps: number, vScale: number, stepScale: number): void;
  memory: WebAssembly.Memory;
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, MemberGemm>();
let enabled = true;

/** tfjs-backend-wasm's heap, from its backend object (undefined for another backend). */
export function wasmHeap(backend: unknown): WebAssembly.Memory | undefined {
  return (backend as { wasm?: { asm?: { memory?: WebAssembly.Memory } } }).wasm?.asm?.memory;
}

/** Off: member-mlp.ts takes its XNNPACK path (the tests compare the two bit for bit). */
export function useMemberGemm(on: boolean): void { enabled = on; }

/**
 * The kernel over this wasm memory (tfjs-backend-wasm's heap), or null: WebAssembly SIMD missing or refused (a
 * Content-Security-Policy without 'wasm-unsafe-eval'), a shared memory (the threaded build), or turned off.
 */
export function memberGemm(memory: WebAssembly.Memory | undefined): MemberGemm | null {
  if (!enabled || !memory || (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer)) return null;
  const have = instances.get(memory);
  if (have) return have;
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = moduleBytes();
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch { compiled = null; }
  }
  if (!compiled) return null;
  try {
    const e = new WebAssembly.Instance(compiled, { m: { mem: memory } }).exports as unknown as Omit<MemberGemm, 'memory'>;
    const k: MemberGemm = { gemm: e.gemm, twice: e.twice, twoSMinusOne: e.twoSMinusOne, tanhGrad: e.tanhGrad, adam: e.adam, memory };
    instances.set(memory, k);
    return k;
  } catch {
    return null;
  }
}
