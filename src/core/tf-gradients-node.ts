// Node only (the CLI and benches run through tsx). In Node, '@tensorflow/tfjs-core' resolves to its CommonJS
// bundle, which registers no gradients, and the ESM file that does ('dist/register_all_gradients.js') uses
// directory imports that Node's ESM resolver rejects. tfjs keeps its engine and its kernel/gradient
// registries in globals shared by every copy of tfjs-core, so a bundled copy of that one file registers the
// gradients for the CommonJS copy too. The bundle is built once with esbuild (a dependency of tsx) and cached.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function registerGradientsForNode(): Promise<void> {
  const req = createRequire(import.meta.url);
  const entry = req.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const version = (JSON.parse(readFileSync(req.resolve('@tensorflow/tfjs-core/package.json'), 'utf8')) as { version: string }).version;
  const root = dirname(dirname(dirname(dirname(entry)))); // .../node_modules
  const cached = join(root, '.cache', 'droil', `tfjs-core-${version}-gradients.mjs`);
  if (!existsSync(cached)) {
    const { buildSync } = (await import('esbuild')) as typeof import('esbuild');
    const out = buildSync({ entryPoints: [entry], bundle: true, format: 'esm', write: false, platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'silent' });
    mkdirSync(dirname(cached), { recursive: true });
    // A temporary name of this process and thread: bench's worker threads may build the cache at once.
    const { threadId } = await import('node:worker_threads');
    const tmp = `${cached}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, out.outputFiles[0].text);
    const { renameSync } = await import('node:fs');
    renameSync(tmp, cached);
  }
  await import(pathToFileURL(cached).href);
}
