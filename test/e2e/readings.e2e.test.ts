// The readings of ALGORITHMS.md 3.5 in the page (issue 19 items 3 and 5), on the production build: ticking reading
// A, its bound and B's oracle trains them beside BC and draws their sweep curves; the Learn panel's "Beyond
// reweighting" section draws the held-out verdicts with the page's bars and says that no reading pays; its preset
// loads its setup. Screenshots at desktop and phone sizes, no console error, no axe violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { axeViolations } from './axe';
import { barCount, FAST, linePoints, openPage, screenshot, store, waitForBackend, waitForStatus } from './page';

const DESK = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

describe('readings in the page', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('choosing readings A and B trains them beside BC and draws their curves', async () => {
    // CartPole with process noise in the data (B's oracle needs it), a small density fit for A.
    const { page, errors } = await openPage(browser, `${FAST.replace('rhoSweep=0.2,2', 'rhoSweep=0.5')}&algos=bc&demoProcessNoise=2&mbilDensitySteps=10`, DESK);
    await waitForBackend(page);
    for (const a of ['tilted-model', 'tilted-expert', 'lr-oracle']) await page.check(`[data-testid=algo-${a}]`);
    expect(await store<string[]>(page, 's => s.setup.algos')).toEqual(['bc', 'tilted-model', 'tilted-expert', 'lr-oracle']);
    // A's density settings are on screen once A is chosen.
    expect(await page.$('[data-testid=mbil-density-steps]')).not.toBeNull();
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error', 'stopped'])).toBe('done');
    const members = await store<{ algo: string; rho: number }[]>(page, 's => s.result.members');
    expect(members.map((m) => `${m.algo}:${m.rho}`)).toEqual(['bc:0', 'tilted-model:0.5', 'tilted-expert:0.5', 'lr-oracle:0']);
    // One sweep curve per algorithm, each with a point per factor (3); the legend names the readings.
    const lines = await linePoints(page, 'chart-sweep');
    expect(lines.length).toBe(4);
    for (const n of lines) expect(n).toBe(3);
    const legend = await page.textContent('[data-testid=chart-sweep] .chart-legend');
    for (const label of ['Tilted model (A)', 'Expert-labelled bound', 'Ratio oracle (B)']) expect(legend).toContain(label);
    // Every reading has a finite nominal return and a paired gain over BC (one seed: no interval).
    const evals = await store<{ nominal: { mean: number } }[]>(page, 's => s.result.evals');
    expect(evals.every((e) => Number.isFinite(e.nominal.mean))).toBe(true);
    await screenshot(page, 'readings-trained-1366');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('B\'s oracle without process noise in the data says what it needs', async () => {
    const { page, errors } = await openPage(browser, `${FAST}&algos=bc,lr-oracle`, DESK);
    await waitForBackend(page);
    expect(await page.textContent('[data-testid=lr-oracle-needs-noise]')).toContain('process noise');
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error', 'stopped'])).toBe('error');
    expect(await store<string>(page, 's => s.run.error')).toMatch(/Ratio oracle \(B\).*process noise/);
    expect(errors.filter((e) => !/process noise/.test(e))).toEqual([]);
    await page.close();
  }, 120_000);

  it('the Learn panel explains why reweighting cannot reach the failures, with the verdicts drawn; its preset loads', async () => {
    for (const [viewport, name] of [[DESK, '1366'], [PHONE, '390']] as const) {
      const { page, errors } = await openPage(browser, '', viewport);
      // Desktop: the "?" beside the research readings; phone: the header's Learn and its section list.
      if (name === '1366') await page.click('[data-testid=learn-readings]');
      else { await page.click('[data-testid=open-learn]'); await page.click('.learn-nav >> text=Beyond reweighting'); }
      const section = page.locator('[data-topic=readings]');
      await section.waitFor();
      expect(await section.textContent()).toContain('one recorded next state');
      // The page's paired-gain bars: 4 tasks x 4 methods, each with its interval.
      await page.waitForSelector('[data-testid=chart-verdicts] .recharts-bar-rectangle');
      expect(await barCount(page, 'chart-verdicts')).toBe(16);
      expect(await page.textContent('[data-testid=readings-verdict]')).toMatch(/^No reading pays so far/);
      expect(await section.textContent()).toContain('−17.7 ± 15.2');
      await section.screenshot({ path: `test-results/e2e/learn-readings-${name}.png` });
      expect(await axeViolations(page)).toEqual([]);
      // The preset button loads the preset's setup, as the menu does.
      await page.click('[data-testid=learn-load-readings-preset]');
      const setup = await store<{ algos: string[]; mbilDensitySteps: number; rhoSweep: number[] }>(page, 's => s.setup');
      expect(setup.algos).toEqual(['bc', 'tilted-model', 'tilted-expert']);
      expect(setup.mbilDensitySteps).toBe(300);
      expect(setup.rhoSweep).toEqual([0.5]);
      expect(await page.inputValue('[data-testid=preset]')).toBe('beyond-reweighting');
      expect(await page.textContent('[data-testid=preset-explanation]')).toContain('tied with BC (−0.9 ± 16.8)');
      await page.keyboard.press('Escape');
      await screenshot(page, `readings-preset-${name}`);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('the preset menu loads "Beyond reweighting" with its readings ticked', async () => {
    const { page, errors } = await openPage(browser, '', DESK);
    await page.selectOption('[data-testid=preset]', 'beyond-reweighting');
    for (const a of ['bc', 'tilted-model', 'tilted-expert']) expect(await page.isChecked(`[data-testid=algo-${a}]`)).toBe(true);
    expect(await page.isChecked('[data-testid=algo-be-droil]')).toBe(false);
    expect(await store<number>(page, 's => s.rho')).toBe(0.5);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
