// `droil eval`: nominal (or fixed-parameter) returns of a trained policy, deterministic from the seed.
import { readFile } from 'node:fs/promises';
import { getEnvSpec, resolveParams } from '../../core/envs';
import { UserError } from '../../core/errors';
import { loadPolicy } from '../../core/algos/policy';
import { evaluateConditions } from '../../core/eval/evaluate';
import { keyValues, optionalNumber, parse, requireString } from '../args';
import type { Command } from '../command';

const usage = `Usage: droil eval --env ID --policy FILE [--episodes E] [--seed S] [--params name=value,...] [--json]

Rolls out the policy's deterministic action (argmax, or the mean clipped to the bounds) for E episodes
whose initial states come from the seed (the same starts for every policy), and prints the mean, std and
every return.

  --env ID         CartPole-v1, Pendulum-v1, MountainCarContinuous-v0 or Acrobot-v1
  --policy FILE    policy JSON written by \`droil train\`
  --episodes E     number of episodes (default 20)
  --seed S         seed of the initial states (default 0)
  --params ...     physical parameters (default: nominal), e.g. masspole=0.2,length=0.75
  --json           print {envId, params, episodes, seed, mean, std, returns} as JSON
`;

export const command: Command = {
  name: 'eval',
  summary: 'evaluate a trained policy: mean, std and the returns',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { env: { type: 'string' }, policy: { type: 'string' }, episodes: { type: 'string' }, seed: { type: 'string' }, params: { type: 'string' }, json: { type: 'boolean' } });
    const spec = getEnvSpec(requireString(values, 'env'));
    const path = requireString(values, 'policy');
    const episodes = optionalNumber(values, 'episodes', 20, { integer: true, min: 1, max: 100000 });
    const seed = optionalNumber(values, 'seed', 0, { integer: true });
    const params = typeof values.params === 'string' ? keyValues(values.params, '--params') : {};
    resolveParams(spec, params, '--params');
    let text: string;
    try { text = await readFile(path, 'utf8'); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(`cannot read the file (${code === 'ENOENT' ? 'no such file or directory' : code ?? (e as Error).message})`, path);
    }
    const policy = loadPolicy(text, path);
    if (policy.json.envId && policy.json.envId !== spec.id) throw new UserError(`the policy was trained on ${policy.json.envId}, not ${spec.id}`, path);
    const { results } = evaluateConditions(policy, { envId: spec.id, episodes, seed }, [{ label: 'eval', params }]);
    const r = results[0];
    const mean = r.summary.mean, std = r.summary.std;
    if (values.json) {
      io.stdout(JSON.stringify({ envId: spec.id, params, episodes, seed, mean, std, returns: r.returns }) + '\n');
    } else {
      io.stdout(`${spec.id}${Object.keys(params).length ? ` (${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}: ` +
        `mean ${mean.toFixed(2)}, std ${std.toFixed(2)} over ${episodes} episodes (seed ${seed})\nreturns ${r.returns.map((x) => Number(x.toFixed(2))).join(' ')}\n`);
    }
    return 0;
  },
};
