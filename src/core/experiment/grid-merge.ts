// Merging partial results of one grid (shards, resumed runs): every source must hold the same grid, and
// together they must hold every planned cell exactly once. Anything else is refused in one line that
// names the sources, cells or differences involved, because a silently incomplete table is a wrong table.
import { UserError } from '../errors';
import { cellName, type CellResult } from './grid';
import { gridDifference, sameGrid, type GridManifest } from './grid-manifest';

export interface GridPart {
  /** Where it came from (a directory), for messages. */
  source: string;
  manifest: GridManifest;
  results: CellResult[];
}

/** Names at most `max` items, then says how many more. */
function listSome(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The one grid of the parts and all of its cells' results (in plan order), or a UserError saying what is wrong. */
export function mergeGridParts(parts: GridPart[]): { manifest: GridManifest; results: CellResult[] } {
  if (parts.length === 0) throw new UserError('nothing to merge: give the result directories of the shards', 'merge');
  const first = parts[0];
  for (const p of parts.slice(1)) {
    if (!sameGrid(first.manifest, p.manifest)) {
      throw new UserError(`${p.source} holds another grid than ${first.source} (${p.manifest.gridId} vs ${first.manifest.gridId}): ${gridDifference(first.manifest, p.manifest)}`, 'merge');
    }
  }
  const owner = new Map<number, string>();
  const duplicated: string[] = [];
  const results: CellResult[] = [];
  for (const p of parts) {
    for (const r of p.results) {
      const prev = owner.get(r.cell.index);
      if (prev !== undefined) { duplicated.push(`${cellName(r.cell)} (in ${prev} and ${p.source})`); continue; }
      owner.set(r.cell.index, p.source);
      results.push(r);
    }
  }
  if (duplicated.length > 0) throw new UserError(`${duplicated.length} cell${duplicated.length === 1 ? ' is' : 's are'} in more than one directory: ${listSome(duplicated)}`, 'merge');
  const plan = first.manifest.cells;
  const missing = plan.filter((c) => !owner.has(c.index));
  if (missing.length > 0) {
    throw new UserError(`${missing.length} of the grid's ${plan.length} cells ${missing.length === 1 ? 'is' : 'are'} missing: ${listSome(missing.map((c) => `${cellName(c)} (cell #${c.index})`))}; rerun their shards (the same --out resumes)`, 'merge');
  }
  results.sort((a, b) => a.cell.index - b.cell.index);
  return { manifest: first.manifest, results };
}
