// `droil bench`: train and evaluate a whole grid (environments x demos x algorithms x rho x seeds) and print
// the robustness table. Thin shell over src/core/eval/benchmark.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALGORITHMS, type Algorithm } from '../../core/algos/config';
import { getEnvSpec } from '../../core/envs';
import { prepareEnv } from '../../core/mujoco/registry';
import { UserError } from '../../core/errors';
import { runBenchmark } from '../../core/eval/benchmark';
import { EVAL_DEFAULTS } from '../../core/eval/defaults';
import { markdownTable, resultsCsv } from '../../core/eval/report';
import { initBackend, type BackendPref } from '../../core/tf';
import { numberList, optionalNumber, parse, requireString, toNumber } from '../args';
import type { Command } from '../command';
import { evalFlagsUsage, parseBoxParams, parsePerturb } from '../eval-flags';

const usage = `Usage: droil bench --env ID[,ID...] --demos N1,N2 [--algos bc,dro-bc,be-droil] [--rho R1,R2] [--seeds K]
                   [--episodes E] [--perturb SPEC] [--worst-box EPS] [--box-random N] [--box-rounds N] [--worst-kernel R] [--steps N]
                   [--kappa K] [--warm-start F] [--hidden LIST]
                   [--out DIR] [--backend auto|cpu|wasm] [--eval-seed S]

For every environment, number of demonstration episodes and seed s = 0..K-1: generates the built-in
expert's demonstrations from seed s, trains every method as one ensemble that shares the seed (BC once,
DRO-BC and BE-DROIL once per radius: same data, initialisation and minibatch order), and evaluates every
policy under every condition from the same initial states (seeded by eval-seed + s). Writes table.md,
results.csv and results.json (one row per environment x demos x algorithm x rho x seed x condition) to DIR
and prints the Markdown table: mean ± 95% CI over seeds, normalised score (0 = random policy, 1 = expert,
both evaluated by the same evaluator from the same starts), and the paired per-seed difference to BC.

  --env ID          CartPole-v1, Pendulum-v1, MountainCarContinuous-v0, Acrobot-v1 (comma-separated)
  --demos LIST      numbers of demonstration episodes, e.g. 1,3,10
  --algos LIST      any of bc, dro-bc, be-droil (default all three)
  --rho LIST        radii for dro-bc and be-droil (default 0.2)
  --seeds K         seeds 0..K-1 (default 5)
  --episodes E      evaluation episodes per condition (default ${EVAL_DEFAULTS.episodes})
${evalFlagsUsage}  --steps N         training steps (default: the trainer's, 3000)
  --kappa K         balance strength of the BE-DROIL members (default: the trainer's, 1e-2)
  --warm-start F    fraction of the steps trained as BC first (default: the trainer's, 0.1)
  --hidden LIST     policy hidden layer sizes, e.g. 32 or 64,64 (default: the trainer's, 64,64)
  --out DIR         output directory (default bench-out)
  --backend B       tfjs backend (default auto: wasm, else cpu, in Node)
  --eval-seed S     base seed of the evaluation's initial states (default ${EVAL_DEFAULTS.seed})
`;

