// The setup's settings as `droil` flags come from the one field table (src/core/setup-fields.ts): every
// setting with a flag round-trips flag text -> value, out-of-range values are refused in one line naming the
// flag, each command's --help lists each of its settings with its default and range, and the flags of
// `droil bench` reach the grid's spec.
import { describe, expect, it } from 'vitest';
import { defaultSetup, parseSetup, SETUP_FIELDS, SETUP_KEYS, type Setup } from '../../src/core/setup';
import { rangeText, type FlagKey } from '../../src/core/setup-fields';
import { cliDefault, flagOf, setupFlagOptions, setupFlagValues } from '../../src/cli/setup-flags';
import { parse } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { BENCH_SETTINGS, parseGridFlags } from '../../src/cli/bench-flags';
import { EVAL_SETTINGS } from '../../src/cli/eval-flags';
import { MBIL_SETTINGS, SETTINGS as TRAIN_SETTINGS } from '../../src/cli/commands/train';
import { KERNEL_SETTINGS } from '../../src/cli/commands/eval';
import { TRAIN_DEFAULTS } from '../../src/core/algos/defaults';
import { MBIL_DEFAULTS } from '../../src/core/mbil/config';

/** The settings each command takes as flags (as the commands declare them). */
const COMMANDS: [string, readonly FlagKey[]][] = [['train', [...TRAIN_SETTINGS, ...MBIL_SETTINGS]], ['eval', [...EVAL_SETTINGS, ...KERNEL_SETTINGS]], ['bench', BENCH_SETTINGS]];

const flagKeys = SETUP_KEYS.filter((k) => (SETUP_FIELDS[k] as { cli?: object }).cli) as FlagKey[];

/** A valid value of each setting away from both its page default and its CLI default, and its flag text. */
const other: { [K in FlagKey]: [Setup[K], string] } = {
  demoEpsilon: [0.25, '0.25'], demoActionNoise: [0.3, '0.3'], demoProcessNoise: [2, '2'], rhoSweep: [[0.5, 1, 3], '0.5,1,3'],
  divergence: ['chi2', 'chi2'], kappa: [0.05, '0.05'], gamma: [0.99, '0.99'], warmStart: [0.25, '0.25'], clip: [5, '5'], steps: [120, '120'],
  batch: [32, '32'], lr: [3e-3, '3e-3'], hidden: [32, '32,32'], mbilAlpha: [0.7, '0.7'], mbilBeta: [2, '2'], mbilDensitySteps: [50, '50'],
  mbilFlowBlocks: [2, '2'], loss: ['mbil', 'mbil'], evalEpisodes: [3, '3'], worstBoxEps: [0.3, '0.3'], boxParams: [['gravity', 'length'], 'gravity,length'], klKernelRho: [0.1, '0.1'],
  kernelEpisodes: [3, '3'], kernelCandidates: [3, '3'], kernelHorizon: [4, '4'], boxRandomPoints: [1, '1'], boxRefineRounds: [2, '2'],
  seeds: [3, '3'], seed: [7, '7'], backend: ['cpu', 'cpu'],
};

/** Values outside each setting's range (or not one of its choices), and the message's expected tail. */
const bad: { [K in FlagKey]?: [string, RegExp] } = {
  demoEpsilon: ['1.5', /must be at most 1, got 1\.5$/], steps: ['0', /must be at least 1, got 0$/], batch: ['8.5', /expected an integer, got '8\.5'$/],
  gamma: ['0', /must be > 0, got 0$/], warmStart: ['1', /must be < 1, got 1$/], clip: ['0.5', /must be 0 \(off\) or at least 1, got 0\.5$/],
  lr: ['abc', /expected a number, got 'abc'$/], rhoSweep: ['0.2,9', /^--rho item 2: must be at most 5, got 9$/], divergence: ['tv', /expected kl or chi2, got 'tv'$/],
  backend: ['webgpu', /expected auto, wasm or cpu, got 'webgpu'$/], hidden: ['64,32', /two hidden layers of one width: give H or H,H, got '64,32'$/],
  seeds: ['51', /must be at most 50, got 51$/], worstBoxEps: ['-0.1', /must be at least 0, got -0\.1$/],
};

function flagsOf(keys: readonly FlagKey[], argv: string[]) {
  return setupFlagValues(parse(argv, setupFlagOptions(keys)).values, keys);
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' });
  return { code, out, err };
}

