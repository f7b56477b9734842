// `droil train`: one policy from a demonstration file with BC, DRO-BC, BE-DROIL (ALGORITHMS.md 3), MBIL (3.4) or
// a reading of 3.5 (segment-dro; A and B with their inputs from the bench's builder), all through the training engine: MBIL is a BC member with MBIL's per-sample loss, after MBIL's
// density models are fitted (as in the page's runs and every bench cell).
import { writeFile } from 'node:fs/promises';
import { checkOutputs } from '../paths';
import { prepareEnv } from '../../core/mujoco/registry';
import { UserError } from '../../core/errors';
import { actionBounds } from '../../core/envs/types';
import { initBackend, type BackendPref } from '../../core/tf';
import { TRAIN_DEFAULTS as D } from '../../core/algos/defaults';
import { DATA_ONLY_ALGORITHMS, type Algorithm, type TrainConfigInput } from '../../core/algos/config';
import { createTrainer, type BalanceTargets, type Diagnostics } from '../../core/algos/ensemble';
import { balanceTargetsFor } from '../../core/mbil/balance';
import { MBIL_DEFAULTS } from '../../core/mbil/config';
import { optionalNumber, parse, requireString } from '../args';
import { flagGiven, flagOf, setupFlagOptions, setupFlagUsage, setupFlagValues } from '../setup-flags';
import type { Command } from '../command';
import { smallDataFlag } from '../small-data-flag';
import { envFromFlags, mjcfOptions, mjcfUsage, readDatasetForEnv } from '../mjcf-flags';
import { parsePerturb } from '../eval-flags';
import { benchMember, type BenchAlgorithm } from '../../core/eval/benchmark';
import { isTiltedName, lrOracleOf, perturbedOfSweeps, processNoiseOf, readingInputsFor, simulatorRatioEnvs, TILT_CANDIDATES } from '../../core/eval/reading-inputs';
import { READING_IDS } from '../../core/setup';

/** The setup's settings `droil train` takes: flags, defaults, ranges and parsing from src/core/setup-fields.ts. */
export const SETTINGS = ['divergence', 'gamma', 'kappa', 'steps', 'batch', 'lr', 'hidden', 'seed', 'clip', 'warmStart', 'loss', 'backend'] as const;
export const MBIL_SETTINGS = ['mbilAlpha', 'mbilBeta', 'mbilDensitySteps', 'mbilFlowBlocks'] as const;

