// Readings A and B in the page's one training path (run.ts trainEnsemble, also `droil run`) and in `droil train`
// train the same parameters as a bench cell of the same seed on the same data: the cell's members (benchMember)
// and inputs (readingInputsFor with the cell's density settings and sweeps), composed here as runCell composes
// them. A member of a two-seed run equals the cell of its own seed (its densities are fitted from its seed).
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
import { getEnvSpec } from '../../src/core/environments/registry';
import { actionBounds } from '../../src/core/envs/types';
import { benchMember } from '../../src/core/eval/benchmark';
import { perturbedOfSweeps, readingInputsFor } from '../../src/core/eval/reading-inputs';
import { cellMethods } from '../../src/core/experiment/grid';
import { setupGrid } from '../../src/core/experiment/grid-setup';
import { planMembers } from '../../src/core/experiment/members';
import { trainEnsemble } from '../../src/core/experiment/run';
import { trainMembers } from '../../src/core/experiment/train';
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

/** A bench cell of `seed` on `d`, as runCell trains it (grid.ts): setupGrid's spec, its members, its inputs. */
async function benchPolicies(s: Setup, d: Dataset, seed: number): Promise<{ algo: string; policy: PolicyJson }[]> {
  const spec = setupGrid(s), env = s.envId, bounds = actionBounds(getEnvSpec(env).actionSpace);
  const methods = cellMethods(spec);
  const members = methods.map((m) => benchMember(m.algo, seed, m.rho, spec.kappa));
  const readings = await readingInputsFor(env, d, methods, {
    processNoise: spec.demoNoise?.processNoise ?? 0, seed, mbil: { ...spec.train, ...spec.mbil, envId: env, ...bounds },
    perturbed: perturbedOfSweeps(env, spec.sweeps?.(env) ?? []),
  });
  const res = await trainMembers({ ...spec.train, members, envId: env, seed, steps: spec.steps, ...bounds }, d, undefined, readings);
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
