// MuJoCo in the production build, in headless Chromium: the first page load fetches no MuJoCo; a MuJoCo task
// (InvertedPendulum-v5, the cheapest) loads the WebAssembly in the worker, trains and evaluates; the side view
// draws the bodies for the nominal and the worst case; no console errors and no CSP violation on the page or in
// the worker, whose script is served with the strict policy (no 'unsafe-eval': the build rewrote the glue).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launch } from './browser';
import { FAST, canvasInk, screenshot, store, waitForStatus } from './page';

let browser: Browser;
beforeAll(async () => { browser = await launch({ webgpu: false }); });
afterAll(async () => { await browser?.close(); });

/** Opens the page with a hash, recording every request, CSP violation events on the document and console errors. */
async function open(hash: string): Promise<{ page: Page; errors: string[]; urls: string[]; workerCsp: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectErrors(page);
  const urls: string[] = [];
  const workerCsp: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('response', (r) => { if (/worker-[\w-]+\.js$/.test(r.url())) workerCsp.push(r.headers()['content-security-policy'] ?? ''); });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(inject('baseUrl') + (hash ? `#${hash}` : ''));
  await page.waitForSelector('[data-testid=dataset-summary]', { state: 'attached', timeout: 90_000 });
  return { page, errors, urls, workerCsp };
}

/** The finished run: its environment, members, and per member the nominal and worst-case traces' frames and steps. */
function runTraces(page: Page) {
  return store<{ envId: string; members: number; frames: number[]; steps: number[]; geoms: number }>(page, `s => ({
    envId: s.result.setup.envId, members: s.result.members.length,
    frames: s.result.evals.flatMap((e) => [e.traceNominal.geoms.frames.length, e.traceWorst.geoms.frames.length]),
    steps: s.result.evals.flatMap((e) => [e.traceNominal.steps, e.traceWorst.steps]),
    geoms: s.result.evals[0].traceNominal.geoms.geoms.length })`);
}

