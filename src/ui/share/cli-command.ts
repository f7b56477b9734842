// "Show CLI command": one `droil run` line that redoes the run on screen headless. The setup travels whole in
// the same hash as the share link, so every setting reaches the CLI and nothing needs a flag of its own;
// `droil run` (src/cli/commands/run.ts) decodes it and drives the same pipeline as the page
// (src/core/experiment/run.ts). An uploaded file is passed with --data, since links never carry data.
import { setupToHash, type Setup } from '../../core/setup';

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(a: string): string {
  return /^[\w.,=:/+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** The argv after `droil` that reproduces the setup's run. */
export function cliArgv(s: Setup): string[] {
  const argv = ['run', '--setup', `#${setupToHash(s)}`];
  if (s.demos.kind === 'upload') argv.push('--data', s.demos.fileName);
  return argv;
}

/** The command, ready to paste into a shell. */
export function cliScript(s: Setup): string {
  const out = ['# Redo this run headless (after `npm ci` in a checkout of the playground):'];
  if (s.demos.kind === 'upload') out.push(`# ${s.demos.fileName} is the file you uploaded: put it next to where you run this.`);
  if (s.backend === 'webgpu' || s.backend === 'webgl') out.push(`# Node has no ${s.backend}: droil runs on wasm (same numbers as the page on wasm).`);
  out.push(`npx droil ${cliArgv(s).map(shellQuote).join(' ')}`);
  return out.join('\n') + '\n';
}
