// A RunResult from a run's pieces: the setup that produced it, its members, the assembled evaluation and the
// run's bookkeeping; and, for a stopped run, what it kept in words.
import type { PolicyJson } from '../algos/policy';
import type { Setup } from '../setup';
import type { AssembledEval, EvalPlan } from './evaluate';
import type { BackendInfo, MemberInfo, RunResult } from './types';

export interface RunBookkeeping {
  backend: BackendInfo;
  stopped: boolean;
  trainMs: number;
  evalMs: number;
  policies?: Record<number, PolicyJson>;
  /** What the training kept when it was stopped (e.g. 'training stopped at step 120 of 300'). */
  trainKept?: string;
  /** Training diverged: the trainer's one line (where, and from which step the kept parameters are). */
  diverged?: string;
}

export function runResult(setup: Setup, members: MemberInfo[], plan: EvalPlan, ev: AssembledEval, b: RunBookkeeping): RunResult {
  const evaluated = new Set(ev.evals.map((e) => e.memberId));
  const kept = b.stopped || ev.pending ? keptText(members.filter((m) => evaluated.has(m.id)).length, members.length, plan.factors.length, ev, b.trainKept) : undefined;
  return {
    setup, members: members.filter((m) => evaluated.has(m.id) || !ev.pending), evals: ev.evals, paired: ev.paired, evalParam: plan.evalParam,
    factors: plan.factors, shift: plan.shift, reference: ev.reference, backend: b.backend, stopped: b.stopped, trainMs: b.trainMs, evalMs: b.evalMs,
    policies: b.policies, ...(ev.pending ? { pending: ev.pending } : {}), ...(kept ? { kept } : {}), ...(b.diverged ? { diverged: b.diverged } : {}),
  };
}

/** 'training stopped at step 120 of 300; evaluated 4 of 4 members: nominal, 5 of 9 sweep points, no worst box, no worst kernel'. */
export function keptText(evaluated: number, trained: number, points: number, ev: AssembledEval, trainKept?: string): string {
  const parts: string[] = trainKept ? [trainKept] : [];
  const p = ev.pending;
  if (!p) parts.push(`evaluated all ${trained} policies`);
  else if (evaluated === 0) parts.push('nothing evaluated');
  else {
    const n = evaluated;
    const count = (missing: number, of: number, what: string) => (missing === 0 ? `every ${what}` : missing >= of ? `no ${what}` : `${of - missing} of ${of} ${what}s`);
    parts.push(`evaluated ${n} of ${trained} policies: nominal, ${count(p.sweepPoints, n * points, 'sweep point')}, ${count(p.worstBox, n, 'worst box')}, ${count(p.worstKernel, n, 'worst kernel')}`);
  }
  return parts.join('; ');
}
