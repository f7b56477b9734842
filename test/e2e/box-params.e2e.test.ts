// The worst box's parameters in the page (setup field boxParams): a checkbox per physical parameter beside the
// box size, the environment's defaults ticked and marked. After a run, ticking or unticking one re-evaluates the
// same policies live with only the boxes re-run (the first partial answer already holds every nominal, sweep
// point and kernel, from the evaluation cache: only the boxes are pending); the box chart names the new box's
// parameters and the share link carries the field. A link naming a parameter the environment does not have shows
// that beside the checkboxes and the run refuses it in one line naming the field; an environment switch clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { axeViolations } from './axe';
import { FAST, openPage, screenshot, store, until, waitForBackend, waitForStatus } from './page';
import { decodeLink } from '../../src/core/setup';

/** CartPole-v1's parameters in its spec's order, and its default perturbed ones (its registry entry). */
const CARTPOLE = ['gravity', 'masscart', 'masspole', 'length', 'force_mag'];
const DEFAULTS = ['length', 'masspole', 'gravity', 'force_mag'];

interface Seen { pending: { sweepPoints: number; worstBox: number; worstKernel: number } | null; boxKeys: string[][] }

/** Records every result the store shows from now on: what is pending and each member's box parameters. */
async function recordResults(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __droilStore: { subscribe(f: (s: { result: unknown }, prev: { result: unknown }) => void): () => void };
      __seen: Seen[]; __unsubscribe?: () => void;
    };
    w.__unsubscribe?.();
    w.__seen = [];
    w.__unsubscribe = w.__droilStore.subscribe((s, prev) => {
      if (s.result === prev.result || !s.result) return;
      const r = s.result as { pending?: Seen['pending']; evals: { worstBox: { params: Record<string, number> } }[] };
      w.__seen.push({ pending: r.pending ?? null, boxKeys: r.evals.map((e) => Object.keys(e.worstBox.params)) });
    });
  });
}
const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
const boxKeys = (page: Page) => store<string[][]>(page, 's => s.result.evals.map((e) => Object.keys(e.worstBox.params))');
const checked = (page: Page, names: string[]) => Promise.all(names.map((n) => page.isChecked(`[data-testid=box-param-${n}]`)));
const linkSetup = async (page: Page) => {
  const link = await page.inputValue('[data-testid=share-link]');
  return { link, setup: decodeLink(link.slice(link.indexOf('#'))).setup };
};

/** Clicks one box checkbox and waits for the re-evaluation it starts to finish with the box over `expected`. */
async function toggleAndWait(page: Page, name: string, expected: string[]): Promise<void> {
  await recordResults(page);
  await page.click(`[data-testid=box-param-${name}]`);
  await until(page, `s => s.reevaluation.status === 'done' && s.result.pending === undefined && JSON.stringify(Object.keys(s.result.evals[0].worstBox.params)) === ${JSON.stringify(JSON.stringify(expected))}`);
}

