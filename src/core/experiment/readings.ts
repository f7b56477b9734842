// The readings of ALGORITHMS.md 3.5 in a playground run (and `droil run`), built exactly as a bench cell builds
// them: each page algorithm is a bench method (run.ts methodOf), and its per-transition inputs come from the bench's
// builder (src/core/eval/reading-inputs.ts) with the setup's MBIL density settings and the sweep's perturbed
// points. A bench cell of seed s and a run of seed s on the same data train the same parameters
// (test/unit/experiment-readings.test.ts).
import type { ReadingInputs } from '../algos/ensemble';
import type { Dataset } from '../data/dataset';
import type { BenchAlgorithm } from '../eval/benchmark';
import { isTiltedName, lrOracleLack, lrOracleOf, perturbedOfSweeps, processNoiseOf, readingInputsFor, simulatorRatioEnvs } from '../eval/reading-inputs';
import { UserError } from '../errors';
import { getEnvSpec } from '../environments/registry';
import { actionBounds } from '../envs/types';
import type { DensityFitOptions } from '../mbil/density-fit';
import { ALGO_LABELS, type AlgoId, type Setup } from '../setup';
import { planEval } from './evaluate';

/** The bench method of each page reading (B's oracle weighs whole episodes: the setting the held-out study judged). */
export const READING_BENCH_NAMES: Partial<Record<AlgoId, BenchAlgorithm>> = {
  'tilted-model': 'tilted-model', 'augment-model': 'augment-model', 'tilted-expert': 'tilted-expert', 'lr-oracle': 'lr-oracle-ep',
};

/** Bench methods with per-transition inputs (readings A and B). */
const isReadingName = (a: string) => lrOracleOf(a) !== null || isTiltedName(a);

/** Reading A's members (they fit MBIL's densities first, one fit per seed). */
export const READING_A_IDS: readonly AlgoId[] = ['tilted-model', 'augment-model', 'tilted-expert'];
/** Density models reading A fits per seed (eval/reading-inputs.ts modelCandidates: T_hat, then the joint or the classifier). */
export const READING_A_MODELS = 2;

/**
 * The inputs of a run's members, given as bench methods with their seeds (undefined when none is a reading): A's
 * densities with the setup's MBIL density settings (as setupGrid gives a bench cell), B's mixture from the setup's
 * sweep, the process noise the data record. Stop and Pause reach A's density fits.
 */
export async function setupReadingInputs(
  setup: Setup, data: Dataset, methods: { algo: string; seed: number }[], hooks: Pick<DensityFitOptions, 'shouldStop' | 'shouldPause' | 'onLog'> = {},
  /** B's mixture when the sweeps are not the setup's one (a grid's --perturb, src/core/experiment/grid.ts). */
  perturbed?: Record<string, number>[],
): Promise<ReadingInputs | undefined> {
  if (!methods.some((m) => isReadingName(m.algo))) return undefined;
  const oracle = methods.some((m) => lrOracleOf(m.algo) !== null);
  // B's oracle in words of the page (the bench's messages name its flags).
  const lack = oracle ? lrOracleLack(setup.envId, processNoiseOf(data)) : null;
  if (lack === 'noise') throw new UserError(`${ALGO_LABELS['lr-oracle']} weighs transitions by the simulator's noise density: it needs demonstrations recorded under process noise (set the demonstrations' process noise above 0)`, 'algos');
  if (lack === 'state') throw new UserError(`${ALGO_LABELS['lr-oracle']} needs the simulator's state from the observations, which only ${simulatorRatioEnvs.join(', ')} give`, 'algos');
  const bounds = actionBounds(getEnvSpec(setup.envId).actionSpace);
  return readingInputsFor(setup.envId, data, methods, {
    processNoise: processNoiseOf(data), seed: setup.seed, hooks,
    mbil: { envId: setup.envId, densitySteps: setup.mbilDensitySteps, flowBlocks: setup.mbilFlowBlocks, ...bounds },
    perturbed: oracle ? perturbed ?? perturbedOfSweeps(setup.envId, planEval(setup).sweeps) : [],
  });
}
