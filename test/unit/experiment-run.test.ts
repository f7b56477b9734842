// The run pipeline (src/core/experiment/run.ts), in Node on the cpu backend: it trains what planMembers says
// with the trainer's own numbers (the trainer driven directly is the reference; MBIL a member of the same
// ensemble after its density fit), evaluates with the evaluation
// pipeline, reports one progress fraction that only grows to 1 with an ETA, and a stop in training or in the
// evaluation ends it at once, keeping and naming what finished.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { generateDemos } from '../../src/core/experts';
import { defaultSetup, parseSetup, type Setup } from '../../src/core/setup';
import { runExperiment, type RunControl } from '../../src/core/experiment/run';
import { planMembers } from '../../src/core/experiment/members';
import { balanceTargetsFor } from '../../src/core/mbil/balance';
import { evaluateRun } from '../../src/core/experiment/evaluate-run';
import type { TrainProgress } from '../../src/core/experiment/types';

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

const setup: Setup = parseSetup({
  ...defaultSetup, steps: 40, batch: 64, hidden: 16, evalEpisodes: 2, evalPoints: 3, kernelEpisodes: 1, kernelCandidates: 2, kernelHorizon: 2,
  boxRandomPoints: 0, boxRefineRounds: 0, rhoSweep: [0.2, 2], seeds: 2,
});
const data = generateDemos('CartPole-v1', { episodes: 1, seed: 0 });
const backend = { backend: 'cpu', reason: 'test' };
const free: RunControl = { stopped: false, paused: false };

