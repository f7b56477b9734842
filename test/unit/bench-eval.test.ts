// A bench cell's evaluation is the run pipeline's items (src/core/experiment/evaluate.ts) under the page's plan
// of the cell's setup with the grid's conditions (src/core/experiment/bench-eval.ts). Its rows must be the numbers of the evaluation engine called
// directly, as `droil bench` computed them before the two evaluations became one (evaluateNominal, one
// evaluateSweeps over every sweep, the box around the nominal result, the kernel with the context's noise).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { createTrainer } from '../../src/core/algos/ensemble';
import { loadPolicy } from '../../src/core/algos/policy';
import { generateDemos } from '../../src/core/experts';
import { expertActor } from '../../src/core/experts';
import { evaluateNominal, evaluateSweeps, evaluateWorstBox, nominalReferences, scoreOf, type EvalContext } from '../../src/core/eval/evaluate';
import { evaluateWorstKernel } from '../../src/core/eval/worst-kernel';
import { benchEvalPlan, evaluatePolicy } from '../../src/core/experiment/bench-eval';
import type { Actor } from '../../src/core/policy';
import { EVAL_DEFAULTS } from '../../src/core/eval/defaults';
import { defaultSetup, type Setup } from '../../src/core/setup';
import type { SweepSpec } from '../../src/core/eval';

/** A grid cell's plan under `ctx` (its episodes, seed and process noise): the sweeps, box and kernel given, the rest the CLI's defaults. */
function planFor(ctx: EvalContext, c: { sweeps: () => SweepSpec[]; box: (() => { eps: number; params: string[]; randomPoints: number; refineRounds: number }) | null; kernelRho: number | null }) {
  const box = c.box?.();
  const setup = {
    ...defaultSetup, envId: ctx.envId as Setup['envId'], seed: 0, evalEpisodes: ctx.episodes, kernelEpisodes: ctx.episodes, kernelCandidates: EVAL_DEFAULTS.kernelCandidates,
    kernelHorizon: EVAL_DEFAULTS.kernelHorizon, worstBoxEps: box?.eps ?? 0, boxRandomPoints: box?.randomPoints ?? 0, boxRefineRounds: box?.refineRounds ?? 0, klKernelRho: c.kernelRho ?? 0,
  };
  const noise = ctx.processNoise ?? 0;
  return benchEvalPlan({
    setup, axes: { envs: [String(ctx.envId)], demos: [1], algos: ['bc'], sweeps: c.sweeps, boxParams: box ? () => box.params : null, kernel: c.kernelRho !== null, evalProcessNoise: [noise], evalSeed: ctx.seed },
  }, setup, 0, noise);
}

/** An expert that errs in some states (a function of each row's observation alone, so batching cannot change it). */
function flawed(envId: string): Actor {
  const e = expertActor(envId);
  return {
    ...e,
    act: (obs, n) => {
      const a = e.act(obs, n);
      for (let i = 0; i < n; i++) if (Math.floor(Math.abs(obs[i * e.obsDim + 1]) * 1000) % 5 === 0) a[i] = 1 - a[i];
      return a;
    },
  };
}

beforeAll(async () => { await initBackend('cpu'); }, 120_000);

/** A network policy (the plain-TS MLP every trained policy runs on), initialised for Pendulum. */
async function network(): Promise<Actor> {
  const t = createTrainer({ members: [{ algo: 'bc', seed: 3 }], policyHidden: [16, 16], steps: 1, envId: 'Pendulum-v1', seed: 3, actionLow: [-2], actionHigh: [2] }, generateDemos('Pendulum-v1', { episodes: 1, seed: 0 }));
  try { return loadPolicy((await t.snapshot())[0]); } finally { t.dispose(); }
}

