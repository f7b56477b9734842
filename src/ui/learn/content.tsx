// The method in plain words, paragraph by paragraph; each paragraph answers one control's "?".
// Equations follow ALGORITHMS.md with its names (l, w, rho, lambda, nu, kappa, gamma).
import type { ReactNode } from 'react';
import { Equation, mfrac, mi, mn, mo, mrow, msub, msup, mtext, munder } from './math';
import { ReadingsTopic } from './ReadingsTopic';
import { readingsThatPay } from './verdicts';

export type LearnTopicId = 'method' | 'rho' | 'divergence' | 'kappa' | 'worst-case' | 'paired' | 'readings';

export interface LearnTopic { id: LearnTopicId; title: string; body: ReactNode }

const li = msub(mi('l'), mi('i'));
const wi = msub(mi('w'), mi('i'));
const mean = (...c: ReactNode[]) => mrow(mfrac(mn(1), mi('N')), munder(mo('∑'), mi('i')), ...c);

export const LEARN_TOPICS: LearnTopic[] = [
  {
    id: 'method',
    title: 'What the playground compares',
    body: (<>
      <p>
        <b>Behaviour cloning (BC)</b> copies an expert: it fits a policy to the expert's actions, every recorded
        step counting the same. It works where the expert went, and often breaks when the world changes a little
        (a heavier pole, stronger gravity): the policy meets states the expert never showed.
      </p>
      <p>
        <b>Distributionally robust</b> imitation trains against an adversary that may <i>reweight</i> the
        demonstrations, within a budget ρ, so that the policy's loss is as large as possible. The policy then
        has to do well on the hard parts of the data too. Every sample i gets a weight w<sub>i</sub> with mean 1:
      </p>
      <Equation label="min over theta of max over weights w in the ball of radius rho of the weighted mean loss">{[
        munder(mi('min'), mi('θ')), munder(mi('max'), mrow(mi('w'), mo('≥'), mn(0), mo(','), msub(mi('D'), mi('f')), mo('('), mi('w'), mo(')'), mo('≤'), mi('ρ'))),
        mean(wi, mo('⁢'), msub(mi('l'), mi('θ')), mo('('), msub(mi('s'), mi('i')), mo(','), msub(mi('a'), mi('i')), mo(')')),
      ]}</Equation>
      <p>
        <b>DRO-BC</b> lets the adversary reweight freely. <b>BE-DROIL</b> adds the <i>balance equation</i>: the
        reweighted data must still look like trajectories of a Markov chain (what flows into a state flows out
        again), so the adversary can only pick weights that some other transition model of the world would
        produce. The worst case becomes "the expert's data under other physics".
      </p>
      <p>
        <b>What no reweighting can reach.</b> Under changed physics a clone fails in states the demonstrations never
        visited, and no weight on recorded transitions puts data there: in this project's studies
        (docs/results/where-it-pays.md and issue-19.md) no weighting beat BC reliably. The last section,
        "Beyond reweighting", shows why with the page's charts and what the readings that reach further found.
      </p>
    </>),
  },
  {
    id: 'rho',
    title: 'The radius ρ: how far the adversary may move the data',
    body: (<>
      <p>
        ρ is the size of the uncertainty set: the divergence between the reweighted and the recorded data may not
        exceed it. ρ = 0 is BC (all weights 1). For KL the weights are a softmax of the (balance-corrected) losses,
        with a temperature λ solved on every batch so the budget is used exactly:
      </p>
      <Equation label="w_i equals N times softmax of e_i over lambda, with lambda such that D_f of w equals rho">{[
        wi, mo('='), mi('N'), mo('⁢'), mi('softmax'), mo('('), mfrac(msub(mi('e'), mi('i')), mi('λ')), mo(')'), mo(','),
        mspace(), msub(mi('D'), mi('f')), mo('('), msub(mi('w'), mi('λ')), mo(')'), mo('='), mi('ρ'),
      ]}</Equation>
      <p>
        Larger ρ: fewer samples carry the loss (the effective sample size drops), the policy trains for harder
        cases and may fit the typical ones worse. The slider above the charts picks the nearest radius of the
        trained sweep, without retraining.
      </p>
    </>),
  },
  {
    id: 'divergence',
    title: 'The divergence: KL or χ²',
    body: (<>
      <p>
        How the distance between weights and the data is measured. KL, f(w) = w log w − w + 1, gives smooth,
        exponential weights; χ², f(w) = (w − 1)²/2, gives weights that are exactly zero for the easiest samples.
      </p>
      <Equation label="D_f of w equals the mean of f of w_i">{[msub(mi('D'), mi('f')), mo('('), mi('w'), mo(')'), mo('='), mean(mi('f'), mo('('), wi, mo(')'))]}</Equation>
    </>),
  },
  {
    id: 'kappa',
    title: 'The balance strength κ',
    body: (<>
      <p>
        BE-DROIL's adversary scores each sample by its loss corrected with a learned function ν of the state, the
        test function of the balance equation:
      </p>
      <Equation label="e_i equals l_i plus gamma nu of s prime i minus nu of s_i">{[
        msub(mi('e'), mi('i')), mo('='), li, mo('+'), mi('γ'), mi('ν'), mo('('), msubsup('s', 'i'), mo(')'), mo('−'), mi('ν'), mo('('), msub(mi('s'), mi('i')), mo(')'),
      ]}</Equation>
      <p>
        κ is an L2 penalty on ν's parameters (in units of the loss). Small κ: ν is free and re-ranks the weights
        along trajectories (the balance equation matters). Large κ: ν stays near zero and BE-DROIL becomes DRO-BC.
        The diagnostics show the balance residual, which is near 0 when the equation holds:
      </p>
      <Equation label="mean of w_i times gamma nu of s prime i minus nu of s_i, plus one minus gamma times the mean of nu over initial states, equals zero">{[
        mean(wi, mo('('), mi('γ'), mi('ν'), mo('('), msubsup('s', 'i'), mo(')'), mo('−'), mi('ν'), mo('('), msub(mi('s'), mi('i')), mo(')'), mo(')')),
        mo('+'), mo('('), mn(1), mo('−'), mi('γ'), mo(')'), munder(mtext('mean'), msub(mi('S'), mn(0))), mi('ν'), mo('='), mn(0),
      ]}</Equation>
    </>),
  },
  {
    id: 'worst-case',
    title: 'The worst case: how the policies are stress-tested',
    body: (<>
      <p>
        After training, each policy is rolled out in the simulator under changed physics. The <b>sweep</b> multiplies
        one parameter (pole length, gravity, …) by factors on a log grid. The <b>worst-case box</b> searches every
        combination of parameters within a factor e<sup>±ε</sup> of the nominal values for the lowest return:
      </p>
      <Equation label="the minimum over parameters p with absolute log of p over p0 at most epsilon of the return J of pi under p">{[
        munder(mi('min'), mrow(mo('|'), mi('log'), mo('('), mi('p'), mo('/'), msub(mi('p'), mn(0)), mo(')'), mo('|'), mo('≤'), mi('ε'))), mi('J'), mo('('), mi('π'), mo(';'), mi('p'), mo(')'),
      ]}</Equation>
      <p>
        The <b>worst-case kernel</b> lets an adversary bend each transition of the simulator within a KL budget per
        step (a model of "other dynamics" that no single parameter describes). Neither is what the policy trained
        on: the test is honest.
      </p>
    </>),
  },
  {
    id: 'paired',
    title: 'The paired gain over BC',
    body: (<>
      <p>
        Returns of different seeds overlap a lot, so the playground compares each robust policy with the BC policy
        of the <i>same</i> seed (same data order, same initial states) and shows the mean difference with its 95%
        confidence interval. A gain is only a gain when the interval excludes 0, and with ≥ 10 seeds.
      </p>
      <Equation label="Delta equals the mean over seeds of J robust minus J BC">{[
        mi('Δ'), mo('='), mfrac(mn(1), mi('K')), munder(mo('∑'), mi('k')), mo('('), msubsup2('J', 'robust', 'k'), mo('−'), msubsup2('J', 'BC', 'k'), mo(')'),
      ]}</Equation>
    </>),
  },
  {
    id: 'readings',
    title: readingsThatPay().length === 0 ? 'Beyond reweighting: why the readings do not pay' : 'Beyond reweighting: what the readings found',
    body: <ReadingsTopic />,
  },
];

function mspace() { return mtext('\u2003'); }
function msubsup(base: string, sub: string) { return msup(msub(mi(base), mi(sub)), mo('′')); }
function msubsup2(base: string, sub: string, sup: string) { return msup(msub(mi(base), mtext(sub)), mrow(mo('('), mi(sup), mo(')'))); }