const usage = `Usage: droil train --env ID --data FILE --algo bc|dro-bc|be-droil|segment-dro|mbil|tilted-model|augment-model|tilted-expert|lr-oracle
                   [--rho R | --tau T] [--perturb SPEC]
                   [--divergence kl|chi2] [--gamma G] [--kappa K] [--steps N] [--batch B] [--lr LR] [--hidden H] [--seed S]
                   [--out policy.json] [--log run.jsonl] [--clip W] [--warm-start F] [--log-every K]
                   [--loss nll|mbil] [--backend auto|wasm|cpu]

Trains one policy on the demonstrations in FILE (any format \`droil inspect\` reads) and writes it as
versioned policy JSON. The defaults are the trainer's (src/core/algos/defaults.ts, reasons in docs/training.md;
the page's first run is shorter: 300 steps at batch 64): policy 2x64 tanh, nu 2x32 tanh.

  --env ID           environment the data come from (fixes action bounds and the number of actions)
  --data FILE        demonstration file
  --algo A           bc, dro-bc (DRO without the balance equation), be-droil, or segment-dro (reading C of
                     ALGORITHMS.md 3.5: one weight per segment of --segment H consecutive transitions)
  --segment H        segment-dro's segment length (default ${D.segment}; 0 = the whole episode)
                     Readings A and B of ALGORITHMS.md 3.5 (research; verdicts in docs/results/issue-19.md), their
                     inputs built as droil bench builds them (src/core/eval/reading-inputs.ts):
                     tilted-model (A: BC plus the KL tilt, radius --rho, over ${TILT_CANDIDATES} next states per transition
                     from MBIL's learned model, labelled by it), augment-model (A's control: the same, untilted),
                     tilted-expert (A's bound: the same next states labelled by the built-in expert, an oracle),
                     lr-oracle (B's oracle: BC weighted by the simulator's exact likelihood ratios toward the
                     --perturb conditions, over whole episodes; lr-oracle-hN over the last N steps; needs data
                     recorded under process noise). A fits MBIL's densities first (--density-steps,
                     --flow-blocks, --density-noise), seeded by --seed.
  --perturb SPEC     lr-oracle's perturbed conditions, as droil bench's --perturb (name=f1,f2;...): every factor
                     but 1, at the parameter's default times the factor
  --rho R            radius of the divergence ball (default ${D.rho}); 0 gives BC's weights
  --tau T            fixed temperature lambda = T instead of a radius (penalised mode)
${setupFlagUsage(SETTINGS)}  --small-data M     a dataset smaller than the batch: whole (default: every batch is the whole dataset,
                     each transition once) or resample (B draws with replacement, as before issue 19)
  --out FILE         where to write the policy JSON
  --log FILE         diagnostics as JSON lines (step, bcLoss, robustLoss, lambda, eta, divergence, ess,
                     maxWeight, balanceResidual, nuEffect, nllLoss, balanceLoss), one every --log-every steps
                     (default ${D.logEvery}); with --loss mbil, bcLoss is MBIL's loss, nllLoss the NLL alone
  (--loss mbil: the loss ${D.mbilAlpha} * (log P - log T - log pi(a'|s'))^2 + ${D.mbilBeta} * NLL, "Robust MBIL"; it first fits
   MBIL's density models on the data, seeded by --seed)

MBIL (--algo mbil; Agrawal et al.'s balance-equation baseline): conditional normalising flows T(s'|s,a) and
P(s',a'|s,a) (discrete actions: a classifier q(a'|s,a,s')) are fitted first, then frozen; the policy (a BC
member of the engine with loss mbil) minimises alpha * (log P - log T - log pi(a'|s'))^2 + beta * BC over
consecutive pairs of the data. It takes no --rho, --tau, --divergence, --gamma, --kappa, --clip, --loss or --segment.
${setupFlagUsage(MBIL_SETTINGS)}  --density-noise S  Gaussian noise on standardised targets and conditions (default ${MBIL_DEFAULTS.densityNoise})
  (2 x ${MBIL_DEFAULTS.flowHidden[0]} LeakyReLU sub-networks per coupling block; the log starts with the density models' NLL
   curves, {"phase":"density","model":...}; its policy lines carry the engine's diagnostics, bcLoss being the
   mean MBIL loss)
${mjcfUsage}`;

/** Options MBIL has no use for (it is a BC member with MBIL's loss). */
const NOT_MBIL = ['rho', 'tau', 'segment'] as const;
const NOT_MBIL_SETTINGS = ['divergence', 'gamma', 'kappa', 'clip', 'loss'] as const;

const num = (v: string | boolean | string[] | undefined, name: string) => (v === undefined ? undefined : optionalNumber({ [name]: v }, name, NaN));

