// CPU profile of radius-slider moves after the default run (issue 17 item 3): builds a non-minified production
// bundle so function names are readable, runs the default comparison, scrolls to the charts, then profiles
// `--moves N` arrow-key moves (each waited until every chart redrew) and prints self and inclusive time per
// function. Prints figures; never a test.
// With --mount: instead, the window from the end of training to every chart drawn (the charts' mounts), and the
// composition of its busiest tasks (runs of samples without idle between them).
// With --tasks (slider moves): also the composition of the busiest tasks (each chart redraws in a task of its own).
//   npx tsx bench/slider-profile.ts [--no-build] [--moves 6] [--dist DIR] [--mount] [--tasks]
import { spawn, execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../test/chromium-flags';
import { parkPointer, scrollToCharts } from './lib/scroll-to-charts';
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const out = opt('--dist', '/tmp/droil-slider-profile-dist');
const moves = Number(opt('--moves', '6'));
const tasksShown = Number(opt('--top', '5'));
if (!argv.includes('--no-build') && !argv.includes('--dist')) execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--minify', 'false', '--outDir', out, '--emptyOutDir'], { stdio: 'inherit', env: { ...process.env, VITE_DROIL_TEST_HOOKS: '1' } });
const port = 4392;
const server = spawn('npx', ['vite', 'preview', '--outDir', out, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 300; i++) { try { if ((await fetch(url)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 200)); }
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs.filter((a) => !a.includes('webgpu')) });
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { backend: unknown } } }).__droilStore.getState().backend !== null, null, { timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const mount = argv.includes('--mount');
  await page.click('[data-testid=train]');
  if (mount) {
    await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { run: { status: string } } } }).__droilStore.getState().run.status !== 'training', null, { timeout: 300_000, polling: 20 });
    await cdp.send('Profiler.start');
  }
  await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { run: { status: string } } } }).__droilStore.getState().run.status === 'done', null, { timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('[data-staged=pending]'), null, { timeout: 60_000 });
  if (mount) {
    await page.waitForTimeout(200);
    const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: Profile };
    report(profile, 1, true);
  } else await sliderMoves(page, cdp);
} finally { await browser.close(); if (server.pid) try { process.kill(-server.pid); } catch { /* gone */ } }

async function sliderMoves(page: import('playwright-core').Page, cdp: import('playwright-core').CDPSession): Promise<void> {
  if (await page.$('[data-testid=canvas-play][aria-pressed=true]')) await page.click('[data-testid=canvas-play]');
  await page.focus('[data-testid=rho]');
  await parkPointer(page);
  await page.evaluate(scrollToCharts);
  await page.waitForTimeout(500);
  await cdp.send('Profiler.start');
  for (let i = 0; i < moves; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(30);
    await page.waitForFunction(() => !document.querySelector('[data-staged=pending]'), null, { timeout: 60_000, polling: 5 });
    await page.waitForTimeout(100);
  }
  const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: Profile };
  report(profile, moves, argv.includes('--tasks'));
}

function report(profile: Profile, moves: number, tasks: boolean): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const keyOf = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>(), incl = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000 / moves;
    const n = byId.get(id)!;
    const k = keyOf(n);
    if (k.startsWith('(idle)')) return;
    busy += dt;
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = keyOf(byId.get(cur)!);
      if (!seen.has(kk)) { seen.add(kk); incl.set(kk, (incl.get(kk) ?? 0) + dt); }
    }
  });
  console.log(`per move (ms, mean of ${moves}); main thread busy ${busy.toFixed(1)} ms; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('self:\n ' + [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v.toFixed(2)} ${k}`).join('\n '));
  // Function components (capitalised names): where the render time goes, by chart part.
  console.log('components (inclusive):\n ' + [...incl].filter(([k]) => /^[A-Z]/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 50).map(([k, v]) => `${v.toFixed(2)} ${k}`).join('\n '));
  console.log('inclusive:\n ' + [...incl].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, 90).map(([k, v]) => `${v.toFixed(2)} ${k}`).join('\n '));
  if (!tasks) return;
  // Busy runs: consecutive non-idle samples (an idle sample ends a task); the five longest, with what ran in them.
  const runs: { ms: number; ids: number[]; dts: number[] }[] = [];
  let cur: { ms: number; ids: number[]; dts: number[] } | null = null;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (keyOf(byId.get(id)!).startsWith('(idle)')) { if (cur) runs.push(cur); cur = null; return; }
    cur ??= { ms: 0, ids: [], dts: [] };
    cur.ms += dt; cur.ids.push(id); cur.dts.push(dt);
  });
  if (cur) runs.push(cur);
  for (const r of runs.sort((a, b) => b.ms - a.ms).slice(0, tasksShown)) {
    const inc = new Map<string, number>();
    r.ids.forEach((id, i) => {
      const seen = new Set<string>();
      for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) { const kk = keyOf(byId.get(c)!); if (!seen.has(kk)) { seen.add(kk); inc.set(kk, (inc.get(kk) ?? 0) + r.dts[i]); } }
    });
    console.log(`task ${r.ms.toFixed(1)} ms: ` + [...inc].filter(([k]) => /^[A-Z]|flushPassive|commitRoot|renderRootSync|dispatch|measure|getBoundingClientRect|getComputedTextLength|getStringSize|Layout|\(program\)|garbage/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${k.split(' ')[0]} ${v.toFixed(1)}`).join(', '));
  }
}
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };
