// The Learn panel's "Beyond reweighting" section (issue 19 item 5): why no weight on recorded transitions reaches
// the states where clones fail, what the readings of ALGORITHMS.md 3.5 tried instead, and their held-out verdicts,
// drawn from verdicts.ts (the one place their numbers live) by the page's own bars.
import { ALGO_LABELS, DEFAULT_RHO } from '../../core/setup';
import { useStore } from '../store';
import { PRESETS, presetSetup } from '../presets';
import { VerdictChart } from './VerdictChart';
import {
  B_ORACLE_VERDICTS, fmtVerdict, HELD_OUT_VERDICTS, ORACLES, PAYS_ON_TASKS, readingsThatPay, VERDICT_METHODS, verdictSeeds, verdictWord, wins, type VerdictMethod,
} from './verdicts';

/** The preset that shows a reading beside its bound. */
export const READINGS_PRESET = 'beyond-reweighting';

/** "loss on Acrobot-v1 (−17.7 ± 15.2); tie on Pendulum-v1 (…) and CartPole-v1 (…)". */
function methodLine(m: VerdictMethod): string {
  const words = ['win', 'tie', 'loss'] as const;
  return words.flatMap((w) => {
    const tasks = HELD_OUT_VERDICTS.filter((t) => t.verdicts[m] && verdictWord(t.verdicts[m]) === w).map((t) => `${t.task} (${fmtVerdict(t.verdicts[m]!)})`);
    return tasks.length ? [`${w === 'loss' ? 'loses' : w === 'win' ? 'wins' : 'ties'} on ${tasks.length > 1 ? `${tasks.slice(0, -1).join(', ')} and ${tasks[tasks.length - 1]}` : tasks[0]}`] : [];
  }).join('; ');
}

export function ReadingsTopic() {
  const pays = readingsThatPay();
  const boundWins = HELD_OUT_VERDICTS.filter((t) => t.verdicts['tilted-expert'] && wins(t.verdicts['tilted-expert'])).map((t) => t.task);
  const preset = PRESETS.find((p) => p.id === READINGS_PRESET);
  return (<>
    <p>
      DRO-BC, BE-DROIL and Segment DRO only move weight between <i>recorded</i> transitions. With continuous states
      each recorded (s, a) has one recorded next state s′, so the only transition model the balance equation
      allows is the recorded one: the set collapses, and what BE-DROIL adds to BC is, in effect, DRO-BC on each minibatch.
    </p>
    <p>
      The page's charts show it. "The adversary's weights over the demonstrations" has one bar per recorded step:
      whatever ρ, all the mass stays on them. "Return under a one-parameter sweep" shows where clones fail: away
      from the nominal physics, in states no demonstration reached. No weight on a recorded step puts data there.
    </p>
    <p>Three readings (ALGORITHMS.md 3.5) reach further; each can be ticked under "Research readings":</p>
    <ul>
      <li><b>{ALGO_LABELS['tilted-model']}</b>: a model learned from the data (MBIL's densities) proposes 8 next states per transition, labels them, and the loss there is tilted toward the worst within radius ρ. <b>{ALGO_LABELS['augment-model']}</b> is the same at ρ = 0, its control.</li>
      <li><b>{ALGO_LABELS['tilted-expert']}</b>: the same next states labelled by the built-in expert. It asks the expert off the data, which offline imitation cannot: an upper bound, not a method.</li>
      <li><b>{ALGO_LABELS['lr-oracle']}</b>: each transition weighted by the simulator's exact likelihood ratio toward the perturbed physics (data recorded under process noise): the best any reweighting of the data could do.</li>
      <li><b>{ALGO_LABELS['segment-dro']}</b> (C): one weight per stretch of 10 steps, so the adversary chooses where mass enters and leaves.</li>
    </ul>
    <VerdictChart />
    <p data-testid="readings-verdict">
      <b>{pays.length === 0 ? 'No reading pays so far' : `Pays: ${pays.map((m) => ALGO_LABELS[m]).join(', ')}`}</b>
      {' '}(the rule fixed before the study: a held-out interval above 0 on at least {PAYS_ON_TASKS} tasks; {verdictSeeds()} held-out seeds per task).
    </p>
    <ul className="verdicts">
      {VERDICT_METHODS.map((m) => <li key={m}>{ALGO_LABELS[m]}{ORACLES.includes(m) ? ' (oracle)' : ''}: {methodLine(m)}.</li>)}
      <li>{ALGO_LABELS['lr-oracle']} (oracle): {B_ORACLE_VERDICTS.map((b) => `${verdictWord(b.verdict)} on ${b.task} (${fmtVerdict(b.verdict)}, better than BC on ${b.verdict.better} of ${b.seeds} seeds)`).join(', ')}: the exact ratios put nearly all weight on a handful of transitions, so the policy learns from those alone. If the exact ratios cannot beat BC, no reweighting of the nominal data can, so B's learned-kernel version was not built.</li>
    </ul>
    {boundWins.length > 0 && (
      <p>
        What it would take: the bound wins on {boundWins.join(' and ')} with the same next states as {ALGO_LABELS['tilted-model']}.
        The states the model proposes are useful places to train; the labels a model fitted to the data gives there are not, and the data hold no others. Full tables,
        commands and seeds: docs/results/issue-19.md, sections 4 and 5.
      </p>
    )}
    {preset && (
      <p>
        <button type="button" className="linklike" data-testid="learn-load-readings-preset"
          onClick={() => useStore.setState({ setup: presetSetup(preset), rho: preset.rho ?? DEFAULT_RHO })}>
          Load the preset "{preset.label}"
        </button>
      </p>
    )}
  </>);
}
