// "Show CLI command": the printed script's flags go through the CLI's own commands and give the page's
// configuration. `droil train` runs with its trainer replaced by a recorder (the config it would train is
// compared with the setup); `droil demos` and `droil eval` run for real and are checked against the core.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSetup, parseSetup, sweepFactors, type Setup } from '../../src/core/setup';
import { generateDemos } from '../../src/core/experts';
import { policyToJson } from '../../src/core/algos/policy';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS } from '../../src/core/eval/defaults';
import { Rng } from '../../src/core/rng';
import { planEval } from '../../src/core/experiment/evaluate';
import { cliGaps, cliScript } from '../../src/ui/share/cli-command';

const recorded: { kind: 'ensemble' | 'mbil'; config: Record<string, unknown> }[] = [];
vi.mock('../../src/core/algos/ensemble', async (orig) => ({
  ...(await orig<typeof import('../../src/core/algos/ensemble')>()),
  createTrainer: (config: Record<string, unknown>) => { recorded.push({ kind: 'ensemble', config }); throw new Error('recorded'); },
}));
vi.mock('../../src/core/mbil', async (orig) => ({
  ...(await orig<typeof import('../../src/core/mbil')>()),
  createMbilTrainer: (config: Record<string, unknown>) => { recorded.push({ kind: 'mbil', config }); throw new Error('recorded'); },
}));
vi.mock('../../src/core/tf', async (orig) => ({
  ...(await orig<typeof import('../../src/core/tf')>()),
  initBackend: async () => ({ backend: 'cpu', reason: 'test' }),
}));
vi.mock('../../src/cli/files', async (orig) => ({
  ...(await orig<typeof import('../../src/cli/files')>()),
  readDatasetFile: async () => generateDemos('CartPole-v1', { episodes: 1, seed: 0 }),
}));

const { main } = await import('../../src/cli/main');

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

const flag = (argv: string[], name: string) => argv[argv.indexOf(name) + 1];

