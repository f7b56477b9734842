// Kernels computed in JavaScript over the tensors where they lie, on the backends whose tensors live in CPU
// memory: wasm (views of its heap) and cpu (the backend's own arrays). Networks this small are bound by the
// number of tfjs kernels per step (~6 us of bookkeeping each), not by arithmetic, so a loop over a few
// thousand values in one kernel beats a dozen tfjs ops over them. GPU backends have no such kernels
// (hostKernelsAvailable() is false there) and keep the composed tfjs ops.
// A kernel allocates every output first and only then takes views (io.values): allocating on wasm may grow
// its heap, which detaches every view taken before.
import { tf } from './tf';

export interface HostIO {
  /** A new output tensor of this shape (float32 unless told). */
  output(shape: number[], dtype?: 'float32' | 'int32'): tf.TensorInfo;
  /** The values of an input or output, in place (a view on wasm): take them after allocating every output. */
  values(t: tf.TensorInfo): Float32Array;
  /** int32 values in place. */
  ints(t: tf.TensorInfo): Int32Array;
}

export type HostKernelFunc = (inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>, io: HostIO) => tf.TensorInfo | tf.TensorInfo[];

interface WasmLike { typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array; makeOutput(shape: number[], dtype: string): tf.TensorInfo }
interface CpuLike { data: { get(id: unknown): { values: Float32Array | Int32Array } }; makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): tf.TensorInfo }

function ioFor(backend: 'wasm' | 'cpu', be: unknown): HostIO {
  if (backend === 'wasm') {
    const w = be as WasmLike;
    return {
      output: (shape, dtype = 'float32') => w.makeOutput(shape, dtype),
      values: (t) => w.typedArrayFromHeap(t) as Float32Array,
      ints: (t) => w.typedArrayFromHeap(t) as Int32Array,
    };
  }
  const c = be as CpuLike;
  return {
    output: (shape, dtype = 'float32') => {
      const n = shape.reduce((a, b) => a * b, 1);
      return c.makeTensorInfo(shape, dtype, dtype === 'int32' ? new Int32Array(n) : new Float32Array(n));
    },
    values: (t) => c.data.get(t.dataId).values as Float32Array,
    ints: (t) => c.data.get(t.dataId).values as Int32Array,
  };
}

/** True on wasm and cpu, where host kernels run. */
export function hostKernelsAvailable(): boolean {
  const b = tf.getBackend();
  return b === 'wasm' || b === 'cpu';
}

/** Register `run` as kernel `name` on the current backend (once); false where host kernels are unavailable. */
export function registerHostKernel(name: string, run: HostKernelFunc): boolean {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return false;
  if (tf.getKernel(name, backend)) return true;
  tf.registerKernel({
    kernelName: name,
    backendName: backend,
    kernelFunc: ({ inputs, backend: be, attrs }) => run(inputs as Record<string, tf.TensorInfo>, (attrs ?? {}) as Record<string, unknown>, ioFor(backend, be)),
  });
  return true;
}
