// Parse time of readDataset in headless Chromium (the playground's code path, served by Vite's dev server),
// on the 1M-transition files that bench/data.ts writes to /tmp (run that first).
// Run: npx tsx bench/data-browser.ts [--transitions 1000000] [--runs 3]
// Each run loads a fresh page, fetches the file's bytes, then times readDataset alone; the JS heap after
// parsing comes from performance.memory (Chromium only; WebAssembly memory is not included).
import { existsSync } from 'node:fs';
import { createServer } from 'vite';
import { launch } from '../test/e2e/browser';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg('transitions', '1000000'));
const runs = Number(arg('runs', '3'));
const base = `/tmp/droil-bench-${n}`;
const files: [string, string][] = [['D4RL HDF5', `${base}.h5`], ['NPZ stored', `${base}-stored.npz`], ['NPZ deflated', `${base}.npz`]];
if (!files.every(([, f]) => existsSync(f))) throw new Error(`missing ${base}.*: run npx tsx bench/data.ts --transitions ${n} first`);

const server = await createServer({ configFile: false, root: process.cwd(), logLevel: 'error', server: { port: 0, fs: { allow: [process.cwd(), '/tmp'] } }, optimizeDeps: { include: ['h5wasm', 'fflate', 'npyjs', 'papaparse'] } });
await server.listen();
const url = server.resolvedUrls!.local[0];
const browser = await launch({ webgpu: false });
try {
  console.log(`readDataset in ${browser.version()} on ${n} transitions, ${runs} fresh pages per file`);
  console.log('format            parse ms median (min..max)   JS heap after MB');
  for (const [label, file] of files) {
    const ms: number[] = [];
    let heap = 0;
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage();
      await page.goto(`${url}README.md`); // any page of the origin without Vite's reloading client
      // The page code is a string: tsx would otherwise inject helpers (__name) the page does not have.
      const out = (await page.evaluate(`(async () => {
        const { readDataset } = await import('/src/core/data/read.ts');
        if (${JSON.stringify(label.includes('HDF5'))}) await (await import('/src/core/data/hdf5.ts')).loadH5wasm(); // outside the timing
        const bytes = new Uint8Array(await (await fetch('/@fs${file}')).arrayBuffer());
        const t0 = performance.now();
        const d = await readDataset(bytes, '${file}', { maxBytes: 1e9 });
        const ms = performance.now() - t0;
        return { ms, transitions: d.terminals.length, heap: performance.memory ? performance.memory.usedJSHeapSize / 1e6 : 0 };
      })()`)) as { ms: number; transitions: number; heap: number };
      if (out.transitions !== n) throw new Error(`${file}: ${out.transitions} transitions in the browser, expected ${n}`);
      ms.push(out.ms);
      heap = Math.max(heap, out.heap);
      await page.close();
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(17)} ${ms[runs >> 1].toFixed(0).padStart(8)} (${ms[0].toFixed(0)}..${ms[runs - 1].toFixed(0)})`.padEnd(46) + heap.toFixed(0).padStart(8));
  }
} finally {
  await browser.close();
  await server.close();
}
