// One pipeline (issue 20 item 7): a cell of the grid a page setup describes (droil bench --setup) is the page's
// run (runExperiment, the worker's pipeline) of that cell's setup: the setup at the cell's seed, one seed, its
// own demonstrations. The same backend gives the same references, and every member the same nominal return,
// shift, worst box (value and point), worst kernel and sweep, so the grid's rows are the page's numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/tf';
import { defaultSetup, parseSetup } from '../../src/core/setup';
import { cellSetup, planGrid, runCell } from '../../src/core/experiment/grid';
import { setupGrid } from '../../src/core/experiment/grid-setup';
import { runExperiment } from '../../src/core/experiment/run';
import { builtinDemosFor } from '../../src/core/experiment/demos';
import { plannedMember } from '../../src/core/experiment/run';
import { scoreOf } from '../../src/core/eval/evaluate';

beforeAll(async () => { await initBackend('wasm'); }, 120_000);

describe('a grid cell is the page\'s run of its setup', () => {
  it('CartPole, six algorithms (reading A among them) with two radii, MBIL densities, a shift, nominal parameters and an imperfect expert', async () => {
    const page = parseSetup({
      ...defaultSetup, algos: ['bc', 'dro-bc', 'be-droil', 'mbil', 'segment-dro', 'tilted-model'], rhoSweep: [1, 0.2], seeds: 2, seed: 0, steps: 20, batch: 32, hidden: 8,
      evalEpisodes: 3, evalPoints: 3, worstBoxEps: 0.2, boxRandomPoints: 1, boxRefineRounds: 0, klKernelRho: 0.1, kernelEpisodes: 2, kernelCandidates: 2, kernelHorizon: 2,
      mbilDensitySteps: 5, evalShift: { length: 1.5 }, params: { masspole: 1.2 }, demoEpsilon: 0.1, demoProcessNoise: 1, demos: { kind: 'builtin', episodes: 2, seed: 9 },
    });
    const grid = setupGrid(page);
    const cells = planGrid(grid);
    expect(cells.map((c) => [c.env, c.demos, c.seed])).toEqual([['CartPole-v1', 2, 0], ['CartPole-v1', 2, 1]]);
    const cell = cells[0];
    const setup = cellSetup(grid, cell);
    expect(setup).toEqual({ ...page, rhoSweep: [0.2, 1], seeds: 1, seed: 0, demos: { kind: 'builtin', episodes: 2, seed: 0 } });

    const r = await runCell(grid, cell);
    const run = await runExperiment(setup, builtinDemosFor(setup), { control: { stopped: false, paused: false }, backend: { backend: 'wasm', reason: 'test' } });
    expect(r.training.status, r.training.message).toBe('done');
    expect(run.stopped).toBe(false);
    expect(run.pending).toBeUndefined();
    expect(r.references).toEqual([{ env: 'CartPole-v1', seed: 0, processNoise: 0, ...run.reference }]);
    // Member for member (the same order: every algorithm, the robust ones per radius), the same numbers.
    const methods = [...new Set(r.rows.map((x) => JSON.stringify([x.algo, x.rho])))].map((k) => JSON.parse(k) as [string, number | null]);
    expect(methods).toEqual(run.members.map((m) => [plannedMember(setup, m).algo, plannedMember(setup, m).rho]));
    expect(methods.map(([a]) => a)).toEqual(['bc', 'dro-bc', 'dro-bc', 'be-droil', 'be-droil', 'mbil', 'segment-dro-h10', 'segment-dro-h10', 'tilted-model', 'tilted-model']);
    run.members.forEach((m, i) => {
      const e = run.evals[i];
      const rows = r.rows.filter((x) => x.algo === methods[i][0] && x.rho === methods[i][1]);
      const row = (kind: string) => rows.find((x) => x.kind === kind)!;
      const ms = (x: { mean: number; std: number }) => [x.mean, x.std];
      expect(ms(row('nominal')), `${m.algo} ${m.rho} nominal`).toEqual(ms(e.nominal));
      expect(row('nominal').score).toBe(scoreOf(e.nominal.mean, run.reference!));
      expect(row('shift').condition).toBe('shift length ×1.5');
      expect(ms(row('shift')), `${m.algo} ${m.rho} shift`).toEqual(ms(e.shift!));
      expect(ms(row('box')), `${m.algo} ${m.rho} box`).toEqual(ms(e.worstBox.stat));
      expect(row('box').params).toBe(Object.entries(e.worstBox.params).map(([k, v]) => `${k}=${Number(v.toPrecision(6))}`).join(';'));
      expect(ms(row('kernel')), `${m.algo} ${m.rho} kernel`).toEqual(ms(e.worstKernel));
      const points = rows.filter((x) => x.kind === 'sweep-point');
      expect(points.map((x) => x.condition)).toEqual(['length x0.1', 'length x1', 'length x10']);
      expect(points.map(ms), `${m.algo} ${m.rho} sweep`).toEqual(e.sweep.map((p) => ms(p.stat)));
      expect(row('sweep-area').mean).toBe(e.sweepArea);
      // The page's factors are exact: 1 is the nominal point, left out of the perturbed mean.
      expect(row('sweep-mean').mean).toBe((e.sweep[0].stat.mean + e.sweep[2].stat.mean) / 2);
    });
  }, 600_000);

  it('Pendulum (continuous actions), no box or kernel in the grid: the sweep to the last bits or within 1e-9', async () => {
    const page = parseSetup({
      ...defaultSetup, envId: 'Pendulum-v1', algos: ['bc', 'be-droil'], rhoSweep: [0.5], seeds: 1, seed: 0, steps: 10, batch: 32, hidden: 8, evalEpisodes: 3,
      evalPoints: 3, evalFactorMin: 0.5, evalFactorMax: 2, worstBoxEps: 0, klKernelRho: 0, kernelEpisodes: 1, kernelCandidates: 1,
    });
    const grid = setupGrid(page);
    const cell = planGrid(grid)[0];
    const setup = cellSetup(grid, cell);
    const r = await runCell(grid, cell);
    const run = await runExperiment(setup, builtinDemosFor(setup), { control: { stopped: false, paused: false }, backend: { backend: 'wasm', reason: 'test' } });
    expect(r.references).toEqual([{ env: 'Pendulum-v1', seed: 0, processNoise: 0, ...run.reference }]);
    // A radius 0 box and kernel are the page's (its centre, the nominal kernel): the grid leaves them out.
    expect(r.rows.filter((x) => x.kind === 'box' || x.kind === 'kernel')).toEqual([]);
    run.members.forEach((m, i) => {
      const rows = r.rows.filter((x) => x.algo === m.algo && x.rho === (m.algo === 'bc' ? null : m.rho));
      expect(rows.find((x) => x.kind === 'nominal')!.mean).toBe(run.evals[i].nominal.mean);
      // The page evaluates one sweep point at a time, a cell a member's points in one batch: the plain-TS
      // network computes rows in pairs, so a continuous return may move in its last bits (docs/cluster.md).
      const points = rows.filter((x) => x.kind === 'sweep-point');
      expect(points.map((x) => x.condition)).toEqual(['l x0.5', 'l x1', 'l x2']);
      points.forEach((x, k) => expect(Math.abs(x.mean - run.evals[i].sweep[k].stat.mean)).toBeLessThanOrEqual(1e-9 * Math.abs(x.mean)));
    });
  }, 600_000);
});
