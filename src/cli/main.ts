// `droil`: the headless command line over the core. Each command is a thin shell in commands/.
import { isUserError } from '../core/errors';
import type { CliIO, Command } from './command';
import { oneLine, readStreamBounded, terminalSafe } from './paths';

// One line per command: its summary for `droil --help` and its module, loaded only when the command runs
// (so `droil --help` and `droil --version` load no command and no tfjs).
const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  envs: { summary: 'list the environments, their spaces and physical parameters', load: () => import('./commands/envs') },
  rollout: { summary: 'replay actions from an internal state; print observations, rewards, flags', load: () => import('./commands/rollout') },
  demos: { summary: 'generate expert demonstrations from a seed (droil-demos JSON)', load: () => import('./commands/demos') },
  inspect: { summary: 'read and validate a demonstration file, print what it holds', load: () => import('./commands/inspect') },
  train: { summary: 'train a policy with BC, DRO-BC, BE-DROIL or MBIL, write it as policy JSON', load: () => import('./commands/train') },
  eval: { summary: 'evaluate a policy: returns, perturbation sweeps, worst-case box and KL kernel', load: () => import('./commands/eval') },
  run: { summary: 'train and evaluate exactly what a share link or setup file describes (the page\'s run, headless)', load: () => import('./commands/run') },
  bench: { summary: 'train and evaluate a grid of methods, seeds and perturbations; print the robustness table', load: () => import('./commands/bench') },
};

const overview = () => `droil: the BE-DROIL Playground's command line

Usage: droil <command> [options]      droil <command> --help for its options
       droil --version

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}
`;

/** The package's version, read from package.json beside src/ (no import of the rest of the CLI). */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[], rawIO: CliIO): Promise<number> {
  // Whatever a command prints may hold text from a file (a CSV column name, a file name): control
  // characters are shown escaped, never sent raw to the terminal.
  const io: CliIO = { ...rawIO, stdout: (t) => rawIO.stdout(terminalSafe(t)), stderr: (t) => rawIO.stderr(terminalSafe(t)) };
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(overview());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      io.stdout(`droil ${await version()}\n`);
      return 0;
    }
    const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!entry) {
      io.stderr(`error: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})\n`);
      return 2;
    }
    const { command } = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (isUserError(e)) {
      io.stderr(`error: ${oneLine(e.message)}\n`);
      return 2;
    }
    // An unexpected failure is a bug, but the user still gets one line, not a stack trace.
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`error: internal error: ${oneLine(msg.split('\n')[0])}\n`);
    if (process.env.DROIL_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return 1;
  }
}

export const processIO: CliIO = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  isTTY: Boolean(process.stderr.isTTY),
  readStdin: async (maxBytes) => {
    const bytes = await readStreamBounded(process.stdin, maxBytes, 'the input', 'standard input');
    return new TextDecoder().decode(bytes);
  },
};
