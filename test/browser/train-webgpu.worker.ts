// Runs inside a module Web Worker: train a tiny BE-DROIL ensemble for a few steps on the requested backend
// and post back the parameters and the diagnostics.
import { initBackend, type BackendName } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { generateDemos } from '../../src/core/experts';

export interface TrainRequest { backend: BackendName; steps: number }
export interface TrainReply { ok: boolean; backend?: string; reason?: string; params?: number[]; diagnostics?: number[]; error?: string }

self.onmessage = async (ev: MessageEvent<TrainRequest>) => {
  try {
    const choice = await initBackend(ev.data.backend);
    const data = generateDemos('CartPole-v1', { episodes: 1, seed: 4 });
    const trainer = createTrainer({
      members: [{ algo: 'be-droil', seed: 1 }, { algo: 'dro-bc', rho: 0.5, seed: 2 }],
      policyHidden: [16], nuHidden: [8], batchSize: 32, initialStateBatch: 4, steps: ev.data.steps, logEvery: ev.data.steps,
      warmStartFraction: 0.25, envId: 'CartPole-v1', numActions: 2,
    }, data);
    const diagnostics: number[] = [];
    await trainer.run({ onProgress: (d) => d.members.forEach((m) => diagnostics.push(m.bcLoss, m.robustLoss, m.divergence, m.ess, m.maxWeight)) });
    const h = await trainer.parameters();
    const params = [0, 1].flatMap((m) => [...h.policy[m].flatMap((l) => [...l.W, ...l.b]), ...h.nu[m].flatMap((l) => [...l.W, ...l.b])]);
    trainer.dispose();
    (self as unknown as Worker).postMessage({ ok: true, backend: choice.backend, reason: choice.reason, params, diagnostics } satisfies TrainReply);
  } catch (e) {
    (self as unknown as Worker).postMessage({ ok: false, error: String((e as Error)?.stack ?? e) } satisfies TrainReply);
  }
};
