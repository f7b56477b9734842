// `droil envs`: the environments, their spaces and their physical parameters.
import { allEnvIds, getEnvSpec } from '../../core/envs';
import type { EnvSpec } from '../../core/envs';
import { parse } from '../args';
import type { Command } from '../command';

const usage = `Usage: droil envs [--json]

Lists the environments: internal state (as \`droil rollout --state\` takes it), observation, action space,
time limit, reward threshold and the physical parameters (name, default, unit) that \`--params\` accepts.

Options:
  --json      print the specs as JSON
  -h, --help  this text
`;

function describeSpace(spec: EnvSpec): string {
  const s = spec.actionSpace;
  if (s.kind === 'discrete') return `Discrete(${s.n}): ${s.labels.map((l, i) => `${i}=${l}`).join(', ')}`;
  return `Box(${s.dim}) in [${s.low.join(', ')}] .. [${s.high.join(', ')}]`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => '    ' + r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]))).join('  ')).join('\n');
}

export const command: Command = {
  name: 'envs',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { json: { type: 'boolean' } });
    const specs = allEnvIds.map(getEnvSpec);
    if (values.json) {
      io.stdout(JSON.stringify(specs.map((s) => ({ ...s, stateDim: s.stateNames.length, obsDim: s.obsNames.length })), null, 2) + '\n');
      return 0;
    }
    const parts = specs.map((s) => [
      `${s.id}`,
      `  state:        [${s.stateNames.join(', ')}]`,
      `  observation:  [${s.obsNames.join(', ')}]`,
      `  action:       ${describeSpace(s)}`,
      `  time limit:   ${s.maxEpisodeSteps} steps${s.rewardThreshold !== undefined ? `, reward threshold ${s.rewardThreshold}` : ''}`,
      `  parameters:`,
      table([['name', 'default', 'unit', 'description'], ...s.params.map((p) => [p.name, String(p.default), p.unit, p.description])]),
    ].join('\n'));
    io.stdout(parts.join('\n\n') + '\n');
    return 0;
  },
};
