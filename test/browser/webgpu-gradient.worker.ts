// Runs inside a module Web Worker: initialise a tfjs backend and compute a gradient.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';

export interface GradientRequest { backend: 'webgpu' | 'cpu'; x: number[]; w: number[]; }
export interface GradientReply { backend: string; ok: boolean; grad?: number[]; value?: number; error?: string; adapter?: string }

self.onmessage = async (ev: MessageEvent<GradientRequest>) => {
  const { backend, x, w } = ev.data;
  try {
    const ok = await tf.setBackend(backend);
    await tf.ready();
    if (!ok || tf.getBackend() !== backend) {
      (self as unknown as Worker).postMessage({ backend: tf.getBackend(), ok: false, error: `setBackend(${backend}) failed` } satisfies GradientReply);
      return;
    }
    // f(w) = sum(tanh(X w)^2) with X a 4x3 matrix: a small network-like function with a nontrivial gradient.
    const X = tf.tensor2d(x, [4, 3]);
    const f = (wv: tf.Tensor) => tf.sum(tf.square(tf.tanh(tf.matMul(X, tf.reshape(wv, [3, 1])))));
    const { value, grad } = tf.valueAndGrad(f)(tf.tensor1d(w));
    const reply: GradientReply = { backend: tf.getBackend(), ok: true, grad: Array.from(await grad.data()), value: (await value.data())[0] };
    const gpu = (self.navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string } } | null> } }).gpu;
    if (backend === 'webgpu' && gpu) reply.adapter = (await gpu.requestAdapter())?.info?.architecture ?? 'unknown';
    tf.dispose([X, value, grad]);
    (self as unknown as Worker).postMessage(reply);
  } catch (e) {
    (self as unknown as Worker).postMessage({ backend, ok: false, error: String(e) } satisfies GradientReply);
  }
};
