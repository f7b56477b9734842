// The numbers a chart draws, as a table: exported as CSV beside the chart's SVG and PNG, and read by the
// results CSV. Numbers are written at six significant digits (0.1 + 0.2 reads 0.3, not 0.30000000000000004).
import { csvNumber } from '../../core/project/results-json';

export type Cell = number | string | null | undefined;

export interface ChartTable {
  /** Column headers, each with its unit in parentheses where it has one. */
  columns: string[];
  rows: Cell[][];
}

export { csvNumber };

export function csvCell(v: Cell): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? csvNumber(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableCsv(t: ChartTable): string {
  return [t.columns, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
