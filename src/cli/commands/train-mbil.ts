// `droil train --algo mbil`: MBIL (ALGORITHMS.md 3.4) from a demonstration file. train.ts hands over here
// when --algo is mbil, because MBIL has its own settings (alpha, beta, the density models) and no radius.
// The policy JSON is the engine's format, so `droil eval` reads it like any other.
import { writeFile } from 'node:fs/promises';
import { checkOutputs } from '../paths';
import { getEnvSpec } from '../../core/envs';
import { UserError } from '../../core/errors';
import { initBackend, type BackendPref } from '../../core/tf';
import { TRAIN_DEFAULTS as D } from '../../core/algos/defaults';
import { MBIL_DEFAULTS as M, createMbilTrainer, type MbilConfigInput, type MbilDiagnostics } from '../../core/mbil';
import { optionalNumber, parse, requireString } from '../args';
import type { CliIO } from '../command';
import { readDatasetFile } from '../files';

/** The usage block train.ts shows for --algo mbil. */
export const mbilUsage = `
MBIL (--algo mbil; Agrawal et al.'s balance-equation baseline): conditional normalising flows T(s'|s,a) and
P(s',a'|s,a) (discrete actions: a classifier q(a'|s,a,s')) are fitted first, then frozen; the policy
minimises alpha * (log P - log T - log pi(a'|s'))^2 + beta * BC over consecutive pairs of the data.
  --alpha A          balance-loss weight (default ${M.alpha})
  --beta B           BC-loss weight (default ${M.beta})
  --density-steps N  Adam steps per density model (default ${M.densitySteps})
  --density-noise S  Gaussian noise on standardised targets and conditions (default ${M.densityNoise})
  --flow-blocks K    coupling blocks per flow (default ${M.flowBlocks}; 2 x ${M.flowHidden[0]} LeakyReLU sub-networks)
  (--env, --data, --steps, --batch, --seed, --out, --log, --log-every and --backend as above; the log's
   lines are the density NLL curves, then the policy's mbilLoss, bcLoss, balanceLoss, balanceResidual)
`;

/** True when argv asks for MBIL (--algo mbil or --algo=mbil). */
export function wantsMbil(argv: string[]): boolean {
  return argv.some((a, i) => a === '--algo=mbil' || (a === '--algo' && argv[i + 1] === 'mbil'));
}

export async function runMbil(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    env: { type: 'string' }, data: { type: 'string' }, algo: { type: 'string' }, alpha: { type: 'string' }, beta: { type: 'string' },
    steps: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, log: { type: 'string' },
    'log-every': { type: 'string' }, backend: { type: 'string' }, 'density-steps': { type: 'string' }, 'density-noise': { type: 'string' },
    'flow-blocks': { type: 'string' },
  });
  await checkOutputs(values);
  const spec = getEnvSpec(requireString(values, 'env'));
  const dataPath = requireString(values, 'data');
  const backend = ((values.backend as string | undefined) ?? 'auto') as BackendPref;
  if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new UserError(`expected auto, wasm or cpu, got '${backend}'`, '--backend');
  const config: MbilConfigInput = {
    members: [{ alpha: optionalNumber(values, 'alpha', M.alpha, { min: 0 }), beta: optionalNumber(values, 'beta', M.beta, { min: 0 }) }],
    steps: optionalNumber(values, 'steps', D.steps, { integer: true, min: 1, max: 10_000_000 }),
    batchSize: optionalNumber(values, 'batch', D.batchSize, { integer: true, min: 1, max: 1_000_000 }),
    seed: optionalNumber(values, 'seed', D.seed, { integer: true }),
    logEvery: optionalNumber(values, 'log-every', D.logEvery, { integer: true, min: 1 }),
    densitySteps: optionalNumber(values, 'density-steps', M.densitySteps, { integer: true, min: 1, max: 10_000_000 }),
    densityNoise: optionalNumber(values, 'density-noise', M.densityNoise, { min: 0 }),
    flowBlocks: optionalNumber(values, 'flow-blocks', M.flowBlocks, { integer: true, min: 1, max: 64 }),
    envId: spec.id,
    ...(spec.actionSpace.kind === 'continuous' ? { actionLow: spec.actionSpace.low, actionHigh: spec.actionSpace.high } : { numActions: spec.actionSpace.n }),
  };

  const data = await readDatasetFile(dataPath, { envSpec: spec });
  const choice = await initBackend(backend);
  io.stderr(`backend: ${choice.backend} (${choice.reason})\n`);
  const trainer = createMbilTrainer(config, data, 'options');
  const log: string[] = [];
  let last: MbilDiagnostics | undefined;
  try {
    const t0 = performance.now();
    const result = await trainer.run({
      onDensityProgress: ({ model, point }) => log.push(JSON.stringify({ phase: 'density', model, ...point })),
      onProgress: (d) => {
        last = d;
        log.push(JSON.stringify({ step: d.step, phase: d.phase, backend: d.backend, ...d.members[0] }));
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    if (typeof values.log === 'string') await writeText(values.log, log.join('\n') + (log.length ? '\n' : ''));
    const [policy] = await trainer.snapshot();
    if (typeof values.out === 'string') await writeText(values.out, JSON.stringify(policy) + '\n');
    const curves = Object.entries(trainer.densityCurves).map(([name, c]) => `${name} NLL ${c![c!.length - 1].dataNll.toPrecision(4)}`).join(', ');
    const m = last?.members[0];
    io.stdout(`${trainer.members[0].label}: densities (${curves}) and ${result.step} policy steps in ${seconds.toFixed(1)} s on ${choice.backend}` +
      (m ? `; last bcLoss ${m.bcLoss.toPrecision(4)}, balanceLoss ${m.balanceLoss.toPrecision(4)}, balanceResidual ${m.balanceResidual.toPrecision(3)}` : '') + '\n');
    if (result.status === 'diverged') throw new UserError(result.message ?? 'training diverged');
    return 0;
  } finally {
    trainer.dispose();
  }
}

async function writeText(path: string, text: string): Promise<void> {
  try { await writeFile(path, text); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write the file (${code === 'ENOENT' ? 'no such directory' : code ?? (e as Error).message})`, path);
  }
}
