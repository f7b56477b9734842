// `droil train`: one policy from a demonstration file with BC, DRO-BC or BE-DROIL (ALGORITHMS.md 3).
import { writeFile } from 'node:fs/promises';
import { checkOutputs } from '../paths';
import { prepareEnv } from '../../core/mujoco/registry';
import { UserError } from '../../core/errors';
import { initBackend, type BackendPref } from '../../core/tf';
import { TRAIN_DEFAULTS as D } from '../../core/algos/defaults';
import { DATA_ONLY_ALGORITHMS, type Algorithm, type TrainConfigInput } from '../../core/algos/config';
import { createTrainer, type BalanceTargets, type Diagnostics } from '../../core/algos/ensemble';
import { balanceTargetsFor } from '../../core/mbil/balance';
import { MBIL_DEFAULTS } from '../../core/mbil/config';
import { optionalNumber, parse, requireString } from '../args';
import type { Command } from '../command';
import { smallDataFlag } from '../small-data-flag';
import { envFromFlags, mjcfOptions, mjcfUsage, readDatasetForEnv } from '../mjcf-flags';
import { mbilUsage, runMbil, wantsMbil } from './train-mbil'; // MBIL's runner (owned by the MBIL work)

const usage = `Usage: droil train --env ID --data FILE --algo bc|dro-bc|be-droil|segment-dro|mbil [--rho R | --tau T]
                   [--divergence kl|chi2] [--gamma G] [--kappa K] [--steps N] [--batch B] [--seed S]
                   [--out policy.json] [--log run.jsonl] [--clip W] [--warm-start F] [--log-every K]
                   [--loss nll|mbil] [--backend auto|wasm|cpu]

Trains one policy on the demonstrations in FILE (any format \`droil inspect\` reads) and writes it as
versioned policy JSON. Defaults (src/core/algos/defaults.ts, reasons in docs/training.md): KL, rho ${D.rho},
kappa ${D.kappa}, gamma ${D.gamma}, no weight clipping, ${D.warmStartFraction * 100}% BC warm start, policy 2x64 tanh,
nu 2x32 tanh, Adam ${D.learningRate}, batch ${D.batchSize}, ${D.steps} steps.

  --env ID           environment the data come from (fixes action bounds and the number of actions)
  --data FILE        demonstration file
  --algo A           bc, dro-bc (DRO without the balance equation), be-droil, or segment-dro (reading C of
                     ALGORITHMS.md 3.5: one weight per segment of --segment H consecutive transitions)
  --segment H        segment-dro's segment length (default ${D.segment}; 0 = the whole episode)
  --rho R            radius of the divergence ball (default ${D.rho}); 0 gives BC's weights
  --tau T            fixed temperature lambda = T instead of a radius (penalised mode)
  --divergence D     kl (default) or chi2
  --gamma G          1 = stationary balance equation (default); < 1 = discounted form
  --kappa K          balance strength: L2 on nu (default ${D.kappa})
  --steps N          gradient steps (default ${D.steps})
  --batch B          transitions per batch (default ${D.batchSize})
  --small-data M     a dataset smaller than the batch: whole (default: every batch is the whole dataset,
                     each transition once) or resample (B draws with replacement, as before issue 19)
  --seed S           seed of initialisation and minibatches (default ${D.seed})
  --out FILE         where to write the policy JSON
  --log FILE         diagnostics as JSON lines (step, bcLoss, robustLoss, lambda, eta, divergence, ess,
                     maxWeight, balanceResidual, nuEffect), one every --log-every steps (default ${D.logEvery})
  --clip W           clip weights at W and renormalise to mean 1 (default: no clipping)
  --warm-start F     fraction of the steps trained as BC first (default ${D.warmStartFraction})
  --loss L           imitation loss the weights act on: nll (default), or mbil = MBIL's per-sample balance
                     loss ${D.mbilAlpha} * (log P - log T - log pi(a'|s'))^2 + ${D.mbilBeta} * NLL ("Robust MBIL"); mbil first fits
                     MBIL's density models on the data (seeded by --seed; --density-steps N, default ${MBIL_DEFAULTS.densitySteps})
  --backend B        auto (default: wasm, else cpu), wasm or cpu
${mbilUsage}${mjcfUsage}`;

const num = (v: string | boolean | string[] | undefined, name: string) => (v === undefined ? undefined : optionalNumber({ [name]: v }, name, NaN));

