// CPU profile of the page around the Train click (the main-thread work a click starts: React render and
// commit, effects, canvas draws): builds a non-minified production bundle so the function names are readable,
// then reports self and inclusive time per function over the 400 ms after the click. Prints figures; never a test.
//   npx tsx bench/click-profile.ts [--no-build]
import { spawn, execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../test/chromium-flags';
const out = '/tmp/droil-click-profile-dist';
if (!process.argv.includes('--no-build')) execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--minify', 'false', '--outDir', out, '--emptyOutDir'], { stdio: 'inherit', env: { ...process.env, VITE_DROIL_TEST_HOOKS: '1' } });
const port = 4391;
const server = spawn('npx', ['vite', 'preview', '--outDir', out, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 300; i++) { try { if ((await fetch(url)).ok) break; } catch { } await new Promise((r) => setTimeout(r, 200)); }
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs.filter((a) => !a.includes('webgpu')) });
try {
  for (let run = 0; run < 3; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 120_000 });
    await page.waitForFunction(() => (window as any).__droilStore.getState().backend !== null, null, { timeout: 120_000 });
    await page.waitForTimeout(1000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const ms = await page.evaluate(`(() => { const t = performance.now(); document.querySelector('[data-testid=train]').click(); return performance.now() - t; })()`);
    await page.waitForTimeout(400);
    const { profile } = await cdp.send('Profiler.stop') as any;
    const self = new Map<string, number>();
    const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
    const dt = profile.timeDeltas as number[];
    profile.samples.forEach((id: number, i: number) => {
      const n = byId.get(id); const cf = n.callFrame;
      const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
    });
    // inclusive time for app-level functions
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const incl = new Map<string, number>();
    profile.samples.forEach((id: number, i: number) => {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const cf = byId.get(cur).callFrame; const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
        if (!seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000); }
      }
    });
    console.log(`run ${run}: click handler ${Number(ms).toFixed(1)} ms (synchronous part)`);
    console.log(' self:', [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | '));
    console.log(' inclusive:', [...incl].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | '));
    await page.close();
  }
} finally { await browser.close(); if (server.pid) try { process.kill(-server.pid); } catch { } }