export const command: Command = {
  name: 'bench',
  summary: 'train and evaluate a grid of methods, seeds and perturbations; print the robustness table',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, {
      env: { type: 'string' }, demos: { type: 'string' }, algos: { type: 'string' }, rho: { type: 'string' },
      seeds: { type: 'string' }, episodes: { type: 'string' }, perturb: { type: 'string', multiple: true },
      'worst-box': { type: 'string' }, 'box-params': { type: 'string' }, 'box-random': { type: 'string' }, 'box-rounds': { type: 'string' }, 'worst-kernel': { type: 'string' },
      steps: { type: 'string' }, kappa: { type: 'string' }, 'warm-start': { type: 'string' }, hidden: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, 'eval-seed': { type: 'string' },
    });
    const envs = requireString(values, 'env').split(',').map((s) => getEnvSpec(s.trim()).id as string);
    for (const id of envs) await prepareEnv(id); // MuJoCo environments load their WebAssembly first
    const demos = numberList(requireString(values, 'demos'), '--demos');
    demos.forEach((d, i) => toNumber(String(d), `--demos item ${i + 1}`, { integer: true, min: 1, max: 10000 }));
    const algos = (typeof values.algos === 'string' ? values.algos : ALGORITHMS.join(',')).split(',').map((s) => s.trim());
    for (const a of algos) if (!(ALGORITHMS as readonly string[]).includes(a)) throw new UserError(`unknown algorithm '${a}' (valid: ${ALGORITHMS.join(', ')})`, '--algos');
    const rhos = typeof values.rho === 'string' ? numberList(values.rho, '--rho') : [0.2];
    rhos.forEach((r) => { if (!(r >= 0)) throw new UserError(`radii must be >= 0, got ${r}`, '--rho'); });
    const seeds = optionalNumber(values, 'seeds', 5, { integer: true, min: 1, max: 1000 });
    const episodes = optionalNumber(values, 'episodes', EVAL_DEFAULTS.episodes, { integer: true, min: 1, max: 100000 });
    const perturb = (values.perturb as string[] | undefined) ?? [];
    const sweepsByEnv = new Map(envs.map((e) => [e, parsePerturb(perturb, e)]));
    const boxEps = values['worst-box'] !== undefined ? toNumber(String(values['worst-box']), '--worst-box', { min: 0 }) : null;
    const boxParams = new Map(envs.map((e) => [e, boxEps === null ? [] : parseBoxParams(values['box-params'] as string | undefined, sweepsByEnv.get(e)!, e)]));
    const randomPoints = optionalNumber(values, 'box-random', EVAL_DEFAULTS.boxRandomPoints, { integer: true, min: 0, max: 10000 });
    const refineRounds = optionalNumber(values, 'box-rounds', EVAL_DEFAULTS.boxRefineRounds, { integer: true, min: 0, max: 100 });
    const kernelRho = values['worst-kernel'] !== undefined ? toNumber(String(values['worst-kernel']), '--worst-kernel', { min: 0 }) : null;
    const steps = values.steps !== undefined ? toNumber(String(values.steps), '--steps', { integer: true, min: 0 }) : undefined;
    const kappa = values.kappa !== undefined ? toNumber(String(values.kappa), '--kappa', { min: 0 }) : undefined;
    const train: Record<string, unknown> = {};
    if (values['warm-start'] !== undefined) train.warmStartFraction = toNumber(String(values['warm-start']), '--warm-start', { min: 0, max: 1 });
    if (typeof values.hidden === 'string') train.policyHidden = numberList(values.hidden, '--hidden').map((h, i) => toNumber(String(h), `--hidden item ${i + 1}`, { integer: true, min: 1, max: 4096 }));
    const evalSeed = optionalNumber(values, 'eval-seed', EVAL_DEFAULTS.seed, { integer: true });
    const out = typeof values.out === 'string' ? values.out : 'bench-out';
    const backendPref = (typeof values.backend === 'string' ? values.backend : 'auto') as BackendPref;
    if (!['auto', 'cpu', 'wasm'].includes(backendPref)) throw new UserError(`expected auto, cpu or wasm, got '${backendPref}'`, '--backend');

    const backend = await initBackend(backendPref);
    io.stderr(`backend: ${backend.backend} (${backend.reason})\n`);
    const t0 = Date.now();
    const result = await runBenchmark({
      envs, demos, algos: algos as Algorithm[], rhos, seeds, episodes, steps, evalSeed, kappa, train,
      sweeps: perturb.length > 0 ? (e) => sweepsByEnv.get(e)! : null,
      box: boxEps === null ? null : (e) => ({ eps: boxEps, params: boxParams.get(e)!, randomPoints, refineRounds }),
      kernelRho,
    }, (msg) => io.stderr(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${msg}\n`));

    const table = markdownTable(result.summary);
    const command = `droil bench ${argv.map((a) => (/^[\w.,=:/+-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`;
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'table.md'), `Command: \`${command}\`\n\nBackend: ${backend.backend}. Wall time ${((Date.now() - t0) / 1000).toFixed(0)} s.\n\n${table}`);
    await writeFile(join(out, 'results.csv'), resultsCsv(result.rows));
    await writeFile(join(out, 'results.json'), JSON.stringify({
      command, backend: backend.backend,
      settings: { envs, demos, algos, rhos, seeds, episodes, steps: steps ?? 'trainer default', kappa: kappa ?? 'trainer default', train, evalSeed, perturb: Object.fromEntries(sweepsByEnv), worstBox: boxEps === null ? null : { eps: boxEps, params: Object.fromEntries(boxParams), randomPoints, refineRounds }, worstKernel: kernelRho },
      references: result.references, training: result.training, rows: result.rows, summary: result.summary,
    }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
    const diverged = result.training.filter((t) => t.status !== 'done');
    for (const d of diverged) io.stderr(`warning: ${d.env} demos=${d.demos} seed=${d.seed}: training ${d.status}${d.message ? `: ${d.message}` : ''}\n`);
    io.stdout(table);
    io.stderr(`wrote ${join(out, 'table.md')}, results.csv, results.json\n`);
    return 0;
  },
};