export const command: Command = {
  name: 'train',
  usage,
  async run(argv, io) {
    if (wantsMbil(argv)) return runMbil(argv, io);
    const { values } = parse(argv, {
      env: { type: 'string' }, data: { type: 'string' }, algo: { type: 'string' }, rho: { type: 'string' }, tau: { type: 'string' },
      divergence: { type: 'string' }, gamma: { type: 'string' }, kappa: { type: 'string' }, steps: { type: 'string' },
      batch: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, log: { type: 'string' }, clip: { type: 'string' },
      'warm-start': { type: 'string' }, 'log-every': { type: 'string' }, backend: { type: 'string' }, ...mjcfOptions,
      loss: { type: 'string' }, 'density-steps': { type: 'string' }, 'small-data': { type: 'string' }, segment: { type: 'string' },
    });
    await checkOutputs(values); // before any work: a bad --out must not cost a training run
    const spec = await envFromFlags(values); // --env ID, or a user's MJCF model (--mjcf FILE)
    await prepareEnv(spec.id); // MuJoCo environments load their WebAssembly first
    const dataPath = requireString(values, 'data');
    const algo = requireString(values, 'algo');
    if (!(DATA_ONLY_ALGORITHMS as readonly string[]).includes(algo)) {
      const bench = algo === 'fixed-weights' || algo === 'tilted-kernel' ? ` (${algo} needs inputs made by droil bench: see its --algos)` : '';
      throw new UserError(`expected one of ${DATA_ONLY_ALGORITHMS.join(', ')}, got '${algo}'${bench}`, '--algo');
    }
    if (values.rho !== undefined && values.tau !== undefined) throw new UserError('give either --rho or --tau, not both', '--tau');
    const divergence = (values.divergence as string | undefined) ?? D.divergence;
    if (divergence !== 'kl' && divergence !== 'chi2') throw new UserError(`expected kl or chi2, got '${divergence}'`, '--divergence');
    const backend = ((values.backend as string | undefined) ?? 'auto') as BackendPref;
    if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new UserError(`expected auto, wasm or cpu, got '${backend}'`, '--backend');
    const rho = optionalNumber(values, 'rho', D.rho, { min: 0 });
    const tau = num(values.tau, 'tau');
    if (tau !== undefined && !(tau > 0)) throw new UserError(`must be > 0, got ${tau}`, '--tau');
    const steps = optionalNumber(values, 'steps', D.steps, { integer: true, min: 1, max: 10_000_000 });
    const loss = (values.loss as string | undefined) ?? D.loss;
    if (loss !== 'nll' && loss !== 'mbil') throw new UserError(`expected nll or mbil, got '${loss}'`, '--loss');
    const densitySteps = optionalNumber(values, 'density-steps', MBIL_DEFAULTS.densitySteps, { integer: true, min: 0 });
    const clip = num(values.clip, 'clip');
    if (clip !== undefined && !(clip > 1)) throw new UserError(`must be > 1 (the mean weight is 1), got ${clip}`, '--clip');

    const config: TrainConfigInput = {
      members: [{ algo: algo as Algorithm, rho, tau, kappa: optionalNumber(values, 'kappa', D.kappa, { min: 0 }), segment: optionalNumber(values, 'segment', D.segment, { integer: true, min: 0 }) }],
      divergence,
      gamma: optionalNumber(values, 'gamma', D.gamma, { min: 0, max: 1 }),
      steps,
      batchSize: optionalNumber(values, 'batch', D.batchSize, { integer: true, min: 1, max: 1_000_000 }),
      smallDataBatch: values['small-data'] === undefined ? D.smallDataBatch : smallDataFlag(values['small-data']),
      seed: optionalNumber(values, 'seed', D.seed, { integer: true }),
      weightClip: clip ?? null,
      warmStartFraction: optionalNumber(values, 'warm-start', D.warmStartFraction, { min: 0, max: 1 }),
      logEvery: optionalNumber(values, 'log-every', D.logEvery, { integer: true, min: 1 }),
      loss,
      envId: spec.id,
      ...(spec.actionSpace.kind === 'continuous' ? { actionLow: spec.actionSpace.low, actionHigh: spec.actionSpace.high } : { numActions: spec.actionSpace.n }),
    };

    const data = await readDatasetForEnv(dataPath, spec, values);
    const choice = await initBackend(backend);
    io.stderr(`backend: ${choice.backend} (${choice.reason})\n`);
    let balance: BalanceTargets | undefined;
    if (loss === 'mbil') {
      const t = performance.now();
      const { seed, envId, actionLow, actionHigh, numActions } = config;
      balance = (await balanceTargetsFor(data, { seed, envId, actionLow, actionHigh, numActions, densitySteps }, {}, dataPath)).targets;
      io.stderr(`MBIL densities fitted in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    }
    const trainer = createTrainer(config, data, balance);
    const log: string[] = [];
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
