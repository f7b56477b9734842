// `droil demos`: expert demonstrations, deterministic from the seed, written as droil-demos JSON.
import { writeFile } from 'node:fs/promises';
import { stringifyDroilDemos } from '../../core/data/json-format';
import { episodeReturns, numEpisodes, numTransitions } from '../../core/data/dataset';
import { getEnvSpec, resolveParams } from '../../core/envs';
import { UserError } from '../../core/errors';
import { generateDemos } from '../../core/experts';
import { keyValues, optionalNumber, parse, requireString, toNumber } from '../args';
import type { Command } from '../command';

const usage = `Usage: droil demos --env ID --episodes N --seed S --out FILE [--params name=value,...]
                   [--epsilon P] [--action-noise S]

Runs the environment's built-in expert for N episodes, initial states drawn from the seed, and writes the
demonstrations as droil-demos JSON (schema: src/core/data/json-format.ts). Same seed, same file; the first
k episodes of a larger set are the set of k. FILE \`-\` writes to standard output.

  --env ID            CartPole-v1, Pendulum-v1, MountainCarContinuous-v0 or Acrobot-v1
  --episodes N        number of episodes (1..100000)
  --seed S            integer seed
  --out FILE          where to write the JSON
  --params ...        physical parameters of the demonstrating environment (default: nominal)
  --epsilon P         imperfect expert: probability of a random action per step (default 0)
  --action-noise S    imperfect expert, continuous actions: Gaussian noise, std as a fraction of half the range
`;

export const command: Command = {
  name: 'demos',
  summary: 'generate expert demonstrations from a seed (droil-demos JSON)',
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
    });
    const spec = getEnvSpec(requireString(values, 'env'));
    const episodes = toNumber(requireString(values, 'episodes'), '--episodes', { integer: true, min: 1, max: 100000 });
    const seed = toNumber(requireString(values, 'seed'), '--seed', { integer: true });
    const out = requireString(values, 'out');
    const params = typeof values.params === 'string' ? keyValues(values.params, '--params') : {};
    resolveParams(spec, params, '--params');
    const epsilon = optionalNumber(values, 'epsilon', 0, { min: 0, max: 1 });
    const actionNoise = optionalNumber(values, 'action-noise', 0, { min: 0 });

    const d = generateDemos(spec.id, { episodes, seed, params, epsilon, actionNoise });
    const text = stringifyDroilDemos(d);
    if (out === '-') {
      io.stdout(text);
      return 0;
    }
    try {
      await writeFile(out, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(`cannot write the file (${code === 'ENOENT' ? 'no such directory' : code ?? (e as Error).message})`, out);
    }
    const returns = episodeReturns(d) ?? [];
    const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
    io.stdout(`wrote ${out}: ${spec.id}, ${numEpisodes(d)} episodes, ${numTransitions(d)} transitions, mean return ${mean.toFixed(2)} (expert ${d.meta.generator?.expert}, seed ${seed})\n`);
    return 0;
  },
};
