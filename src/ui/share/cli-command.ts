// "Show CLI command": one `droil run` line that redoes the run on screen headless. The setup travels whole in
// the same hash as the share link, so every setting reaches the CLI and nothing needs a flag of its own;
// `droil run` (src/cli/commands/run.ts) decodes it and drives the same pipeline as the page
// (src/core/experiment/run.ts). An uploaded file is passed with --data, since links never carry data.
// A run too large for one machine also gets the `droil bench --setup` grid form (the same hash), sharded over a
// Slurm array with a dependent merge (docs/cluster.md).
import { setupToHash, type Setup } from '../../core/setup';
import { planMembers } from '../../core/experiment/members';
import { setupGridDifferences } from '../../core/experiment/grid-setup';

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

/** Member training steps of a run (members x steps); above ONE_MACHINE_STEPS the script adds the sharded form. */
export const trainingWork = (s: Setup) => planMembers(s).length * s.steps;
const ONE_MACHINE_STEPS = 2_000_000;

/** The argv after `droil` of the grid this setup describes (src/core/experiment/grid-setup.ts): the same hash as the link. */
export function cliBenchArgv(s: Setup): string[] {
  return ['bench', '--setup', `#${setupToHash(s)}`];
}

/**
 * The run (built-in demonstrations) as a `droil bench` grid (one cell per seed) on a Slurm array of shards
 * (--shard $SLURM_ARRAY_TASK_ID/N) and a dependent merge (docs/cluster.md): bench decodes the setup from the
 * hash like droil run, so every setting reaches the grid; the comment says what a cell does differently.
 */
export function clusterScript(s: Setup, shards: number): string {
  const grid = cliBenchArgv(s).map(shellQuote).join(' ');
  return [
    `# As a Slurm array of ${shards} shards and a dependent merge (docs/cluster.md); a grid cell per seed: ${setupGridDifferences(s).join('; ')}:`,
    `cat > droil-bench.sbatch <<'EOF'`, '#!/bin/bash', `#SBATCH --array=0-${shards - 1}`, '#SBATCH --cpus-per-task=2',
    `npx droil ${grid} --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --jobs "\${SLURM_CPUS_PER_TASK:-1}" --out "bench-parts/$SLURM_ARRAY_TASK_ID"`,
    'EOF', 'jid=$(sbatch --parsable droil-bench.sbatch)',
    `sbatch --dependency=afterok:\${jid%%;*} --kill-on-invalid-dep=yes --wrap 'npx droil bench merge bench-parts/* --out bench-out'`,
  ].join('\n') + '\n';
}

/** The command, ready to paste into a shell; a run too large for one machine also gets its sharded form. */
export function cliScript(s: Setup): string {
  const out = ['# Redo this run headless (after `npm ci` in a checkout of the playground):'];
  if (s.demos.kind === 'upload') out.push(`# ${s.demos.fileName} is the file you uploaded: put it next to where you run this.`);
  if (s.backend === 'webgpu' || s.backend === 'webgl') out.push(`# Node has no ${s.backend}: droil runs on wasm (same numbers as the page on wasm).`);
  out.push(`npx droil ${cliArgv(s).map(shellQuote).join(' ')}`);
  const work = trainingWork(s);
  if (work > ONE_MACHINE_STEPS && s.demos.kind === 'builtin') {
    out.push(`# ${work.toExponential(1)} member training steps: too many for one machine.`, clusterScript(s, Math.min(s.seeds, Math.ceil(work / (ONE_MACHINE_STEPS / 2)))).trimEnd());
  }
  return out.join('\n') + '\n';
}
