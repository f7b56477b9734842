// `droil inspect FILE`: read a demonstration file the way the playground does and describe it.
import { getEnvSpec } from '../../core/envs';
import { DEFAULT_MAX_BYTES } from '../../core/data/read';
import { summarizeDataset, type DatasetSummary } from '../../core/data/summary';
import { UserError } from '../../core/errors';
import { optionalNumber, parse } from '../args';
import type { Command } from '../command';
import { readDatasetFile } from '../files';

const usage = `Usage: droil inspect FILE [--env ID] [--json] [--max-mb N]

Reads a demonstration file (JSON, CSV, .npz, D4RL or Minari HDF5; see docs/data-formats.md), validates it
and prints the detected format, episodes, transitions, observation dimension, action type and dimension
(or number of discrete actions) and return statistics when the file has rewards.

  --env ID      check that the data fits this environment (CartPole-v1, Pendulum-v1,
                MountainCarContinuous-v0, Acrobot-v1)
  --json        print the summary as JSON
  --max-mb N    size limit in MB (default ${DEFAULT_MAX_BYTES / 1e6})
`;

const g = (x: number) => Number(x.toPrecision(6)).toString();

function text(s: DatasetSummary): string {
  const action = s.actionKind === 'discrete' ? `discrete, ${s.numActions} actions` : `continuous, dimension ${s.actionDim}`;
  const lines = [
    `file          ${s.source}`,
    `format        ${s.format}`,
    `environment   ${s.envId ?? 'not recorded'}`,
    `episodes      ${s.episodes} (${s.terminalEpisodes} terminal, ${s.timeoutEpisodes} cut by a time limit or the end of the recording)`,
    `transitions   ${s.transitions} (episode length mean ${g(s.episodeLength.mean)}, min ${s.episodeLength.min}, max ${s.episodeLength.max})`,
    `observations  dimension ${s.obsDim}`,
    `actions       ${action}`,
    s.returns
      ? `returns       mean ${g(s.returns.mean)}, std ${g(s.returns.std)}, min ${g(s.returns.min)}, max ${g(s.returns.max)}`
      : 'returns       no rewards in the file',
  ];
  if (s.nextObsCopied) lines.push(`note          ${s.nextObsCopied} episode-ending transitions have no recorded next observation (next = observation)`);
  return lines.join('\n') + '\n';
}

export const command: Command = {
  name: 'inspect',
  usage,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { env: { type: 'string' }, json: { type: 'boolean' }, 'max-mb': { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UserError(`expected one FILE argument, found ${positionals.length}`);
    const maxMb = optionalNumber(values, 'max-mb', DEFAULT_MAX_BYTES / 1e6, { min: 0.001 });
    const envSpec = typeof values.env === 'string' ? getEnvSpec(values.env) : undefined;
    const d = await readDatasetFile(positionals[0], { envSpec, maxBytes: Math.round(maxMb * 1e6) });
    const summary = summarizeDataset(d);
    io.stdout(values.json ? JSON.stringify(summary, null, 2) + '\n' : text(summary));
    return 0;
  },
};
