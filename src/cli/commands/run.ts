// `droil run --setup LINK|FILE`: runs exactly what a share link or a setup file describes, through the same
// pipeline as the page (src/core/experiment/run.ts): the same members, data, training and evaluation, so the
// numbers on screen can be reproduced headless. "Show CLI command" in the page prints this command.
import { writeFile } from 'node:fs/promises';
import { UserError } from '../../core/errors';
import { formatMeanCi } from '../../core/eval/stats';
import { builtinDemosFor } from '../../core/experiment/demos';
import { runExperiment } from '../../core/experiment/run';
import type { RunResult } from '../../core/experiment/types';
import { getEnvSpec } from '../../core/environments/registry';
import { prepareEnv } from '../../core/mujoco/registry';
import { ALGO_LABELS, NON_ROBUST_ALGOS, decodeLinkOrThrow, parseSetup, type Setup } from '../../core/setup';
import { initBackend, type BackendPref } from '../../core/tf';
import { parse, requireString } from '../args';
import type { Command } from '../command';
import { readDatasetBytes, readDatasetFile } from '../files';
import { MAX_PROJECT_BYTES, readProject } from '../../core/project/project';
import { readBounded } from '../paths';

const usage = `Usage: droil run --setup LINK|FILE [--data FILE] [--backend auto|cpu|wasm] [--json FILE]

Trains and evaluates what a share link or a setup file describes, exactly as the page does: every chosen
algorithm per seed (the robust ones per radius of the sweep), the same demonstrations, steps and evaluation
(sweep, worst-case box, worst-case kernel, shift), and prints the members' returns and the paired gains over BC.

  --setup S        a share link (the page's "Copy link"; the part after '#' is enough), a project file (the
                   page's "Export project" .zip: its setup and its demonstrations) or a JSON file holding a
                   setup (the setup.json of a project file)
  --data FILE      the demonstrations when the setup names an uploaded file (links never carry data; a
                   project file carries its own)
  --backend B      tfjs backend (default auto: wasm, else cpu, in Node); the setup's own backend is a browser
                   choice and is not used here
  --json FILE      also write the result (members, returns, paired statistics; no traces) as JSON
`;

/** Flags a user may try beside --setup that belong to `droil bench --setup` (refused here in one line that says so). */
const BENCH_ONLY: Record<string, { type: 'string' }> = { seeds: { type: 'string' }, seed: { type: 'string' }, 'first-seed': { type: 'string' }, jobs: { type: 'string' }, shard: { type: 'string' } };

/** Setup files above this size are refused (the largest valid setup is far below). */
const SETUP_MAX_BYTES = 10_000_000;

/** The setup a --setup argument describes: a link (URL or hash), a project file or a JSON setup file. */
export async function readSetupArg(arg: string): Promise<Setup> {
  return (await readSetupSource(arg)).setup;
}

/** The setup, and the demonstrations' bytes where the source carries them (a project file). */
export async function readSetupSource(arg: string): Promise<{ setup: Setup; dataset?: { fileName: string; bytes: Uint8Array } }> {
  const hash = arg.includes('#') ? arg.slice(arg.indexOf('#') + 1) : /^(v|z)=/.test(arg) ? arg : null;
  if (hash !== null) {
    try {
      return { setup: decodeLinkOrThrow(hash).setup };
    } catch (e) {
      throw e instanceof UserError ? new UserError(`the link's setup cannot be used: ${e.message.replace(/^link: /, '')}`, '--setup') : e;
    }
  }
  // Devices and pipes refused, reading stops at the limit (a project file's; a setup file is a few kilobytes).
  const bytes = await readBounded(arg, MAX_PROJECT_BYTES, 'the setup file');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readProject(bytes, arg); // 'PK': a zip, the page's project file
  if (bytes.length > SETUP_MAX_BYTES) throw new UserError(`is ${(bytes.length / 1e6).toFixed(0)} MB: neither a project file (.zip) nor a setup (a few kB of JSON)`, arg);
  let value: unknown;
  try { value = JSON.parse(new TextDecoder().decode(bytes)); } catch { throw new UserError('is neither a share link, a project file nor a JSON setup file', arg); }
  return { setup: parseSetup(value, arg) };
}

function summary(result: RunResult) {
  const member = new Map(result.members.map((m) => [m.id, m]));
  return {
    envId: result.setup.envId, backend: result.backend.backend, stopped: result.stopped,
    members: result.evals.map((e) => {
      const m = member.get(e.memberId)!;
      return {
        id: m.id, algo: m.algo, rho: m.rho, seed: m.seed, nominal: e.nominal.mean, worstBox: e.worstBox.stat.mean,
        worstBoxParams: e.worstBox.params, worstKernel: e.worstKernel.mean, sweepArea: e.sweepArea, shift: e.shift?.mean,
        sweep: e.sweep.map((p) => ({ factor: p.factor, mean: p.stat.mean })),
      };
    }),
    paired: result.paired.map((p) => ({ algo: p.algo, rho: p.rho, condition: p.condition, diffs: p.diffs, mean: p.stat.mean, ci95: p.stat.ci95 })),
  };
}

