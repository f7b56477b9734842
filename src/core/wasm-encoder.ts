// A minimal WebAssembly encoder: just what the project's hand-built SIMD modules need (simd-forward.ts, the
// policy's evaluation forward pass in float64; member-gemm.ts, the training MLP's float32 products). Each
// helper returns the bytes of one construct; a function body is the concatenation of them.
export const uleb = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; } out.push(b | 0x80); }
};
export const f64c = (v: number): number[] => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, VOID = 0x40;
export const get = (i: number) => [0x20, ...uleb(i)], set = (i: number) => [0x21, ...uleb(i)];
export const i32 = (v: number) => [0x41, ...sleb(v)];
export const add32 = [0x6a], sub32 = [0x6b], mul32 = [0x6c], ge32 = [0x4e], gt32 = [0x4a], lt32 = [0x48], eqz32 = [0x45];
export const addF = [0xa0], mulF = [0xa2], divF = [0xa3], ltF = [0x63], gtF = [0x64];
export const loadF = (offset = 0) => [0x2b, 3, ...uleb(offset)], storeF = [0x39, 3, 0];
export const loadV = [0xfd, 0x00, 3, 0]; // v128.load, 8-byte alignment hint
export const addV = [0xfd, ...uleb(0xf0)], mulV = [0xfd, ...uleb(0xf2)];
export const lane = (l: number) => [0xfd, 0x21, l], setLane = (l: number) => [0xfd, 0x22, l], splat = [0xfd, 0x14];
export const select = [0x1b], call = (f: number) => [0x10, ...uleb(f)];
/** block { loop { if (cond) break; body; continue } } */
export const whileNot = (cond: number[], body: number[]) => [0x02, VOID, 0x03, VOID, ...cond, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
/** if (cond) { body } */
export const ifThen = (cond: number[], body: number[]) => [...cond, 0x04, VOID, ...body, 0x0b];
