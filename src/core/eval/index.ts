// Public API of the evaluation core: rollouts, sweeps, the worst-case box and kernel, statistics.
export { initialStates, rollout, conditionReturns, checkActor, type Trace, type RolloutOptions, type RolloutResult } from './rollout';
export { randomActor } from './random-actor';
export { EVAL_DEFAULTS, defaultFactors, logGrid } from './defaults';
export { DEFAULT_EVAL_PARAMS, defaultEvalParamsOf } from '../environments/registry';
export {
  evaluateConditions, evaluateNominal, evaluateSweeps, evaluateWorstBox, boxSearchEpisodes, nominalReferences, scoreOf, contextStarts, checkSweeps, fmtFactor,
  type EvalContext, type Condition, type ConditionResult, type SweepSpec, type SweepResult, type BoxOptions, type BoxResult, type References,
} from './evaluate';
export { evaluateWorstKernel, type KernelOptions, type KernelResult } from './worst-kernel';
export { worstCaseBox, type BoxPoint, type BoxSearchResult, type BoxSearchOptions } from './worst-box';
export { klTilt, klToUniform, sampleIndex, type Tilt } from './kl-tilt';
export * from './stats';
