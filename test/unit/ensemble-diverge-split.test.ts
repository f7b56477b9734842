// A member that diverges is frozen at its own last good parameters while the other members train on (issue 17
// item 5, issue 20 item 1): every member's numbers are then the same however the seeds are split into trainers
// (the page's pool trains one group of seeds per worker, a grid cell one seed). Reference: each group trained
// alone. Case: lr-oracle on two noisy CartPole episodes (grid-cell-page.test.ts): on wasm seed 1's lr-oracle goes
// NaN by step 5 (kept: step 0) and seed 2's by step 45 (kept: step 40); both BC members train to step 150.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { defaultSetup, parseSetup } from '../../src/core/setup';
import { trainEnsemble } from '../../src/core/experiment/run';
import { planMembers } from '../../src/core/experiment/members';
import { builtinDemosFor } from '../../src/core/experiment/demos';
import type { MemberInfo } from '../../src/core/experiment/types';

beforeAll(async () => { await initBackend('wasm'); }, 120_000);

describe('a diverged member is frozen, the others train on', () => {
  it('seeds {1, 2} in one trainer give each member exactly its numbers in a trainer of its seed alone, or alone', async () => {
    const setup = parseSetup({
      ...defaultSetup, algos: ['bc', 'lr-oracle'], seeds: 2, seed: 1, steps: 150, batch: 32, hidden: 8, evalEpisodes: 2, evalPoints: 3, worstBoxEps: 0, klKernelRho: 0,
      demoProcessNoise: 2, demos: { kind: 'builtin', episodes: 2, seed: 0 },
    });
    const data = builtinDemosFor(setup);
    const members = planMembers(setup);
    const train = async (group: MemberInfo[]) => {
      const diag: Record<number, unknown[]> = {};
      const r = await trainEnsemble(setup, data, group, undefined, { onProgress: (_, d) => { for (const [id, pts] of Object.entries(d)) (diag[Number(id)] ??= []).push(...pts); } });
      return { ...r, diag };
    };
    const all = await train(members);
    expect(all.status).toBe('diverged');
    // One line per diverged member; the member index in a line is its index in its trainer, so compare without it.
    const lines = (m: string | undefined) => (m ?? '').split('\n').map((l) => l.replace(/\(member \d+: /, '('));
    const frozen = lines(all.message);
    expect(frozen.length).toBeGreaterThan(0);
    for (const l of frozen) expect(l).toMatch(/^training diverged: .* at step (\d+) \(lr-oracle.*\); kept the last good parameters, from step (\d+)$/);
    // Some member trained to the end (the run's step), and the frozen ones kept an earlier step.
    expect(all.step).toBe(setup.steps);
    const steps = members.map((m) => all.policies[m.id].training!.steps as number);
    expect(steps.some((s) => s === setup.steps) && steps.some((s) => s < setup.steps)).toBe(true);
    const seen: string[] = [];
    for (const groups of [[1, 2].map((s) => members.filter((m) => m.seed === s)), members.map((m) => [m])]) {
      for (const group of groups) {
        const part = await train(group);
        for (const m of group) {
          const what = `${m.algo} seed ${m.seed} in a group of ${group.length}`;
          expect(part.policies[m.id], what).toEqual(all.policies[m.id]);
          expect(part.weights[m.id], what).toEqual(all.weights[m.id]);
          expect(part.diag[m.id], what).toEqual(all.diag[m.id]);
        }
        seen.push(...(part.status === 'diverged' ? lines(part.message) : []));
      }
    }
    expect(seen.sort()).toEqual([...frozen, ...frozen].sort());
    // A frozen member's series stop at the step it kept: none of its points comes after.
    members.forEach((m, i) => {
      const last = ((all.diag[m.id] ?? []) as { step: number }[]).at(-1)?.step ?? 0;
      expect(last, `${m.algo} seed ${m.seed}`).toBe(steps[i]);
    });
  }, 600_000);
});
