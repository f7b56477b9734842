import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { glueWithoutEval, isMujocoGlue } from './src/build/mujoco-glue-without-eval';

// The production build's Content-Security-Policy: nothing from another origin, no eval (WebAssembly needs
// 'wasm-unsafe-eval' for the tfjs wasm backend, h5wasm and MuJoCo), workers from this origin, images and
// downloads from blob: URLs (chart PNG export). `vite preview` sends it as a header too, so the worker
// (which a <meta> policy does not cover) runs under it in the end-to-end tests; a static host should do the
// same (docs/sharing.md).
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Injects the CSP as the first <meta> of index.html, in production builds only (the dev server needs inline scripts). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'droil-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
    },
  };
}

/**
 * MuJoCo's WebAssembly glue builds embind invokers with `new Function`; this rewrites those two sites into plain
 * closures (src/build/mujoco-glue-without-eval.ts), so the worker runs MuJoCo under the CSP above, without
 * 'unsafe-eval' (docs/mujoco.md, "MuJoCo under the CSP").
 */
function mujocoWithoutEval(): Plugin {
  return {
    name: 'droil-mujoco-without-eval',
    enforce: 'pre',
    transform: (code, id) => (isMujocoGlue(id) ? { code: glueWithoutEval(code), map: null } : undefined),
  };
}

/**
 * Builds for tests and benchmarks that drive the worker from Node (DROIL_BENCH_WORKER=1: test/e2e/global-setup.ts,
 * bench/lib/worker-bench.ts) also bundle the benchmarks' worker (bench/worker/bench-worker.ts, started from
 * bench/worker/index.html); the shipped app's build has only the page and its workers.
 */
const benchWorker = process.env.DROIL_BENCH_WORKER === '1';

// The playground is a static site: `vite build` emits dist/, served by any static host. Source maps only on
// request (DROIL_SOURCEMAP=1 vite build): they were 30 MB of a published build.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), mujocoWithoutEval()],
  // Worker bundles take their own plugins in a build (the page's list applies to them only in dev).
  worker: { format: 'es', plugins: () => [mujocoWithoutEval()] },
  server: { port: 5173, strictPort: false },
  // The dev server pre-bundles the dependencies it finds from these entries. The worker is not reachable from
  // index.html (it starts from a `new URL(...)`), so without it its dependencies (tfjs, h5wasm, ...) were found
  // on the first Train and Vite re-optimised and reloaded the page mid-visit (bench/dev-first-load.ts counts).
  optimizeDeps: { entries: ['index.html', 'src/worker/app-worker.ts'] },
  preview: { port: 4173, strictPort: false, headers: { 'Content-Security-Policy': CSP } },
  build: {
    target: 'es2022', sourcemap: process.env.DROIL_SOURCEMAP === '1', chunkSizeWarningLimit: 2000,
    ...(benchWorker ? { rollupOptions: { input: { index: 'index.html', 'bench-worker-page': 'bench/worker/index.html' } } } : {}),
  },
});
