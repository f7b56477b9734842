// The box search on fewer episodes (the first half of the context's) with its lowest points re-evaluated on
// all of them, and the nominal returns reused for the centre.
import { describe, expect, it } from 'vitest';
import { boxSearchEpisodes, evaluateConditions, evaluateWorstBox, type EvalContext } from '../../src/core/eval/evaluate';
import { expertActor } from '../../src/core/experts/actor';
import type { Actor } from '../../src/core/policy';

const envId = 'Pendulum-v1';
const box = { params: ['g', 'm', 'l'], eps: Math.log(1.5), randomPoints: 4, refineRounds: 2 };

/** The expert, counting the observation rows it acts on. */
function counting(): { actor: Actor; rows: () => number } {
  const inner = expertActor(envId);
  let rows = 0;
  return { actor: { ...inner, act: (obs, n) => { rows += n; return inner.act(obs, n); } }, rows: () => rows };
}

describe('worst-case box: search on fewer episodes, confirmation on all', () => {
  const ctx: EvalContext = { envId, episodes: 10, seed: 4 };

  it('searches on the first half of the episodes: each search value is the direct mean over those episodes', async () => {
    expect(boxSearchEpisodes(10)).toBe(5);
    expect(boxSearchEpisodes(20)).toBe(10);
    expect(boxSearchEpisodes(7)).toBe(7);
    const actor = expertActor(envId);
    const r = await evaluateWorstBox(actor, ctx, box);
    const search = r.evaluated.filter((p) => p.stage !== 'confirm');
    expect(search.every((p) => p.episodes === 5)).toBe(true);
    // Independent: a context of 5 episodes has the same first 5 starts.
    const direct = evaluateConditions(actor, { ...ctx, episodes: 5 }, search.map((p, i) => ({ label: `p${i}`, params: { g: 10 * p.factors[0], m: p.factors[1], l: p.factors[2] } }))).results;
    search.forEach((p, i) => expect(p.mean).toBeCloseTo(direct[i].summary.mean, 9));
  });

  it('re-evaluates the 3 lowest search points and the centre with all episodes; the answer equals a direct evaluation, is the lowest of them and never above nominal', async () => {
    const actor = expertActor(envId);
    const r = await evaluateWorstBox(actor, ctx, { ...box, traceEpisodes: [0, 2] });
    const search = r.evaluated.filter((p) => p.stage !== 'confirm');
    const confirm = r.evaluated.filter((p) => p.stage === 'confirm');
    const isCentre = (p: { factors: number[] }) => p.factors.every((f) => f === 1);
    expect(confirm.filter(isCentre).length).toBe(1);
    expect(confirm.length).toBe(search.slice().sort((a, b) => a.mean - b.mean).slice(0, 3).some(isCentre) ? 3 : 4);
    expect(confirm.every((p) => p.episodes === 10)).toBe(true);
    const lowest = search.map((p) => p.mean).sort((a, b) => a - b).slice(0, 3);
    const confirmedSearch = confirm.map((c) => search.find((p) => p.factors.every((f, j) => f === c.factors[j]))!.mean);
    for (const v of lowest) expect(confirmedSearch).toContain(v);
    for (const c of confirm) expect(r.worst.summary.mean).toBeLessThanOrEqual(c.mean);
    const nominal = evaluateConditions(actor, ctx, [{ label: 'nominal', params: {} }]).results[0];
    expect(r.worst.summary.mean).toBeLessThanOrEqual(nominal.summary.mean);
    const direct = evaluateConditions(actor, ctx, [{ label: 'w', params: r.worst.params }], [{ condition: 0, episode: 0 }, { condition: 0, episode: 2 }]);
    expect(r.worst.returns).toEqual(direct.results[0].returns);
    expect(r.worst.meanLength).toBe(direct.results[0].meanLength);
    expect(r.traces.map((t) => [t.episode, Array.from(t.states)])).toEqual(direct.traces.map((t) => [t.episode, Array.from(t.states)]));
    expect(r.worst.factors.map(Math.log).every((z) => Math.abs(z) <= box.eps + 1e-12)).toBe(true);
  });

  it('rolls out 5 episodes per search point and 10 per confirmed point (the centre too), and nothing more (Pendulum: 200 steps each)', async () => {
    const a = counting(), b = counting();
    const ra = await evaluateWorstBox(a.actor, ctx, box);
    const rb = await evaluateWorstBox(b.actor, ctx, { ...box, searchEpisodes: 10 });
    const nA = ra.evaluated.filter((p) => p.stage !== 'confirm').length, nB = rb.evaluated.length;
    const nConfirm = ra.evaluated.filter((p) => p.stage === 'confirm').length;
    expect(nConfirm).toBeGreaterThanOrEqual(3);
    expect(a.rows()).toBe(200 * (5 * nA + 10 * nConfirm));
    expect(b.rows()).toBe(200 * 10 * nB); // the worst point is not rolled out again
    expect(a.rows() / b.rows()).toBeLessThan(0.75); // this small box: 19 points; the page's: ~46
  });

  it('same seed, same numbers; the nominal condition given for the centre changes nothing but the rows', async () => {
    const actor = expertActor(envId);
    const nominal = evaluateConditions(actor, ctx, [{ label: 'nominal', params: {} }]).results[0];
    for (const searchEpisodes of [5, 10]) {
      const a = await evaluateWorstBox(actor, ctx, { ...box, searchEpisodes, traceEpisodes: [0] });
      const b = await evaluateWorstBox(actor, ctx, { ...box, searchEpisodes, traceEpisodes: [0] });
      const c = counting();
      const withNominal = await evaluateWorstBox(c.actor, ctx, { ...box, searchEpisodes, traceEpisodes: [0], nominal });
      expect(b).toEqual(a);
      expect(withNominal).toEqual(a);
      const d = counting();
      await evaluateWorstBox(d.actor, ctx, { ...box, searchEpisodes, traceEpisodes: [0] });
      expect(c.rows()).toBeLessThan(d.rows());
    }
  });

  it('searching on all episodes needs no second rollout of the worst point: its returns and trace equal a direct evaluation', async () => {
    const actor = expertActor(envId);
    const small: EvalContext = { envId, episodes: 4, seed: 9 };
    const r = await evaluateWorstBox(actor, small, { ...box, traceEpisodes: [1] });
    expect(r.evaluated.every((p) => p.episodes === 4 && p.stage !== 'confirm')).toBe(true);
    expect(r.worst.summary.mean).toBe(Math.min(...r.evaluated.map((p) => p.mean)));
    const direct = evaluateConditions(actor, small, [{ label: 'w', params: r.worst.params }], [{ condition: 0, episode: 1 }]);
    expect(r.worst.returns).toEqual(direct.results[0].returns);
    expect(r.worst.meanLength).toBe(direct.results[0].meanLength);
    expect(Array.from(r.traces[0].actions)).toEqual(Array.from(direct.traces[0].actions));
    expect(r.traces[0].episode).toBe(1);
  });

  it('rejects search episodes outside 1..E', async () => {
    await expect(evaluateWorstBox(expertActor(envId), ctx, { ...box, searchEpisodes: 11 })).rejects.toThrow(/from 1 to 10 \(the evaluation's\), got 11/);
  });
});