describe('the CLI command the page shows', () => {
  const setup: Setup = parseSetup({
    ...defaultSetup, algos: ['bc', 'dro-bc', 'be-droil', 'mbil'], rhoSweep: [0.5, 2], seeds: 2, seed: 3, steps: 120, batch: 64,
    divergence: 'chi2', kappa: 0.05, gamma: 0.99, warmStart: 0.2, clip: 5, demos: { kind: 'builtin', episodes: 2, seed: 4 },
    params: { masspole: 0.2 }, demoEpsilon: 0.1, evalEpisodes: 2, evalPoints: 3, worstBoxEps: 0.3, klKernelRho: 0.05,
    boxRandomPoints: 1, boxRefineRounds: 1, evalParam: 'gravity', mbilAlpha: 0.7, mbilBeta: 2, mbilDensitySteps: 50, mbilFlowBlocks: 2,
    lr: 3e-3,
  });
  const lines = cliScript(setup).split('\n').filter((l) => l.startsWith('npx droil ')).map((l) => shellWords(l).slice(2));

  it('trains every member with the setup\'s settings, through droil train\'s own parser', async () => {
    const trains = lines.filter((a) => a[0] === 'train');
    // 2 seeds x (BC + DRO-BC x 2 radii + BE-DROIL x 2 radii + MBIL)
    expect(trains.length).toBe(2 * 6);
    recorded.length = 0;
    for (const argv of trains) {
      const r = await run(argv);
      expect(r.err).toMatch(/recorded/); // the recorder stopped the command right where training would start
    }
    expect(recorded.length).toBe(trains.length);
    const seen = new Set<string>();
    recorded.forEach((rec, i) => {
      const argv = trains[i];
      const algo = flag(argv, '--algo');
      const c = rec.config as Record<string, any>;
      expect(c.seed).toBe(Number(flag(argv, '--seed')));
      expect(c.steps).toBe(setup.steps);
      expect(c.batchSize).toBe(setup.batch);
      if (algo === 'mbil') {
        expect(rec.kind).toBe('mbil');
        expect(c.members[0]).toMatchObject({ alpha: setup.mbilAlpha, beta: setup.mbilBeta });
        expect(c.densitySteps).toBe(setup.mbilDensitySteps);
        expect(c.flowBlocks).toBe(setup.mbilFlowBlocks);
      } else {
        expect(rec.kind).toBe('ensemble');
        expect(c.members[0].algo).toBe(algo);
        expect(c.warmStartFraction).toBe(setup.warmStart);
        expect(c.weightClip).toBe(setup.clip);
        if (algo !== 'bc') {
          expect(c.members[0].rho).toBe(Number(flag(argv, '--rho')));
          expect(c.members[0].kappa).toBe(setup.kappa);
          expect(c.divergence).toBe(setup.divergence);
          expect(c.gamma).toBe(setup.gamma);
        }
      }
      seen.add(`${algo}:${algo === 'bc' || algo === 'mbil' ? 0 : c.members[0].rho}:${c.seed}`);
    });
    // exactly the page's members: every algorithm at every radius and seed
    const expected = new Set<string>();
    for (const seed of [3, 4]) for (const a of setup.algos) for (const r of a === 'bc' || a === 'mbil' ? [0] : [0.5, 2]) expected.add(`${a}:${r}:${seed}`);
    expect(seen).toEqual(expected);
    // and what the CLI cannot take is said, not dropped
    expect(cliGaps(setup).join(' ')).toMatch(/learning rate 0\.003/);
    expect(cliScript(setup)).toMatch(/# Not settable from the CLI: learning rate 0\.003/);
  });

  it('writes the same demonstrations as the page (droil demos, run for real)', async () => {
    const argv = lines.find((a) => a[0] === 'demos')!;
    const dir = mkdtempSync(join(tmpdir(), 'droil-cli-'));
    const out = join(dir, 'demos.json');
    argv[argv.indexOf('--out') + 1] = out;
    expect((await run(argv)).code).toBe(0);
    const ref = generateDemos('CartPole-v1', { episodes: 2, seed: 4, params: { masspole: 0.2 }, epsilon: 0.1 });
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.episodes.length).toBe(2);
    expect(file.episodes.map((e: { actions: number[] }) => e.actions).flat()).toEqual(Array.from(ref.actions));
  });

  it('evaluates with the page\'s sweep, box and kernel (droil eval, run for real)', async () => {
    const evals = lines.filter((a) => a[0] === 'eval');
    expect(evals.length).toBe(12);
    const argv = evals[0];
    const rng = new Rng(1);
    const layers = [[4, 8], [8, 8], [8, 2]].map(([i, o]) => ({ inDim: i, outDim: o, W: Float32Array.from({ length: i * o }, () => rng.normal(0, 1)), b: new Float32Array(o) }));
    const dir = mkdtempSync(join(tmpdir(), 'droil-cli-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(policyToJson({ envId: 'CartPole-v1', obsDim: 4, action: { kind: 'discrete', n: 2 }, hidden: [8, 8], layers,
      normaliser: { mean: new Float32Array(4), std: new Float32Array(4).fill(1) }, algorithm: {} })));
    argv[argv.indexOf('--policy') + 1] = file;
    const r = await run([...argv, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const plan = planEval(setup);
    expect(j.episodes).toBe(setup.evalEpisodes);
    expect(j.seed).toBe(EVAL_DEFAULTS.seed);
    expect(j.seed).toBe(plan.ctx.seed);
    expect(j.sweeps[0].param).toBe(plan.evalParam);
    expect(j.sweeps[0].factors.length).toBe(3);
    j.sweeps[0].factors.forEach((f: number, i: number) => expect(f).toBeCloseTo(sweepFactors(setup)[i], 12));
    expect(j.worstBox.eps).toBe(setup.worstBoxEps);
    expect(j.worstBox.params).toEqual(DEFAULT_EVAL_PARAMS['CartPole-v1']);
    expect(j.worstBox.params).toEqual(plan.boxParams);
    expect(j.worstKernel.rho).toBe(setup.klKernelRho);
  });

  it('names an uploaded file as the data and quotes what a shell would split', () => {
    const s = parseSetup({ ...defaultSetup, demos: { kind: 'upload', fileName: "my demos (v2)'s.h5" } });
    const script = cliScript(s);
    expect(script).not.toMatch(/droil demos/);
    const train = script.split('\n').find((l) => l.includes('droil train'))!;
    expect(flag(shellWords(train), '--data')).toBe("my demos (v2)'s.h5");
  });
});
