// `droil train` and `droil eval`: the log's keys and values, the policy file, evaluation that agrees with
// the core, and one `error:` line with a non-zero exit for bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { generateDemos } from '../../src/core/experts';
import { stringifyDroilDemos } from '../../src/core/data/json-format';
import { loadPolicy } from '../../src/core/algos/policy';
import { evaluateNominal } from '../../src/core/eval/evaluate';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

async function expectError(argv: string[], pattern: RegExp): Promise<void> {
  const r = await run(argv);
  expect(r.code).not.toBe(0);
  const lines = r.err.trimEnd().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

const tmp = mkdtempSync(join(tmpdir(), 'droil-train-'));
const cartpole = join(tmp, 'cp.json'), pendulum = join(tmp, 'pd.json');
beforeAll(() => {
  writeFileSync(cartpole, stringifyDroilDemos(generateDemos('CartPole-v1', { episodes: 2, seed: 3 })));
  writeFileSync(pendulum, stringifyDroilDemos(generateDemos('Pendulum-v1', { episodes: 1, seed: 3 })));
});

describe('droil train', () => {
  it('writes a policy and a JSONL log with the diagnostics; eval reproduces the core evaluation', async () => {
    const out = join(tmp, 'p.json'), log = join(tmp, 'run.jsonl');
    const r = await run(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'be-droil', '--rho', '0.3', '--steps', '20', '--batch', '32', '--seed', '2', '--log-every', '5', '--out', out, '--log', log, '--backend', 'cpu']);
    expect(r.err).toMatch(/^backend: cpu/);
    expect(r.code).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((s) => JSON.parse(s));
    expect(lines.map((l) => l.step)).toEqual([5, 10, 15, 20]);
    for (const key of ['step', 'bcLoss', 'robustLoss', 'lambda', 'divergence', 'ess', 'maxWeight', 'balanceResidual', 'eta', 'nuEffect']) expect(lines[3]).toHaveProperty(key);
    // after the 10% warm start the constraint is active: D_f(w) = rho
    expect(lines[3].divergence).toBeCloseTo(0.3, 3);
    expect(lines[3].ess).toBeLessThan(1);
    const policy = loadPolicy(readFileSync(out, 'utf8'));
    expect(policy.json.envId).toBe('CartPole-v1');
    expect(policy.json.algorithm).toMatchObject({ algo: 'be-droil', rho: 0.3, divergence: 'kl', gamma: 1 });
    const e = await run(['eval', '--env', 'CartPole-v1', '--policy', out, '--episodes', '4', '--seed', '7', '--json']);
    expect(e.code).toBe(0);
    const res = JSON.parse(e.out);
    const core = evaluateNominal(policy, { envId: 'CartPole-v1', episodes: 4, seed: 7 }).result;
    expect(res.returns).toEqual(core.returns);
    expect(res.mean).toBeCloseTo(core.summary.mean, 10);
    const text = await run(['eval', '--env', 'CartPole-v1', '--policy', out, '--episodes', '4', '--seed', '7', '--params', 'masspole=0.3']);
    expect(text.out).toMatch(/^CartPole-v1 \(masspole=0.3\): mean [\d.]+, std [\d.]+ over 4 episodes/);
  }, 180_000);

  it('trains a continuous policy (Pendulum, chi^2, penalised)', async () => {
    const out = join(tmp, 'pd-policy.json');
    const r = await run(['train', '--env', 'Pendulum-v1', '--data', pendulum, '--algo', 'dro-bc', '--tau', '0.5', '--divergence', 'chi2', '--steps', '20', '--batch', '32', '--out', out, '--backend', 'cpu']);
    expect(r.code).toBe(0);
    const p = loadPolicy(readFileSync(out, 'utf8'));
    expect(p.json.action).toEqual({ kind: 'continuous', dim: 1, low: [-2], high: [2] });
    const a = p.act(new Float64Array([1, 0, 0, -1, 0, 5]), 2);
    a.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(2));
  }, 120_000);

  it('refuses bad input with one error line', async () => {
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'ppo'], /--algo: expected one of bc, dro-bc, be-droil, segment-dro, mbil, tilted-model, augment-model, tilted-expert, lr-oracle, got 'ppo'/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'tilted-kernel'], /--algo: expected one of bc, dro-bc, be-droil, segment-dro, mbil, tilted-model, augment-model, tilted-expert, lr-oracle, got 'tilted-kernel' \(tilted-kernel needs per-transition inputs: use tilted-model, augment-model or tilted-expert, which build them\)$/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'be-droil', '--rho', '0.1', '--tau', '1'], /either --rho or --tau/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'lr-oracle'], /^error: --perturb: lr-oracle weights the data toward perturbed conditions: give --perturb name=f1,f2$/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'lr-oracle', '--perturb', 'length=2'], /^error: .*cp\.json: lr-oracle needs demonstrations recorded under process noise/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'lr-oracle', '--rho', '1'], /^error: --rho: lr-oracle has no radius/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'bc', '--perturb', 'length=2'], /^error: --perturb: applies to --algo lr-oracle only$/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'be-droil', '--rho', '-1'], /--rho: must be at least 0/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', join(tmp, 'missing.json'), '--algo', 'bc'], /missing\.json: cannot read the file/);
    await expectError(['train', '--env', 'Pendulum-v1', '--data', cartpole, '--algo', 'bc'], /cp\.json/);
    await expectError(['train', '--env', 'CartPole-v1', '--data', cartpole, '--algo', 'bc', '--clip', '0.5'], /^error: --clip: must be 0 \(off\) or at least 1, got 0.5$/);
    await expectError(['train', '--env', 'CartPole-v1', '--algo', 'bc'], /missing required option --data/);
    const bad = join(tmp, 'bad-policy.json');
    writeFileSync(bad, JSON.stringify({ format: 'droil-policy', version: 1, obsDim: 4 }));
    await expectError(['eval', '--env', 'CartPole-v1', '--policy', bad], /bad-policy\.json: field '(action|architecture)'/);
    await expectError(['eval', '--env', 'CartPole-v1', '--policy', join(tmp, 'nope.json')], /nope\.json: cannot read the policy file \(no such file or directory\)/);
  });
});
