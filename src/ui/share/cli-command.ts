// "Show CLI command": the `droil` commands that redo the page's run headless, from the setup alone:
// the demonstrations (`droil demos`, or the uploaded file), one `droil train` per member (algorithm x radius
// x seed) and one `droil eval` per policy with the page's sweep, worst-case box and kernel. Settings the CLI
// has no flag for are named in a comment, never silently dropped. Pure: tested in Node by running the
// printed flags through the CLI's own commands.
import { sweepFactors, sweepRadii, type Setup } from '../../core/setup';
import { getEnvSpec } from '../../core/envs';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS } from '../../core/eval/defaults';
import type { EnvId } from '../../core/envs';
import { TRAIN_DEFAULTS } from '../../core/algos/defaults';

export interface CliLine {
  command: 'demos' | 'train' | 'eval';
  argv: string[];
}

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(a: string): string {
  return /^[\w.,=:/+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

const kv = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(',');

/** The member files the script writes: one policy per algorithm, radius and seed (the page's members). */
export function cliMembers(s: Setup): { algo: string; rho: number; seed: number; file: string }[] {
  const out: { algo: string; rho: number; seed: number; file: string }[] = [];
  for (let k = 0; k < s.seeds; k++) {
    const seed = s.seed + k;
    for (const algo of s.algos) {
      const radii = algo === 'bc' || algo === 'mbil' ? [0] : sweepRadii(s);
      for (const rho of radii) out.push({ algo, rho, seed, file: `policy-${algo}${algo === 'bc' || algo === 'mbil' ? '' : `-rho${rho}`}-seed${seed}.json` });
    }
  }
  return out;
}

export function cliLines(s: Setup, dataFile = 'demos.json'): CliLine[] {
  const lines: CliLine[] = [];
  const env = ['--env', s.envId];
  let data = dataFile;
  if (s.demos.kind === 'builtin') {
    const argv = ['demos', ...env, '--episodes', String(s.demos.episodes), '--seed', String(s.demos.seed), '--out', data];
    if (Object.keys(s.params).length) argv.push('--params', kv(s.params));
    if (s.demoEpsilon > 0) argv.push('--epsilon', String(s.demoEpsilon));
    if (s.demoActionNoise > 0) argv.push('--action-noise', String(s.demoActionNoise));
    if (s.demoProcessNoise > 0) argv.push('--process-noise', String(s.demoProcessNoise));
    lines.push({ command: 'demos', argv });
  } else {
    data = s.demos.fileName;
  }
  for (const m of cliMembers(s)) {
    const argv = ['train', ...env, '--data', data, '--algo', m.algo];
    if (m.algo === 'mbil') {
      argv.push('--alpha', String(s.mbilAlpha), '--beta', String(s.mbilBeta), '--density-steps', String(s.mbilDensitySteps), '--flow-blocks', String(s.mbilFlowBlocks));
    } else {
      if (m.algo !== 'bc') argv.push('--rho', String(m.rho), '--divergence', s.divergence, '--kappa', String(s.kappa), '--gamma', String(s.gamma));
      argv.push('--warm-start', String(s.warmStart));
      if (s.clip > 1) argv.push('--clip', String(s.clip));
    }
    argv.push('--steps', String(s.steps), '--batch', String(s.batch), '--seed', String(m.seed), '--out', m.file);
    lines.push({ command: 'train', argv });
  }
  const spec = getEnvSpec(s.envId);
  const names = spec.params.map((p) => p.name);
  const evalParam = names.includes(s.evalParam) ? s.evalParam : DEFAULT_EVAL_PARAMS[spec.id as EnvId][0];
  for (const m of cliMembers(s)) {
    const argv = ['eval', ...env, '--policy', m.file, '--episodes', String(s.evalEpisodes), '--seed', String(EVAL_DEFAULTS.seed),
      '--perturb', `${evalParam}=${sweepFactors(s).join(',')}`];
    if (s.worstBoxEps > 0) {
      argv.push('--worst-box', String(s.worstBoxEps), '--box-params', DEFAULT_EVAL_PARAMS[spec.id as EnvId].join(','),
        '--box-random', String(s.boxRandomPoints), '--box-rounds', String(s.boxRefineRounds));
    }
    if (s.klKernelRho > 0) argv.push('--worst-kernel', String(s.klKernelRho));
    lines.push({ command: 'eval', argv });
  }
  return lines;
}

/** Settings of the page that no CLI flag takes (the headless run uses the CLI's own values for them). */
export function cliGaps(s: Setup): string[] {
  const gaps: string[] = [];
  const D = TRAIN_DEFAULTS;
  if (s.lr !== D.learningRate) gaps.push(`learning rate ${s.lr} (the CLI trains with ${D.learningRate})`);
  if (JSON.stringify([s.hidden, s.hidden]) !== JSON.stringify(D.policyHidden)) gaps.push(`hidden units ${s.hidden} (the CLI's policy is ${D.policyHidden.join('x')})`);
  if (s.klKernelRho > 0) gaps.push(`the kernel search's ${s.kernelEpisodes} episodes, ${s.kernelCandidates} candidates and look-ahead ${s.kernelHorizon} (the CLI uses the evaluation's episodes, K = 16, H = 40)`);
  if (Object.keys(s.evalShift).length) gaps.push(`the fixed shift ${kv(s.evalShift)} (add it with --params on a second droil eval)`);
  if (s.backend !== 'auto' && s.backend !== 'wasm' && s.backend !== 'cpu') gaps.push(`backend ${s.backend} (Node has wasm and cpu)`);
  return gaps;
}

/** The whole script, ready to paste into a shell. */
export function cliScript(s: Setup, dataFile = 'demos.json'): string {
  const out = ['# Redo this run headless (after `npm ci` in a checkout of the playground):'];
  if (s.demos.kind === 'upload') out.push(`# ${s.demos.fileName} is the file you uploaded: put it next to this script.`);
  for (const l of cliLines(s, dataFile)) out.push(`npx droil ${l.argv.map(shellQuote).join(' ')}`);
  const gaps = cliGaps(s);
  if (gaps.length) out.push(`# Not settable from the CLI: ${gaps.join('; ')}.`);
  return out.join('\n') + '\n';
}
