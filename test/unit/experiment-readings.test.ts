// Readings A and B in the page's one training path (run.ts trainEnsemble, also `droil run`) and in `droil train`
// train the same parameters as a bench cell of the same seed on the same data: the cell's setup, members and
// inputs (the grid's sweeps), trained by the ensemble stage runCell uses (trainPlanned). A member of a two-seed run equals the cell of its own seed (its densities are fitted from its seed).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { initBackend } from '../../src/core/tf';
import { generateDemos } from '../../src/core/experts';
import { stringifyDroilDemos } from '../../src/core/data/json-format';
import type { Dataset } from '../../src/core/data/dataset';
import type { PolicyJson } from '../../src/core/algos/policy';
import { perturbedOfSweeps } from '../../src/core/eval/reading-inputs';
import { cellMethods, cellSetup } from '../../src/core/experiment/grid';
import { setupGrid } from '../../src/core/experiment/grid-setup';
import { planMembers } from '../../src/core/experiment/members';
import { trainEnsemble, trainPlanned } from '../../src/core/experiment/run';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const setup: Setup = parseSetup({
  ...defaultSetup, envId: 'CartPole-v1', demos: { kind: 'builtin', episodes: 1, seed: 3 }, demoProcessNoise: 2,
  algos: ['bc', 'tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle'], rhoSweep: [0.5], seeds: 1, seed: 3,
  steps: 12, batch: 32, hidden: 8, mbilDensitySteps: 10, mbilFlowBlocks: 1, evalParam: 'length', evalFactorMin: 0.5, evalFactorMax: 2, evalPoints: 3,
});
const data = generateDemos('CartPole-v1', { episodes: 1, seed: 3, processNoise: 2 });

/** The parameters of a policy file (its layers and log-std), without its labels. */
const params = (p: PolicyJson) => JSON.stringify({ layers: p.layers, logStd: p.logStd ?? null });

/** A bench cell of `seed` on `d`, as runCell trains it (grid.ts): the cell's setup, its methods, B's mixture from the grid's sweeps. */
async function benchPolicies(s: Setup, d: Dataset, seed: number): Promise<{ algo: string; policy: PolicyJson }[]> {
  const grid = setupGrid(s), env = s.envId;
  const cell = cellSetup(grid, { env, demos: 1, seed });
  const methods = cellMethods(grid.axes.algos, cell.rhoSweep);
  const res = await trainPlanned(cell, d, methods.map((m) => ({ ...m, seed })), undefined, {}, { perturbed: perturbedOfSweeps(env, grid.axes.sweeps?.(env) ?? []) });
  return methods.map((m, i) => ({ algo: m.algo, policy: res.policies[i] }));
}

describe('readings A and B: the page path, droil train and a bench cell', () => {
  it('the page trains every reading member to the bench cell\'s parameters, per seed', async () => {
    const two = { ...setup, seeds: 2 };
    const members = planMembers(two);
    const page = await trainEnsemble(two, data, members, undefined);
    for (const seed of [3, 4]) {
      const bench = await benchPolicies(setup, data, seed);
      const mine = members.filter((m) => m.seed === seed);
      expect(mine.map((m) => m.algo)).toEqual(['bc', 'tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle']);
      expect(bench.map((b) => b.algo)).toEqual(['bc', 'tilted-model', 'augment-model', 'tilted-expert', 'lr-oracle-ep']);
      mine.forEach((m, i) => expect(params(page.policies[m.id]), `${m.algo} seed ${seed}`).toBe(params(bench[i].policy)));
    }
    // The readings changed what they train: A's tilt, its control, its bound and B's weights all differ from BC.
    const seed3 = members.filter((m) => m.seed === 3).map((m) => params(page.policies[m.id]));
    expect(new Set(seed3).size).toBe(5);
  }, 300_000);

  it('droil train --algo <reading> writes the bench cell\'s parameters', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'droil-readings-'));
    const file = join(tmp, 'cp.json');
    writeFileSync(file, stringifyDroilDemos(data));
    const bench = await benchPolicies(setup, data, 3);
    const common = ['--env', 'CartPole-v1', '--data', file, '--steps', '12', '--batch', '32', '--hidden', '8', '--seed', '3', '--backend', 'cpu'];
    const densities = ['--density-steps', '10', '--flow-blocks', '1'];
    const cases: [string, string[], number][] = [
      ['tilted-model', ['--rho', '0.5', ...densities], 1], ['augment-model', densities, 2], ['tilted-expert', ['--rho', '0.5', ...densities], 3],
      ['lr-oracle', ['--perturb', 'length=0.5,1,2'], 4],
    ];
    for (const [algo, extra, k] of cases) {
      const out = join(tmp, `${algo}.json`);
      let err = '';
      const io: CliIO = { stdout: () => {}, stderr: (t) => { err += t; }, readStdin: async () => '' };
      const code = await main(['train', ...common, '--algo', algo, ...extra, '--out', out], io);
      expect(code, err).toBe(0);
      expect(params(JSON.parse(readFileSync(out, 'utf8'))), algo).toBe(params(bench[k].policy));
    }
  }, 300_000);
});

describe("reading A's density fits in a run's progress", () => {
  it('report progress while they fit (the bar moves before the first training step), then the training takes over', async () => {
    const { runExperiment } = await import('../../src/core/experiment/run');
    const s = parseSetup({
      ...setup, algos: ['bc', 'tilted-model'], mbilDensitySteps: 400, steps: 10,
      evalEpisodes: 2, evalPoints: 2, kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 1, boxRandomPoints: 0, boxRefineRounds: 0,
    });
    const seen: { fraction: number; step: number; stage: string }[] = [];
    await runExperiment(s, data, {
      control: { paused: false, stopped: false }, backend: { backend: 'cpu', reason: '' },
      onProgress: (p) => { if (p.phase === 'training' && p.fraction !== undefined) seen.push({ fraction: p.fraction, step: p.step, stage: p.stage ?? '' }); },
    });
    const fitting = seen.filter((p) => p.step === 0 && p.stage.startsWith("reading A's density models"));
    expect(fitting.length).toBeGreaterThan(1);
    expect(fitting.at(-1)!.fraction).toBeGreaterThan(fitting[0].fraction);
    // The fits are a stage of their own: with 400 density steps of two models against 10 training steps, most of the bar.
    expect(Math.max(...fitting.map((p) => p.fraction))).toBeGreaterThan(0.3);
  }, 300_000);
});
