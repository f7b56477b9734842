// One change, one evaluation (issue 17): the page's worker client with a stand-in worker. An evaluation
// setting edited after a run reaches the worker's evaluate exactly once, however the edit arrives (typed in
// several keystrokes, or while another re-evaluation runs), and nothing else on the client starts one.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSetup, type Setup } from '../../src/core/setup';
import type { RunResult } from '../../src/worker/protocol';

type EvalRequest = { setup: Setup };
const requests: EvalRequest[] = [];
/** Each call's progress callback (the worker's partial results). */
const partials: ((r: RunResult) => void)[] = [];
/** The stand-in worker's evaluate: records the request; the test settles it. */
let settle: ((r: RunResult) => void)[] = [];
vi.mock('comlink', () => ({
  wrap: () => ({
    evaluate: (req: EvalRequest, onPartial: (r: RunResult) => void) => { requests.push(req); partials.push(onPartial); return new Promise<RunResult>((resolve) => settle.push(resolve)); },
  }),
  proxy: <T>(f: T) => f,
}));

const { useStore, idleRun, idleReevaluation } = await import('../../src/ui/store');
const client = await import('../../src/ui/worker-client');

const result = (setup: Setup) => ({ setup, members: [], evals: [], paired: [], evalParam: 'length', factors: [], backend: { backend: 'cpu', reason: '' }, stopped: false, trainMs: 0, evalMs: 0, policies: { 0: {} } }) as unknown as RunResult;
const patch = (p: Partial<Setup>) => useStore.setState((s) => ({ setup: { ...s.setup, ...p } }));

describe('the page\'s re-evaluations reach the worker once per change', () => {
  let stop: () => void;
  beforeAll(() => {
    // What worker-client.ts needs of a browser: a Worker to wrap and window's timers.
    vi.stubGlobal('Worker', class { addEventListener() {} });
    vi.stubGlobal('window', globalThis);
  });
  afterAll(() => { vi.unstubAllGlobals(); });
  beforeEach(() => {
    vi.useFakeTimers();
    requests.length = 0;
    partials.length = 0;
    settle = [];
    useStore.setState({ setup: defaultSetup, result: result(defaultSetup), run: { ...idleRun, status: 'done' }, reevaluation: idleReevaluation });
    stop = client.watchLiveEvaluation();
  });
  afterEach(() => { stop(); vi.useRealTimers(); });

  it('one edit, typed in three keystrokes, is one evaluate call with the new settings', async () => {
    const before = client.evaluateCallCount();
    patch({ evalPoints: 1 });
    patch({ evalPoints: 12 });
    await vi.advanceTimersByTimeAsync(100);
    patch({ evalPoints: 13 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(requests.map((r) => r.setup.evalPoints)).toEqual([13]);
    expect(client.evaluateCallCount() - before).toBe(1);
    settle[0](result({ ...defaultSetup, evalPoints: 13 }));
    await vi.advanceTimersByTimeAsync(5000);
    // The answer landing in the store is not a change: nothing more is asked.
    expect(useStore.getState().reevaluation.status).toBe('done');
    expect(useStore.getState().result!.setup.evalPoints).toBe(13);
    expect(requests.length).toBe(1);
  });

  it('a second edit while the first is evaluated is one more call, and the first one\'s answer is dropped', async () => {
    patch({ worstBoxEps: 0.3 });
    await vi.advanceTimersByTimeAsync(1000);
    patch({ worstBoxEps: 0.2 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests.map((r) => r.setup.worstBoxEps)).toEqual([0.3, 0.2]);
    settle[0](result({ ...defaultSetup, worstBoxEps: 0.3 }));
    settle[1](result({ ...defaultSetup, worstBoxEps: 0.2 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(useStore.getState().result!.setup.worstBoxEps).toBe(0.2);
    expect(requests.length).toBe(2);
  });

  it('a partial result that lands after the final answer (it travels over another port) is dropped', async () => {
    patch({ evalEpisodes: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    const partial = { ...result({ ...defaultSetup, evalEpisodes: 3 }), pending: { fraction: 0.5, sweepPoints: 1, worstBox: 1, worstKernel: 1 } } as RunResult;
    partials[0](partial);
    await vi.advanceTimersByTimeAsync(50);
    partials[0](partial); // waits for the 100 ms throttle
    const final = result({ ...defaultSetup, evalEpisodes: 3 });
    settle[0](final);
    await vi.advanceTimersByTimeAsync(0);
    partials[0](partial);
    await vi.advanceTimersByTimeAsync(1000);
    expect(useStore.getState().result).toBe(final);
    expect(useStore.getState().reevaluation.status).toBe('done');
  });

  it('exports no second way to start one', () => {
    expect(Object.keys(client)).not.toContain('reevaluate');
  });
});
