// Row gathers over row-major typed arrays: the minibatches of the trainer and of the density fits, and the
// pairs the density models are fitted on.

type Rows = Float32Array | Int32Array;

/** src's rows idx[0], idx[1], ... (each `width` values) into `out` (a new array of src's kind by default). */
export function gatherRows<T extends Rows>(src: T, width: number, idx: ArrayLike<number>, out?: T): T {
  const dst = out ?? new (src.constructor as new (n: number) => T)(idx.length * width);
  if (width === 1) for (let r = 0; r < idx.length; r++) dst[r] = src[idx[r]];
  else for (let r = 0; r < idx.length; r++) dst.set(src.subarray(idx[r] * width, idx[r] * width + width), r * width);
  return dst;
}
