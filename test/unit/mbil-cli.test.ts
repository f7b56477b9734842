// `droil train --algo mbil`: the log (density NLL curves, then the policy's diagnostics), a policy file that
// `droil eval` reads, and one `error:` line for options MBIL does not take.
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
    expect(r.out).toMatch(/^mbil alpha=0\.25 beta=1 seed=0: densities \(transition NLL -?[\d.]+, joint NLL -?[\d.]+\) and 20 policy steps/);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const models = lines.filter((l) => l.phase === 'density').map((l) => l.model);
    expect(new Set(models)).toEqual(new Set(['transition', 'joint']));
    const policyLines = lines.filter((l) => l.phase === 'policy');
    expect(policyLines.map((l) => l.step)).toEqual([10, 20]);
    expect(Object.keys(policyLines[0]).sort()).toEqual(['backend', 'balanceLoss', 'balanceResidual', 'bcLoss', 'mbilLoss', 'phase', 'step']);
    const policy = loadPolicy(readFileSync(out, 'utf8'));
    expect(policy.json.algorithm).toMatchObject({ algo: 'mbil', alpha: 0.25, beta: 1 });
    expect(policy.json.action).toMatchObject({ kind: 'continuous', low: [-2], high: [2] });
    const ev = await run(['eval', '--env', 'Pendulum-v1', '--policy', out, '--episodes', '2']);
    expect(ev.code, ev.err).toBe(0);
    expect(ev.out).toMatch(/Pendulum-v1: mean -?[\d.]+/);
  });

  it('refuses an option MBIL does not take and a negative weight, in one error line', async () => {
    for (const [extra, pattern] of [[['--rho', '0.2'], /rho/], [['--beta', '-2'], /--beta: must be at least 0/]] as const) {
      const r = await run(['train', '--env', 'Pendulum-v1', '--data', pendulum, '--algo', 'mbil', ...extra]);
      expect(r.code).not.toBe(0);
      const errLines = r.err.trimEnd().split('\n');
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/^error: /);
      expect(errLines[0]).toMatch(pattern);
    }
  });
});
