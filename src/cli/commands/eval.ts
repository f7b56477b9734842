// `droil eval`: returns of a policy (a trained policy file, the built-in expert or the random policy),
// deterministic from the seed; optionally perturbation sweeps, the worst case in a parameter box and the
// worst-case KL transition kernel (src/core/eval).
import { readBounded } from '../paths';
import { resolveParams } from '../../core/envs';
import { D4RL_REFERENCE, d4rlScore } from '../../core/mujoco/d4rl';
import { prepareEnv } from '../../core/mujoco/registry';
import { UserError } from '../../core/errors';
import { loadPolicy } from '../../core/algos/policy';
import { evaluateConditions, evaluateSweeps, evaluateWorstBox, fmtFactor, nominalReferences, scoreOf } from '../../core/eval/evaluate';
import { randomActor } from '../../core/eval/random-actor';
import { formatMeanCi } from '../../core/eval/stats';
import { evaluateWorstKernel } from '../../core/eval/worst-kernel';
import { expertActor } from '../../core/experts';
import type { Actor } from '../../core/policy';
import { Rng } from '../../core/rng';
import { keyValues, optionalNumber, parse, requireString } from '../args';
import type { Command } from '../command';
import { envFromFlags, mjcfOptions, mjcfUsage } from '../mjcf-flags';
import { isCustomMujocoEnvId } from '../../core/mujoco/tasks';
import { EVAL_SETTINGS, KERNEL_SETTINGS, evalFlagsUsage, parseBoxParams, parsePerturb } from '../eval-flags';
import { flagGiven, setupFlagOptions, setupFlagUsage, setupFlagValues } from '../setup-flags';

/** The worst-case kernel's episodes (the first of the --episodes starts; default all of them), candidates and look-ahead. */
export { KERNEL_SETTINGS };

const usage = `Usage: droil eval --env ID --policy FILE|expert|random [--episodes E] [--seed S] [--params name=value,...]
                  [--perturb SPEC] [--worst-box EPS] [--box-params LIST] [--box-random N] [--box-rounds N]
                  [--worst-kernel R] [--kernel-episodes E] [--kernel-candidates K] [--kernel-horizon H] [--eval-process-noise SIGMA] [--json]

Rolls out the policy's deterministic action (argmax, or the mean clipped to the bounds) for E episodes
whose initial states come from the seed (the same starts for every policy), and prints the mean, std and
every return; with the options below, also the robustness evaluation. Every condition starts from the
same E initial states. The normalised score is (R - R_random) / (R_expert - R_random) with the nominal
returns of the built-in expert and the random policy from the same starts. Hopper, HalfCheetah, Walker2d and
Ant also print D4RL's normalised score, 100 (R - random) / (expert - random) with D4RL's reference returns.

  --env ID         CartPole-v1, Pendulum-v1, MountainCarContinuous-v0, Acrobot-v1, or a MuJoCo id
                   (InvertedPendulum-v5, InvertedDoublePendulum-v5, Hopper-v5, PlanarRunner-v0, HalfCheetah-v5,
                   Walker2d-v5, Ant-v5; see \`droil envs\`)
  --policy P       policy JSON written by \`droil train\`, or 'expert' (the built-in controller), or
                   'random' (uniform random actions, seeded)
  --seed S         seed of the initial states (default 0)
  --params ...     physical parameters (default: nominal), e.g. masspole=0.2,length=0.75; they apply to
                   the plain evaluation and the kernel; sweeps and the box are relative to the defaults
${evalFlagsUsage}${setupFlagUsage(KERNEL_SETTINGS)}  --eval-process-noise SIGMA
                   evaluate under the stochastic nominal kernel: after every step, Gaussian process noise of
                   SIGMA times the environment's documented std (as \`droil demos --process-noise\`), seeded
                   by --seed per episode, the same draws for every policy (default 0: deterministic)
  --json           print everything as JSON
${mjcfUsage}`;

