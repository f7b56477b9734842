// `droil eval` robustness options and `droil bench`: outputs that match the core, files, and errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateWorstKernel } from '../../src/core/eval/worst-kernel';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { evaluateSweeps, evaluateWorstBox, nominalReferences } from '../../src/core/eval';
import { expertActor } from '../../src/core/experts';
import { pairedDifference } from '../../src/core/eval/stats';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('droil eval (robustness options)', () => {
  it("gives each sweep point's factor exactly as asked (0.1 x 0.7 / 0.1 is 0.6999999999999998 in floating point)", async () => {
    const r = await run(['eval', '--env', 'CartPole-v1', '--policy', 'random', '--episodes', '1', '--perturb', 'masspole=0.7,1.5', '--json']);
    expect(r.code, r.err).toBe(0);
    const w = JSON.parse(r.out).sweeps[0];
    expect(w.factors).toEqual([0.7, 1.5]);
    expect(w.points.map((p: { factor: number }) => p.factor)).toEqual([0.7, 1.5]);
  });

  it('reports sweeps, the worst box and the kernel as the core computes them', async () => {
    const r = await run(['eval', '--env', 'Pendulum-v1', '--policy', 'expert', '--episodes', '3', '--seed', '2',
      '--perturb', 'g=0.5,2', '--perturb', 'l=0.8,1.25', '--worst-box', '0.3', '--worst-kernel', '0.1', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    const ctx = { envId: 'Pendulum-v1', episodes: 3, seed: 2 };
    const sweeps = evaluateSweeps(expertActor('Pendulum-v1'), ctx, [{ param: 'g', factors: [0.5, 2] }, { param: 'l', factors: [0.8, 1.25] }]);
    expect(j.sweeps.map((s: { area: number }) => s.area)).toEqual(sweeps.map((s) => s.area));
    expect(j.sweeps[0].points[1].returns).toEqual(sweeps[0].points[1].returns);
    const box = await evaluateWorstBox(expertActor('Pendulum-v1'), ctx, { params: ['g', 'l'], eps: 0.3 });
    expect(j.worstBox.worstParams).toEqual(box.worst.params);
    expect(j.worstBox.mean).toBe(box.worst.summary.mean);
    expect(j.references).toEqual(nominalReferences(ctx));
    expect(j.score).toBe(1);
    expect(j.worstKernel.meanKl).toBeCloseTo(0.1, 6);
  });

  it("takes the kernel's episodes, candidates and look-ahead as the setup's settings (the page's evaluation)", async () => {
    const r = await run(['eval', '--env', 'Pendulum-v1', '--policy', 'expert', '--episodes', '3', '--seed', '2', '--worst-kernel', '0.1',
      '--kernel-episodes', '2', '--kernel-candidates', '3', '--kernel-horizon', '4', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    const k = evaluateWorstKernel(expertActor('Pendulum-v1'), { envId: 'Pendulum-v1', episodes: 2, seed: 2 }, { rho: 0.1, params: {}, candidates: 3, horizon: 4 });
    expect([j.worstKernel.candidates, j.worstKernel.horizon, j.worstKernel.returns]).toEqual([3, 4, k.returns]);
  });

  it('prints readable tables and rejects bad robustness flags with one error line', async () => {
    const r = await run(['eval', '--env', 'CartPole-v1', '--policy', 'random', '--episodes', '2', '--perturb', 'length=0.5,2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sweep length \(nominal 0.5\)/);
    expect(r.out).toMatch(/\| 0.5 \| 0.25 \|/);
    for (const [argv, pattern] of [
      [['--perturb', 'mass=1,2'], /unknown parameter 'mass'/],
      [['--perturb', 'length=0,2'], /positive/],
      [['--perturb', 'length'], /name=f1,f2/],
      [['--worst-box', 'x'], /--worst-box: expected a number/],
      [['--worst-box', '0.2', '--box-params', 'gravity,foo'], /--box-params: unknown parameter 'foo'/],
      [['--worst-kernel', '-0.1'], /--worst-kernel: must be at least 0/],
    ] as const) {
      const e = await run(['eval', '--env', 'CartPole-v1', '--policy', 'expert', ...argv]);
      expect(e.code).not.toBe(0);
      expect(e.out).toBe('');
      expect(e.err.trimEnd().split('\n')).toHaveLength(1);
      expect(e.err).toMatch(pattern);
    }
  });
});

describe('droil bench', () => {
  it('trains and evaluates the grid, writes one row per env x demos x algo x rho x seed x condition, pairs with BC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droil-bench-'));
    const r = await run(['bench', '--env', 'CartPole-v1', '--demos', '1', '--algos', 'bc,dro-bc', '--rho', '0.2,1', '--seeds', '2',
      '--episodes', '2', '--steps', '3', '--perturb', 'length=0.5,2', '--backend', 'cpu', '--jobs', '1', '--out', dir]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    // 3 methods x 2 seeds x (nominal + 2 sweep points + area + perturbed mean + sweep worst) conditions
    expect(j.rows.length).toBe(3 * 2 * 6);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(csv.length).toBe(1 + j.rows.length);
    expect(csv[0]).toBe('env,demos,algo,rho,seed,condition,kind,mean,std,episodes,score,params');
    // The paired difference in the summary equals the per-seed difference computed from the rows.
    type Row = { algo: string; rho: number | null; seed: number; condition: string; mean: number };
    const rows = j.rows as Row[];
    const pick = (algo: string, rho: number | null) => [0, 1].map((s) => rows.find((x) => x.algo === algo && x.rho === rho && x.seed === s && x.condition === 'nominal')!.mean);
    const d = pairedDifference(pick('dro-bc', 1), pick('bc', null));
    const s = j.summary.find((x: { algo: string; rho: number; condition: string }) => x.algo === 'dro-bc' && x.rho === 1 && x.condition === 'nominal');
    expect(s.diffVsBc.mean).toBeCloseTo(d.mean, 12);
    expect(s.diffVsBc.diffs).toEqual(d.diffs);
    // The sweep's worst per seed is the minimum of that seed's sweep points.
    for (const seed of [0, 1]) {
      const pts = rows.filter((x) => x.algo === 'bc' && x.seed === seed && x.condition.startsWith('length x') && !x.condition.includes('area'));
      expect(pts.length).toBe(2);
      expect(rows.find((x) => x.algo === 'bc' && x.seed === seed && x.condition === 'sweep worst')!.mean).toBe(Math.min(...pts.map((p) => p.mean)));
    }
    expect(r.out).toMatch(/### CartPole-v1, 1 demonstration, 2 seeds/);
    expect(r.out).toMatch(/\| dro-bc rho=1 \|/);
    expect(readFileSync(join(dir, 'table.md'), 'utf8')).toContain(r.out.trim().split('\n')[0]);
  });

  it('rejects bad grids with one error line', async () => {
    for (const [argv, pattern] of [
      [['--env', 'CartPole-v1', '--demos', '1', '--algos', 'bc,gail'], /unknown algorithm 'gail'/],
      [['--env', 'Cartpole', '--demos', '1'], /unknown environment 'Cartpole'/],
      [['--env', 'CartPole-v1'], /missing required option --demos/],
      [['--env', 'CartPole-v1', '--demos', '1', '--rho', '-1'], /--rho/],
      [['--env', 'CartPole-v1', '--demos', '0'], /--demos item 1: must be at least 1/],
    ] as const) {
      const e = await run(['bench', ...argv]);
      expect(e.code).not.toBe(0);
      expect(e.err.trimEnd().split('\n')).toHaveLength(1);
      expect(e.err).toMatch(pattern);
    }
  });
});
