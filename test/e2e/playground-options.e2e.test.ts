// The playground's newer options on the production build: MBIL trains in the page (density model first,
// then its policy) with its NLL curve in the diagnostics; a preset loads with its sentence on screen and its
// combined shift is evaluated and compared per seed; the imperfect expert changes the demonstrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { barCount, FAST, linePoints, openPage, screenshot, store, waitForBackend, waitForStatus } from './page';

async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.fill(`[data-testid=${testId}]`, value);
  await page.press(`[data-testid=${testId}]`, 'Tab');
}

async function waitForLoads(page: Page, after: number): Promise<void> {
  await page.waitForFunction((b) => {
    const d = (window as unknown as { __droilStore: { getState(): { dataset: { loading: boolean; loads: number } } } }).__droilStore.getState().dataset;
    return !d.loading && d.loads > b;
  }, after, { timeout: 60_000 });
}

describe('playground: MBIL, presets, imperfect experts', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('trains MBIL and BE-DROIL with the MBIL loss beside BC: the density model first, then the policies, all evaluated and charted', async () => {
    const { page, errors } = await openPage(browser, `${FAST.replace('rhoSweep=0.2,2', 'rhoSweep=0.2')}&algos=bc,be-droil,mbil&loss=mbil&mbilDensitySteps=20`);
    await waitForBackend(page);
    expect(await page.isChecked('[data-testid=algo-mbil]')).toBe(true);
    expect(await page.inputValue('[data-testid=loss]')).toBe('mbil');
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error', 'stopped'])).toBe('done');
    const members = await store<{ algo: string; rho: number }[]>(page, 's => s.result.members');
    expect(members.map((m) => `${m.algo}:${m.rho}`)).toEqual(['bc:0', 'be-droil:0.2', 'mbil:0']);
    // CartPole has discrete actions: MBIL fits one density model, the classifier q(a'|s,a,s'), for 20 steps;
    // BE-DROIL's balance loss uses the same fit (same data, seed and settings), charted once.
    const density = await store<Record<string, { step: number; dataNll: number }[]>>(page, 's => s.run.density');
    expect(Object.keys(density)).toEqual(['classifier']);
    const nll = density.classifier;
    expect(nll.at(-1)!.step).toBe(20);
    expect(new Set(nll.map((p) => p.step)).size).toBe(nll.length);
    expect(nll.every((p) => Number.isFinite(p.dataNll))).toBe(true);
    // A classifier over 2 actions starts near log 2 nats and learns: the data NLL falls.
    expect(nll[0].dataNll).toBeLessThan(1.5);
    expect(nll.at(-1)!.dataNll).toBeLessThan(nll[0].dataNll);
    // MBIL's policy logged its BC and balance losses for all 30 steps.
    const last = await store<{ step: number; bcLoss: number; balanceLoss: number }>(page, 's => s.run.diag[2].at(-1)');
    expect(last.step).toBe(30);
    expect(Number.isFinite(last.bcLoss) && Number.isFinite(last.balanceLoss)).toBe(true);
    // BE-DROIL's weights act on the MBIL loss and still hold D_KL(w) at rho after the warm start.
    const robust = await store<{ step: number; divergence: number; robustLoss: number }>(page, 's => s.run.diag[1].at(-1)');
    expect(robust.step).toBe(30);
    expect(robust.divergence).toBeCloseTo(0.2, 2);
    // Total progress counts the density steps: 20 (one fit for MBIL and BE-DROIL's balance loss) + 30 (one ensemble, MBIL in it).
    expect(await store<number>(page, 's => s.run.totalSteps')).toBe(50);
    // Charts: the density panel draws its two curves; the sweep has a line per algorithm.
    const densityLines = await page.$$eval('[data-testid=chart-diagnostics] [data-panel=density] path.recharts-curve.recharts-line-curve', (p) => p.length);
    expect(densityLines).toBe(2);
    expect(await linePoints(page, 'chart-sweep')).toEqual([3, 3, 3]);
    expect(await page.textContent('[data-testid=chart-sweep]')).toContain('MBIL');
    await screenshot(page, 'mbil-1280');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('loads "Where robustness pays" with its sentence, and evaluates its combined shift per seed', async () => {
    const { page, errors } = await openPage(browser);
    await waitForBackend(page);
    expect(await page.inputValue('[data-testid=preset]')).toBe('first-look');
    const loads = await store<number>(page, 's => s.dataset.loads');
    await page.selectOption('[data-testid=preset]', 'where-it-pays');
    await waitForLoads(page, loads);
    const explanation = await page.textContent('[data-testid=preset-explanation]');
    expect(explanation).toContain('Where robustness pays');
    expect(explanation).toMatch(/link 2 twice as heavy and gravity ×1\.5/);
    const setup = await store<{ envId: string; seeds: number; rhoSweep: number[]; evalShift: Record<string, number> }>(page, 's => s.setup');
    expect(setup.envId).toBe('Acrobot-v1');
    expect(setup.rhoSweep).toEqual([0, 0.5, 2]);
    expect(setup.evalShift).toEqual({ link_mass_2: 2, gravity: 1.5 });
    expect(await page.inputValue('[data-testid=eval-shift]')).toBe('link_mass_2:2, gravity:1.5');
    // Acrobot's demonstrations were generated: 6 observation values, 3 actions.
    expect(await store<number>(page, 's => s.dataset.summary.obsDim')).toBe(6);
    await screenshot(page, 'preset-where-it-pays-1280');

    // A smaller version of it for the test: fewer steps, seeds and evaluation episodes; the menu says "edited".
    await page.click('[data-testid=advanced-training]');
    await fill(page, 'steps', '20');
    await fill(page, 'seeds', '2');
    await fill(page, 'eval-episodes', '2');
    await page.click('[data-testid=advanced-eval]');
    for (const [id, v] of [['kernel-episodes', '1'], ['kernel-candidates', '2'], ['kernel-horizon', '2'], ['box-random', '0'], ['box-rounds', '0']]) await fill(page, id, v);
    expect(await page.inputValue('[data-testid=preset]')).toBe('custom');
    expect(await page.$('[data-testid=preset-explanation]')).toBeNull();

    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error', 'stopped'])).toBe('done');
    const result = await store<{ shift: { label: string; params: Record<string, number> }; evals: { shift?: { mean: number } }[]; paired: { condition: string; diffs: number[] }[] }>(page, 's => s.result');
    expect(result.shift.label).toBe('link_mass_2 ×2, gravity ×1.5');
    expect(result.shift.params.gravity).toBeCloseTo(14.7, 9);
    // 2 seeds x (BC + BE-DROIL at 0, 0.5, 2) = 8 policies, each evaluated under the shift.
    expect(result.evals).toHaveLength(8);
    expect(result.evals.every((e) => e.shift && Number.isFinite(e.shift.mean) && e.shift.mean <= 0 && e.shift.mean >= -500)).toBe(true);
    const shiftGains = result.paired.filter((p) => p.condition === 'shift');
    expect(shiftGains).toHaveLength(3);
    expect(shiftGains.every((g) => g.diffs.length === 2)).toBe(true);
    // BE-DROIL at rho = 0 weights every sample 1: the same updates as BC from the same seed, the same returns.
    const zero = await store<number[]>(page, `s => s.result.paired.filter((p) => p.condition === 'shift' && p.rho === 0)[0].diffs`);
    for (const d of zero) expect(Math.abs(d)).toBeLessThan(1e-9);
    // The nominal-versus-worst chart has a 'shifted' group (4 conditions x 2 algorithms), the paired chart a 'shifted' bar.
    expect(await barCount(page, 'chart-worst')).toBe(8);
    expect(await page.textContent('[data-testid=chart-worst]')).toContain('shifted');
    expect(await page.textContent('[data-testid=chart-paired]')).toContain('shifted');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('an imperfect expert (random actions) records different, lower-return demonstrations from the same seed', async () => {
    const { page, errors } = await openPage(browser);
    const perfect = await store<number[]>(page, 's => s.dataset.summary.returns');
    expect(perfect).toEqual([500]);
    await page.click('[data-testid=imperfect-expert] summary');
    const loads = await store<number>(page, 's => s.dataset.loads');
    await fill(page, 'demo-epsilon', '0.5');
    await waitForLoads(page, loads);
    expect(await store<number>(page, 's => s.setup.demoEpsilon')).toBe(0.5);
    // Half the actions random: CartPole falls long before 500 steps.
    const noisy = await store<number[]>(page, 's => s.dataset.summary.returns');
    expect(noisy[0]).toBeLessThan(500);
    // CartPole's actions are discrete: no Gaussian action-noise field (epsilon is its imperfection).
    expect(await page.$('[data-testid=demo-action-noise]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