describe('runExperiment', () => {
  it('trains the planned members with the trainer\'s numbers, evaluates them, and reports one growing fraction', async () => {
    const progress: TrainProgress[] = [];
    const r = await runExperiment(setup, data, { control: free, backend, onProgress: (p) => progress.push(p) });
    const members = planMembers(setup);
    expect(r.members).toEqual(members);
    expect(r.setup).toEqual(setup);
    expect(r.stopped).toBe(false);
    expect(r.pending).toBeUndefined();
    // The reference: the same ensemble trained directly.
    const t = createTrainer({
      loss: 'nll', mbilAlpha: setup.mbilAlpha, mbilBeta: setup.mbilBeta,
      members: members.map((m) => ({ algo: m.algo, rho: m.rho, kappa: setup.kappa, seed: m.seed, loss: 'nll' as const })),
      divergence: setup.divergence, gamma: setup.gamma, weightClip: null, warmStartFraction: setup.warmStart, policyHidden: [16, 16],
      learningRate: setup.lr, batchSize: 64, steps: 40, logEvery: 5, envId: 'CartPole-v1', seed: setup.seed, numActions: 2,
    }, data);
    await t.run();
    const ref = await t.snapshot();
    t.dispose();
    members.forEach((m, i) => expect(r.policies![m.id]).toEqual(ref[i]));
    // The evaluation is the evaluation pipeline's on those policies.
    const ev = await evaluateRun({ setup, members, policies: r.policies! });
    expect(r.evals.map((e) => ({ ...e, weights: undefined }))).toEqual(ev.evals);
    expect(r.paired).toEqual(ev.paired);
    expect(r.paired.length).toBeGreaterThan(0);
    // BE-DROIL members carry the adversary's weights over every transition; BC none.
    for (const e of r.evals) expect(e.weights === undefined).toBe(members[e.memberId].algo === 'bc');
    // One fraction for training and evaluation: it never goes down and ends at 1; the evaluation's part comes last.
    const f = progress.map((p) => p.fraction!);
    expect(f.every((x, i) => i === 0 || x >= f[i - 1])).toBe(true);
    expect(f.at(-1)).toBe(1);
    const firstEval = progress.findIndex((p) => p.phase === 'evaluating');
    expect(firstEval).toBeGreaterThan(0);
    expect(progress[firstEval - 1].fraction!).toBeLessThan(1);
    expect(progress.some((p) => p.etaMs !== undefined && p.etaMs > 0)).toBe(true);
  }, 300_000);

  it('answers only once its last progress message (the diagnostics) has been delivered, when delivery is a promise', async () => {
    // A worker's progress goes over another port than its answer: the run waits for the page's acknowledgement.
    let delivered = 0, sent = 0;
    const r = await runExperiment(parseSetup({ ...setup, algos: ['bc'], seeds: 1, steps: 10 }), data, {
      control: { stopped: false, paused: false }, backend,
      onProgress: () => { sent++; return new Promise<void>((res) => setTimeout(() => { delivered++; res(); }, 30)); },
    });
    expect(r.stopped).toBe(false);
    expect(sent).toBeGreaterThan(1);
    expect(delivered).toBe(sent);
  }, 120_000);

  it('trains MBIL as a BC member of the same ensemble, after one density fit: the engine\'s numbers, MBIL\'s BC and balance losses charted', async () => {
    const mb: Setup = parseSetup({ ...setup, algos: ['bc', 'mbil'], seeds: 1, mbilDensitySteps: 10 });
    const progress: TrainProgress[] = [];
    const r = await runExperiment(mb, data, { control: free, backend, onProgress: (p) => progress.push(p) });
    const members = planMembers(mb);
    expect(members.map((m) => m.algo)).toEqual(['bc', 'mbil']);
    // The reference: MBIL's densities (seeded by the setup's seed), then the engine with MBIL as a BC member with MBIL's loss.
    const fit = await balanceTargetsFor(data, { seed: mb.seed, envId: 'CartPole-v1', densitySteps: 10, flowBlocks: mb.mbilFlowBlocks, numActions: 2 });
    const t = createTrainer({
      loss: 'nll', mbilAlpha: mb.mbilAlpha, mbilBeta: mb.mbilBeta,
      members: [{ algo: 'bc', seed: mb.seed, loss: 'nll' as const }, { algo: 'bc', seed: mb.seed, loss: 'mbil' as const }],
      divergence: mb.divergence, gamma: mb.gamma, weightClip: null, warmStartFraction: mb.warmStart, policyHidden: [16, 16],
      learningRate: mb.lr, batchSize: 64, steps: 40, logEvery: 5, envId: 'CartPole-v1', seed: mb.seed, numActions: 2,
    }, data, fit.targets);
    await t.run();
    const ref = await t.snapshot();
    t.dispose();
    members.forEach((m, i) => expect(r.policies![m.id].layers).toEqual(ref[i].layers));
    // The density curve (one classifier for discrete actions), then the steps of the one ensemble: 10 + 40.
    const density = progress.flatMap((p) => p.density?.classifier ?? []);
    expect(density.at(-1)!.step).toBe(10);
    expect(progress.at(-1)!.totalSteps).toBe(50);
    expect(progress.filter((p) => p.stage === 'MBIL density models').length).toBeGreaterThan(0);
    // MBIL's points: its BC loss (the NLL alone), its balance loss r^2 and its whole loss, all finite; no adversary.
    const pts = progress.flatMap((p) => p.diag[members[1].id] ?? []);
    expect(pts.at(-1)!.step).toBe(40);
    for (const p of pts) {
      for (const v of [p.bcLoss, p.balanceLoss!, p.mbilLoss!]) expect(Number.isFinite(v)).toBe(true);
      expect(p.mbilLoss!).toBeGreaterThan(mb.mbilBeta * p.bcLoss);
      expect(p.lambda).toBeNaN();
    }
  }, 300_000);

  it('a stop in training ends the run at the next step, before any evaluation, handing back the kept policies and saying so', async () => {
    const control = { stopped: false, paused: false };
    const long = parseSetup({ ...setup, steps: 100000 });
    const phases: string[] = [];
    const r = await runExperiment(long, data, { control, backend, onProgress: (p) => { phases.push(p.phase); if (p.step >= 10) control.stopped = true; } });
    expect(r.stopped).toBe(true);
    expect(phases).not.toContain('evaluating');
    expect(r.evals).toEqual([]);
    expect(r.members).toEqual([]);
    const planned = planMembers(long);
    expect(r.unevaluated!.members).toEqual(planned);
    expect(Object.keys(r.policies!).map(Number)).toEqual(planned.map((m) => m.id));
    // The robust members' adversary weights come back for the evaluation that follows; BC has none.
    for (const m of planned) expect(r.unevaluated!.weights[m.id] === undefined).toBe(m.algo === 'bc' || m.rho === 0);
    expect(r.kept).toMatch(/^training stopped at step \d+ of 100000, 6 of 6 policies trained; nothing evaluated$/);
    expect(r.unevaluated!.trainKept).toBe(r.kept!.replace('; nothing evaluated', ''));
    const at = Number(/step (\d+)/.exec(r.kept!)![1]);
    expect(at).toBeGreaterThanOrEqual(10);
    expect(at).toBeLessThan(200);
  }, 300_000);

  it('a stop in the evaluation ends it there, keeping the trained policies and the finished evaluation', async () => {
    const control = { stopped: false, paused: false };
    const r = await runExperiment(setup, data, { control, backend, onProgress: (p) => { if (p.phase === 'evaluating') control.stopped = true; } });
    expect(r.stopped).toBe(true);
    expect(Object.keys(r.policies!).length).toBe(planMembers(setup).length);
    expect(r.pending).toBeDefined();
    expect(r.kept).toMatch(/^evaluated \d of 6 policies|^nothing evaluated/);
  }, 300_000);
});
