// What identifies a grid: the command that plans it (without the flags that only say where and how it
// runs), its settings, the backend its numbers come from and digests of its input files. Every shard of
// one grid writes the same manifest; cells and merges check it before mixing results.
import type { GridCell } from './grid';

export const GRID_FORMAT = 'droil-bench-grid/1';

export interface GridIdentity {
  /** `droil bench ...` without --out, --jobs, --shard and --quiet. */
  command: string;
  /** The tfjs backend that computes every number (the same seed gives the same numbers on the same backend). */
  backend: string;
  /** Everything the grid's numbers depend on, as results.json reports it. */
  settings: Record<string, unknown>;
  /** Input files (--data, --mjcf): path -> SHA-256 of their bytes. */
  inputs: Record<string, string>;
  /** The table's sentence on demonstrations and evaluation kernels. */
  header: string;
  /** A digest of the code that computes the numbers (src/cli/code-digest.ts): other code, maybe other numbers. */
  code: string;
}

export interface GridManifest {
  format: typeof GRID_FORMAT;
  /** A short digest of the identity, for messages and cell files. */
  gridId: string;
  grid: GridIdentity;
  cells: GridCell[];
}

/** 53-bit string hash (cyrb53), hex: names a grid in messages; equality of grids compares the identity itself. */
function digest(text: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

export function gridManifest(grid: GridIdentity, cells: GridCell[]): GridManifest {
  return { format: GRID_FORMAT, gridId: digest(JSON.stringify([grid, cells])), grid, cells };
}

/** Same grid: the same identity and plan (the id is a digest of both; compare the content, not the digest). */
export function sameGrid(a: GridManifest, b: GridManifest): boolean {
  return JSON.stringify([a.grid, a.cells]) === JSON.stringify([b.grid, b.cells]);
}

/** The first difference between two grids, for a one-line refusal. */
export function gridDifference(a: GridManifest, b: GridManifest): string {
  if (a.grid.command !== b.grid.command) return `commands differ ('${a.grid.command}' vs '${b.grid.command}')`;
  if (a.grid.backend !== b.grid.backend) return `backends differ (${a.grid.backend} vs ${b.grid.backend}; the same seed gives the same numbers only on the same backend)`;
  for (const k of new Set([...Object.keys(a.grid.inputs), ...Object.keys(b.grid.inputs)])) {
    if (a.grid.inputs[k] !== b.grid.inputs[k]) return `the input file ${k} differs`;
  }
  if (JSON.stringify(a.grid.settings) !== JSON.stringify(b.grid.settings)) return 'settings differ';
  if (a.grid.code !== b.grid.code) return `computed by other code (${a.grid.code ?? 'unrecorded'} vs ${b.grid.code ?? 'unrecorded'}: src/core, src/cli or package-lock.json changed between the runs, so the numbers may differ)`;
  return JSON.stringify(a.cells) !== JSON.stringify(b.cells) ? 'cell plans differ' : 'manifests differ';
}
