// `droil rollout`: replay a list of actions from a given internal state and print what the environment does.
import { readBounded } from '../paths';
import { Env, getEnvSpec, packAction, resolveParams } from '../../core/envs';
import type { Action, EnvSpec } from '../../core/envs';
import { UserError } from '../../core/errors';
import { prepareEnv } from '../../core/mujoco/registry';
import { keyValues, numberList, optionalNumber, parse, requireString } from '../args';
import { DEFAULT_MAX_BYTES } from '../../core/data/read';
import type { CliIO, Command } from '../command';

const usage = `Usage: droil rollout --env ID --state=v1,v2,... --actions FILE [--params name=value,...] [--json] [--max-mb N]

Replays the actions in FILE (a JSON array; \`-\` reads standard input) from the internal state given by
--state, and prints one entry per step: observation, reward, terminated, truncated. Stops after the step
that terminates the episode or reaches the time limit.

  --env ID        CartPole-v1, Pendulum-v1, MountainCarContinuous-v0 or Acrobot-v1 (see \`droil envs\`)
  --state=...     internal state, comma-separated (write --state=... when a value is negative):
                    CartPole-v1               x,x_dot,theta,theta_dot
                    Pendulum-v1               theta,theta_dot
                    MountainCarContinuous-v0  position,velocity
                    Acrobot-v1                theta1,theta2,dtheta1,dtheta2
  --actions FILE  JSON array of actions: integers for discrete spaces ([1,0,1]), arrays of numbers for
                  continuous ones ([[0.5],[-2]]); each must lie in the action space
  --params ...    physical parameters, e.g. masspole=0.2,length=0.8 (defaults otherwise)
  --json          print {observations, rewards, terminated, truncated} as JSON (default: a table)
  --max-mb N      size limit of the actions file or standard input in MB (default ${DEFAULT_MAX_BYTES / 1e6});
                  reading stops with a message as soon as more comes in

Example:
  echo '[1,1,0]' | droil rollout --env CartPole-v1 --state=0,0,-0.01,0 --actions - --json
`;

/** An actions file, or standard input, larger than `maxBytes` is refused while it is read (never read whole first). */
async function readActionsText(file: string, io: CliIO, maxBytes: number): Promise<string> {
  if (file === '-') return io.readStdin(maxBytes);
  return new TextDecoder().decode(await readBounded(file, maxBytes, 'the actions file'));
}

/** The actions, and how many continuous ones lie outside the action space (the environment clips them). */
function parseActions(text: string, file: string, spec: EnvSpec): { actions: Action[]; outside: number[] } {
  const where = file === '-' ? 'standard input' : file;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not valid JSON: ${(e as Error).message}`, where);
  }
  if (!Array.isArray(data)) throw new UserError(`expected a JSON array of actions, found ${data === null ? 'null' : typeof data}`, where);
  if (data.length === 0) throw new UserError('expected at least one action, found an empty array', where);
  const scratch = new Float64Array(spec.actionSpace.kind === 'discrete' ? 1 : spec.actionSpace.dim);
  const outside: number[] = [];
  const space = spec.actionSpace;
  const actions = data.map((a: unknown, t: number) => {
    const at = `${where}: action ${t}`;
    if (spec.actionSpace.kind === 'discrete') {
      if (typeof a !== 'number') throw new UserError(`${spec.id} expects an integer action, found ${JSON.stringify(a)}`, at);
    } else if (!(typeof a === 'number' || (Array.isArray(a) && a.every((v) => typeof v === 'number')))) {
      throw new UserError(`${spec.id} expects an array of ${spec.actionSpace.dim} number(s), found ${JSON.stringify(a)}`, at);
    }
    packAction(spec, a as Action, scratch, 0, at);
    if (space.kind === 'continuous' && Array.from(scratch).some((v, i) => v < space.low[i] || v > space.high[i])) outside.push(t);
    return a as Action;
  });
  return { actions, outside };
}

export const command: Command = {
  name: 'rollout',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, {
      env: { type: 'string' },
      state: { type: 'string' },
      actions: { type: 'string' },
      params: { type: 'string' },
      json: { type: 'boolean' },
      'max-mb': { type: 'string' },
    });
    const maxBytes = Math.round(optionalNumber(values, 'max-mb', DEFAULT_MAX_BYTES / 1e6, { min: 0.001 }) * 1e6);
    const spec = getEnvSpec(requireString(values, 'env'));
    const state = numberList(requireString(values, 'state'), '--state');
    if (state.length !== spec.stateNames.length) {
      throw new UserError(`${spec.id} has a state of ${spec.stateNames.length} values [${spec.stateNames.join(', ')}], got ${state.length}`, '--state');
    }
    const params = resolveParams(spec, typeof values.params === 'string' ? keyValues(values.params, '--params') : {}, '--params');
    const file = requireString(values, 'actions');
    await prepareEnv(spec.id); // MuJoCo environments load their WebAssembly first
    const env = new Env(spec.id, params);
    const { actions, outside } = parseActions(await readActionsText(file, io, maxBytes), file, spec);
    if (outside.length && spec.actionSpace.kind === 'continuous') {
      // Gymnasium's environments clip such actions to the bounds (Pendulum, MountainCarContinuous; MuJoCo's
      // ctrlrange); the environments here do the same. Said once, on stderr, so --json output stays clean.
      const s = spec.actionSpace;
      io.stderr(`note: ${outside.length} action(s) lie outside the action space [${s.low.join(', ')}] .. [${s.high.join(', ')}] (first: action ${outside[0]}); they are clipped to the bounds, as Gymnasium does\n`);
    }

    env.state = state;
    const result = { observations: [] as number[][], rewards: [] as number[], terminated: [] as boolean[], truncated: [] as boolean[] };
    for (const a of actions) {
      const r = env.step(a);
      result.observations.push(Array.from(r.observation));
      result.rewards.push(r.reward);
      result.terminated.push(r.terminated);
      result.truncated.push(r.truncated);
      if (r.terminated || r.truncated) break;
    }

    if (values.json) {
      io.stdout(JSON.stringify(result) + '\n');
      return 0;
    }
    const lines = [`step  reward        terminated  truncated  observation [${spec.obsNames.join(', ')}]`];
    result.rewards.forEach((r, t) => {
      lines.push(`${String(t + 1).padStart(4)}  ${String(+r.toPrecision(10)).padEnd(12)}  ${String(result.terminated[t]).padEnd(10)}  ${String(result.truncated[t]).padEnd(9)}  [${result.observations[t].map((v) => +v.toPrecision(7)).join(', ')}]`);
    });
    if (result.rewards.length < actions.length) lines.push(`(stopped after step ${result.rewards.length}: the episode ended; ${actions.length - result.rewards.length} action(s) not used)`);
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