describe("the worst box's parameters (page)", () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('re-evaluates only the boxes when the box parameters change after a run; the box chart and the link follow', async () => {
    const { page, errors } = await openPage(browser, FAST, { width: 1280, height: 800 });
    await waitForBackend(page);
    // Before any run: the defaults ticked and marked, the others not.
    expect(await checked(page, CARTPOLE)).toEqual(CARTPOLE.map((n) => DEFAULTS.includes(n)));
    expect(await page.textContent('[data-testid=box-params]')).toMatch(/lengthdefault/);
    expect(await page.textContent('[data-testid=box-params-hint]')).toMatch(/The environment's 4 defaults: 16 corners \+ the centre per member/);
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    const before = await store<{ trainMs: number; members: number; box: { mean: number }[] }>(page,
      's => ({ trainMs: s.result.trainMs, members: s.result.members.length, box: s.result.evals.map((e) => e.worstBox.stat) })');
    expect(await boxKeys(page)).toEqual(Array(before.members).fill(DEFAULTS));
    const calls = () => page.evaluate(() => (window as unknown as { __droilClient: { evaluateCalls(): number } }).__droilClient.evaluateCalls());
    const callsBefore = await calls();

    // One more parameter (masscart): one re-evaluation, only the boxes re-run, the box over five parameters.
    const FIVE = CARTPOLE; // the spec's order
    await toggleAndWait(page, 'masscart', FIVE);
    expect(await calls()).toBe(callsBefore + 1);
    const partial = (await seen(page)).filter((r) => r.pending !== null);
    expect(partial.length).toBeGreaterThan(0);
    // The first answer: every nominal, sweep point and kernel kept, every box pending (and still the old box's).
    expect(partial[0].pending).toMatchObject({ sweepPoints: 0, worstBox: before.members, worstKernel: 0 });
    expect(await boxKeys(page)).toEqual(Array(before.members).fill(FIVE));
    expect(await store<number>(page, 's => s.result.trainMs')).toBe(before.trainMs);
    expect(await page.textContent('[data-testid=box-params-hint]')).toMatch(/5 parameters: 32 corners \+ the centre per member/);
    await page.waitForSelector('[data-staged=pending]', { state: 'detached', timeout: 60_000 });
    await page.waitForFunction(() => /Worst box parameters \([^)]*\): gravity=[^,]+, masscart=/.test(document.querySelector('[data-testid=chart-worst] figcaption')?.textContent ?? ''));
    const shared = await linkSetup(page);
    expect(shared.link).toMatch(/[#&]boxParams=gravity,masscart,masspole,length,force_mag(&|$)/);
    expect(shared.setup.boxParams).toEqual(FIVE);
    expect(await page.isVisible('[data-testid=stale-note]')).toBe(false);
    await screenshot(page, 'box-params-five-1280');

    // Back to the defaults: the field empties (the link leaves it out) and the first box comes back, its numbers too.
    await toggleAndWait(page, 'masscart', DEFAULTS);
    expect(await store<string[]>(page, 's => s.result.setup.boxParams')).toEqual([]);
    expect(await store<{ mean: number }[]>(page, 's => s.result.evals.map((e) => e.worstBox.stat)')).toEqual(before.box);
    expect((await linkSetup(page)).link).not.toMatch(/boxParams/);

    // Down to one parameter (the cheap box): its checkbox cannot be unticked, a box needs a parameter.
    await toggleAndWait(page, 'masspole', ['gravity', 'length', 'force_mag']);
    await toggleAndWait(page, 'gravity', ['length', 'force_mag']);
    await toggleAndWait(page, 'force_mag', ['length']);
    expect(await page.isDisabled('[data-testid=box-param-length]')).toBe(true);
    expect(await page.textContent('[data-testid=box-params-hint]')).toMatch(/1 parameter: 2 corners \+ the centre per member/);
    await page.waitForFunction(() => /Worst box parameters \([^)]*\): length=[^,]*$/.test(document.querySelector('[data-testid=chart-worst] figcaption')?.textContent ?? ''));
    expect((await linkSetup(page)).setup.boxParams).toEqual(['length']);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);

  it("says when a link names a parameter the environment lacks, and the run refuses it naming the field; an environment switch clears it", async () => {
    const { page, errors } = await openPage(browser, `${FAST}&boxParams=link_mass_2,length`, { width: 390, height: 844 });
    await waitForBackend(page);
    await page.click('[data-testid=tab-setup]');
    await page.locator('[data-testid=box-params]').scrollIntoViewIfNeeded();
    expect(await page.textContent('[data-testid=box-params-unknown]')).toMatch(/link_mass_2 is not a parameter of CartPole-v1: a run refuses it/);
    expect(await checked(page, CARTPOLE)).toEqual(CARTPOLE.map((n) => n === 'length'));
    await screenshot(page, 'box-params-unknown-390');
    await page.click('[data-testid=tab-results]');
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('error');
    expect(await store<string>(page, 's => s.run.error')).toMatch(/boxParams: unknown parameter 'link_mass_2' for CartPole-v1 \(valid: gravity, masscart, masspole, length, force_mag\)/);
    // Nothing loaded is lost: the setup and the demonstrations stay.
    expect(await store<unknown>(page, 's => [s.setup.boxParams, s.dataset.summary !== null]')).toEqual([['link_mass_2', 'length'], true]);
    // Another environment: its own parameters, its defaults ticked, the field empty.
    await page.click('[data-testid=tab-setup]');
    await page.selectOption('[data-testid=env]', 'Acrobot-v1');
    expect(await store<string[]>(page, 's => s.setup.boxParams')).toEqual([]);
    expect(await page.isVisible('[data-testid=box-params-unknown]')).toBe(false);
    expect(await checked(page, ['link_mass_1', 'link_mass_2', 'link_length_1', 'gravity', 'torque_scale'])).toEqual([true, true, false, true, true]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