/** A policy JSON of 4096 x 4096 weights is about 300 MB: more is not a policy this CLI wrote. */
const MAX_POLICY_BYTES = 500_000_000;

async function readPolicy(path: string, envId: string, seed: number): Promise<Actor> {
  if (path === 'expert') return expertActor(envId);
  if (path === 'random') return randomActor(envId, new Rng(seed).derive('eval/random-policy'));
  const text = new TextDecoder().decode(await readBounded(path, MAX_POLICY_BYTES, 'the policy file'));
  const policy = loadPolicy(text, path);
  if (policy.json.envId && policy.json.envId !== envId) throw new UserError(`the policy was trained on ${policy.json.envId}, not ${envId}`, path);
  return policy;
}

export const command: Command = {
  name: 'eval',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, {
      env: { type: 'string' }, policy: { type: 'string' }, episodes: { type: 'string' }, seed: { type: 'string' }, params: { type: 'string' }, json: { type: 'boolean' },
      perturb: { type: 'string', multiple: true },
      ...setupFlagOptions(EVAL_SETTINGS), ...setupFlagOptions(KERNEL_SETTINGS), ...mjcfOptions,
      'eval-process-noise': { type: 'string' },
    });
    const spec = await envFromFlags(values); // --env ID, or a user's MJCF model (--mjcf FILE)
    const processNoise = optionalNumber(values, 'eval-process-noise', 0, { min: 0 });
    const path = requireString(values, 'policy');
    const e = setupFlagValues(values, [...EVAL_SETTINGS, ...KERNEL_SETTINGS]);
    const episodes = e.evalEpisodes;
    const seed = optionalNumber(values, 'seed', 0, { integer: true });
    const params = typeof values.params === 'string' ? keyValues(values.params, '--params') : {};
    resolveParams(spec, params, '--params');
    const perturb = (values.perturb as string[] | undefined) ?? [];
    const sweeps = parsePerturb(perturb, spec.id);
    const boxEps = flagGiven(values, 'worstBoxEps') ? e.worstBoxEps : null;
    const boxParams = boxEps === null ? [] : parseBoxParams(e.boxParams, flagGiven(values, 'boxParams'), sweeps, spec.id);
    const randomPoints = e.boxRandomPoints, refineRounds = e.boxRefineRounds;
    const kernelRho = flagGiven(values, 'klKernelRho') ? e.klKernelRho : null;
    await prepareEnv(spec.id); // MuJoCo environments load their WebAssembly first
    const policy = await readPolicy(path, spec.id, seed);

    const ctx = { envId: spec.id, episodes, seed, ...(processNoise > 0 ? { processNoise } : {}) };
    // As the page's evaluation (core/experiment/evaluate.ts): the kernel runs over the first of the episodes' starts.
    const kernelCtx = flagGiven(values, 'kernelEpisodes') ? { ...ctx, episodes: Math.min(episodes, e.kernelEpisodes) } : ctx;
    const { results } = evaluateConditions(policy, ctx, [{ label: 'eval', params }]);
    const r = results[0];
    const mean = r.summary.mean, std = r.summary.std;
    const robust = sweeps.length > 0 || boxEps !== null || kernelRho !== null;
    // Users' models (--mjcf) have no built-in expert, hence no references and no normalised score.
    const refs = robust && !isCustomMujocoEnvId(spec.id) ? nominalReferences(ctx) : null;
    const sweepResults = sweeps.length > 0 ? evaluateSweeps(policy, ctx, sweeps) : [];
    const box = boxEps !== null ? await evaluateWorstBox(policy, ctx, { params: boxParams, eps: boxEps, randomPoints, refineRounds }) : null;
    const kernel = kernelRho !== null ? evaluateWorstKernel(policy, kernelCtx, { rho: kernelRho, params, candidates: e.kernelCandidates, horizon: e.kernelHorizon, ...(processNoise > 0 ? { noiseScale: processNoise } : {}) }) : null;

    const d4rl = d4rlScore(spec.id, mean);
    if (values.json) {
      const s = (x: { summary: { mean: number; std: number; ci95: number } }) => ({ mean: x.summary.mean, std: x.summary.std, ci95: x.summary.ci95 });
      io.stdout(JSON.stringify({
        envId: spec.id, params, episodes, seed, processNoise, mean, std, ci95: r.summary.ci95, returns: r.returns,
        ...(d4rl !== null ? { d4rlScore: d4rl } : {}),
        ...(refs ? { references: refs, score: scoreOf(mean, refs) } : {}),
        ...(sweepResults.length ? { sweeps: sweepResults.map((w) => ({ param: w.param, nominalValue: w.nominalValue, factors: w.factors, area: w.area, worst: w.worst, points: w.points.map((p, i) => ({ factor: w.factors[i], ...s(p), returns: p.returns })) })) } : {}),
        ...(box ? { worstBox: { eps: box.eps, params: box.params, worstParams: box.worst.params, factors: box.worst.factors, ...s(box.worst), returns: box.worst.returns, evaluated: box.evaluated.length } } : {}),
        ...(kernel ? { worstKernel: { rho: kernel.rho, candidates: kernel.candidates, horizon: kernel.horizon, noiseStd: kernel.noiseStd, meanKl: kernel.meanKl, ...s(kernel), returns: kernel.returns } } : {}),
      }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
      return 0;
    }
    io.stdout(`${spec.id}${Object.keys(params).length ? ` (${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}: ` +
      `mean ${mean.toFixed(2)}, std ${std.toFixed(2)} over ${episodes} episodes (seed ${seed}${processNoise > 0 ? `, process noise ${processNoise}` : ''})\nreturns ${r.returns.map((x) => Number(x.toFixed(2))).join(' ')}\n`);
    if (d4rl !== null) {
      const ref = D4RL_REFERENCE[spec.id];
      io.stdout(`D4RL normalised score ${d4rl.toFixed(1)} (100 (R - random) / (expert - random) with D4RL's ${ref.task} references: random ${ref.random}, expert ${ref.expert})\n`);
    }
    if (!robust) return 0;
    const sc = (m: number) => (refs ? scoreOf(m, refs).toFixed(2) : 'n/a');
    if (refs) io.stdout(`\nreferences (nominal, same starts): expert ${refs.expert.toFixed(2)}, random ${refs.random.toFixed(2)}; score ${sc(mean)}\n`);
    for (const w of sweepResults) {
      io.stdout(`\nsweep ${w.param} (nominal ${w.nominalValue}): area on the log axis ${w.area.toFixed(2)} (score ${sc(w.area)}), worst x${fmtFactor(w.worst.factor)}: ${w.worst.mean.toFixed(2)}\n| factor | ${w.param} | return (mean ± 95% CI) | score |\n|---|---|---|---|\n`);
      for (const p of w.points) io.stdout(`| ${fmtFactor(p.params[w.param] / w.nominalValue)} | ${Number(p.params[w.param].toPrecision(6))} | ${formatMeanCi(p.summary, 2)} | ${sc(p.summary.mean)} |\n`);
    }
    if (box) {
      io.stdout(`\nworst case in the box |log(p/p0)| <= ${box.eps} over ${box.params.join(', ')} (${box.evaluated.length} points): ${formatMeanCi(box.worst.summary, 2)} (score ${sc(box.worst.summary.mean)})\n` +
        `  at ${box.params.map((p, j) => `${p}=${Number(box.worst.params[p].toPrecision(6))} (x${fmtFactor(box.worst.factors[j])})`).join(', ')}\n`);
    }
    if (kernel) {
      io.stdout(`\nworst-case KL kernel, rho ${kernel.rho} per step (K ${kernel.candidates}, H ${kernel.horizon}, noise std ${kernel.noiseStd.join(', ')}): ` +
        `${formatMeanCi(kernel.summary, 2)} (score ${sc(kernel.summary.mean)}), mean KL reached ${kernel.meanKl.toFixed(4)}\n`);
    }
    return 0;
  },
};
