// The training engine on WebGPU (SwiftShader's software adapter) inside a module Worker matches the cpu
// backend within float tolerance: same seeds, same batches, a few steps of a tiny BE-DROIL ensemble.
import { describe, expect, it } from 'vitest';
import type { TrainReply, TrainRequest } from './train-webgpu.worker';

function inWorker(req: TrainRequest): Promise<TrainReply> {
  const worker = new Worker(new URL('./train-webgpu.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<TrainReply>((resolve, reject) => {
    const timer = setTimeout(() => { worker.terminate(); reject(new Error('worker did not answer in 100 s')); }, 100_000);
    worker.onmessage = (ev: MessageEvent<TrainReply>) => { clearTimeout(timer); worker.terminate(); resolve(ev.data); };
    worker.onerror = (ev) => { clearTimeout(timer); worker.terminate(); reject(new Error(ev.message)); };
    worker.postMessage(req);
  });
}

describe('training on WebGPU in a Worker', () => {
  it('matches the cpu backend after a few steps', async () => {
    const steps = 3;
    const gpu = await inWorker({ backend: 'webgpu', steps });
    expect(gpu.error).toBeUndefined();
    expect(gpu.backend).toBe('webgpu');
    const cpu = await inWorker({ backend: 'cpu', steps });
    expect(cpu.error).toBeUndefined();
    expect(cpu.backend).toBe('cpu');
    expect(gpu.params!.length).toBe(cpu.params!.length);
    const maxDiff = Math.max(...gpu.params!.map((v, i) => Math.abs(v - cpu.params![i])));
    expect(maxDiff).toBeLessThan(2e-3);
    gpu.diagnostics!.forEach((v, i) => expect(Math.abs(v - cpu.diagnostics![i])).toBeLessThan(1e-2 * Math.max(1, Math.abs(cpu.diagnostics![i]))));
  }, 280_000);
});
