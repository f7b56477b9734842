// "Show CLI command": one `droil run` line that redoes the run on screen headless. The setup travels whole in
// the same hash as the share link, so every setting reaches the CLI and nothing needs a flag of its own;
// `droil run` (src/cli/commands/run.ts) decodes it and drives the same pipeline as the page
// (src/core/experiment/run.ts). An uploaded file is passed with --data, since links never carry data.
// A run too large for one machine also gets the `droil bench` grid form, sharded over a Slurm array with a
// dependent merge (docs/cluster.md).
import { defaultSetup, setupToHash, sweepFactors, sweepRadii, type Setup } from '../../core/setup';
import { getEnvSpec, type EnvId } from '../../core/envs';
import { defaultEvalParamsOf } from '../../core/environments/registry';
import { planMembers } from '../../core/experiment/members';

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
const kv = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(',');

/**
 * The run (built-in demonstrations) as one `droil bench` grid (one cell per seed; docs/cluster.md), for a
 * Slurm array of shards (--shard $SLURM_ARRAY_TASK_ID/N): bench draws each seed's demonstrations from that
 * seed (the page uses one set) and trains with its own values of what it has no flag for (named in a comment).
 */
export function cliBenchArgv(s: Setup): string[] {
  const argv = ['bench', '--env', s.envId, '--demos', String(s.demos.kind === 'builtin' ? s.demos.episodes : 0), '--algos', s.algos.join(','),
    '--rho', sweepRadii(s).join(','), '--seeds', String(s.seeds), '--first-seed', String(s.seed), '--steps', String(s.steps), '--batch', String(s.batch),
    '--kappa', String(s.kappa), '--warm-start', String(s.warmStart), '--hidden', `${s.hidden},${s.hidden}`, '--episodes', String(s.evalEpisodes)];
  if (s.algos.includes('mbil') || s.loss === 'mbil') argv.push('--density-steps', String(s.mbilDensitySteps));
  if (s.loss === 'mbil') argv.push('--loss', 'mbil');
  const spec = getEnvSpec(s.envId);
  argv.push('--perturb', `${spec.params.some((p) => p.name === s.evalParam) ? s.evalParam : defaultEvalParamsOf(spec)[0]}=${sweepFactors(s).join(',')}`);
  if (s.worstBoxEps > 0) argv.push('--worst-box', String(s.worstBoxEps), '--box-params', defaultEvalParamsOf(spec).join(','), '--box-random', String(s.boxRandomPoints), '--box-rounds', String(s.boxRefineRounds));
  if (s.klKernelRho > 0) argv.push('--worst-kernel', String(s.klKernelRho));
  if (s.demoEpsilon > 0) argv.push('--epsilon', String(s.demoEpsilon));
  if (s.demoActionNoise > 0) argv.push('--action-noise', String(s.demoActionNoise));
  if (s.demoProcessNoise > 0) argv.push('--process-noise', String(s.demoProcessNoise));
  return argv;
}

export function clusterScript(s: Setup, shards: number): string {
  const grid = cliBenchArgv(s).map(shellQuote).join(' ');
  const D = defaultSetup;
  const gaps = [s.divergence !== D.divergence && `divergence ${s.divergence}`, s.gamma !== D.gamma && `gamma ${s.gamma}`, s.clip !== D.clip && `clip ${s.clip}`,
    s.lr !== D.lr && `learning rate ${s.lr}`, Object.keys(s.params).length > 0 && `nominal parameters ${kv(s.params)}`, Object.keys(s.evalShift).length > 0 && `shift ${kv(s.evalShift)}`,
    (s.mbilAlpha !== D.mbilAlpha || s.mbilBeta !== D.mbilBeta || s.mbilFlowBlocks !== D.mbilFlowBlocks) && 'MBIL alpha, beta and flow blocks'].filter(Boolean);
  return [
    `# As a Slurm array of ${shards} shards and a dependent merge (docs/cluster.md; bench draws each seed's demonstrations from that seed${gaps.length ? `; bench has no flag for ${gaps.join(', ')}` : ''}):`,
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
