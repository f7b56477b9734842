// docs/ stays under 5 MB as `du` counts it: the allocated blocks of every file and directory, so many small
// files cost more than their bytes. Results keep their command, table.md and results.csv (or results.csv.gz
// over 8 KiB), not raw JSON (docs/results/README.md, bench/round-results-csv.ts).
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const BUDGET_BYTES = 5 * 1024 * 1024; // `du -s -B1 docs` below this; `du -sm` rounds up to whole MiB

/** Allocated bytes (st_blocks x 512, as du counts) of a tree, and its files by size. */
function usage(path: string, files: [number, string][]): number {
  const st = lstatSync(path);
  const own = st.blocks * 512;
  if (!st.isDirectory()) { files.push([own, relative(root, path)]); return own; }
  return readdirSync(path).reduce((sum, f) => sum + usage(join(path, f), files), own);
}

describe('docs/ size', () => {
  it('allocates under 5 MiB of blocks', () => {
    const files: [number, string][] = [];
    const total = usage(join(root, 'docs'), files);
    const largest = files.sort((a, b) => b[0] - a[0]).slice(0, 5).map(([b, p]) => `${p} ${(b / 1024).toFixed(0)} KiB`);
    expect(total, `docs/ uses ${(total / 2 ** 20).toFixed(2)} MiB; largest: ${largest.join(', ')}`).toBeLessThan(BUDGET_BYTES);
  });
});
