// MBIL's density fit (src/core/mbil/density-fit.ts, balance.ts) on a small CartPole demonstration: the balance
// targets are deterministic from the seed, pausing changes nothing, no tensor is left behind, and bad data or
// settings or a diverged fit give a user-facing message. (MBIL's policy is the training engine's: its numbers
// are held in algos-mbil-loss.test.ts and mbil-cli.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/core/tf';
import { generateDemos } from '../../src/core/experts';
import { balanceTargetsFor } from '../../src/core/mbil';

beforeAll(async () => {
  await initBackend('wasm');
}, 60_000);

describe('MBIL density fit', () => {
  const data = generateDemos('CartPole-v1', { episodes: 1, seed: 3 });
  const config = { envId: 'CartPole-v1', numActions: 2, densitySteps: 20, densityBatchSize: 64, classifierHidden: [16], seed: 1 };

  it('is deterministic from the seed and depends on it; discrete actions fit the classifier only', async () => {
    const a = await balanceTargetsFor(data, config);
    const b = await balanceTargetsFor(data, config);
    const c = await balanceTargetsFor(data, { ...config, seed: 2 });
    expect(Array.from(a.targets.target)).toEqual(Array.from(b.targets.target));
    expect(a.densityCurves).toEqual(b.densityCurves);
    expect(Array.from(c.targets.target)).not.toEqual(Array.from(a.targets.target));
    expect(a.densityCurves.classifier!.at(-1)!.step).toBe(20);
    expect(a.densityCurves.transition).toBeUndefined();
    // One pair per transition but the episode's last.
    expect(a.targets.mask.reduce((s, v) => s + v, 0)).toBe(data.terminals.length - 1);
  });

  it('pauses in the fit: nothing moves while paused, and the result is the unpaused one', async () => {
    const plain = await balanceTargetsFor(data, config);
    let polls = 0, heldPolls = 0, progressWhileHeld = 0, paused = false;
    const held = new Set([5, 6, 7]);
    const r = await balanceTargetsFor(data, config, {
      shouldPause: () => { polls++; paused = held.has(polls); if (paused) heldPolls++; return paused; },
      onLog: () => { if (paused) progressWhileHeld++; },
    });
    expect(heldPolls).toBe(3);
    expect(progressWhileHeld).toBe(0);
    expect(polls).toBeGreaterThan(7);
    expect(Array.from(r.targets.target)).toEqual(Array.from(plain.targets.target));
    expect(r.densityCurves).toEqual(plain.densityCurves);
  });

  it('leaves no tensor behind, discrete and continuous', async () => {
    const pend = generateDemos('Pendulum-v1', { episodes: 1, seed: 2 });
    const cfgC = { envId: 'Pendulum-v1', actionLow: [-2], actionHigh: [2], densitySteps: 2, densityBatchSize: 32, flowBlocks: 2, flowHidden: [8] };
    for (const [cfg, d] of [[{ ...config, densitySteps: 2 }, data], [cfgC, pend]] as const) {
      const before = tf.memory().numTensors;
      await balanceTargetsFor(d, cfg);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('rejects a dataset without consecutive transitions, naming the source', async () => {
    const one = { ...data, observations: data.observations.slice(0, 4), actions: data.actions.slice(0, 1), nextObservations: data.nextObservations.slice(0, 4),
      terminals: Uint8Array.of(1), timeouts: Uint8Array.of(0), episodeStarts: Int32Array.of(0, 1), meta: { source: 'one.json', format: 'json' } };
    await expect(balanceTargetsFor(one, config)).rejects.toThrow(/one\.json: MBIL needs consecutive transitions/);
  });

  it('reports a diverged density fit as a user-facing error with a remedy', async () => {
    await expect(balanceTargetsFor(data, { ...config, densityLearningRate: 1e30 })).rejects.toThrow(/MBIL: density pre-training diverged \(the loss became NaN at step \d+\); try a lower density learning rate/);
  });

  it('rejects bad settings with the field named', async () => {
    await expect(balanceTargetsFor(data, { ...config, densityNoise: -1 }, {}, 'MBIL settings')).rejects.toThrow(/MBIL settings: field 'densityNoise': must be >= 0/);
    await expect(balanceTargetsFor(data, { ...config, flowBlocks: 0 })).rejects.toThrow(/field 'flowBlocks'/);
  });
});