export const command: Command = {
  name: 'run',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { setup: { type: 'string' }, data: { type: 'string' }, backend: { type: 'string' }, json: { type: 'string' }, ...BENCH_ONLY });
    const benchOnly = Object.keys(BENCH_ONLY).find((k) => values[k] !== undefined);
    if (benchOnly) throw new UserError(`droil run runs the link's run as it is, in one process; for other seeds, threads or shards use droil bench --setup (the same numbers, seed by seed)`, `--${benchOnly}`);
    const source = await readSetupSource(requireString(values, 'setup'));
    const { setup } = source;
    const backendPref = (typeof values.backend === 'string' ? values.backend : 'auto') as BackendPref;
    if (!['auto', 'cpu', 'wasm'].includes(backendPref)) throw new UserError(`expected auto, cpu or wasm, got '${backendPref}'`, '--backend');
    await prepareEnv(setup.envId); // MuJoCo environments load their WebAssembly first
    const spec = getEnvSpec(setup.envId);
    let data;
    if (setup.demos.kind === 'builtin') {
      if (typeof values.data === 'string') throw new UserError('the setup uses built-in demonstrations; --data applies to setups that name an uploaded file', '--data');
      data = builtinDemosFor(setup);
    } else {
      if (source.dataset && typeof values.data === 'string') throw new UserError(`the project file carries its demonstrations ('${source.dataset.fileName}'); leave --data out`, '--data');
      if (source.dataset) data = await readDatasetBytes(source.dataset.bytes, `${requireString(values, 'setup')}: data/${source.dataset.fileName}`, { envSpec: spec });
      else if (typeof values.data !== 'string') throw new UserError(`the setup names the uploaded file '${setup.demos.fileName}': pass it with --data FILE (links never carry data)`, '--data');
      else data = await readDatasetFile(values.data, { envSpec: spec });
    }
    const backend = await initBackend(backendPref);
    io.stderr(`backend: ${backend.backend} (${backend.reason})\n`);
    let lastPct = -1;
    const result = await runExperiment(setup, data, {
      control: { stopped: false, paused: false }, backend,
      onProgress: (p) => {
        const pct = Math.floor((p.fraction ?? 0) * 10) * 10;
        if (pct > lastPct) { lastPct = pct; io.stderr(`${pct}% ${p.stage || p.phase}\n`); }
      },
    });
    const member = new Map(result.members.map((m) => [m.id, m]));
    const label = (algo: keyof typeof ALGO_LABELS, rho: number) => `${ALGO_LABELS[algo]}${NON_ROBUST_ALGOS.includes(algo) ? '' : ` rho ${rho}`}`;
    io.stdout(`${spec.id}: ${result.members.length} members, ${setup.seeds} seed${setup.seeds > 1 ? 's' : ''}, backend ${result.backend.backend}\n\n`);
    io.stdout('| member | seed | nominal | worst box | worst kernel | sweep area |' + (result.shift ? ' shift |' : '') + '\n');
    io.stdout('|---|---|---|---|---|---|' + (result.shift ? '---|' : '') + '\n');
    for (const e of result.evals) {
      const m = member.get(e.memberId)!;
      io.stdout(`| ${label(m.algo, m.rho)} | ${m.seed} | ${formatMeanCi(e.nominal, 1)} | ${formatMeanCi(e.worstBox.stat, 1)} | ${formatMeanCi(e.worstKernel, 1)} | ${e.sweepArea.toFixed(1)} |` + (result.shift ? ` ${e.shift ? formatMeanCi(e.shift, 1) : ''} |` : '') + '\n');
    }
    if (result.paired.length) {
      io.stdout('\nPaired gain over BC (mean of per-seed differences ± 95% CI):\n\n| method | condition | gain | seeds |\n|---|---|---|---|\n');
      for (const p of result.paired) io.stdout(`| ${label(p.algo, p.rho)} | ${p.condition} | ${formatMeanCi(p.stat, 1)} | ${p.diffs.length} |\n`);
    }
    if (typeof values.json === 'string') {
      try { await writeFile(values.json, JSON.stringify(summary(result), null, 2) + '\n'); } catch (e) {
        throw new UserError(`cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, values.json);
      }
    }
    // The table above is of the last good parameters; the run still failed, in one line (exit code 2).
    if (result.diverged) throw new UserError(`${result.diverged}, and evaluated them above; try a lower learning rate (lr in the setup)`);
    return 0;
  },
};