describe('the setup as droil flags', () => {
  it('has a test value for every setting with a flag, valid in the setup and away from both defaults', () => {
    expect(Object.keys(other).sort()).toEqual([...flagKeys].sort());
    for (const k of flagKeys) {
      const v = other[k][0];
      expect(parseSetup({ ...defaultSetup, [k]: v })[k], k).toEqual(v);
      expect(v, k).not.toEqual(defaultSetup[k]);
      expect(v, k).not.toEqual(cliDefault(k));
    }
  });

  it('parses every flag into its setting, and gives the CLI default without it', () => {
    const argv = flagKeys.flatMap((k) => [flagOf(k), other[k][1]]);
    const got = flagsOf(flagKeys, argv);
    for (const k of flagKeys) expect(got[k], k).toEqual(other[k][0]);
    const none = flagsOf(flagKeys, []);
    for (const k of flagKeys) expect(none[k], k).toEqual(cliDefault(k));
    // The CLI's research defaults where they differ from the page's first run: the trainer's steps and batch.
    expect([none.steps, none.batch, none.seeds]).toEqual([3000, 256, 5]);
    // An older name still works, but not beside the new one.
    expect(flagsOf(['seed'], ['--first-seed', '4']).seed).toBe(4);
    expect(() => flagsOf(['seed'], ['--first-seed', '4', '--seed', '5'])).toThrow(/^--seed: give --seed or --first-seed \(the same setting\), not both$/);
  });

  it('refuses a value outside the range in one line that names the flag', () => {
    for (const [k, [text, re]] of Object.entries(bad) as [FlagKey, [string, RegExp]][]) {
      let msg = '';
      try { flagsOf([k], [flagOf(k), text]); } catch (e) { msg = (e as Error).message; }
      expect(msg, k).toMatch(new RegExp(`^${flagOf(k)}`));
      expect(msg, k).toMatch(re);
      expect(msg, k).not.toMatch(/\n/);
    }
  });

  it("lists each of a command's settings in its --help with its default and range", async () => {
    // Every setting with a flag is taken by some command; those without one are the grid's axes and sweep,
    // which the commands write their own way (--env, --params, --demos/--data, --algos, --perturb).
    expect([...new Set(COMMANDS.flatMap(([, keys]) => keys))].sort()).toEqual([...flagKeys].sort());
    expect(SETUP_KEYS.filter((k) => !(flagKeys as string[]).includes(k))).toEqual(
      ['envId', 'params', 'demos', 'algos', 'evalParam', 'evalFactorMin', 'evalFactorMax', 'evalPoints', 'evalShift']);
    for (const [name, keys] of COMMANDS) {
      const help = (await run([name, '--help'])).out.replace(/\n +/g, ' ');
      for (const k of keys) {
        const f = SETUP_FIELDS[k] as { range: string; num?: { off?: number }; cli: { choices?: string[]; unset?: string } };
        const range = f.cli.choices?.join('|') ?? f.range;
        const def = f.cli.unset ?? [cliDefault(k)].flat().join(',');
        expect(help, `${name} ${k}`).toContain(`${flagOf(k)} `);
        expect(help, `${name} ${k}`).toMatch(new RegExp(`\\(default ${def.replace(/[.()|]/g, '\\$&')}( \\(off\\))?; ${range.replace(/[.()[\]|]/g, '\\$&')}\\)`));
      }
    }
    expect(rangeText({ min: 0, max: 1, maxOpen: true })).toBe('[0, 1)');
  });

  it("carries droil bench's settings into the grid's spec, and leaves a setting not given out of it", async () => {
    const g = await parseGridFlags(['--env', 'CartPole-v1', '--demos', '1', '--lr', '3e-3', '--divergence', 'chi2', '--gamma', '0.99', '--clip', '5',
      '--alpha', '0.7', '--beta', '2', '--flow-blocks', '2', '--density-steps', '50', '--hidden', '32', '--first-seed', '3', '--rho', '0.5,2']);
    // The grid's setup holds every setting; the recorded settings (the grid's identity) only those given.
    const s = g.spec.setup;
    expect([s.lr, s.divergence, s.gamma, s.clip, s.mbilAlpha, s.mbilBeta, s.mbilFlowBlocks, s.mbilDensitySteps, s.hidden, s.seed, s.rhoSweep]).toEqual([3e-3, 'chi2', 0.99, 5, 0.7, 2, 2, 50, 32, 3, [0.5, 2]]);
    expect(g.settings.train).toEqual({ policyHidden: [32, 32], learningRate: 3e-3, divergence: 'chi2', gamma: 0.99, weightClip: 5, mbilAlpha: 0.7, mbilBeta: 2 });
    expect([g.settings.densitySteps, g.settings.flowBlocks, g.settings.firstSeed, g.settings.rhos, g.settings.steps, g.settings.kappa]).toEqual([50, 2, 3, [0.5, 2], 'trainer default', 'trainer default']);
    const plain = await parseGridFlags(['--env', 'CartPole-v1', '--demos', '1']);
    // A setting left out is the CLI's default, the trainer's own (the same numbers as leaving it to the trainer).
    const p = plain.spec.setup;
    expect([p.steps, p.batch, p.kappa, p.hidden, p.lr, p.warmStart, p.mbilDensitySteps, p.mbilFlowBlocks, p.mbilAlpha, p.mbilBeta])
      .toEqual([TRAIN_DEFAULTS.steps, TRAIN_DEFAULTS.batchSize, TRAIN_DEFAULTS.kappa, TRAIN_DEFAULTS.policyHidden[0], TRAIN_DEFAULTS.learningRate, TRAIN_DEFAULTS.warmStartFraction,
        MBIL_DEFAULTS.densitySteps, MBIL_DEFAULTS.flowBlocks, TRAIN_DEFAULTS.mbilAlpha, TRAIN_DEFAULTS.mbilBeta]);
    expect([plain.settings.train, plain.settings.steps, plain.spec.axes.train]).toEqual([{}, 'trainer default', undefined]);
    // The worst kernel's search is the setup's: every evaluation episode unless --kernel-episodes says otherwise.
    expect([plain.spec.setup.kernelEpisodes, plain.spec.axes.kernel, plain.settings.kernelSearch]).toEqual([plain.spec.setup.evalEpisodes, false, undefined]);
    const k = await parseGridFlags(['--env', 'CartPole-v1', '--demos', '1', '--episodes', '6', '--worst-kernel', '0.1', '--kernel-episodes', '2', '--kernel-horizon', '3']);
    expect([k.spec.setup.kernelEpisodes, k.spec.setup.kernelHorizon, k.spec.setup.kernelCandidates, k.spec.axes.kernel, k.settings.kernelSearch])
      .toEqual([2, 3, cliDefault('kernelCandidates'), true, { kernelEpisodes: 2, kernelHorizon: 3 }]);
    const r = await run(['bench', '--env', 'CartPole-v1', '--demos', '1', '--gamma', '1.5']);
    expect([r.code, r.err]).toEqual([2, "error: --gamma: must be at most 1, got 1.5\n"]);
  });
});
