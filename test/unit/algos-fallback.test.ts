// A backend that fails in the middle of a run: the trainer moves to the next backend of the chain, restores
// the last parameters it read back, reports it, and finishes the run.
import { describe, expect, it } from 'vitest';
import { currentBackend, initBackend, tf } from '../../src/core/tf';
import { createTrainer, type TrainerEvent } from '../../src/core/algos/ensemble';
import { generateDemos } from '../../src/core/experts';

describe('backend fallback', () => {
  it('continues on cpu from the last good parameters when wasm fails mid-run', async () => {
    const choice = await initBackend('wasm');
    expect(choice.backend).toBe('wasm');
    const data = generateDemos('CartPole-v1', { episodes: 1, seed: 2 });
    const t = createTrainer({ members: [{ algo: 'be-droil', seed: 1 }], policyHidden: [8], nuHidden: [4], batchSize: 16, initialStateBatch: 2, steps: 40, logEvery: 10 }, data);
    // Make the backend fail once, at step 25 (after the log at step 20), as a lost device would.
    const inner = (t as unknown as { trainStep: (...a: unknown[]) => unknown });
    const original = inner.trainStep.bind(t);
    let failed = false;
    inner.trainStep = (...a: unknown[]) => {
      if (!failed && t.step === 25) { failed = true; throw new Error('simulated device loss'); }
      return original(...a);
    };
    const events: TrainerEvent[] = [];
    const steps: number[] = [];
    const res = await t.run({ onEvent: (e) => events.push(e), onProgress: (d) => steps.push(d.step) });
    expect(res.status).toBe('done');
    expect(t.step).toBe(40);
    expect(currentBackend()).toBe('cpu');
    const fb = events.find((e) => e.kind === 'backend-fallback');
    expect(fb?.message).toMatch(/wasm failed \(simulated device loss\); continued on cpu.*resumed from the parameters of step 20/);
    // steps 21..25 are re-trained from the step-20 parameters, so step 30 is logged once after the fallback
    expect(steps).toEqual([10, 20, 30, 40]);
    const h = await t.parameters();
    expect(h.policy[0].every((l) => l.W.every(Number.isFinite))).toBe(true);
    t.dispose();
    expect(tf.getBackend()).toBe('cpu');
  }, 120_000);
});

describe('backend selection', () => {
  it('auto without WebGPU: calibrates wasm against cpu once, caches the result per device, reports why', async () => {
    const saved = new Map<string, string>();
    const store = { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => { saved.set(k, v); } };
    const first = await initBackend('auto', { calibrate: true, store });
    expect(first.reason).toMatch(/no WebGPU adapter; fastest in calibration \(wasm [\d.]+ ms, cpu [\d.]+ ms per step\)/);
    expect(saved.size).toBe(1);
    const [key, value] = [...saved][0];
    const cached = JSON.parse(value) as { best: string; times: Record<string, number> };
    expect(first.backend).toBe(cached.best);
    // a cached verdict is used as is (here forged to say cpu) without timing again
    saved.set(key, JSON.stringify({ best: 'cpu', times: { wasm: 9, cpu: 1 } }));
    const second = await initBackend('auto', { calibrate: true, store });
    expect(second.backend).toBe('cpu');
    expect(second.reason).toMatch(/wasm 9\.0 ms, cpu 1\.0 ms/);
    // a named backend that does not exist here falls back along the chain and says so
    const gpu = await initBackend('webgpu');
    expect(gpu.backend).toBe('wasm');
    expect(gpu.reason).toMatch(/^webgpu was requested but failed to initialise; wasm/);
  }, 120_000);
});

