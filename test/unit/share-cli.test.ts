// "Show CLI command": the printed `droil run --setup ...` line carries every setting of the page's setup
// through the CLI's own parser, and `droil run` gives the same numbers as the page's pipeline for that setup.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSetup, parseSetup, setupSchema, type Setup } from '../../src/core/setup';
import { cliArgv, cliScript } from '../../src/ui/share/cli-command';
import { readSetupArg } from '../../src/cli/commands/run';
import { main } from '../../src/cli/main';
import { builtinDemosFor } from '../../src/core/experiment/demos';
import { runExperiment } from '../../src/core/experiment/run';
import { initBackend } from '../../src/core/tf';
import { writeProject } from '../../src/core/project/project';
import { generateDemos } from '../../src/core/experts';
import { readDataset } from '../../src/core/data/read';
import { writeDataset } from '../../src/core/data/write';
import { getEnvSpec } from '../../src/core/environments/registry';

/** Splits one printed shell line into argv (plain words and '...' with the '\'' escape). */
function shellWords(line: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]);
  return out;
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' });
  return { code, out, err };
}

const printedArgv = (s: Setup) => shellWords(cliScript(s).split('\n').find((l) => l.startsWith('npx droil '))!).slice(2);

describe('the CLI command the page shows', () => {
  // Every field of the setup away from its default, so a field the command lost would show.
  const everyField: Setup = parseSetup({
    ...defaultSetup, envId: 'Acrobot-v1', params: { link_mass_2: 1.5 }, demos: { kind: 'builtin', episodes: 2, seed: 4 },
    demoEpsilon: 0.1, demoActionNoise: 0.3, demoProcessNoise: 2, algos: ['bc', 'dro-bc', 'be-droil', 'mbil'],
    rhoSweep: [0.5, 2], divergence: 'chi2', kappa: 0.05, gamma: 0.99, warmStart: 0.2, clip: 5, steps: 120, batch: 32, lr: 3e-3,
    hidden: 32, mbilAlpha: 0.7, mbilBeta: 2, mbilDensitySteps: 50, mbilFlowBlocks: 2, loss: 'mbil', evalParam: 'gravity',
    evalFactorMin: 0.5, evalFactorMax: 3, evalPoints: 3, evalEpisodes: 2, evalShift: { link_mass_2: 2, gravity: 1.5 },
    worstBoxEps: 0.3, boxParams: ['link_mass_2', 'gravity'], klKernelRho: 0.1, kernelEpisodes: 3, kernelCandidates: 3, kernelHorizon: 4, boxRandomPoints: 1,
    boxRefineRounds: 2, seeds: 3, seed: 3, backend: 'cpu',
  });

  it('the test setup changes every field of the schema (a new field must be added here)', () => {
    const unchanged = Object.keys(setupSchema.shape).filter((k) => JSON.stringify(everyField[k as keyof Setup]) === JSON.stringify(defaultSetup[k as keyof Setup]));
    expect(unchanged).toEqual([]);
  });

  it('carries every setting to droil run: printed line -> the CLI\'s parser -> the same setup', async () => {
    const argv = printedArgv(everyField);
    expect(argv.slice(0, 2)).toEqual(['run', '--setup']);
    expect(await readSetupArg(argv[2])).toEqual(everyField);
    // an uploaded file travels by name, passed with --data
    const upload = parseSetup({ ...everyField, demos: { kind: 'upload', fileName: "my demos (v2)'s.h5" } });
    const up = printedArgv(upload);
    expect(up.slice(3)).toEqual(['--data', "my demos (v2)'s.h5"]);
    expect(await readSetupArg(up[2])).toEqual(upload);
    expect(cliArgv(upload)).toEqual(up);
  });

  it('droil run gives the numbers of the page\'s pipeline for the same setup', async () => {
    const s = parseSetup({
      ...defaultSetup, steps: 20, rhoSweep: [0.5], evalPoints: 2, evalEpisodes: 2, kernelEpisodes: 1, kernelCandidates: 2,
      kernelHorizon: 2, boxRandomPoints: 0, boxRefineRounds: 0, seeds: 2,
    });
    const dir = mkdtempSync(join(tmpdir(), 'droil-run-'));
    const file = join(dir, 'run.json');
    const r = await run([...printedArgv(s), '--backend', 'cpu', '--json', file]);
    expect(r.err).toMatch(/^backend: cpu/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\| BE-DROIL rho 0\.5 \| 1 \|/);
    const got = JSON.parse(readFileSync(file, 'utf8')) as { members: { id: number; nominal: number; worstBox: number; worstKernel: number }[]; paired: { diffs: number[] }[] };
    const backend = await initBackend('cpu');
    const ref = await runExperiment(s, builtinDemosFor(s), { control: { stopped: false, paused: false }, backend });
    expect(got.members.map((m) => [m.id, m.nominal, m.worstBox, m.worstKernel])).toEqual(
      ref.evals.map((e) => [e.memberId, e.nominal.mean, e.worstBox.stat.mean, e.worstKernel.mean]));
    expect(got.paired.map((p) => p.diffs)).toEqual(ref.paired.map((p) => p.diffs));
  }, 300_000);

  it('droil run reads a project file: its setup and the demonstrations it carries, the numbers of the pipeline', async () => {
    // An uploaded file (here: 2 expert episodes as droil-demos JSON) travels inside the project, not by --data.
    const demos = generateDemos('CartPole-v1', { episodes: 2, seed: 5 });
    const data = await writeDataset(demos, 'json');
    const s = parseSetup({
      ...defaultSetup, demos: { kind: 'upload', fileName: 'my demos.json' }, steps: 20, rhoSweep: [0.5], evalPoints: 2, evalEpisodes: 1,
      kernelEpisodes: 1, kernelCandidates: 1, kernelHorizon: 1, boxRandomPoints: 0, boxRefineRounds: 0,
    });
    const dir = mkdtempSync(join(tmpdir(), 'droil-run-project-'));
    const project = join(dir, 'project.zip');
    writeFileSync(project, writeProject({ setup: s, dataset: { fileName: 'my demos.json', bytes: data } }));
    const file = join(dir, 'run.json');
    const r = await run(['run', '--setup', project, '--backend', 'cpu', '--json', file]);
    expect(r.err).toMatch(/^backend: cpu/);
    expect(r.code).toBe(0);
    const got = JSON.parse(readFileSync(file, 'utf8')) as { members: { id: number; nominal: number; worstBox: number }[] };
    const backend = await initBackend('cpu');
    const ref = await runExperiment(s, await readDataset(data, 'my demos.json', { envSpec: getEnvSpec('CartPole-v1') }), { control: { stopped: false, paused: false }, backend });
    expect(got.members.map((m) => [m.id, m.nominal, m.worstBox])).toEqual(ref.evals.map((e) => [e.memberId, e.nominal.mean, e.worstBox.stat.mean]));
    // --data beside a project that carries its data is refused in one line; a zip that is no project too
    const both = await run(['run', '--setup', project, '--data', project]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/^error: --data: the project file carries its demonstrations \('my demos.json'\); leave --data out\n$/);
    const notProject = join(dir, 'other.zip');
    writeFileSync(notProject, Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]));
    const bad = await run(['run', '--setup', notProject]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: [^\n]*other\.zip[^\n]*\n$/);
  }, 300_000);

  it('refuses a damaged link and a setup file that is not a setup, in one line', async () => {
    const bad = await run(['run', '--setup', '#v=1&steps=abc']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: [^\n]*steps[^\n]*\n$/);
    const missing = await run(['run', '--setup', '/nonexistent/setup.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: [^\n]*no such file or directory\)\n$/);
    const upload = await run(['run', '--setup', `#${cliArgv(parseSetup({ ...defaultSetup, demos: { kind: 'upload', fileName: 'd.h5' } }))[2].slice(1)}`]);
    expect(upload.code).toBe(2);
    expect(upload.err).toMatch(/--data/);
  });
});