describe('MuJoCo in the playground', () => {
  it('the first page load fetches no MuJoCo; the picker lists the MuJoCo tasks in their own group; picking one loads it', async () => {
    const { page, errors, urls } = await open('');
    expect(urls.filter((u) => /mujoco/i.test(u))).toEqual([]);
    const groups = await page.$$eval('[data-testid=env] optgroup', (gs) => gs.map((g) => [g.getAttribute('label'), [...g.querySelectorAll('option')].map((o) => o.value)]));
    expect(groups).toEqual([
      ['Classic control', ['CartPole-v1', 'Pendulum-v1', 'MountainCarContinuous-v0', 'Acrobot-v1']],
      ['MuJoCo (loads on first use)', ['InvertedPendulum-v5', 'InvertedDoublePendulum-v5', 'Hopper-v5', 'PlanarRunner-v0', 'HalfCheetah-v5', 'Walker2d-v5', 'Ant-v5']],
    ]);
    // Picking a MuJoCo task brings its defaults, says that the WebAssembly loads, then shows the expert's side view.
    await page.selectOption('[data-testid=env]', 'InvertedDoublePendulum-v5');
    await page.waitForSelector('[data-testid=env-loading]', { timeout: 10_000 });
    expect(await store<[number, string, number[], number]>(page, 's => [s.setup.steps, s.setup.evalParam, s.setup.rhoSweep, s.setup.demoProcessNoise]')).toEqual([300, 'pole_mass', [0.2, 2], 3]);
    await page.waitForSelector('[data-testid=mujoco-side-view] canvas', { timeout: 90_000 });
    expect(await store<string>(page, 's => s.expertTrace.envId')).toBe('InvertedDoublePendulum-v5');
    await page.waitForTimeout(300);
    expect(await canvasInk(page, 0)).toBeGreaterThan(0.005); // rail, cart, two poles
    expect(errors).toEqual([]);
    await page.close();
  });

  it('InvertedPendulum-v5 trains and evaluates in the worker under the strict CSP; the side view draws both panes', async () => {
    const { page, errors, urls, workerCsp } = await open(`envId=InvertedPendulum-v5&${FAST}`);
    // The worker script came with the strict policy (vite preview sends it on every response), without 'unsafe-eval'.
    expect(workerCsp.length).toBeGreaterThan(0);
    for (const p of workerCsp) {
      expect(p).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(p).not.toContain("'unsafe-eval'");
    }
    expect(urls.some((u) => /mujoco-[\w-]+\.wasm$/.test(u))).toBe(true);
    // The expert's rollout arrives with geom frames: the side view replaces the classic canvas.
    await page.waitForSelector('[data-testid=mujoco-side-view] canvas', { timeout: 60_000 });
    expect(await store<number>(page, 's => s.expertTrace.steps')).toBe(1000); // the LQR expert balances the whole episode

    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'], 150_000)).toBe('done');
    const r = await runTraces(page);
    expect(r.envId).toBe('InvertedPendulum-v5');
    expect(r.members).toBe(3); // BC and BE-DROIL at two radii
    expect(r.frames).toEqual(r.steps.map((n) => n + 1)); // one frame per state
    expect(r.geoms).toBeGreaterThanOrEqual(3); // rail, cart, pole

    // Two panes (nominal, worst case), each with the bodies drawn: more than the background and the floor line.
    const panes = await page.$$eval('[data-testid=mujoco-side-view] canvas', (cs) => cs.map((c) => c.getAttribute('aria-label')));
    expect(panes).toHaveLength(2);
    expect(panes[0]).toMatch(/Nominal/);
    expect(panes[1]).toMatch(/Worst case/);
    await page.waitForTimeout(300); // one animation frame at least
    for (const i of [0, 1]) expect(await canvasInk(page, i)).toBeGreaterThan(0.005);
    await screenshot(page, 'mujoco-inverted-pendulum');

    // A run without geom frames (as a project file's results JSON restores it): the worker computes them again.
    await page.evaluate(() => {
      type T = { geoms?: unknown };
      const st = (window as unknown as { __droilStore: { setState(f: (s: { result: { evals: { traceNominal: T; traceWorst: T }[] } }) => unknown): void } }).__droilStore;
      st.setState((s) => ({ result: { ...s.result, evals: s.result.evals.map((e) => ({ ...e, traceNominal: { ...e.traceNominal, geoms: undefined }, traceWorst: { ...e.traceWorst, geoms: undefined } })) } }));
    });
    expect(await store<boolean>(page, 's => s.result.evals.some((e) => e.traceNominal.geoms || e.traceWorst.geoms)')).toBe(false);
    await page.waitForTimeout(300); // React has drawn the stripped result: without frames it would show no canvas
    await page.waitForSelector('[data-testid=mujoco-side-view] canvas', { timeout: 30_000 });
    await page.waitForTimeout(300);
    for (const i of [0, 1]) expect(await canvasInk(page, i)).toBeGreaterThan(0.005);

    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  // The paper's tasks: each loads on first use, trains (BC and two BE-DROIL members, FAST settings, one evaluation
  // episode) and animates the nominal and worst-case rollouts in the side view. (Ant-v5 below, with a smaller setup.)
  for (const id of ['HalfCheetah-v5', 'Walker2d-v5']) {
    it(`${id} loads lazily, trains and animates both panes`, async () => {
      const { page, errors, urls } = await open(`envId=${id}&${FAST.replace("evalEpisodes=2", "evalEpisodes=1")}`);
      await page.waitForSelector('[data-testid=mujoco-side-view] canvas', { timeout: 90_000 });
      expect(urls.some((u) => /mujoco-[\w-]+\.wasm$/.test(u))).toBe(true);
      expect(await store<number>(page, 's => s.expertTrace.geoms.geoms.length')).toBeGreaterThanOrEqual(8);
      await page.click('[data-testid=train]');
      expect(await waitForStatus(page, ['done', 'error'], 280_000)).toBe('done');
      const r = await runTraces(page);
      expect(r.envId).toBe(id);
      expect(r.members).toBe(3);
      expect(r.frames).toEqual(r.steps.map((n) => n + 1));
      await page.waitForTimeout(300);
      for (const i of [0, 1]) expect(await canvasInk(page, i)).toBeGreaterThan(0.005);
      await screenshot(page, `mujoco-${id.toLowerCase()}`);
      expect(errors).toEqual([]);
      await page.close();
    }, 300_000);
  }

  // Ant-v5's step is the costliest (a free body, 12 leg capsules in contact, RK4, 5 substeps): about 0.6 ms of CPU in
  // WebAssembly, and its policies rarely fall, so every evaluation episode runs 1000 steps. Under FAST the worst-case
  // box (16 corners of its 4 default parameters + centre, x 3 members) was 51k of the run's 58k simulated steps
  // (profiled with `droil run --setup` in Node, docs/mujoco.md). A small setup without the box's corners
  // (worstBoxEps=0: the worst case is the centre), one kernel candidate and a 2-point sweep simulates about 20k steps.
  const ANT_SMALL = 'seeds=1&steps=30&evalEpisodes=1&evalPoints=2&worstBoxEps=0&kernelEpisodes=1&kernelCandidates=1&kernelHorizon=0&boxRandomPoints=0&boxRefineRounds=0&rhoSweep=0.2,2';
  it('Ant-v5 loads lazily, animates the expert projected onto the x-z plane, trains a small setup and animates both panes', async () => {
    const { page, errors, urls } = await open(`envId=Ant-v5&${ANT_SMALL}`);
    await page.waitForSelector('[data-testid=mujoco-side-view] canvas', { timeout: 90_000 });
    expect(urls.some((u) => /mujoco-[\w-]+\.wasm$/.test(u))).toBe(true);
    const t = await store<{ envId: string; geoms: number; frames: number; steps: number }>(page,
      's => ({ envId: s.expertTrace.envId, geoms: s.expertTrace.geoms.geoms.length, frames: s.expertTrace.geoms.frames.length, steps: s.expertTrace.steps })');
    expect(t.envId).toBe('Ant-v5');
    expect(t.geoms).toBe(14); // floor, torso sphere, 12 leg capsules
    expect(t.frames).toBe(t.steps + 1);
    await page.waitForTimeout(300);
    expect(await canvasInk(page, 0)).toBeGreaterThan(0.005);
    await screenshot(page, 'mujoco-ant-v5');

    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'], 280_000)).toBe('done');
    const r = await runTraces(page);
    expect(r.envId).toBe('Ant-v5');
    expect(r.members).toBe(3); // BC and BE-DROIL at two radii
    expect(r.frames).toEqual(r.steps.map((n) => n + 1));
    expect(r.geoms).toBe(14);
    const panes = await page.$$eval('[data-testid=mujoco-side-view] canvas', (cs) => cs.map((c) => c.getAttribute('aria-label')));
    expect(panes).toHaveLength(2);
    await page.waitForTimeout(300);
    for (const i of [0, 1]) expect(await canvasInk(page, i)).toBeGreaterThan(0.005);
    await screenshot(page, 'mujoco-ant-v5-trained');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
