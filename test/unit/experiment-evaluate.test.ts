// The run's evaluation pipeline (src/core/experiment/evaluate-run.ts): its numbers equal the evaluation
// engine's own functions called directly (nominal and sweep in one batch, the box around the nominal, the
// kernel), it is progressive (nominal first, then sweep points, then worst cases, `pending` until the end), and
// a stop keeps exactly what finished, with the same numbers as the full evaluation.
import { describe, expect, it } from 'vitest';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';
import { planMembers } from '../../src/core/experiment/members';
import { planEval, pairedGains } from '../../src/core/experiment/evaluate';
import { evaluateRun } from '../../src/core/experiment/evaluate-run';
import { runResult } from '../../src/core/experiment/result';
import { PENDING_STAT } from '../../src/core/experiment/types';
import type { AssembledEval } from '../../src/core/experiment/evaluate';
import { loadPolicy, type PolicyJson } from '../../src/core/algos/policy';
import { evaluateConditions, evaluateWorstBox, nominalReferences, sweepArea } from '../../src/core/eval';
import { evaluateWorstKernel, evaluateWorstKernelAsync } from '../../src/core/eval/worst-kernel';
import { getEnvSpec } from '../../src/core/environments/registry';
import { randomPolicy } from './fixtures/random-policy';

const setup: Setup = parseSetup({
  ...defaultSetup, evalEpisodes: 4, evalPoints: 5, kernelEpisodes: 2, kernelCandidates: 3, kernelHorizon: 3,
  boxRandomPoints: 1, boxRefineRounds: 1, rhoSweep: [0.5], algos: ['bc', 'be-droil'], seeds: 2, evalShift: { length: 2 },
});
const members = planMembers(setup);
const policies: Record<number, PolicyJson> = Object.fromEntries(members.map((m) => [m.id, randomPolicy(300 + m.id)]));

/** The reference: the engine's functions called the way the worker called them before the pipeline existed. */
async function reference(id: number) {
  const plan = planEval(setup);
  const actor = loadPolicy(policies[id]);
  const p0 = getEnvSpec(plan.envId).params.find((p) => p.name === plan.evalParam)!.default;
  const main = evaluateConditions(actor, plan.ctx, [
    { label: 'nominal', params: {} },
    ...plan.factors.map((f) => ({ label: `x${f}`, params: { [plan.evalParam]: p0 * f } })),
    { label: 'shift', params: plan.shift!.params },
  ], [{ condition: 0, episode: 0 }]);
  const box = await evaluateWorstBox(actor, plan.ctx, {
    params: plan.box!.params, eps: setup.worstBoxEps, traceEpisodes: [0], randomPoints: setup.boxRandomPoints, refineRounds: setup.boxRefineRounds, nominal: main.results[0],
  });
  const kernel = evaluateWorstKernel(actor, { ...plan.ctx, episodes: setup.kernelEpisodes }, { rho: setup.klKernelRho, candidates: setup.kernelCandidates, horizon: setup.kernelHorizon });
  return { main, box, kernel, factors: plan.factors };
}