describe('bench evaluation = the engine called directly', () => {
  it('Pendulum, a network policy, 3 episodes (odd batches: the sweep points are one batch, as before)', async () => {
    const ctx: EvalContext = { envId: 'Pendulum-v1', episodes: 3, seed: 5 };
    const actor = await network();
    const sweeps = [{ param: 'm', factors: [0.5, 1.3, 2] }, { param: 'g', factors: [0.7] }];
    const rows = await evaluatePolicy(actor, planFor(ctx, { sweeps: () => sweeps, box: null, kernelRho: null }), nominalReferences(ctx));
    const direct = evaluateSweeps(actor, ctx, sweeps).flatMap((s) => s.points);
    expect(rows.filter((r) => r.kind === 'sweep-point').map((r) => [r.condition, r.mean, r.std])).toEqual(direct.map((p) => [p.label, p.summary.mean, p.summary.std]));
    expect(rows[0].mean).toBe(evaluateNominal(actor, ctx).result.summary.mean);
  }, 120_000);

  const spec = {
    sweeps: () => [{ param: 'length', factors: [0.5, 1, 2] }, { param: 'gravity', factors: [0.8, 1.25] }],
    box: () => ({ eps: 0.3, params: ['length', 'masspole'], randomPoints: 1, refineRounds: 1 }),
    kernelRho: 0.5,
  };
  for (const processNoise of [0, 1]) {
    it(`CartPole, process noise ${processNoise}`, async () => {
      const ctx: EvalContext = { envId: 'CartPole-v1', episodes: 4, seed: 11, ...(processNoise ? { processNoise } : {}) };
      const actor = flawed('CartPole-v1');
      const ref = nominalReferences(ctx);
      const rows = await evaluatePolicy(actor, planFor(ctx, spec), ref);
      const suffix = processNoise ? ` [noise ${processNoise}]` : '';
      const byCondition = new Map(rows.map((r) => [r.condition, r]));
      expect(rows.map((r) => r.condition)).toEqual([
        'nominal', 'length x0.5', 'length x1', 'length x2', 'length x0.5..2 (area)', 'gravity x0.8', 'gravity x1.25', 'gravity x0.8..1.25 (area)',
        'perturbed mean', 'sweep worst', 'worst box eps=0.3', 'worst kernel KL=0.5',
      ].map((c) => c + suffix));
      const nominal = evaluateNominal(actor, ctx).result;
      expect(byCondition.get('nominal' + suffix)).toMatchObject({ mean: nominal.summary.mean, std: nominal.summary.std, score: scoreOf(nominal.summary.mean, ref) });
      const sweeps = evaluateSweeps(actor, ctx, spec.sweeps());
      for (const s of sweeps) {
        s.points.forEach((p) => expect(byCondition.get(p.label + suffix)).toMatchObject({ mean: p.summary.mean, std: p.summary.std }));
        expect(rows.find((r) => r.kind === 'sweep-area' && r.condition.startsWith(s.param))!.mean).toBe(s.area);
      }
      const perturbed = sweeps.flatMap((s) => s.points.filter((_, j) => s.factors[j] !== 1).map((p) => p.summary.mean));
      expect(byCondition.get('perturbed mean' + suffix)!.mean).toBe(perturbed.reduce((a, b) => a + b, 0) / perturbed.length);
      expect(byCondition.get('sweep worst' + suffix)!.mean).toBe(Math.min(...sweeps.flatMap((s) => s.points.map((p) => p.summary.mean))));
      const box = await evaluateWorstBox(actor, ctx, { ...spec.box(), nominal });
      expect(byCondition.get('worst box eps=0.3' + suffix)).toMatchObject({ mean: box.worst.summary.mean, std: box.worst.summary.std });
      const kernel = evaluateWorstKernel(actor, ctx, { rho: 0.5, ...(processNoise ? { noiseScale: processNoise } : {}) });
      expect(byCondition.get('worst kernel KL=0.5' + suffix)).toMatchObject({ mean: kernel.summary.mean, std: kernel.summary.std });
    }, 120_000);
  }
});
