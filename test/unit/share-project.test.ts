// The project file: a real run (policies in the CLI's JSON, evaluated by the page's evaluator) goes into one
// zip and comes back equal, typed arrays included; the dataset inside reads back to the same transitions;
// a policy taken out of it is what `droil eval --policy` reads, with the same nominal return the page
// computed; damaged project files are refused with a message naming the part and the field.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { generateDemos } from '../../src/core/experts';
import { stringifyDroilDemos } from '../../src/core/data/json-format';
import { readDataset } from '../../src/core/data/read';
import { getEnvSpec } from '../../src/core/envs';
import { planEval } from '../../src/core/experiment/evaluate';
import type { RunResult } from '../../src/worker/protocol';
import { readProject, writeProject } from '../../src/core/project/project';
import { makeRun, makeStoppedRun, smallRunSetup } from '../fixtures/run';
import { resultCsv, resultFromJson, resultToJson } from '../../src/core/project/results-json';
import { main } from '../../src/cli/main';

const setup = smallRunSetup;
const run = await makeRun();
const demos = generateDemos('CartPole-v1', { episodes: 1, seed: 0 });
const dataBytes = new TextEncoder().encode(stringifyDroilDemos(demos));

describe('the project file', () => {
  it('round-trips setup, dataset, policies and results exactly (typed arrays included)', async () => {
    const zip = writeProject({ setup, dataset: { fileName: 'demos.json', bytes: dataBytes }, result: run });
    const back = readProject(zip, 'p.zip');
    expect(back.setup).toEqual(setup);
    expect(back.dataset!.fileName).toBe('demos.json');
    expect(Buffer.from(back.dataset!.bytes).equals(Buffer.from(dataBytes))).toBe(true);
    const d = await readDataset(back.dataset!.bytes, 'demos.json', { envSpec: getEnvSpec('CartPole-v1') });
    expect(Array.from(d.observations)).toEqual(Array.from(demos.observations));
    expect(Array.from(d.actions)).toEqual(Array.from(demos.actions));
    // The results, NaN (a CI with n < 2) included, and the typed arrays with their types.
    expect(back.result).toEqual(run);
    expect(back.result!.evals[0].traceNominal.states).toBeInstanceOf(Float64Array);
    expect(back.result!.evals[1].weights).toBeInstanceOf(Float32Array);
    expect(Object.keys(back.result!.policies!).map(Number)).toEqual(run.members.map((m) => m.id));
    // the zip holds one readable file per part
    const names = Object.keys(unzipSync(zip)).sort();
    expect(names).toEqual(['data/demos.json', 'policies/0-bc-rho0-seed0.json', 'policies/1-be-droil-rho0.5-seed0.json',
      'policies/2-bc-rho0-seed1.json', 'policies/3-be-droil-rho0.5-seed1.json', 'project.json', 'results.csv', 'results.json', 'setup.json']);
  });

  it('a policy from the project is what droil eval --policy reads, with the nominal return the page computed', async () => {
    const back = readProject(writeProject({ setup, result: run }), 'p.zip');
    const dir = mkdtempSync(join(tmpdir(), 'droil-share-'));
    for (const m of run.members) {
      const file = join(dir, `m${m.id}.json`);
      writeFileSync(file, JSON.stringify(back.result!.policies![m.id]));
      let out = '';
      const code = await main(['eval', '--env', 'CartPole-v1', '--policy', file, '--episodes', String(setup.evalEpisodes), '--seed', String(planEval(setup).ctx.seed), '--json'],
        { stdout: (t) => { out += t; }, stderr: () => undefined, readStdin: async () => '' });
      expect(code).toBe(0);
      const ev = run.evals.find((e) => e.memberId === m.id)!;
      expect(JSON.parse(out).mean).toBeCloseTo(ev.nominal.mean, 9);
    }
  });

  it('leaves MuJoCo side-view frames (geoms) out of results JSON: the states stay, the worker recomputes the frames', () => {
    const frames = { names: ['torso'], frames: [[1, 2, 3]] } as unknown as NonNullable<RunResult['evals'][0]['traceNominal']['geoms']>;
    const withGeoms: RunResult = { ...run, evals: run.evals.map((e) => ({ ...e, traceNominal: { ...e.traceNominal, geoms: frames } })) };
    const text = resultToJson(withGeoms);
    expect(text).not.toContain('"geoms"');
    expect(text.length).toBe(resultToJson(run).length);
    expect(resultFromJson(text, 'results.json')).toEqual(run);
  });

  it('writes a results CSV with one row per member and condition', () => {
    const lines = resultCsv(run).trim().split('\n');
    expect(lines[0]).toBe('member,algo,rho,seed,condition,factor,mean,std,ci_low,ci_high,n');
    const perMember = 1 + setup.evalPoints + 2; // nominal, the sweep, worst box, worst kernel
    expect(lines.length).toBe(1 + run.members.length * perMember + run.paired.length);
    const row = lines.find((l) => l.startsWith('1,be-droil,0.5,0,nominal'))!.split(',');
    expect(Number(row[6])).toBe(run.evals[1].nominal.mean);
  });

  it('keeps a run stopped before its evaluation whole: every kept policy, the unevaluated members and their weights', async () => {
    const stopped = await makeStoppedRun();
    const back = readProject(writeProject({ setup, result: stopped }), 'p.zip').result!;
    expect(back).toEqual(stopped);
    expect(back.members).toEqual([]);
    expect(back.unevaluated!.members).toEqual(stopped.unevaluated!.members);
    expect(back.unevaluated!.trainKept).toBe(stopped.unevaluated!.trainKept);
    const ids = Object.keys(stopped.unevaluated!.weights);
    expect(ids.length).toBeGreaterThan(0);
    expect(Object.keys(back.unevaluated!.weights)).toEqual(ids);
    for (const id of ids) {
      expect(back.unevaluated!.weights[Number(id)]).toBeInstanceOf(Float32Array);
      expect(Array.from(back.unevaluated!.weights[Number(id)])).toEqual(Array.from(stopped.unevaluated!.weights[Number(id)]));
    }
    // Every trained policy is in the file (they were written for the evaluated members only: none).
    expect(back.policies).toEqual(stopped.policies);
    // A policy of a member neither evaluated nor kept unevaluated is still refused.
    const files = unzipSync(writeProject({ setup, result: stopped }));
    const manifest = JSON.parse(new TextDecoder().decode(files['project.json']));
    const policy = files['policies/0-bc-rho0-seed0.json'];
    const extra = zipSync({ ...files, 'project.json': strToU8(JSON.stringify({ ...manifest, policies: [...manifest.policies, 'policies/9-bc-rho0-seed0.json'] })), 'policies/9-bc-rho0-seed0.json': policy });
    expect(() => readProject(extra, 'p.zip')).toThrow(/no member 9/);
  });

  it('refuses damaged files with the part and the field, and nothing else', () => {
    const good = unzipSync(writeProject({ setup, dataset: { fileName: 'demos.json', bytes: dataBytes }, result: run }));
    const variant = (patch: Record<string, Uint8Array | null>) => {
      const files: Record<string, Uint8Array> = { ...good };
      for (const [k, v] of Object.entries(patch)) { if (v === null) delete files[k]; else files[k] = v; }
      return zipSync(files);
    };
    const json = (v: unknown) => strToU8(JSON.stringify(v));
    /** Six small entries whose central directory declares 200 MiB each. */
    const bomb = () => {
      const z = zipSync(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`data/part${i}.bin`, new Uint8Array(64)])), { level: 6 });
      const v = new DataView(z.buffer);
      for (let i = 0; i + 4 <= z.length; i++) if (v.getUint32(i, true) === 0x02014b50) v.setUint32(i + 24, 200 * 2 ** 20, true);
      return z;
    };
    const manifest = JSON.parse(new TextDecoder().decode(good['project.json']));
    const policy = JSON.parse(new TextDecoder().decode(good['policies/0-bc-rho0-seed0.json']));
    const results = JSON.parse(new TextDecoder().decode(good['results.json']));
    const cases: [Uint8Array, RegExp][] = [
      [strToU8('{"not":"a zip"}'), /p\.zip: not a project file/],
      [new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]), /p\.zip: not a readable project \(zip\) archive: /],
      // A zip bomb: six entries that declare 200 MiB each (1.2 GB in all) are refused before inflating.
      [bomb(), /p\.zip: the project would take \d+(\.\d+)? MB once uncompressed, above the 300 MB size limit/],
      // A flipped byte inside a stored entry: its CRC-32 fails.
      [(() => { const z = zipSync({ 'project.json': good['project.json'] }, { level: 0 }); z[z.indexOf(0x7b) + 5] ^= 1; return z; })(), /p\.zip: entry 'project\.json' fails its CRC-32 check/],
      [variant({ 'project.json': null }), /part 'project\.json' is missing/],
      [variant({ 'project.json': json({ ...manifest, format: 'other' }) }), /project\.json': field 'format'/],
      [variant({ 'project.json': json({ ...manifest, version: 9 }) }), /newer version/],
      [variant({ 'setup.json': strToU8('{oops') }), /part 'setup\.json' is not valid JSON/],
      [variant({ 'setup.json': json({ ...setup, steps: -5 }) }), /setup\.json: field 'steps'/],
      [variant({ 'data/demos.json': null }), /part 'data\/demos\.json' \(the dataset\) is missing/],
      [variant({ 'policies/0-bc-rho0-seed0.json': json({ ...policy, layers: policy.layers.slice(1) }) }), /policies\/0-bc-rho0-seed0\.json: field 'layers'/],
      [variant({ 'results.json': json({ ...results, evals: [{ ...results.evals[0], nominal: 'high' }] }) }), /results\.json: field 'evals\.0\.nominal'/],
      [variant({ 'project.json': json({ ...manifest, policies: [...manifest.policies, 'policies/9-bc-rho0-seed0.json'] }), 'policies/9-bc-rho0-seed0.json': json(policy) }), /no member 9/],
    ];
    for (const [bytes, re] of cases) expect(() => readProject(bytes, 'p.zip')).toThrow(re);
  });
});
