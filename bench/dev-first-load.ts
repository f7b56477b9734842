// Does the first visit to a fresh `npm run dev` reload itself? Vite pre-bundles the dependencies it finds by
// scanning the page's entries; a dependency met later (the worker's, a lazily loaded chunk's) makes it
// re-optimise and reload the page mid-visit (issue 17, item 6). This starts `vite --force` (a fresh
// optimisation), opens the page in headless Chromium, waits for the expert's demonstrations, then Train on a
// small setup to done (the worker and the charts chunk load), and counts the page's navigations and Vite's
// "optimized dependencies changed" messages. Prints figures; never a test.
// Usage: npx tsx bench/dev-first-load.ts [--seconds 30]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../test/chromium-flags';

const argv = process.argv.slice(2);
const seconds = Number(argv[argv.indexOf('--seconds') + 1] || 30);

function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
}

const port = await freePort();
// VITE_DROIL_TEST_HOOKS: window.__droilStore, which tells when the run is done (src/main.tsx).
const server = spawn('npx', ['vite', '--force', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, VITE_DROIL_TEST_HOOKS: '1' } });
let serverLog = '';
server.stdout!.on('data', (d) => { serverLog += String(d); });
server.stderr!.on('data', (d) => { serverLog += String(d); });
const url = `http://127.0.0.1:${port}/#steps=20&evalEpisodes=1&evalPoints=2&kernelEpisodes=1&kernelCandidates=1&kernelHorizon=1&boxRandomPoints=0&boxRefineRounds=0&rhoSweep=0.2`;
for (let i = 0; i < 300; i++) { try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 200)); }
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs.filter((a) => !a.includes('webgpu')) });
try {
  const page = await browser.newPage();
  const t0 = Date.now();
  const navigations: number[] = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations.push(Date.now() - t0); });
  await page.goto(url);
  let trained = 'no';
  try {
    await page.waitForSelector('[data-testid=dataset-summary]', { timeout: seconds * 1000 });
    await page.click('[data-testid=train]', { timeout: 10_000 });
    await page.waitForFunction(() => (window as unknown as { __droilStore: { getState(): { run: { status: string } } } }).__droilStore.getState().run.status === 'done', null, { timeout: seconds * 1000 });
    trained = `done at ${Date.now() - t0} ms`;
  } catch (e) { trained = `not done (${(e as Error).message.split('\n')[0]})`; }
  await page.waitForTimeout(3000);
  const reoptimised = (serverLog.match(/optimized dependencies changed|new dependencies optimized|reloading/g) ?? []).length;
  console.log(`dev first load: ${navigations.length} navigation(s) at ${navigations.join(', ')} ms (1 = no reload); Vite re-optimisation messages: ${reoptimised}; Train ${trained}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (reoptimised) console.log(serverLog.split('\n').filter((l) => /optimiz|reload/i.test(l)).join('\n'));
} finally {
  await browser.close();
  if (server.pid) try { process.kill(-server.pid); } catch { /* gone */ }
}
