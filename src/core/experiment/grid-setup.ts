// The benchmark grid a page setup describes (issue 20 item 7): the setup's run as `droil bench` cells, one per
// seed, each training the setup's members (every chosen algorithm, the robust ones per radius of the sweep) with
// the setup's training settings as one ensemble and evaluating them under the setup's evaluation plan (the
// same sweep, worst-case box and kernel radius as planEval). One mapping serves `droil bench --setup LINK|FILE`
// and the sharded form of "Show CLI command" (src/ui/share/cli-command.ts), so both run the grid the page shows.
import { TRAIN_DEFAULTS } from '../algos/defaults';
import { EVAL_DEFAULTS } from '../eval/defaults';
import type { BenchAlgorithm, BenchmarkSpec } from '../eval/benchmark';
import { UserError } from '../errors';
import { sweepRadii, type AlgoId, type Setup } from '../setup';
import { planEval } from './evaluate';
import { READING_BENCH_NAMES } from './readings';

/** A bench name per page algorithm: BE-DROIL with the MBIL loss is be-droil-mbil; segment-dro names its segment length. */
function benchAlgo(a: AlgoId, s: Setup): BenchAlgorithm {
  if (a === 'be-droil' && s.loss === 'mbil') return 'be-droil-mbil';
  if (a === 'segment-dro') return TRAIN_DEFAULTS.segment > 0 ? `segment-dro-h${TRAIN_DEFAULTS.segment}` : 'segment-dro-ep';
  return READING_BENCH_NAMES[a] ?? (a as BenchAlgorithm);
}

/**
 * What a grid cell does differently from the page's run of the same setup, in words (printed beside the
 * command): a cell is one seed with its own demonstrations and evaluation starts.
 */
export function setupGridDifferences(s: Setup): string[] {
  const kv = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(',');
  return [
    'each seed s draws its own demonstrations (from seed s) and evaluates from starts seeded by s',
    Object.keys(s.params).length > 0 && `nominal parameters ${kv(s.params)} (the grid records at the defaults)`,
    Object.keys(s.evalShift).length > 0 && `the shift ${kv(s.evalShift)} (not a grid condition)`,
    s.klKernelRho > 0 && 'the worst kernel with the CLI\'s episodes, candidates and look-ahead',
  ].filter((x): x is string => typeof x === 'string');
}

/** The grid of a setup: one environment, the setup's number of demonstrations, seeds seed..seed+seeds-1. */
export function setupGrid(s: Setup, where = '--setup'): BenchmarkSpec {
  if (s.demos.kind !== 'builtin') throw new UserError(`the setup trains on an uploaded file (${s.demos.fileName}); a grid draws the built-in expert's demonstrations per seed: use droil run --setup ... --data FILE, or droil bench --data FILE with flags`, where);
  const ev = planEval(s);
  const boxParams = ev.box?.params ?? [];
  return {
    envs: [s.envId], demos: [s.demos.episodes], algos: s.algos.map((a) => benchAlgo(a, s)), rhos: sweepRadii(s),
    seeds: s.seeds, firstSeed: s.seed, episodes: s.evalEpisodes, steps: s.steps, kappa: s.kappa, evalSeed: EVAL_DEFAULTS.seed,
    // The page's ensemble settings (run.ts ensembleConfig), MBIL's included.
    train: {
      warmStartFraction: s.warmStart, batchSize: s.batch, policyHidden: [s.hidden, s.hidden], learningRate: s.lr, divergence: s.divergence,
      gamma: s.gamma, weightClip: s.clip > 1 ? s.clip : null, mbilAlpha: s.mbilAlpha, mbilBeta: s.mbilBeta,
    },
    mbil: { densitySteps: s.mbilDensitySteps, flowBlocks: s.mbilFlowBlocks },
    demoNoise: { epsilon: s.demoEpsilon, actionNoise: s.demoActionNoise, processNoise: s.demoProcessNoise },
    evalProcessNoise: [0],
    sweeps: () => ev.sweeps,
    box: s.worstBoxEps > 0 ? () => ({ eps: s.worstBoxEps, params: boxParams, randomPoints: s.boxRandomPoints, refineRounds: s.boxRefineRounds }) : null,
    kernelRho: s.klKernelRho > 0 ? s.klKernelRho : null,
  };
}
