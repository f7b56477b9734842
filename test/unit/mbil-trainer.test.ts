// The MBIL trainer end to end on a small CartPole demonstration: deterministic from the seed, policies that
// load and act like the engine's, density curves and diagnostics present and finite.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { generateDemos } from '../../src/core/experts';
import { loadPolicy } from '../../src/core/algos/policy';
import { trainMbil, type MbilDiagnostics } from '../../src/core/mbil';

beforeAll(async () => {
  await initBackend('wasm');
}, 60_000);

describe('MBIL trainer', () => {
  const data = generateDemos('CartPole-v1', { episodes: 1, seed: 3 });
  const config = {
    envId: 'CartPole-v1', numActions: 2, steps: 40, logEvery: 20, batchSize: 64, policyHidden: [16],
    densitySteps: 20, densityBatchSize: 64, classifierHidden: [16], members: [{ seed: 1 }, { seed: 2, alpha: 1, beta: 0.5 }],
  };

  it('is deterministic from the seed, and its policies load, act and record what trained them', async () => {
    const diags: MbilDiagnostics[] = [];
    const a = await trainMbil(config, data, { onProgress: (d) => diags.push(d) });
    const b = await trainMbil(config, data);
    expect(a.result.status).toBe('done');
    expect(a.policies.map((p) => p.layers)).toEqual(b.policies.map((p) => p.layers));
    expect(a.policies[0].layers).not.toEqual(a.policies[1].layers);
    expect(a.densityCurves.classifier!.length).toBeGreaterThan(0);
    expect(a.densityCurves.transition).toBeUndefined();
    expect(diags.map((d) => d.step)).toEqual([20, 40]);
    for (const d of diags) for (const m of d.members) for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
    // mean L = alpha * (pairs in batch / batch) * balanceLoss + beta * bcLoss, and the fraction lies in (0, 1].
    [[0.5, 1], [1, 0.5]].forEach(([alpha, beta], m) => {
      const d = diags[1].members[m];
      expect(d.mbilLoss).toBeGreaterThan(beta * d.bcLoss);
      expect(d.mbilLoss).toBeLessThanOrEqual(alpha * d.balanceLoss + beta * d.bcLoss + 1e-5);
    });
    const policy = loadPolicy(a.policies[1]);
    expect(policy.json.algorithm).toMatchObject({ algo: 'mbil', alpha: 1, beta: 0.5 });
    const acts = policy.act(data.observations, 10);
    for (const x of acts) expect([0, 1]).toContain(x);
  });

  it('pauses in the density fit and in the policy steps: nothing moves while paused, and the result is the unpaused one', async () => {
    const plain = await trainMbil(config, data);
    // Pause twice: at the 5th poll (density fit) and the 30th (policy steps), 3 polls of 50 ms each.
    let polls = 0, heldPolls = 0, progressWhileHeld = 0, paused = false;
    const held = new Set([5, 6, 7, 30, 31, 32]);
    const r = await trainMbil(config, data, {
      shouldPause: () => { polls++; paused = held.has(polls); if (paused) heldPolls++; return paused; },
      onDensityProgress: () => { if (paused) progressWhileHeld++; },
      onProgress: () => { if (paused) progressWhileHeld++; },
    });
    expect(heldPolls).toBe(6);
    expect(progressWhileHeld).toBe(0);
    expect(polls).toBeGreaterThan(32); // both pauses were reached
    expect(r.result.status).toBe('done');
    expect(r.policies.map((p) => p.layers)).toEqual(plain.policies.map((p) => p.layers));
    expect(r.densityCurves).toEqual(plain.densityCurves);
  });

  it('leaves no tensor behind (densities, device data, policy, optimiser), discrete and continuous', async () => {
    const pend = generateDemos('Pendulum-v1', { episodes: 1, seed: 2 });
    const cfgC = { envId: 'Pendulum-v1', actionLow: [-2], actionHigh: [2], steps: 4, logEvery: 2, batchSize: 32, policyHidden: [8], densitySteps: 2, densityBatchSize: 32, flowBlocks: 2, flowHidden: [8], members: [{ seed: 1 }] };
    for (const [cfg, d] of [[{ ...config, steps: 4, densitySteps: 2 }, data], [cfgC, pend]] as const) {
      const before = tf.memory().numTensors;
      await trainMbil(cfg, d);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('rejects a dataset without consecutive transitions, naming the source', async () => {
    const one = { ...data, observations: data.observations.slice(0, 4), actions: data.actions.slice(0, 1), nextObservations: data.nextObservations.slice(0, 4),
      terminals: Uint8Array.of(1), timeouts: Uint8Array.of(0), episodeStarts: Int32Array.of(0, 1), meta: { source: 'one.json', format: 'json' } };
    await expect(trainMbil(config, one)).rejects.toThrow(/one\.json: MBIL needs consecutive transitions/);
  });

  it('reports a diverged density fit as a user-facing error with a remedy', async () => {
    await expect(trainMbil({ ...config, densityLearningRate: 1e30 }, data)).rejects.toThrow(/MBIL: density pre-training diverged \(the loss became NaN at step \d+\); try a lower density learning rate/);
  });

  it('rejects bad settings with the field named', async () => {
    await expect(trainMbil({ ...config, members: [{ alpha: -1 }] }, data)).rejects.toThrow(/field 'members.0.alpha': must be >= 0/);
    await expect(trainMbil({ ...config, flowBlocks: 0 }, data)).rejects.toThrow(/field 'flowBlocks'/);
  });
});
