// The page's live loop without a browser: which settings re-evaluate, debounce, supersession, bad input.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changedFields, defaultSetup, setupSchema, SETUP_ROLES, withRole, type Setup } from '../../src/core/setup';
import { idleReevaluation, idleRun, useStore } from '../../src/ui/store';
import { watchEvaluationSettings } from '../../src/ui/live-eval';
import type { RunResult } from '../../src/worker/protocol';

const result = (setup: Setup) => ({ setup, members: [], evals: [], paired: [], evalParam: 'length', factors: [], backend: { backend: 'cpu', reason: '' }, stopped: false, trainMs: 0, evalMs: 0, policies: {} }) as RunResult;
const patch = (p: Partial<Setup>) => useStore.setState((s) => ({ setup: { ...s.setup, ...p } }));

describe('setup roles', () => {
  it('classify every setup field once, and compare setups by role', () => {
    expect(Object.keys(SETUP_ROLES).sort()).toEqual(Object.keys(setupSchema.shape).sort());
    const b = { ...defaultSetup, steps: 500, evalPoints: 4 };
    expect(changedFields(defaultSetup, b, 'training')).toEqual(['steps']);
    expect(changedFields(defaultSetup, b, 'evaluation')).toEqual(['evalPoints']);
    // The slider's radius is view state beside the setup (the store's rho), not one of its fields.
    expect(Object.keys(defaultSetup)).not.toContain('rho');
    // The run's training settings with the controls' evaluation settings.
    expect(withRole(defaultSetup, b, 'evaluation')).toEqual({ ...defaultSetup, evalPoints: 4 });
  });
});

describe('re-evaluation on an evaluation setting', () => {
  let calls: Setup[];
  let afterStop: boolean[];
  let stop: () => void;
  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    useStore.setState({ setup: defaultSetup, result: null, run: idleRun, reevaluation: idleReevaluation });
    // Like worker-client.ts reevaluate: says it runs; the test ends it.
    afterStop = [];
    stop = watchEvaluationSettings(async (s, kept) => { calls.push(s); afterStop.push(kept ?? false); useStore.setState({ reevaluation: { status: 'running', fraction: 0 } }); }, 250);
    useStore.setState({ result: result(defaultSetup), run: { ...idleRun, status: 'done' } });
  });
  afterEach(() => { stop(); vi.useRealTimers(); });
  const status = () => useStore.getState().reevaluation.status;

  it('debounces changes into one call with the run\'s training settings and the new evaluation settings', async () => {
    patch({ evalPoints: 4 });
    patch({ evalPoints: 5 });
    expect(status()).toBe('waiting');
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual([]);
    patch({ steps: 999 }); // a training setting: stale, not re-evaluated, and it does not restart the wait
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([{ ...defaultSetup, evalPoints: 5 }]);
    expect(status()).toBe('running');
  });

  it('does nothing for training or view settings', async () => {
    patch({ kappa: 0.5 });
    useStore.setState({ rho: 2 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
    expect(status()).toBe('idle');
  });

  it('a change while one runs asks again with the newest settings; going back to what is shown asks again too', async () => {
    patch({ worstBoxEps: 0.3 });
    await vi.advanceTimersByTimeAsync(250);
    patch({ worstBoxEps: 0.4 });
    await vi.advanceTimersByTimeAsync(250);
    patch({ worstBoxEps: defaultSetup.worstBoxEps });
    await vi.advanceTimersByTimeAsync(250);
    expect(calls.map((c) => c.worstBoxEps)).toEqual([0.3, 0.4, defaultSetup.worstBoxEps]);
  });

  it('a new Train cancels a pending re-evaluation', async () => {
    patch({ evalEpisodes: 3 });
    useStore.setState({ run: { ...idleRun, status: 'training' }, result: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
    expect(status()).toBe('idle');
  });

  it('an evaluation setting edited while a run trains is re-evaluated once, when the run is done', async () => {
    useStore.setState({ run: { ...idleRun, status: 'training' }, result: null });
    patch({ evalEpisodes: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
    // The run ends with the settings it started with; the controls moved on.
    useStore.setState({ result: result(defaultSetup), run: { ...idleRun, status: 'done' } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([{ ...defaultSetup, evalEpisodes: 3 }]);
    // Its answer (the result with the new settings) asks nothing more.
    useStore.setState({ result: result({ ...defaultSetup, evalEpisodes: 3 }), reevaluation: { status: 'done', fraction: 1 } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.length).toBe(1);
  });

  it('a run stopped before its evaluation is evaluated at once (after the Stop, a reload or an import), once', async () => {
    const stopped = (setup: Setup) => ({ ...result(setup), stopped: true, unevaluated: { members: [], weights: {} } }) as RunResult;
    patch({ evalEpisodes: 4 }); // the controls' evaluation settings win over the stored run's
    await vi.advanceTimersByTimeAsync(1000);
    calls.length = 0; afterStop.length = 0;
    useStore.setState({ result: stopped(defaultSetup), run: { ...idleRun, status: 'stopped' }, reevaluation: idleReevaluation });
    await vi.advanceTimersByTimeAsync(0); // no debounce
    expect(calls).toEqual([{ ...defaultSetup, evalEpisodes: 4 }]);
    expect(afterStop).toEqual([true]);
    // Its answer (evaluated: evalMs > 0) asks nothing more; nor does a stopped evaluation that kept nothing.
    useStore.setState({ result: { ...stopped({ ...defaultSetup, evalEpisodes: 4 }), evalMs: 120 }, reevaluation: { status: 'stopped', fraction: 1 } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.length).toBe(1);
    // Such a run already on screen when the watch begins (restored from storage first).
    stop();
    useStore.setState({ result: stopped(defaultSetup), run: { ...idleRun, status: 'stopped' }, reevaluation: idleReevaluation, setup: defaultSetup });
    stop = watchEvaluationSettings(async (s, kept) => { calls.push(s); afterStop.push(kept ?? false); useStore.setState({ reevaluation: { status: 'running', fraction: 0 } }); }, 250);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.length).toBe(2);
    expect(afterStop).toEqual([true, true]);
  });

  it('a run without its policies is not re-evaluated', async () => {
    useStore.setState({ result: { ...result(defaultSetup), policies: undefined } });
    patch({ evalEpisodes: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
  });
});
