// The grid a page setup describes (issue 20 item 7): the setup itself plus the axes that say "the page's run,
// one cell per seed": its environment, its number of demonstrations, its algorithms (by their bench names), its
// one sweep and box parameters (planEval's), the deterministic kernel and the page's evaluation seed. Each cell
// is then the page's pipeline on the setup of that cell (grid.ts cellSetup). One mapping serves
// `droil bench --setup LINK|FILE` and the sharded form of "Show CLI command" (src/ui/share/cli-command.ts).
import { EVAL_DEFAULTS } from '../eval/defaults';
import { UserError } from '../errors';
import { sweepRadii, type Setup } from '../setup';
import { planEval } from './evaluate';
import { methodOf } from './run';
import type { GridSpec } from './grid';

/**
 * What a grid cell does differently from the page's run of the same setup, in words (printed beside the
 * command): a cell is one seed with its own demonstrations and evaluation starts.
 */
export function setupGridDifferences(s: Setup): string[] {
  return [
    `each seed s is its own run (seeds 1) on its own demonstrations (demos seed s), evaluated from starts seeded ${EVAL_DEFAULTS.seed} + s`,
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
      evalProcessNoise: [0], evalSeed: EVAL_DEFAULTS.seed,
    },
  };
}
