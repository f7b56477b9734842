// The grid a page setup describes (issue 20 item 7): the setup itself plus the axes that say "the page's run,
// one cell per seed": its environment, its number of demonstrations, its algorithms (by their bench names), its
// one sweep and box parameters (planEval's), the deterministic kernel, the page's evaluation seed, and pageRun:
// the cells share the run's demonstrations, density fit and starts, so the cell of seed s has the numbers of the
// page's members of seed s (grid.ts cellSetup). One mapping serves `droil bench --setup LINK|FILE` and the
// sharded form of "Show CLI command" (src/ui/share/cli-command.ts).
import { EVAL_DEFAULTS } from '../eval/defaults';
import { UserError } from '../errors';
import { sweepRadii, type Setup } from '../setup';
import { planEval } from './evaluate';
import { methodOf } from './run';
import type { GridSpec } from './grid';

/**
 * Version of the cell plan of a setup's grid, in its recorded settings (so in its grid id): a result directory of
 * another version is another grid, and a rerun or merge never mixes its cells with these. 1 (until 2026-12-07):
 * each seed s its own run (demos seed s, density fit from s, starts seeded 12345 + s, diagnostics every 50
 * steps); 2 (commit 43c8db8 alone): the page's run cut by seed with a member's sweep points in one batch;
 * 3: the page's run cut by seed (pageRun), sweep points one at a time.
 */
export const SETUP_GRID_PLAN = 3;

/**
 * What the grid's results hold of the page's run of the same setup, in words (printed beside the command): every
 * seed's members, with the same numbers; a box or kernel of radius 0 (the nominal return on the page) is left out.
 */
export function setupGridDifferences(s: Setup): string[] {
  return [
    `the cell of seed s holds the numbers of the page's members of seed s (the run's demonstrations, density fit and evaluation starts)`,
    s.worstBoxEps === 0 && 'no worst box (radius 0)',
    s.klKernelRho === 0 && 'no worst kernel (radius 0)',
  ].filter((x): x is string => typeof x === 'string');
}

/** The grid of a setup: one environment, the setup's number of demonstrations, seeds seed..seed+seeds-1. */
export function setupGrid(s: Setup, where = '--setup'): GridSpec {
  if (s.demos.kind !== 'builtin') throw new UserError(`the setup trains on an uploaded file (${s.demos.fileName}); a grid draws the built-in expert's demonstrations per seed: use droil run --setup ... --data FILE, or droil bench --data FILE with flags`, where);
  const ev = planEval(s);
  return {
    // The page's members train its radii in sorted order (planMembers).
    setup: { ...s, rhoSweep: sweepRadii(s) },
    axes: {
      envs: [s.envId], demos: [s.demos.episodes], algos: s.algos.map((a) => methodOf(a, s)),
      sweeps: () => ev.sweeps,
      boxParams: s.worstBoxEps > 0 ? () => ev.box!.params : null,
      kernel: s.klKernelRho > 0,
      evalProcessNoise: [0], evalSeed: EVAL_DEFAULTS.seed, pageRun: true,
    },
  };
}