export const command: Command = {
  name: 'train',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, {
      env: { type: 'string' }, data: { type: 'string' }, algo: { type: 'string' }, rho: { type: 'string' }, tau: { type: 'string' },
      out: { type: 'string' }, log: { type: 'string' }, 'log-every': { type: 'string' }, ...mjcfOptions,
      'small-data': { type: 'string' }, segment: { type: 'string' }, 'density-noise': { type: 'string' }, perturb: { type: 'string', multiple: true },
      ...setupFlagOptions(SETTINGS), ...setupFlagOptions(MBIL_SETTINGS),
    });
    await checkOutputs(values); // before any work: a bad --out must not cost a training run
    const spec = await envFromFlags(values); // --env ID, or a user's MJCF model (--mjcf FILE)
    await prepareEnv(spec.id); // MuJoCo environments load their WebAssembly first
    const dataPath = requireString(values, 'data');
    const algo = requireString(values, 'algo');
    const mbil = algo === 'mbil';
    // Readings A and B by their bench names (lr-oracle: whole episodes, as the page's); the trainer's own names for them need inputs.
    const reading = algo === 'lr-oracle' ? 'lr-oracle-ep' : isTiltedName(algo) || lrOracleOf(algo) !== null ? algo : null;
    if (!mbil && !reading && !(DATA_ONLY_ALGORITHMS as readonly string[]).includes(algo)) {
      const inner = algo === 'fixed-weights' || algo === 'tilted-kernel' ? ` (${algo} needs per-transition inputs: use ${algo === 'fixed-weights' ? 'lr-oracle' : 'tilted-model, augment-model or tilted-expert'}, which build them)` : '';
      throw new UserError(`expected one of ${DATA_ONLY_ALGORITHMS.join(', ')}, mbil, ${READING_IDS.join(', ')}, got '${algo}'${inner}`, '--algo');
    }
    const readingA = reading !== null && isTiltedName(reading);
    if (reading && (values.tau !== undefined || values.segment !== undefined)) throw new UserError(`${algo} takes no --${values.tau !== undefined ? 'tau' : 'segment'}`, values.tau !== undefined ? '--tau' : '--segment');
    if (reading && !readingA && values.rho !== undefined) throw new UserError(`${algo} has no radius (fixed weights)`, '--rho');
    if (reading === 'augment-model' && values.rho !== undefined) throw new UserError('augment-model has no radius (it is tilted-model at rho 0)', '--rho');
    if ((reading === null || readingA) && values.perturb !== undefined) throw new UserError('applies to --algo lr-oracle only', '--perturb');
    const notMbil = [...NOT_MBIL.map((k) => `--${k}`), ...NOT_MBIL_SETTINGS.filter((k) => flagGiven(values, k)).map(flagOf)];
    if (mbil) for (const f of notMbil) if (values[f.slice(2)] !== undefined) throw new UserError(`MBIL takes no ${f} (it is BC with MBIL's balance loss; see droil train --help)`, f);
    if (values.rho !== undefined && values.tau !== undefined) throw new UserError('give either --rho or --tau, not both', '--tau');
    const s = setupFlagValues(values, SETTINGS);
    const backend = s.backend as BackendPref;
    const rho = optionalNumber(values, 'rho', D.rho, { min: 0 });
    const tau = num(values.tau, 'tau');
    if (tau !== undefined && !(tau > 0)) throw new UserError(`must be > 0, got ${tau}`, '--tau');
    const loss = mbil ? 'mbil' : s.loss;
    for (const k of ['mbilAlpha', 'mbilBeta'] as const) if (loss !== 'mbil' && flagGiven(values, k)) throw new UserError('applies to --algo mbil and --loss mbil only', flagOf(k));
    if (loss !== 'mbil' && !readingA && flagGiven(values, 'mbilFlowBlocks')) throw new UserError('applies to --algo mbil, --loss mbil and reading A only', flagOf('mbilFlowBlocks'));
    if (loss !== 'mbil' && !readingA && values['density-noise'] !== undefined) throw new UserError('applies to --algo mbil, --loss mbil and reading A only', '--density-noise');
    const mb = setupFlagValues(values, MBIL_SETTINGS);
    const densityNoise = optionalNumber(values, 'density-noise', MBIL_DEFAULTS.densityNoise, { min: 0 });

    const seed = s.seed;
    const config: TrainConfigInput = {
      members: [mbil
        ? { algo: 'bc', loss: 'mbil', seed, label: `mbil alpha=${mb.mbilAlpha} beta=${mb.mbilBeta} seed=${seed}` }
        : reading ? benchMember(reading as BenchAlgorithm, seed, rho)
        : { algo: algo as Algorithm, rho, tau, kappa: s.kappa, segment: optionalNumber(values, 'segment', D.segment, { integer: true, min: 0 }) }],
      mbilAlpha: mb.mbilAlpha, mbilBeta: mb.mbilBeta,
      divergence: s.divergence,
      gamma: s.gamma,
      steps: s.steps,
      batchSize: s.batch,
      learningRate: s.lr,
      policyHidden: [s.hidden, s.hidden],
      smallDataBatch: values['small-data'] === undefined ? D.smallDataBatch : smallDataFlag(values['small-data']),
      seed,
      weightClip: s.clip > 1 ? s.clip : null, // as the page's run (core/experiment/run.ts): 1 clips nothing
      warmStartFraction: s.warmStart,
      logEvery: optionalNumber(values, 'log-every', D.logEvery, { integer: true, min: 1 }),
      loss,
      envId: spec.id,
      ...actionBounds(spec.actionSpace),
    };
    const densitySteps = mb.mbilDensitySteps, flowBlocks = mb.mbilFlowBlocks;

    const data = await readDatasetForEnv(dataPath, spec, values);
    if (reading !== null && !readingA) {
      // B's oracle: what it needs, said before anything runs (and in this command's flags).
      if (!simulatorRatioEnvs.includes(spec.id)) throw new UserError(`lr-oracle steps the simulator from the observations, which only ${simulatorRatioEnvs.join(', ')} allow`, '--env');
      if (values.perturb === undefined) throw new UserError('lr-oracle weights the data toward perturbed conditions: give --perturb name=f1,f2', '--perturb');
      if (!(processNoiseOf(data) > 0)) throw new UserError('lr-oracle needs demonstrations recorded under process noise (droil demos --process-noise S > 0); this file records none', dataPath);
    }
    const choice = await initBackend(backend);
    io.stderr(`backend: ${choice.backend} (${choice.reason})\n`);
    let balance: BalanceTargets | undefined;
    let densities = '';
    const log: string[] = [];
    if (loss === 'mbil') {
      const t = performance.now();
      const { seed, envId, actionLow, actionHigh, numActions } = config;
      const fit = await balanceTargetsFor(data, { seed, envId, actionLow, actionHigh, numActions, densitySteps, densityNoise, flowBlocks }, {
        onLog: (model, point) => log.push(JSON.stringify({ phase: 'density', model, ...point })),
      }, dataPath);
      balance = fit.targets;
      densities = Object.entries(fit.densityCurves).map(([name, c]) => `${name} NLL ${c![c!.length - 1].dataNll.toPrecision(4)}`).join(', ');
      io.stderr(`MBIL densities (${densities}) fitted in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    }
    // Readings A and B: their per-transition inputs, from the bench's builder (A's densities are timed and reported).
    const t1 = performance.now();
    const readings = reading ? await readingInputsFor(spec.id, data, [{ algo: reading, seed }], {
      processNoise: processNoiseOf(data), seed, perturbed: values.perturb === undefined ? [] : perturbedOfSweeps(spec.id, parsePerturb(values.perturb as string[], spec.id)),
      mbil: { envId: spec.id, densitySteps, flowBlocks, densityNoise, ...actionBounds(spec.actionSpace) },
    }) : undefined;
    if (readingA) io.stderr(`reading A: MBIL's densities fitted and ${TILT_CANDIDATES} next states drawn per transition in ${((performance.now() - t1) / 1000).toFixed(1)} s\n`);
    const trainer = createTrainer(config, data, balance, readings);
    let last: Diagnostics | undefined;
    const t0 = performance.now();
    const result = await trainer.run({
      onProgress: (d) => {
        last = d;
        log.push(JSON.stringify({ step: d.step, phase: d.phase, backend: d.backend, ...d.members[0] }));
      },
      onEvent: (e) => { if (e.kind === 'backend-fallback') io.stderr(`note: ${e.message}\n`); },
    });
    const seconds = (performance.now() - t0) / 1000;
    if (typeof values.log === 'string') await writeText(values.log, log.join('\n') + (log.length ? '\n' : ''));
    const [policy] = await trainer.snapshot();
    trainer.dispose();
    if (typeof values.out === 'string') await writeText(values.out, JSON.stringify(policy) + '\n');
    const m = last?.members[0];
    io.stdout(`${trainer.members[0].label}: ${result.step} steps in ${seconds.toFixed(1)} s on ${choice.backend}` +
      (m ? `; last bcLoss ${m.bcLoss.toPrecision(4)}, robustLoss ${m.robustLoss.toPrecision(4)}, divergence ${m.divergence.toPrecision(3)}, ess ${m.ess.toPrecision(3)}` : '') + '\n');
    if (result.status === 'diverged') throw new UserError(`${result.message ?? 'training diverged'}${typeof values.out === 'string' ? `, written to ${values.out}` : ''}; try a lower learning rate`);
    return 0;
  },
};

async function writeText(path: string, text: string): Promise<void> {
  try { await writeFile(path, text); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write the file (${code === 'ENOENT' ? 'no such directory' : code ?? (e as Error).message})`, path);
  }
}
