// `droil`: the headless command line over the core. Each command is a thin shell in commands/.
import { isUserError } from '../core/errors';
import type { CliIO, Command } from './command';

// One line per command; modules load lazily so `droil envs` does not pay for tfjs.
const commands: Record<string, () => Promise<{ command: Command }>> = {
  envs: () => import('./commands/envs'),
  rollout: () => import('./commands/rollout'),
  demos: () => import('./commands/demos'),
  inspect: () => import('./commands/inspect'),
  train: () => import('./commands/train'),
  eval: () => import('./commands/eval'),
  bench: () => import('./commands/bench'),
  // (more commands are registered here, one line each)
};

const overview = (summaries: string[]) => `droil: the BE-DROIL Playground's command line

Usage: droil <command> [options]      droil <command> --help for its options

Commands:
${summaries.join('\n')}
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const loaded = await Promise.all(Object.values(commands).map((load) => load()));
      io.stdout(overview(loaded.map(({ command }) => `  ${command.name.padEnd(9)} ${command.summary}`)));
      return name === undefined ? 2 : 0;
    }
    const load = commands[name];
    if (!load) {
      io.stderr(`error: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})\n`);
      return 2;
    }
    const { command } = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (isUserError(e)) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    // An unexpected failure is a bug, but the user still gets one line, not a stack trace.
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`error: internal error: ${msg.split('\n')[0]}\n`);
    if (process.env.DROIL_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return 1;
  }
}

export const processIO: CliIO = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
