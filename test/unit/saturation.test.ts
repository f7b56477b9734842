// The saturation note (PRODUCT.md: CartPole with >= 3 demonstrations scores 500 everywhere; the UI says so
// instead of pretending a difference): when does a result count as saturated?
import { describe, expect, it } from 'vitest';
import { saturation } from '../../src/ui/panels/SaturationNote';
import { summarize } from '../../src/core/eval/stats';
import type { MemberEval, RunResult } from '../../src/worker/protocol';

const stat = (v: number) => summarize([v, v]);
function memberEval(nominal: number, sweep: number[], box: number, shift?: number): MemberEval {
  const trace = { envId: 'CartPole-v1', params: {}, stateDim: 4, states: new Float64Array(4), actionDim: 1, actions: new Float64Array(0), rewards: new Float64Array(0), steps: 0, return: 0 };
  return {
    memberId: 0, nominal: stat(nominal), sweep: sweep.map((v, i) => ({ factor: i + 1, stat: stat(v) })), worstBox: { params: {}, stat: stat(box) },
    worstKernel: stat(0), sweepArea: 0, traceNominal: trace, traceWorst: trace, nominalReturns: [nominal], shift: shift === undefined ? undefined : stat(shift),
  };
}
const result = (evals: MemberEval[], expert = 500, random = 22): RunResult => ({
  evals, reference: { expert, random }, members: [], paired: [], evalParam: 'length', factors: [], setup: {} as RunResult['setup'],
  backend: { backend: 'cpu', reason: '' }, stopped: false, trainMs: 0, evalMs: 0,
});

describe('saturation', () => {
  it('every policy at the expert\'s 500 under every perturbation is saturated', () => {
    expect(saturation(result([memberEval(500, [500, 500, 500], 500), memberEval(500, [500, 500], 500)]))).toEqual({ min: 500, max: 500 });
  });

  it('within 1% of the expert-to-random range still is (500 - 0.01 * 478 = 495.22); one point below is not', () => {
    expect(saturation(result([memberEval(500, [495.3, 500], 500)]))).toEqual({ min: 495.3, max: 500 });
    expect(saturation(result([memberEval(500, [495.1, 500], 500)]))).toBeNull();
    // The worst box and the combined shift count too; the worst-case kernel (a different adversary) does not.
    expect(saturation(result([memberEval(500, [500], 480)]))).toBeNull();
    expect(saturation(result([memberEval(500, [500], 500, 300)]))).toBeNull();
  });

  it('no expert reference or no evaluation: nothing to say', () => {
    expect(saturation({ ...result([memberEval(500, [500], 500)]), reference: undefined })).toBeNull();
    expect(saturation(result([]))).toBeNull();
  });

  it('negative returns (Pendulum): the tolerance is 1% of |expert - random|', () => {
    // expert -150, random -1200: tolerance 10.5.
    expect(saturation(result([memberEval(-155, [-160], -158)], -150, -1200))).toEqual({ min: -160, max: -155 });
    expect(saturation(result([memberEval(-155, [-161], -158)], -150, -1200))).toBeNull();
  });
});