describe('evaluateRun', () => {
  it('gives the evaluation engine\'s numbers for every member, and the paired gains over BC', async () => {
    const ev = await evaluateRun({ setup, members, policies });
    expect(ev.pending).toBeUndefined();
    expect(ev.stopped).toBe(false);
    expect(ev.evals.map((e) => e.memberId)).toEqual(members.map((m) => m.id));
    for (const e of ev.evals) {
      const r = await reference(e.memberId);
      expect(e.nominal).toEqual(r.main.results[0].summary);
      expect(e.nominalReturns).toEqual(r.main.results[0].returns);
      expect(e.sweep.map((p) => p.stat)).toEqual(r.factors.map((_, i) => r.main.results[i + 1].summary));
      expect(e.sweepArea).toBe(sweepArea(r.factors, r.factors.map((_, i) => r.main.results[i + 1].summary.mean)));
      expect(e.shift).toEqual(r.main.results[r.factors.length + 1].summary);
      expect(e.worstBox.stat).toEqual(r.box.worst.summary);
      expect(e.worstKernel).toEqual(r.kernel.summary);
      expect(Array.from(e.traceWorst.states)).toEqual(Array.from(r.box.traces[0].states));
      expect(Array.from(e.traceNominal.states)).toEqual(Array.from(r.main.traces[0].states));
    }
    expect(ev.reference).toEqual(nominalReferences(planEval(setup).ctx));
    // Two seeds: BE-DROIL minus BC per seed on nominal, worst box, sweep area and the shift.
    expect(ev.paired.map((p) => p.condition)).toEqual(['nominal', 'worst box', 'sweep area', 'shift']);
    expect(ev.paired).toEqual(pairedGains(members, ev.evals));
    const bc = ev.evals.filter((e) => members[e.memberId].algo === 'bc').map((e) => e.nominal.mean);
    const be = ev.evals.filter((e) => members[e.memberId].algo === 'be-droil').map((e) => e.nominal.mean);
    expect(ev.paired[0].diffs).toEqual([be[0] - bc[0], be[1] - bc[1]]);
  });

  it('is progressive: nominal first, then each sweep point, then the worst cases; pending until the end', async () => {
    const partials: AssembledEval[] = [];
    const fractions: number[] = [];
    const ev = await evaluateRun({ setup, members, policies }, { onPartial: (p) => partials.push(p), onFraction: (f) => fractions.push(f) });
    const F = planEval(setup).factors.length, M = members.length;
    // One partial per item after every member's nominal: F*M sweep items, M boxes, M kernels, less the last.
    expect(partials.length).toBe(F * M + 2 * M);
    expect(partials[0].evals.length).toBe(M);
    expect(partials[0].evals.every((e) => e.sweep.length === 0 && e.worstBox.stat === PENDING_STAT && Number.isNaN(e.sweepArea))).toBe(true);
    expect(partials[0].pending!.sweepPoints).toBe(F * M);
    expect(partials[0].paired.map((p) => p.condition)).toEqual(['nominal', 'shift']);
    let points = 0;
    for (const p of partials) {
      const n = p.evals.reduce((a, e) => a + e.sweep.length, 0);
      expect(n).toBeGreaterThanOrEqual(points);
      points = n;
      expect(p.pending).toBeDefined();
      expect(p.pending!.sweepPoints).toBe(F * M - n);
      // Finished points are the final numbers, in factor order.
      for (const e of p.evals) {
        const full = ev.evals.find((x) => x.memberId === e.memberId)!;
        for (const s of e.sweep) expect(s).toEqual(full.sweep.find((x) => x.factor === s.factor));
        expect(e.sweep.map((s) => s.factor)).toEqual([...e.sweep.map((s) => s.factor)].sort((a, b) => a - b));
      }
    }
    // The worst boxes come after every sweep point.
    const firstBox = partials.findIndex((p) => p.pending!.worstBox < M);
    expect(partials[firstBox - 1].pending!.sweepPoints).toBe(0);
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    for (const p of partials) expect(p.pending!.fraction).toBeLessThan(1);
  });

  it('stops when told, keeps what finished with the full numbers, and says what it kept', async () => {
    const full = await evaluateRun({ setup, members, policies });
    let partials = 0;
    const M = members.length;
    const ev = await evaluateRun({ setup, members, policies }, { onPartial: () => partials++, shouldStop: () => partials >= 3 });
    expect(ev.stopped).toBe(true);
    expect(ev.pending).toBeDefined();
    expect(ev.evals.length).toBe(M);
    const kept = ev.evals.reduce((a, e) => a + e.sweep.length, 0);
    expect(kept).toBe(2); // the first partial is the nominal one, then one per sweep point
    for (const e of ev.evals) {
      const f = full.evals.find((x) => x.memberId === e.memberId)!;
      expect(e.nominal).toEqual(f.nominal);
      for (const s of e.sweep) expect(s).toEqual(f.sweep.find((x) => x.factor === s.factor));
    }
    const r = runResult(setup, members, ev.plan, ev, { backend: { backend: 'cpu', reason: '' }, stopped: true, trainMs: 0, evalMs: ev.evalMs });
    expect(r.kept).toBe(`evaluated ${M} of ${M} policies: nominal, 2 of ${M * ev.plan.factors.length} sweep points, no worst box, no worst kernel`);
    expect(r.pending).toEqual(ev.pending);
  });

  it('the worst kernel hands control back while it runs, with the same numbers, and a pause can abandon it', async () => {
    const actor = loadPolicy(policies[0]);
    const ctx = { ...planEval(setup).ctx, episodes: 3 };
    const opts = { rho: 0.5, candidates: 4, horizon: 5 };
    let pauses = 0;
    const sync = evaluateWorstKernel(actor, ctx, opts);
    const paused = await evaluateWorstKernelAsync(actor, ctx, opts, async () => { pauses++; }, 0);
    expect(paused.summary).toEqual(sync.summary);
    // pauseEveryMs 0: a pause before every step of the longest episode and one before the loop ends
    // (CartPole pays 1 per step, so an episode's return is its length).
    expect(pauses).toBe(Math.max(...sync.returns) + 1);
    let n = 0;
    await expect(evaluateWorstKernelAsync(actor, ctx, opts, async () => { if (++n === 3) throw new Error('stop'); }, 0)).rejects.toThrow('stop');
    expect(n).toBe(3);
  });
});
