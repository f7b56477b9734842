// A `droil bench` result directory on disk: grid.json (the grid's manifest), cells/NNNNN.json (one file per
// finished cell, written atomically: a temporary name, then a rename, so a killed run leaves whole cells or
// none, and a rerun removes the temporaries it left) and, once every cell is there, table.md, results.csv and results.json (functions of the manifest
// and the cells alone, so a resumed, threaded, sharded or merged run writes the same bytes) and timing.json
// (the seconds each cell took: not a result, so kept out of the result files).
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors';
import { assembleGrid, cellName, type CellResult } from '../core/experiment/grid';
import { parseExact, stringifyExact } from '../core/experiment/grid-json';
import { GRID_FORMAT, gridDifference, sameGrid, type GridManifest } from '../core/experiment/grid-manifest';
import { markdownTable, resultsCsv } from '../core/eval/report';

const MANIFEST = 'grid.json';
const CELLS = 'cells';
const cellFile = (index: number) => `${String(index).padStart(5, '0')}.json`;

let tmpCounter = 0;
/** Write a file whole or not at all: a temporary name in the same directory, then a rename. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}-${tmpCounter++}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** A temporary file this old was left by a killed run: a live writer renames its file within moments. */
const ORPHAN_MS = 10 * 60_000;

/** Removes the temporaries that killed runs left in `dir` (a resumed run would otherwise keep them forever). */
async function removeOrphans(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!/\.tmp-\d+-\d+-\d+$/.test(name)) continue;
    const path = join(dir, name);
    const age = now - (await stat(path).catch(() => null))?.mtimeMs!;
    if (age > ORPHAN_MS) await rm(path, { force: true });
  }
}

function fsError(e: unknown, path: string, doing: string): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  return new UserError(`cannot ${doing} (${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code ?? (e as Error).message})`, path);
}

/** The manifest of a result directory, or null where there is none yet. */
export async function readManifest(dir: string): Promise<GridManifest | null> {
  const path = join(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError(e, path, 'read the grid manifest');
  }
  let m: GridManifest;
  try {
    m = JSON.parse(text) as GridManifest;
  } catch {
    throw new UserError('not a droil bench grid manifest (invalid JSON)', path);
  }
  if (m?.format !== GRID_FORMAT || typeof m.gridId !== 'string' || !Array.isArray(m.cells) || typeof m.grid?.command !== 'string') {
    throw new UserError(`not a droil bench grid manifest (expected format ${GRID_FORMAT})`, path);
  }
  return m;
}

/**
 * Opens `dir` for the grid of `manifest`: creates it and its manifest, or checks that the manifest already
 * there is the same grid (then its finished cells count; that is how a rerun resumes).
 */
export async function openGridDir(dir: string, manifest: GridManifest): Promise<void> {
  const old = await readManifest(dir);
  if (old && !sameGrid(old, manifest)) {
    throw new UserError(`${dir} holds cells of another grid (${old.gridId}; ${gridDifference(old, manifest)}): give another --out, or remove ${join(dir, CELLS)} and ${join(dir, MANIFEST)}`, '--out');
  }
  try {
    await mkdir(join(dir, CELLS), { recursive: true });
    if (!old) await writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
    await removeOrphans(dir);
    await removeOrphans(join(dir, CELLS));
  } catch (e) {
    throw fsError(e, dir, 'write the result directory');
  }
}

/** Saves one finished cell (atomically). */
export async function writeCell(dir: string, manifest: GridManifest, result: CellResult): Promise<void> {
  const path = join(dir, CELLS, cellFile(result.cell.index));
  try {
    await writeAtomic(path, stringifyExact({ gridId: manifest.gridId, ...result }) + '\n');
  } catch (e) {
    throw fsError(e, path, 'write the cell');
  }
}

/** The finished cells of a directory whose manifest is `manifest` (half-written temporaries are ignored). */
export async function readCells(dir: string, manifest: GridManifest): Promise<CellResult[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, CELLS));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fsError(e, join(dir, CELLS), 'read the cells');
  }
  const out: CellResult[] = [];
  for (const name of names.filter((n) => /^\d{5}\.json$/.test(n)).sort()) {
    const path = join(dir, CELLS, name);
    let r: CellResult & { gridId?: string };
    try {
      r = parseExact(await readFile(path, 'utf8'));
    } catch {
      throw new UserError('not a finished cell (invalid JSON): remove it and rerun to redo the cell', path);
    }
    const planned = manifest.cells[Number(name.slice(0, 5))];
    if (r?.gridId !== manifest.gridId || !planned || JSON.stringify(r.cell) !== JSON.stringify(planned) || !Array.isArray(r.rows)) {
      throw new UserError(`not a cell of grid ${manifest.gridId} (${planned ? cellName(planned) : 'no such cell in the plan'}): remove it and rerun to redo the cell`, path);
    }
    delete r.gridId;
    out.push(r);
  }
  return out;
}

/** The four files of a complete grid: the three result files (identical however it ran) and timing.json. */
export async function writeResults(dir: string, manifest: GridManifest, results: CellResult[]): Promise<string> {
  const result = assembleGrid(manifest.cells, results);
  const { command, backend, settings, header } = manifest.grid;
  const table = markdownTable(result.summary);
  const timing = {
    note: 'seconds of training (MBIL densities included) and the tfjs backend per cell; not part of the results',
    cells: results.map((r) => ({ cell: cellName(r.cell), seconds: r.seconds, ...(r.densitySeconds !== undefined ? { densitySeconds: r.densitySeconds } : {}), ...(r.backend !== undefined ? { backend: r.backend } : {}) })),
  };
  try {
    await writeAtomic(join(dir, 'table.md'), `Command: \`${command}\`\n\n${header}\n\nBackend: ${backend}.\n\n${table}`);
    await writeAtomic(join(dir, 'results.csv'), resultsCsv(result.rows));
    await writeAtomic(join(dir, 'results.json'), JSON.stringify({
      command, backend, settings, references: result.references, training: result.training, rows: result.rows, summary: result.summary,
    }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
    await writeAtomic(join(dir, 'timing.json'), JSON.stringify(timing, null, 1) + '\n');
  } catch (e) {
    throw fsError(e, dir, 'write the results');
  }
  return table;
}
