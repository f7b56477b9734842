// Builds the production bundle once and serves it with `vite preview` for the end-to-end tests.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext { baseUrl: string }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not answer at ${url}`);
}

let server: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build: force production.
  // VITE_DROIL_TEST_HOOKS: the tests read the store through window.__droilStore (src/main.tsx);
  // DROIL_BENCH_WORKER: the build also has the benchmarks' worker (pool.e2e.test.ts drives it).
  const env = { ...process.env, NODE_ENV: 'production', VITE_DROIL_TEST_HOOKS: '1', DROIL_BENCH_WORKER: '1' };
  if (!process.env.E2E_SKIP_BUILD) execFileSync('npx', ['vite', 'build', '--mode', 'production', '--logLevel', 'warn'], { stdio: 'inherit', env });
  const port = await freePort();
  server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true, env });
  const baseUrl = `http://127.0.0.1:${port}/`;
  await waitFor(baseUrl, 60_000);
  project.provide('baseUrl', baseUrl);
  return () => { if (server?.pid) try { process.kill(-server.pid); } catch { /* already gone */ } };
}
