// The wasm backend's Slice, SplitV and Concat, replaced by versions that copy from views of the heap
// (src/core/wasm-copies.ts), against slices and concatenations of nested JavaScript arrays: every rank 1-4,
// contiguous and strided, short and long rows, float32, int32 and bool; the gradient of a slice (tfjs-core's,
// by kernel name) still pads dy back into place.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { Rng } from '../../src/core/rng';

type Nested = number | Nested[];
const cut = (a: Nested, begin: number[], size: number[]): Nested =>
  begin.length === 0 ? a : (a as Nested[]).slice(begin[0], begin[0] + size[0]).map((r) => cut(r, begin.slice(1), size.slice(1)));

beforeAll(async () => { expect((await initBackend('wasm')).backend).toBe('wasm'); }, 60_000);

describe('wasm Slice, SplitV and Concat from heap views', () => {
  it('equal slices of nested arrays for ranks 1-4, contiguous or strided, float32 and int32', () => {
    expect(tf.getKernel('Slice', 'wasm')?.kernelFunc.name).toBe('sliceFunc'); // the replacement is the one registered
    expect(tf.getKernel('SplitV', 'wasm')?.kernelFunc.name).toBe('splitFunc');
    expect(tf.getKernel('Concat', 'wasm')?.kernelFunc.name).toBe('concatFunc');
    const rng = new Rng(11);
    const cases: [number[], number[], number[]][] = [
      [[10], [3], [5]],
      [[4, 6], [1, 0], [2, 6]], // contiguous rows
      [[4, 6], [0, 2], [4, 3]], // strided
      [[3, 4, 5], [1, 1, 2], [2, 2, 3]],
      [[2, 3, 4, 5], [1, 0, 1, 1], [1, 3, 2, 4]],
      [[2, 3, 4, 5], [0, 0, 0, 0], [2, 3, 4, 5]],
      [[3, 4], [1, 2], [0, 2]], // empty
      [[3, 80], [0, 5], [3, 40]], // strided, rows long enough to copy as subarrays
    ];
    for (const dtype of ['float32', 'int32'] as const) {
      for (const [shape, begin, size] of cases) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(Array.from({ length: n }, () => (dtype === 'int32' ? rng.int(1000) : rng.normal())), shape, dtype);
        const y = tf.slice(x, begin, size);
        expect(y.dtype).toBe(dtype);
        expect(y.arraySync()).toEqual(cut(x.arraySync() as Nested, begin, size));
        tf.dispose([x, y]);
      }
    }
  });

  it('split along each axis equals consecutive slices', () => {
    const rng = new Rng(12);
    const x = tf.tensor(Array.from({ length: 4 * 9 }, () => rng.normal()), [4, 9]);
    const flat = x.arraySync() as number[][];
    const cols = tf.split(x, [2, 3, 4], 1), rows = tf.split(x, 2, 0);
    expect(cols.map((c) => c.arraySync())).toEqual([[0, 2], [2, 3], [5, 4]].map(([b, s]) => flat.map((r) => r.slice(b, b + s))));
    expect(rows.map((r) => r.arraySync())).toEqual([flat.slice(0, 2), flat.slice(2, 4)]);
    const v = tf.tensor1d([1, 2, 3, 4, 5, 6, 7]);
    expect(tf.split(v, [3, 4]).map((p) => Array.from(p.dataSync()))).toEqual([[1, 2, 3], [4, 5, 6, 7]]);
    tf.dispose([x, v, ...cols, ...rows]);
  });

  it('concat along each axis equals nested-array concatenation, for short and long rows and every dtype', () => {
    const rng = new Rng(13);
    const join = (parts: Nested[], axis: number): Nested => (axis === 0 ? (parts as Nested[][]).flat(1) : (parts[0] as Nested[]).map((_, i) => join(parts.map((p) => (p as Nested[])[i]), axis - 1)));
    const make = (shape: number[], dtype: 'float32' | 'int32' | 'bool') => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (dtype === 'float32' ? rng.normal() : rng.int(dtype === 'bool' ? 2 : 50))), shape, dtype);
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const [shapes, axis] of [
        [[[5, 2], [5, 3], [5, 40]], 1], [[[2, 4], [3, 4]], 0], [[[2, 3, 2], [2, 3, 1]], 2], [[[2, 1, 3], [2, 4, 3]], 1], [[[3, 0], [3, 2]], 1],
      ] as [number[][], number][]) {
        const xs = shapes.map((sh) => make(sh, dtype));
        const y = tf.concat(xs, axis);
        // (tfjs writes an empty tensor as [], whatever its shape: it adds nothing, so the reference leaves it out)
        expect(y.arraySync()).toEqual(join(xs.filter((x) => x.size > 0).map((x) => x.arraySync() as Nested), axis));
        tf.dispose([y, ...xs]);
      }
    }
  });

  it('the gradient of a strided slice is dy padded back into place', () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.slice(t, [0, 1], [2, 2]), tf.tensor2d([[10, 20], [30, 40]]))))(x);
    expect(g.arraySync()).toEqual([[0, 10, 20], [0, 30, 40]]);
    tf.dispose([x, g]);
  });

  it('a clone shares its source buffer: same values, each lives until it is disposed, the buffer freed with the last', () => {
    expect(tf.getKernel('Identity', 'wasm')?.kernelFunc.name).toBe('identityFunc');
    const before = tf.memory().numBytes, buffers = (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();
    const x = tf.tensor2d([[1, 2], [3, 4]]), y = tf.clone(x);
    expect((tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds()).toBe(buffers + 1); // one buffer, two tensors
    x.dispose();
    expect(y.arraySync()).toEqual([[1, 2], [3, 4]]);
    // A variable replaced after a clone of it (what Adam does) leaves the clone as it was.
    const init = tf.tensor1d([5, 6]), next = tf.tensor1d([7, 8]);
    const v = tf.variable(init), kept = tf.clone(v);
    v.assign(next);
    expect(Array.from(kept.dataSync())).toEqual([5, 6]);
    expect(Array.from(v.dataSync())).toEqual([7, 8]);
    // The gradient still flows through a clone.
    const at = tf.tensor1d([1, -2]), g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.clone(t))))(at);
    expect(Array.from(g.dataSync())).toEqual([2, -4]);
    tf.dispose([y, v, kept, g, init, next, at]);
    expect((tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds()).toBe(buffers);
    expect(tf.memory().numBytes).toBe(before);
  });
});
