// The digest of the code a grid's numbers come from: every file under src/core and src/cli (environments, models,
// expert data, algorithms, evaluation, the grid's flags) and package-lock.json (tfjs, MuJoCo and the other
// pinned versions). A grid's manifest records it, so a rerun after `git pull` does not resume, and a merge does
// not combine, cells that other code computed (their numbers could differ with nothing to show it).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCES = ['src/core', 'src/cli', 'package-lock.json'];

function files(path: string): string[] {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return [path]; // a file
  }
  return entries.flatMap((e) => (e.isDirectory() ? files(join(path, e.name)) : e.isFile() ? [join(path, e.name)] : []));
}

let cached: string | undefined;

/** SHA-256 over the sorted paths and bytes of the sources above, 16 hex digits. */
export function codeDigest(root = ROOT): string {
  if (root === ROOT && cached) return cached;
  const hash = createHash('sha256');
  const all = SOURCES.flatMap((s) => files(join(root, s))).map((p) => relative(root, p).split('\\').join('/')).sort();
  for (const p of all) {
    hash.update(p).update('\0');
    hash.update(readFileSync(join(root, p))).update('\0');
  }
  const digest = hash.digest('hex').slice(0, 16);
  if (root === ROOT) cached = digest;
  return digest;
}
