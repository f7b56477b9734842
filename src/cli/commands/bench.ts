// `droil bench`: train and evaluate a whole grid (environments x demos x algorithms x rho x seeds) and print
// the robustness table. Thin shell over src/core/eval/benchmark.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { checkOutDir } from '../paths';
import { join } from 'node:path';
import { BENCH_ALGORITHMS, isBenchAlgorithm, type BenchAlgorithm } from '../../core/eval/benchmark';
import { MBIL_DEFAULTS } from '../../core/mbil/config';
import { getEnvSpec } from '../../core/envs';
import { prepareEnv } from '../../core/mujoco/registry';
import { UserError } from '../../core/errors';
import { runBenchmark } from '../../core/eval/benchmark';
import { EVAL_DEFAULTS } from '../../core/eval/defaults';
import { markdownTable, resultsCsv } from '../../core/eval/report';
import { initBackend, type BackendPref } from '../../core/tf';
import { numberList, optionalNumber, parse, requireString, toNumber } from '../args';
import type { Command } from '../command';
import { smallDataFlag } from '../small-data-flag';
import { evalFlagsUsage, parseBoxParams, parsePerturb } from '../eval-flags';
import { envFromFlags, mjcfOptions, mjcfUsage, readDatasetForEnv } from '../mjcf-flags';
import type { Dataset } from '../../core/data/dataset';

const usage = `Usage: droil bench --env ID[,ID...] --demos N1,N2 [--algos bc,dro-bc,be-droil] [--rho R1,R2] [--seeds K] [--first-seed S]
                   [--episodes E] [--perturb SPEC] [--worst-box EPS] [--box-random N] [--box-rounds N] [--worst-kernel R] [--steps N]
                   [--kappa K] [--warm-start F] [--hidden LIST] [--batch B] [--loss nll|mbil] [--density-steps N]
                   [--epsilon P] [--action-noise S] [--process-noise S] [--eval-process-noise S1,S2]
                   [--out DIR] [--backend auto|cpu|wasm] [--eval-seed S]
       droil bench (--env ID | --mjcf FILE [--obs-layout ...]) --data FILE --demos N1,N2 ...   (your own demonstrations)

For every environment, number of demonstration episodes and seed s = 0..K-1: generates the built-in
expert's demonstrations from seed s, trains every method as one ensemble that shares the seed (BC once,
DRO-BC and BE-DROIL once per radius: same data, initialisation and minibatch order), and evaluates every
policy under every condition from the same initial states (seeded by eval-seed + s). Writes table.md,
results.csv and results.json (one row per environment x demos x algorithm x rho x seed x condition) to DIR
and prints the Markdown table: mean ± 95% CI over seeds, normalised score (0 = random policy, 1 = expert,
both evaluated by the same evaluator from the same starts), and the paired per-seed difference to BC.

  --env ID          CartPole-v1, Pendulum-v1, MountainCarContinuous-v0, Acrobot-v1 (comma-separated)
  --demos LIST      numbers of demonstration episodes, e.g. 1,3,10
  --algos LIST      any of bc, dro-bc, be-droil (default these three), be-droil-mbil and dro-bc-mbil (the same
                    with MBIL's per-sample balance loss as the imitation loss, "Robust MBIL"), mbil (MBIL:
                    a BC member with that loss). MBIL's densities are fitted once per environment, demos
                    and seed (from seed s) and shared by these members; every member of a seed trains in
                    one ensemble (same data, initialisation and minibatches)
  --loss L          nll (default) or mbil: with mbil, dro-bc and be-droil in --algos become dro-bc-mbil and
                    be-droil-mbil (bc stays the NLL baseline)
  --density-steps N Adam steps per MBIL density model (default ${MBIL_DEFAULTS.densitySteps})
  --rho LIST        radii for dro-bc and be-droil (default 0.2)
  --seeds K         seeds 0..K-1 (default 5)
  --first-seed S    start at seed S instead: seeds S..S+K-1 (to re-run part of a grid)
  --episodes E      evaluation episodes per condition (default ${EVAL_DEFAULTS.episodes})
${evalFlagsUsage}  --steps N         training steps (default: the trainer's, 3000)
  --kappa K         balance strength of the BE-DROIL members (default: the trainer's, 1e-2)
  --warm-start F    fraction of the steps trained as BC first (default: the trainer's, 0.1)
  --hidden LIST     policy hidden layer sizes, e.g. 32 or 64,64 (default: the trainer's, 64,64)
  --batch B         transitions per minibatch (default: the trainer's, 256)
  --epsilon P, --action-noise S, --process-noise S
                    imperfect demonstrations, as \`droil demos\` (docs/imperfect-experts.md); default perfect
  --eval-process-noise LIST
                    evaluation kernels: 0 = deterministic (default), S > 0 = process noise of S times the
                    environment's documented std after every step, seeded per episode by the evaluation
                    seed (the same draws for every method); e.g. 0,1 evaluates under both, and the
                    conditions of a stochastic kernel are labelled '... [noise S]'
  --small-data M    a dataset smaller than --batch: whole (default: every batch is the whole dataset) or
                    resample (--batch draws with replacement, the behaviour before issue 19)
  --out DIR         output directory (default bench-out)
  --backend B       tfjs backend (default auto: wasm, else cpu, in Node)
  --eval-seed S     base seed of the evaluation's initial states (default ${EVAL_DEFAULTS.seed})
  --data FILE       your own demonstrations instead of the built-in expert's (one environment): --demos N
                    trains on the file's first N episodes, the same for every seed; required with --mjcf
                    (a user's model has no expert, so no normalised score: those columns read NaN)
${mjcfUsage}`;

