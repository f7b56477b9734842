// `droil train --algo mbil`: MBIL as a member of the training engine (a BC member with MBIL's loss, after the
// density fit): the log (density NLL curves, then the policy's diagnostics), a policy file that `droil eval`
// reads, the numbers of MBIL's former separate trainer, and one `error:` line for options MBIL does not take.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { generateDemos } from '../../src/core/experts';
import { stringifyDroilDemos } from '../../src/core/data/json-format';
import { loadPolicy } from '../../src/core/algos/policy';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'droil-mbil-'));
const pendulum = join(tmp, 'pd.json');
beforeAll(() => {
  writeFileSync(pendulum, stringifyDroilDemos(generateDemos('Pendulum-v1', { episodes: 1, seed: 3 })));
});

describe('droil train --algo mbil', () => {
  it('fits both flows, trains the policy, logs both phases, and writes a policy droil eval reads', async () => {
    const out = join(tmp, 'p.json'), log = join(tmp, 'run.jsonl');
    const r = await run(['train', '--env', 'Pendulum-v1', '--data', pendulum, '--algo', 'mbil', '--alpha', '0.25', '--steps', '20', '--batch', '32',
      '--density-steps', '10', '--flow-blocks', '2', '--log-every', '10', '--out', out, '--log', log, '--backend', 'wasm']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/MBIL densities \(transition NLL -?[\d.]+, joint NLL -?[\d.]+\) fitted/);
    expect(r.out).toMatch(/^mbil alpha=0\.25 beta=1 seed=0: 20 steps/);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const models = lines.filter((l) => l.phase === 'density').map((l) => l.model);
    expect(new Set(models)).toEqual(new Set(['transition', 'joint']));
    const policyLines = lines.filter((l) => l.phase !== 'density');
    expect(policyLines.map((l) => l.step)).toEqual([10, 20]);
    expect(policyLines[0]).toHaveProperty('bcLoss');
    const policy = loadPolicy(readFileSync(out, 'utf8'));
    expect(policy.json.algorithm).toMatchObject({ algo: 'bc', loss: 'mbil', mbilAlpha: 0.25, mbilBeta: 1, label: 'mbil alpha=0.25 beta=1 seed=0' });
    expect(policy.json.action).toMatchObject({ kind: 'continuous', low: [-2], high: [2] });
    const ev = await run(['eval', '--env', 'Pendulum-v1', '--policy', out, '--episodes', '2']);
    expect(ev.code, ev.err).toBe(0);
    expect(ev.out).toMatch(/Pendulum-v1: mean -?[\d.]+/);
  });

  // Recorded from `droil train --algo mbil` on its own trainer (src/core/mbil/trainer.ts, before this command
  // trained MBIL as an engine member), cpu backend: per layer sum W, sum W^2, sum b; the output layer's W; log std.
  const OLD: Record<string, { sums: number[][]; last: number[]; logStd: number[] | null }> = {"Pendulum-v1": {"sums": [[-1.1721927, 5.3050566, -0.079132261], [-1.4948554, 62.584705, 0.010564494], [0.66636771, 1.7954269, 0.00097851956]], "last": [0.14782979, -8.7321765e-05, 0.018223468, 0.05130576, -0.098165147, 0.050562315, 0.076917514, 0.22150749, 0.27429977, -0.037206221, 0.13355461, -0.13957901, -0.016438574, 0.11459243, 0.20197609, 0.26792699, -0.25682381, -0.1065569, -0.091108084, 0.054236785, -0.15714639, -0.23237062, 0.1233533, 0.017164061, -0.037320413, 0.074484847, -0.27016622, 0.29034904, -0.23519316, 0.1716399, -0.18761541, -0.13758013, 0.2716656, -0.2088078, -0.09909644, -0.20501816, 0.289583, 0.090468481, -0.1837742, 0.13188913, 0.26393461, -0.021022601, -0.065123789, 0.1610916, -0.21530294, -0.10996685, -0.15568803, -0.29281482, 0.24792723, 0.15870167, -0.063865595, 0.2708627, -0.12816085, 0.090766139, 0.021076625, 0.27404937, 0.053525992, -0.10535163, 0.032262284, -0.026847024, 0.0076108933, 0.22600082, -0.23801911, -0.092755333], "logStd": [-0.5186529159545898]}, "CartPole-v1": {"sums": [[-0.25776456, 7.3211273, -0.0072748851], [-1.6969274, 63.04461, -0.019728576], [2.8957713, 4.5950661, 2.3283064e-10]], "last": [0.27642792, -0.066364534, 0.26826987, 0.22089738, -0.023050668, -0.14337738, -0.14759494, -0.10507241, 0.10005486, 0.22175767, 0.19332524, 0.24107456, -0.091878243, 0.18947691, -0.31506473, 0.23991942, -0.18863243, 0.23984878, 0.060508244, -0.033721577, -0.22118288, 0.098614968, 0.09827961, -0.21283889, -0.19455363, 0.097699299, -0.30150282, -0.23204932, -0.17613196, 0.21922638, -0.02120547, -0.27668223, -0.11711582, 0.29800466, -0.043206718, -0.049201336, -0.22698735, -0.22011463, -0.2144044, -0.019782783, -0.092906848, 0.079476342, -0.29050446, 0.16606596, -0.046988953, 0.030712632, 0.11261341, 0.16814968, 0.20339787, 0.25464889, 0.035694554, -0.0013460704, -0.047369927, -0.22104172, 0.11160882, 0.18460312, 0.20000072, 0.013353726, -0.031619165, 0.28721282, -0.18754855, 0.0064145178, -0.0055589983, 0.20715654, -0.30076081, 0.21256045, 0.21567887, -0.18049283, 0.17937142, -0.29080808, 0.077219464, 0.19755919, 0.29808593, -0.036148828, -0.29856688, 0.14729466, 0.0034883255, -0.049807221, -0.25536409, 0.22075741, 0.23752411, 0.21846069, -0.1827727, 0.032743283, 0.26669866, 0.15040259, -0.27138525, -0.28407007, 0.13892666, -0.16274862, 0.14324331, 0.049433857, 0.2767573, 0.11696512, -0.22444317, 0.076997727, 0.19446042, -0.068757825, 0.19510967, -0.099148542, 0.30740866, -0.12370811, 0.24677359, 0.21782202, 0.26293442, 0.21855187, -0.012818756, 0.14521378, -0.28690654, -0.12774503, 0.27769238, 0.026470022, 0.29775959, -0.0044399425, 0.28506458, 0.075478531, -0.072113439, 0.040184066, -0.23042262, -0.1164865, 0.26125234, -0.26622429, -0.20027612, 0.27436879, 0.094007738, -0.30346653, 0.23158237, -0.12454325], "logStd": null}};
  for (const [env, seed] of [['Pendulum-v1', 3], ['CartPole-v1', 2]] as const) {
    it(`${env}: the engine member gives the numbers of MBIL's former trainer (to 1e-5)`, async () => {
      const data = join(tmp, `${env}.json`), out = join(tmp, `${env}-p.json`);
      writeFileSync(data, stringifyDroilDemos(generateDemos(env, { episodes: 1, seed })));
      const r = await run(['train', '--env', env, '--data', data, '--algo', 'mbil', '--alpha', '0.25', '--steps', '20', '--batch', '32', '--density-steps', '10',
        '--flow-blocks', '2', '--seed', '4', '--out', out, '--backend', 'cpu']);
      expect(r.code, r.err).toBe(0);
      const p = JSON.parse(readFileSync(out, 'utf8')) as { layers: { W: number[]; b: number[] }[]; logStd?: number[] };
      const sum = (a: number[], f = (x: number) => x) => a.reduce((t, x) => t + f(x), 0);
      const old = OLD[env];
      p.layers.forEach((l, j) => {
        expect(sum(l.W)).toBeCloseTo(old.sums[j][0], 4);
        expect(sum(l.W, (x) => x * x)).toBeCloseTo(old.sums[j][1], 4);
        expect(sum(l.b)).toBeCloseTo(old.sums[j][2], 5);
      });
      const last = p.layers.at(-1)!.W;
      expect(last).toHaveLength(old.last.length);
      last.forEach((w, i) => expect(Math.abs(w - old.last[i])).toBeLessThan(1e-5));
      if (old.logStd) p.logStd!.forEach((v, i) => expect(Math.abs(v - old.logStd![i])).toBeLessThan(1e-5));
    });
  }

  it('refuses an option MBIL does not take and a negative weight, in one error line', async () => {
    for (const [extra, pattern] of [[['--rho', '0.2'], /--rho: MBIL takes no --rho/], [['--beta', '-2'], /--beta: must be at least 0/]] as const) {
      const r = await run(['train', '--env', 'Pendulum-v1', '--data', pendulum, '--algo', 'mbil', ...extra]);
      expect(r.code).not.toBe(0);
      const errLines = r.err.trimEnd().split('\n');
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/^error: /);
      expect(errLines[0]).toMatch(pattern);
    }
  });
});
