// Stored records (IndexedDB) are input: each store's records are checked before they reach the page's store.
// Hand cases for what blanked the page (a label that is an object, a result of the wrong shape, an unknown
// envId) and seeded corruptions of real records of every store: a check never throws, a refusal is one
// line naming the record and the field, and what is accepted is what a fresh parse of the same data gives.
import { describe, expect, it } from 'vitest';
import { checkDataset, checkRun, checkSession, droppedMessage } from '../../src/ui/persist/records';
import { defaultSetup } from '../../src/core/setup';
import { Rng } from '../../src/core/rng';
import { makeRun, makeStoppedRun } from '../fixtures/run';

const run = await makeRun();
const runRecord = () => ({ id: 3, label: 'CartPole-v1: BC vs BE-DROIL, 30 steps, 2 seed(s)', savedAt: 1_700_000_000_000, result: structuredClone(run) });
const datasetRecord = () => ({ name: 'demos.json', bytes: new TextEncoder().encode('{"episodes":[]}'), envId: 'CartPole-v1', size: 15, savedAt: 1_700_000_000_000 });
const sessionRecord = () => ({ setup: { ...defaultSetup, steps: 500 }, runId: 3 });

describe('stored records', () => {
  it('accepts real records of every store unchanged (typed arrays stay typed arrays)', () => {
    const r = checkRun(runRecord(), 3);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.result.evals[1].weights).toBeInstanceOf(Float32Array);
      expect(r.value.result.evals[0].traceNominal.states).toBeInstanceOf(Float64Array);
      expect(r.value.result.evals[0].nominal.mean).toBe(run.evals[0].nominal.mean);
      expect(Array.from(r.value.result.evals[1].weights!)).toEqual(Array.from(run.evals[1].weights!));
      expect(Object.keys(r.value.result.policies!).map(Number)).toEqual(run.members.map((m) => m.id));
    }
    expect(checkDataset(datasetRecord(), 'demos.json')).toMatchObject({ ok: true });
    expect(checkSession(sessionRecord())).toEqual({ ok: true, value: { setup: { ...defaultSetup, steps: 500 }, runId: 3 } });
    // A session saved while the slider's radius was a setup field: the setup loads without it, the radius beside it.
    expect(checkSession({ setup: { ...defaultSetup, rho: 0.7 }, runId: 1 })).toEqual({ ok: true, value: { setup: defaultSetup, rho: 0.7, runId: 1 } });
    expect(checkSession({ setup: defaultSetup, rho: 2 })).toMatchObject({ ok: true, value: { rho: 2 } });
  });

  it('accepts a run stopped before its evaluation (its policies belong to the unevaluated members)', async () => {
    const stopped = await makeStoppedRun();
    const r = checkRun({ ...runRecord(), result: structuredClone(stopped) }, 3);
    expect(r).toMatchObject({ ok: true });
    if (r.ok) {
      expect(r.value.result.unevaluated!.members).toEqual(stopped.unevaluated!.members);
      expect(Object.keys(r.value.result.policies!)).toEqual(Object.keys(stopped.policies!));
      expect(r.value.result.unevaluated!.weights[1]).toBeInstanceOf(Float32Array);
    }
    // Weights of a member the run does not have are refused.
    const odd = structuredClone(stopped);
    odd.unevaluated!.weights[42] = new Float32Array(3);
    expect(checkRun({ ...runRecord(), result: odd }, 3)).toMatchObject({ ok: false, why: expect.stringMatching(/^saved run 3: result: field 'unevaluated\.weights\.42' names no member$/) });
  });

  const bad: [string, () => ReturnType<typeof checkRun>, RegExp][] = [
    ['a run whose label is an object (React error #31)', () => checkRun({ ...runRecord(), label: { $$typeof: 'x' } }, 3), /^saved run 3: field 'label' /],
    ['a run whose result has no member list (e.map is not a function)', () => checkRun({ ...runRecord(), result: { ...run, members: 7 } }, 3), /^saved run 3: result: field 'members' /],
    ['a run whose evals are not a list (reading find)', () => checkRun({ ...runRecord(), result: { ...run, evals: {} } }, 3), /^saved run 3: result: field 'evals' /],
    ['a run with an unknown algorithm', () => checkRun({ ...runRecord(), result: { ...run, members: run.members.map((m) => ({ ...m, algo: '<img src=x>' })) } }, 3), /^saved run 3: result: field 'members\.0\.algo' /],
    ['a run whose evals name a member it lacks', () => checkRun({ ...runRecord(), result: { ...run, evals: run.evals.map((e) => ({ ...e, memberId: 99 })) } }, 3), /^saved run 3: result: field 'evals' names member 99/],
    ['a run whose setup fails the schema', () => checkRun({ ...runRecord(), result: { ...run, setup: { ...run.setup, steps: 1e9 } } }, 3), /^saved run 3: result: setup: field 'steps' /],
    ['a run with a damaged policy', () => checkRun({ ...runRecord(), result: { ...run, policies: { 0: { ...run.policies![0], layers: [] } } } }, 3), /^saved run 3: policy 0: field 'layers'/],
    ['a run record whose id differs from its key', () => checkRun(runRecord(), 4), /^saved run 4: field 'id' differs from its key/],
    ['a run record that is not an object', () => checkRun('hello', 3), /^saved run 3: field '\(root\)' /],
  ];
  for (const [label, check, want] of bad) {
    it(`drops ${label}`, () => {
      const r = check();
      expect(r.ok).toBe(false);
      if (!r.ok) { expect(r.why).toMatch(want); expect(r.why).not.toMatch(/\n/); }
    });
  }

  it('drops a dataset with an unknown envId, wrong bytes or size, and a session with a bad setup', () => {
    const why = (r: { ok: boolean; why?: string }) => (r.ok ? 'accepted' : r.why);
    expect(why(checkDataset({ ...datasetRecord(), envId: 'Evil-v0' }, 'demos.json'))).toMatch(/^saved file 'demos\.json': field 'envId' /);
    expect(why(checkDataset({ ...datasetRecord(), bytes: [1, 2] }, 'demos.json'))).toMatch(/^saved file 'demos\.json': field 'bytes' /);
    expect(why(checkDataset({ ...datasetRecord(), size: 3 }, 'demos.json'))).toMatch(/^saved file 'demos\.json': field 'size' does not match/);
    expect(why(checkDataset({ ...datasetRecord(), name: 'other.json' }, 'demos.json'))).toMatch(/field 'name' differs from its key/);
    expect(why(checkSession({ setup: { ...defaultSetup, algos: ['bc', '__proto__'] } }))).toMatch(/^saved setup: field 'algos\.1' /);
    expect(why(checkSession({ setup: defaultSetup, runId: 'x' }))).toMatch(/^saved setup: field 'runId' /);
    expect(droppedMessage(['a', 'b\nc', 'd', 'e'])).toBe('4 saved records could not be read and were dropped (a; b c; d; and 1 more); everything else was kept.');
  });

  it('seeded corruptions of records of every store: never a throw, a one-line reason or a record equal to a fresh parse (600 cases)', () => {
    const rng = new Rng(20261206);
    const hostile: unknown[] = [null, undefined, 0, -1, NaN, Infinity, 1e308, '', '<script>alert(1)</script>', '\u001b[31m', { __proto__: { polluted: 1 } }, [], [1, 2], {}, true, new Uint8Array(3), new Float64Array(2), { toString: 5 }, 'x'.repeat(5000)];
    const stores: [string, () => Record<string, unknown>, (v: unknown) => { ok: boolean; why?: string }][] = [
      ['runs', runRecord, (v) => checkRun(v, 3)],
      ['datasets', datasetRecord, (v) => checkDataset(v, 'demos.json')],
      ['session', sessionRecord, (v) => checkSession(v)],
    ];
    const outcome: Record<string, { ok: number; dropped: number }> = {};
    for (const [name, make, check] of stores) {
      outcome[name] = { ok: 0, dropped: 0 };
      for (let k = 0; k < 200; k++) {
        const rec = make();
        // Walk to a random node (depth up to 6) and replace one of its children with a hostile value.
        let node: Record<string, unknown> = rec;
        for (let d = 0; d < rng.int(6); d++) {
          const keys = Object.keys(node).filter((x) => node[x] !== null && typeof node[x] === 'object' && !ArrayBuffer.isView(node[x]));
          if (!keys.length) break;
          node = node[keys[rng.int(keys.length)]] as Record<string, unknown>;
        }
        const keys = Object.keys(node);
        const key = keys.length && rng.next() < 0.9 ? keys[rng.int(keys.length)] : '__proto__';
        const value = hostile[rng.int(hostile.length)];
        if (key === '__proto__') Object.defineProperty(node, '__proto__', { value, enumerable: true, configurable: true, writable: true });
        else node[key] = value;
        let r: { ok: boolean; why?: string };
        try { r = check(rec); } catch (e) { throw new Error(`${name} case ${k}: the check threw ${String(e)}`); }
        expect(({} as Record<string, unknown>).polluted, `${name} case ${k}: prototype polluted`).toBeUndefined();
        if (r.ok) { outcome[name].ok++; expect(check(rec).ok).toBe(true); continue; }
        outcome[name].dropped++;
        expect(r.why, `${name} case ${k}`).toMatch(/^saved (run|file|setup)/);
        expect(r.why, `${name} case ${k}`).not.toMatch(/\n/);
      }
      expect(outcome[name].dropped, name).toBeGreaterThan(50);
    }
  }, 60_000);
});
