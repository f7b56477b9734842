// tfjs-backend-wasm's own C++ functions (4.22.0, pinned in package.json), called on blocks of its heap from
// inside a registered kernel: a block gets a fresh id in the backend's C++ tensor table for the call only
// (a view: no copy, and releasing it never frees the memory). A kernel that chains several of these does the
// same arithmetic as the tfjs kernels of the same names, bit for bit, without a tfjs kernel's bookkeeping
// per operation. Matrices are row-major 2-D blocks; offsets are byte offsets into the heap.
import type { tf } from './tf';

/** The parts of tfjs-backend-wasm's BackendWasm used here. */
export interface WasmBackendLike {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...a: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
    _malloc(bytes: number): number;
    _free(offset: number): void;
    HEAPF32: Float32Array;
  };
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: unknown): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
}

type Fn = (...a: unknown[]) => void;
const fns = new Map<string, Fn>();
const SIGNATURES: Record<string, string[]> = {
  // (a, aShape, aRank, b, bShape, bRank, transposeA, transposeB, out)
  BatchMatMul: ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number'],
  // (a, aShape, aRank, b, bShape, bRank, transposeA, transposeB, activation (0 = linear), bias, prelu, alpha, out)
  _FusedMatMul: ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number', 'number', 'number', 'number', 'number'],
  // (x, xShape, rank, dtype (0 = float32), out, perm, permRank)
  Transpose: ['number', 'array', 'number', 'number', 'number', 'array', 'number'],
  // (x, out)
  Sigmoid: ['number', 'number'],
  // (a, aShape, aRank, b, bShape, bRank, dtype, out): elementwise with broadcasting
  Multiply: ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number'],
  Sub: ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number'],
  // (x, reduceSize, dtype, out): sums of consecutive runs of reduceSize values
  Sum: ['number', 'number', 'number', 'number'],
};

const shapeBytes = (...dims: number[]) => new Uint8Array(new Int32Array(dims).buffer);
const PERM_2D = shapeBytes(1, 0);

export class WasmCalls {
  constructor(readonly be: WasmBackendLike) {}

  private fn(name: string): Fn {
    let f = fns.get(name);
    if (!f) { f = this.be.wasm.cwrap(name, null, SIGNATURES[name]); fns.set(name, f); }
    return f;
  }

  /** Byte offset of a tensor's data in the heap. */
  offset(t: tf.TensorInfo): number { return this.be.dataIdMap.get(t.dataId).memoryOffset; }

  /** Run f with views (ids) of the given [floats, byte offset] blocks, released afterwards. */
  private withViews(blocks: [number, number][], f: (ids: number[]) => void): void {
    const ids = blocks.map(([size, offset]) => {
      const id = this.be.dataIdNextNumber++;
      this.be.wasm.tfjs.registerTensor(id, size, offset);
      return id;
    });
    try { f(ids); } finally { for (const id of ids) this.be.wasm.tfjs.disposeData(id); }
  }

  /** out [R, O] = a [R, K] x b [K, O] (XNNPACK: neither operand transposed, batch 1). */
  matMul(a: number, R: number, K: number, b: number, O: number, out: number): void {
    this.withViews([[R * K, a], [K * O, b], [R * O, out]], ([ia, ib, io]) => this.fn('BatchMatMul')(ia, shapeBytes(1, R, K), 3, ib, shapeBytes(1, K, O), 3, false, false, io));
  }

  /** out [R, O] = a [R, K] x w [K, O] + bias [O] (XNNPACK's fused bias). */
  dense(a: number, R: number, K: number, w: number, O: number, bias: number, out: number): void {
    this.withViews([[R * K, a], [K * O, w], [O, bias], [R * O, out]], ([ia, iw, ib, io]) => this.fn('_FusedMatMul')(ia, shapeBytes(1, R, K), 3, iw, shapeBytes(1, K, O), 3, false, false, 0, ib, 0, 0, io));
  }

  /** out [C, R] = x [R, C] transposed. */
  transpose(x: number, R: number, C: number, out: number): void {
    this.withViews([[R * C, x], [R * C, out]], ([ix, io]) => this.fn('Transpose')(ix, shapeBytes(R, C), 2, 0, io, PERM_2D, 2));
  }

  /** out = sigmoid(x), n values (in place allowed: XNNPACK's elementwise operators). */
  sigmoid(x: number, n: number, out: number): void {
    this.withViews([[n, x], [n, out]], ([ix, io]) => this.fn('Sigmoid')(ix, io));
  }

  /**
   * out = a op b elementwise over n values, a or b of length 1 broadcast (XNNPACK's SIMD operators; in place
   * allowed). Exact IEEE float32 arithmetic, as the tfjs kernels of the same names.
   */
  binary(op: 'Multiply' | 'Sub', a: number, aLen: number, b: number, bLen: number, out: number, n: number): void {
    this.withViews([[aLen, a], [bLen, b], [n, out]], ([ia, ib, io]) => this.fn(op)(ia, shapeBytes(aLen), 1, ib, shapeBytes(bLen), 1, 0, io));
  }

  /** out [R] = the sums of the rows of x [R, C]. */
  rowSums(x: number, R: number, C: number, out: number): void {
    this.withViews([[R * C, x], [R, out]], ([ix, io]) => this.fn('Sum')(ix, C, 0, io));
  }

  /** Scratch memory of n floats (free with free()). */
  alloc(n: number): number { return this.be.wasm._malloc(4 * n); }
  free(offset: number): void { this.be.wasm._free(offset); }
  /** A view of n floats at a byte offset: take it after every allocation (the heap may grow and move). */
  floats(offset: number, n: number): Float32Array { return new Float32Array(this.be.wasm.HEAPF32.buffer, offset, n); }
}