export const command: Command = {
  name: 'bench',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, {
      env: { type: 'string' }, demos: { type: 'string' }, algos: { type: 'string' }, rho: { type: 'string' },
      seeds: { type: 'string' }, 'first-seed': { type: 'string' }, episodes: { type: 'string' }, perturb: { type: 'string', multiple: true },
      'worst-box': { type: 'string' }, 'box-params': { type: 'string' }, 'box-random': { type: 'string' }, 'box-rounds': { type: 'string' }, 'worst-kernel': { type: 'string' },
      steps: { type: 'string' }, kappa: { type: 'string' }, 'warm-start': { type: 'string' }, hidden: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, 'eval-seed': { type: 'string' },
      batch: { type: 'string' }, loss: { type: 'string' }, 'density-steps': { type: 'string' }, epsilon: { type: 'string' }, 'action-noise': { type: 'string' }, 'process-noise': { type: 'string' },
      'eval-process-noise': { type: 'string' }, data: { type: 'string' }, 'small-data': { type: 'string' }, ...mjcfOptions,
    });
    // A user's MJCF model (--mjcf and its flags) is one environment; else --env lists built-in ones.
    const byom = Object.keys(mjcfOptions).some((f) => values[f] !== undefined);
    const envs = byom ? [(await envFromFlags(values)).id as string] : requireString(values, 'env').split(',').map((s) => getEnvSpec(s.trim()).id as string);
    for (const id of envs) await prepareEnv(id); // MuJoCo environments load their WebAssembly first
    let data: Dataset | undefined;
    if (typeof values.data === 'string') {
      if (envs.length > 1) throw new UserError(`one dataset belongs to one environment, got ${envs.length} (${envs.join(', ')})`, '--data');
      for (const f of ['epsilon', 'action-noise', 'process-noise']) if (values[f] !== undefined) throw new UserError(`imperfect demonstrations are generated by the built-in expert; with --data FILE the file's demonstrations are used as they are`, `--${f}`);
      data = await readDatasetForEnv(values.data, getEnvSpec(envs[0]), values);
    } else if (byom) throw new UserError(`a user's model has no built-in expert to generate demonstrations: give them with --data FILE`, '--data');
    const demos = numberList(requireString(values, 'demos'), '--demos');
    demos.forEach((d, i) => toNumber(String(d), `--demos item ${i + 1}`, { integer: true, min: 1, max: 10000 }));
    const loss = typeof values.loss === 'string' ? values.loss : 'nll';
    if (loss !== 'nll' && loss !== 'mbil') throw new UserError(`expected nll or mbil, got '${loss}'`, '--loss');
    let algos = (typeof values.algos === 'string' ? values.algos : 'bc,dro-bc,be-droil').split(',').map((s) => s.trim());
    for (const a of algos) if (!isBenchAlgorithm(a)) throw new UserError(`unknown algorithm '${a}' (valid: ${BENCH_ALGORITHMS.join(', ')}, segment-dro-hN, segment-dro-ep)`, '--algos');
    if (loss === 'mbil') algos = [...new Set(algos.map((a) => (a === 'dro-bc' || a === 'be-droil' ? `${a}-mbil` : a)))];
    const densitySteps = values['density-steps'] !== undefined ? toNumber(String(values['density-steps']), '--density-steps', { integer: true, min: 0 }) : undefined;
    const demoNoise = {
      epsilon: optionalNumber(values, 'epsilon', 0, { min: 0, max: 1 }),
      actionNoise: optionalNumber(values, 'action-noise', 0, { min: 0 }),
      processNoise: optionalNumber(values, 'process-noise', 0, { min: 0 }),
    };
    const evalProcessNoise = typeof values['eval-process-noise'] === 'string' ? numberList(values['eval-process-noise'], '--eval-process-noise') : [0];
    evalProcessNoise.forEach((s) => { if (!(s >= 0)) throw new UserError(`process noise must be >= 0, got ${s}`, '--eval-process-noise'); });
    const rhos = typeof values.rho === 'string' ? numberList(values.rho, '--rho') : [0.2];
    rhos.forEach((r) => { if (!(r >= 0)) throw new UserError(`radii must be >= 0, got ${r}`, '--rho'); });
    const seeds = optionalNumber(values, 'seeds', 5, { integer: true, min: 1, max: 1000 });
    const firstSeed = optionalNumber(values, 'first-seed', 0, { integer: true, min: 0 });
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
    if (values.batch !== undefined) train.batchSize = toNumber(String(values.batch), '--batch', { integer: true, min: 1, max: 1_000_000 });
    if (values['small-data'] !== undefined) train.smallDataBatch = smallDataFlag(values['small-data']);
    if (typeof values.hidden === 'string') train.policyHidden = numberList(values.hidden, '--hidden').map((h, i) => toNumber(String(h), `--hidden item ${i + 1}`, { integer: true, min: 1, max: 4096 }));
    const evalSeed = optionalNumber(values, 'eval-seed', EVAL_DEFAULTS.seed, { integer: true });
    const out = typeof values.out === 'string' ? values.out : 'bench-out';
    await checkOutDir(out, '--out'); // before the grid runs
    const backendPref = (typeof values.backend === 'string' ? values.backend : 'auto') as BackendPref;
    if (!['auto', 'cpu', 'wasm'].includes(backendPref)) throw new UserError(`expected auto, cpu or wasm, got '${backendPref}'`, '--backend');

    const backend = await initBackend(backendPref);
    io.stderr(`backend: ${backend.backend} (${backend.reason})\n`);
    const t0 = Date.now();
    const result = await runBenchmark({
      envs, demos, algos: algos as BenchAlgorithm[], rhos, seeds, firstSeed, episodes, steps, evalSeed, kappa, train, demoNoise, evalProcessNoise, data,
      ...(densitySteps !== undefined ? { mbil: { densitySteps } } : {}),
      sweeps: perturb.length > 0 ? (e) => sweepsByEnv.get(e)! : null,
      box: boxEps === null ? null : (e) => ({ eps: boxEps, params: boxParams.get(e)!, randomPoints, refineRounds }),
      kernelRho,
    }, (msg) => io.stderr(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${msg}\n`));

    const table = markdownTable(result.summary);
    const command = `droil bench ${argv.map((a) => (/^[\w.,=:/+-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`;
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'table.md'), `Command: \`${command}\`\n\nDemonstrations: ${data ? `${values.data} (the first N episodes for N demonstrations; the same for every seed)${byom ? '; a user\'s model has no built-in expert, so the normalised scores are NaN' : ''}` : demoNoise.epsilon || demoNoise.actionNoise || demoNoise.processNoise ? `imperfect expert (epsilon ${demoNoise.epsilon}, action noise ${demoNoise.actionNoise}, process noise ${demoNoise.processNoise})` : 'perfect expert'}. Evaluation kernel${evalProcessNoise.length > 1 ? 's' : ''}: ${evalProcessNoise.map((s) => (s > 0 ? `process noise ${s}` : 'deterministic')).join(', ')}.\n\nBackend: ${backend.backend}. Wall time ${((Date.now() - t0) / 1000).toFixed(0)} s.\n\n${table}`);
    await writeFile(join(out, 'results.csv'), resultsCsv(result.rows));
    await writeFile(join(out, 'results.json'), JSON.stringify({
      command, backend: backend.backend,
      settings: { envs, demos, algos, rhos, seeds, firstSeed, episodes, steps: steps ?? 'trainer default', kappa: kappa ?? 'trainer default', train, evalSeed,
        demoNoise, ...(data ? { data: values.data } : {}), evalProcessNoise, densitySteps: densitySteps ?? MBIL_DEFAULTS.densitySteps, perturb: Object.fromEntries(sweepsByEnv), worstBox: boxEps === null ? null : { eps: boxEps, params: Object.fromEntries(boxParams), randomPoints, refineRounds }, worstKernel: kernelRho },
      references: result.references, training: result.training, rows: result.rows, summary: result.summary,
    }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
    const diverged = result.training.filter((t) => t.status !== 'done');
    for (const d of diverged) io.stderr(`warning: ${d.env} demos=${d.demos} seed=${d.seed}: training ${d.status}${d.message ? `: ${d.message}` : ''}\n`);
    io.stdout(table);
    io.stderr(`wrote ${join(out, 'table.md')}, results.csv, results.json\n`);
    return 0;
  },
};
