// `droil demos`: expert demonstrations, deterministic from the seed, written as droil-demos JSON, .npz or D4RL HDF5.
import { stringifyDroilDemos } from '../../core/data/json-format';
import { formatForPath } from '../../core/data/write';
import { episodeReturns, numEpisodes, numTransitions } from '../../core/data/dataset';
import { envIds, getEnvSpec, resolveParams } from '../../core/envs';
import { UserError } from '../../core/errors';
import { generateDemos } from '../../core/experts';
import { prepareEnv } from '../../core/mujoco/registry';
import { keyValues, optionalNumber, parse, requireString, toNumber } from '../args';
import type { Command } from '../command';
import { writeDatasetFile } from '../files';
import { checkOutFile } from '../paths';

const usage = `Usage: droil demos --env ID --episodes N --seed S --out FILE [--params name=value,...]
                   [--epsilon P] [--action-noise SIGMA] [--process-noise SIGMA]

Runs the environment's built-in expert for N episodes, initial states drawn from the seed, and writes the
demonstrations as droil-demos JSON (schema: src/core/data/json-format.ts). Same seed, same file; the first
k episodes of a larger set are the set of k. FILE \`-\` writes to standard output.

  --env ID            CartPole-v1, Pendulum-v1, MountainCarContinuous-v0, Acrobot-v1,
                      InvertedPendulum-v5, InvertedDoublePendulum-v5, Hopper-v5, PlanarRunner-v0,
                      HalfCheetah-v5, Walker2d-v5 or Ant-v5 (MuJoCo)
  --episodes N        number of episodes (1..100000)
  --seed S            integer seed
  --out FILE          where to write: .json (droil-demos), .npz or .h5/.hdf5 (D4RL layout)
  --params ...        physical parameters of the demonstrating environment (default: nominal)
  --epsilon P         imperfect expert: at each step, with probability P (0..1), a uniformly random action
                      from the action space instead of the expert's (default 0)
  --action-noise SIGMA
                      imperfect expert, continuous actions only: Gaussian noise with std SIGMA in action units
                      added to the expert's action, then clipped to the action bounds (default 0)
  --process-noise SIGMA
                      stochastic nominal dynamics: after each step that did not terminate, Gaussian noise
                      with std SIGMA times the environment's documented scale per state component (below)
                      is added to the state, which is then kept inside the environment's own bounds
                      (velocity clipping, angle wrapping, MountainCar's float32 state). The recorded next
                      observation is the noisy one and the next step starts from it. 1 = the documented
                      scale (default 0)

Each noise setting draws from its own stream derived from the seed: all zero gives exactly the perfect
expert's data, and changing one setting changes neither the initial states nor the other settings' draws.
The file's "generator" records epsilon, actionNoise and processNoise.

Process noise std per state component at --process-noise 1:
${envIds.map((id) => { const s = getEnvSpec(id); return `  ${s.id.padEnd(26)}${s.stateNames.map((n, k) => `${n} ${s.processNoiseStd[k]}`).join(', ')}`; }).join('\n')}
`;

export const command: Command = {
  name: 'demos',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, {
      env: { type: 'string' },
      episodes: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      params: { type: 'string' },
      epsilon: { type: 'string' },
      'action-noise': { type: 'string' },
      'process-noise': { type: 'string' },
    });
    const spec = getEnvSpec(requireString(values, 'env'));
    const episodes = toNumber(requireString(values, 'episodes'), '--episodes', { integer: true, min: 1, max: 100000 });
    const seed = toNumber(requireString(values, 'seed'), '--seed', { integer: true });
    const out = requireString(values, 'out');
    if (out !== '-') formatForPath(out, '--out'); // a bad extension fails before the experts run
    await checkOutFile(out, '--out');
    const params = typeof values.params === 'string' ? keyValues(values.params, '--params') : {};
    resolveParams(spec, params, '--params');
    const epsilon = optionalNumber(values, 'epsilon', 0, { min: 0, max: 1 });
    const actionNoise = optionalNumber(values, 'action-noise', 0, { min: 0 });
    if (actionNoise > 0 && spec.actionSpace.kind === 'discrete') {
      throw new UserError(`${spec.id} has discrete actions; action noise applies to continuous actions only (use --epsilon for random actions)`, '--action-noise');
    }
    const processNoise = optionalNumber(values, 'process-noise', 0, { min: 0 });

    await prepareEnv(spec.id); // MuJoCo environments load their WebAssembly first
    const d = generateDemos(spec.id, { episodes, seed, params, epsilon, actionNoise, processNoise });
    if (out === '-') {
      io.stdout(stringifyDroilDemos(d));
      return 0;
    }
    await writeDatasetFile(out, d, '--out'); // .json, .npz or .h5/.hdf5 by extension (docs/data-formats.md)
    const noise = [['epsilon', epsilon], ['action noise', actionNoise], ['process noise', processNoise]]
      .filter(([, v]) => v !== 0).map(([k, v]) => `, ${k} ${v}`).join('');
    const returns = episodeReturns(d) ?? [];
    const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
    io.stdout(`wrote ${out}: ${spec.id}, ${numEpisodes(d)} episodes, ${numTransitions(d)} transitions, mean return ${mean.toFixed(2)} (expert ${d.meta.generator?.expert}, seed ${seed}${noise})\n`);
    return 0;
  },
};
