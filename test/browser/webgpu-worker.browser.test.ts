import { describe, expect, it } from 'vitest';
import type { GradientReply, GradientRequest } from './webgpu-gradient.worker';

function inWorker(req: GradientRequest): Promise<GradientReply> {
  const worker = new Worker(new URL('./webgpu-gradient.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<GradientReply>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not answer in 90 s')), 90_000);
    worker.onmessage = (ev: MessageEvent<GradientReply>) => { clearTimeout(timer); worker.terminate(); resolve(ev.data); };
    worker.onerror = (ev) => { clearTimeout(timer); worker.terminate(); reject(new Error(ev.message)); };
    worker.postMessage(req);
  });
}

// The analytic gradient of f(w) = sum_i tanh(x_i . w)^2 is sum_i 2 tanh(z_i) (1 - tanh(z_i)^2) x_i.
function analytic(x: number[], w: number[]): number[] {
  const g = [0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const z = x[3 * i] * w[0] + x[3 * i + 1] * w[1] + x[3 * i + 2] * w[2];
    const t = Math.tanh(z);
    for (let j = 0; j < 3; j++) g[j] += 2 * t * (1 - t * t) * x[3 * i + j];
  }
  return g;
}

describe('tfjs WebGPU backend in a module Web Worker', () => {
  const x = [0.5, -1.2, 0.3, 1.1, 0.4, -0.7, -0.2, 0.9, 1.5, 0.8, -0.6, 0.1];
  const w = [0.3, -0.4, 0.25];

  it('initialises on the software adapter and matches the cpu gradient within 1e-4', async () => {
    const gpu = await inWorker({ backend: 'webgpu', x, w });
    expect(gpu.error).toBeUndefined();
    expect(gpu.ok).toBe(true);
    expect(gpu.backend).toBe('webgpu');
    const cpu = await inWorker({ backend: 'cpu', x, w });
    expect(cpu.ok).toBe(true);
    const exact = analytic(x, w);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(gpu.grad![j] - cpu.grad![j])).toBeLessThan(1e-4);
      expect(Math.abs(cpu.grad![j] - exact[j])).toBeLessThan(1e-5);
    }
  });
});
