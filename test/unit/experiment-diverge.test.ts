// Training that diverges (issue 18 item 5): with a learning rate of 1e6 the loss grows a millionfold within
// five steps while the parameters stay finite. The trainer says so, the run pipeline stops there, keeps the
// last good parameters (here the initialisation: the first check, at step 5, already fails) and evaluates
// them, and `droil run` prints the table of those and one error line.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../src/core/tf';
import { createTrainer, DIVERGENCE_GROWTH } from '../../src/core/algos/ensemble';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';
import { runExperiment } from '../../src/core/experiment/run';
import { planMembers } from '../../src/core/experiment/members';
import { builtinDemosFor } from '../../src/core/experiment/demos';
import { main } from '../../src/cli/main';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const small = {
  ...defaultSetup, algos: ['bc', 'be-droil'], rhoSweep: [0.5], steps: 40, batch: 64, hidden: 16, evalEpisodes: 2, evalPoints: 3,
  kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2, boxRandomPoints: 0, boxRefineRounds: 0,
};
const exploding: Setup = parseSetup({ ...small, lr: 1e6 });
const backend = { backend: 'cpu', reason: 'test' };
const free = { stopped: false, paused: false };

/** The members' policies before any step: the trainer's own snapshot at initialisation (the independent reference). */
async function initialPolicies(setup: Setup) {
  const members = planMembers(setup);
  const t = createTrainer({
    members: members.map((m) => ({ algo: m.algo, rho: m.rho, kappa: setup.kappa, seed: m.seed, loss: 'nll' as const })),
    policyHidden: [setup.hidden, setup.hidden], learningRate: setup.lr, batchSize: setup.batch, steps: setup.steps, envId: setup.envId, seed: setup.seed, numActions: 2,
  }, builtinDemosFor(setup));
  try { return await t.snapshot(); } finally { t.dispose(); }
}

describe('divergence', () => {
  it('the pipeline stops a run whose loss explodes, keeps the last good parameters and evaluates them', async () => {
    const r = await runExperiment(exploding, builtinDemosFor(exploding), { control: free, backend });
    // Every member diverged at the first check: one line each, in member order (each frozen, so the run stops).
    const lines = r.diverged!.split('\n');
    expect(lines.map((l) => Number(/\(member (\d+): /.exec(l)?.[1]))).toEqual(planMembers(exploding).map((_, i) => i));
    for (const line of lines) {
      expect(line).toMatch(/^training diverged: the loss grew from [\d.]+ to [\d.e+]+ at step 5 \(member \d: .+\); kept the last good parameters, from step 0$/);
      const [, from, to] = /grew from ([\d.]+) to ([\d.e+]+)/.exec(line)!.map(Number);
      expect(to).toBeGreaterThan(DIVERGENCE_GROWTH * Math.max(1, from));
    }
    expect(r.stopped).toBe(false);
    // Every member kept its initialisation and was evaluated in full.
    const members = planMembers(exploding);
    expect(r.members).toEqual(members);
    const ref = await initialPolicies(exploding);
    members.forEach((m, i) => expect(r.policies![m.id]).toEqual(ref[i]));
    expect(r.evals).toHaveLength(members.length);
    expect(r.pending).toBeUndefined();
    for (const e of r.evals) expect(Number.isFinite(e.nominal.mean) && Number.isFinite(e.worstBox.stat.mean)).toBe(true);
  }, 300_000);

  it('a run at the default learning rate does not diverge', async () => {
    const ok = parseSetup({ ...small, steps: 60 });
    const r = await runExperiment(ok, builtinDemosFor(ok), { control: free, backend });
    expect(r.diverged).toBeUndefined();
  }, 300_000);

  it('droil run prints the table of the kept parameters and one error line (exit code 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droil-diverge-'));
    const file = join(dir, 'setup.json');
    writeFileSync(file, JSON.stringify(exploding));
    let out = '', err = '';
    const code = await main(['run', '--setup', file, '--backend', 'cpu'], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' });
    expect(code).toBe(2);
    expect(out).toMatch(/\| BC \| 0 \| /);
    const errors = err.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: training diverged: the loss grew from .* at step 5 .*; kept the last good parameters, from step 0, and evaluated them above; try a lower learning rate/);
  }, 300_000);
});
