// What a grid is: the setup every cell shares and the axes it varies (grid-setup.ts builds one from a page's
// setup, src/cli/bench-flags.ts from flags; grid.ts plans and runs it). Its own file so that the cell's
// evaluation (bench-eval.ts) can name it without importing the grid runner.
import type { Dataset } from '../data/dataset';
import type { BenchAlgorithm } from '../eval/benchmark';
import type { SweepSpec } from '../eval/evaluate';
import type { Setup } from '../setup';

/**
 * What a grid varies beyond its setup. Every other setting of a cell (training, evaluation episodes, box radius
 * and search, kernel radius, episodes, candidates and look-ahead, imperfect demonstrations, seeds) is the setup's.
 */
export interface GridAxes {
  envs: string[];
  /** Numbers of demonstration episodes (the setup's demos source is replaced per cell). */
  demos: number[];
  /** The methods of every cell, in member order (the robust ones once per radius of the setup's rhoSweep). */
  algos: BenchAlgorithm[];
  /** Sweeps per environment (a function of the environment id), or none. */
  sweeps: ((envId: string) => SweepSpec[]) | null;
  /** The worst-case box's parameters per environment, or no box (its radius and search: the setup's). */
  boxParams: ((envId: string) => string[]) | null;
  /** Whether cells evaluate the worst-case kernel (its radius, episodes, candidates and look-ahead: the setup's). */
  kernel: boolean;
  /**
   * Evaluation kernels: 0 is the deterministic one, sigma > 0 adds process noise of sigma times the
   * environment's documented std after every step (labels get ' [noise sigma]').
   */
  evalProcessNoise: number[];
  /** Base of the evaluation seeds: the cell of seed s evaluates from starts seeded evalSeed + s (in a page run's grid: evalSeed). */
  evalSeed: number;
  /**
   * The grid is a page's run cut by seed (grid-setup.ts): a cell's seed draws the training alone (initialisation,
   * minibatches, reading A's densities), and every cell shares what the seeds of one page run share: the setup's
   * demonstrations, MBIL's density fit (from the setup's seed), the evaluation starts (evalSeed) and the
   * trainer's diagnostics cadence (logEveryOf: which parameters a diverged training keeps), and its sweep points
   * are evaluated one at a time as the page does (bench-eval.ts). So the cell of seed s has the numbers of the
   * page's members of seed s. Absent (flag grids, a study): every seed is an independent
   * replicate with its own demonstrations (demos seed s), density fit (seed s) and starts (evalSeed + s).
   */
  pageRun?: boolean;
  /** Trainer settings no setup field holds (--small-data). */
  train?: Record<string, unknown>;
  /**
   * A user's demonstrations instead of the built-in expert's (one environment): a demos count N trains on
   * the dataset's first N episodes, the same for every seed (the seed still sets the initialisation, the
   * minibatches and the evaluation starts). Required for a user's MJCF model, which has no expert.
   */
  data?: Dataset;
}

/** A grid: the setup every cell shares and the axes it varies (grid-setup.ts from a page's setup, bench-flags.ts from flags). */
export interface GridSpec {
  setup: Setup;
  axes: GridAxes;
}

/** The seed of a cell's evaluation starts, the one rule (its references and every condition): evalSeed + s, or in a page run's grid evalSeed (the page's starts for every seed). */
export const cellEvalSeed = (axes: Pick<GridAxes, 'evalSeed' | 'pageRun'>, seed: number): number => axes.evalSeed + (axes.pageRun ? 0 : seed);
