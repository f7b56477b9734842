// Reads what a committed `droil bench` result directory keeps (docs/results/README.md): the rows from
// results.csv, or results.csv.gz where the file is stored compressed, and the command from table.md's
// first line. The summarising scripts read these instead of the raw results.json, which is not committed.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ConditionKind, ResultRow } from '../../src/core/eval/report';

/** Splits one CSV line as src/core/eval/report.ts's resultsCsv writes it (fields quoted when they hold `"`, `,`). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted field in '${line}'`);
        s += line.slice(i, q);
        if (line[q + 1] === '"') { s += '"'; i = q + 2; } else { i = q + 1; break; }
      }
      out.push(s);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

const num = (s: string) => (s === '' ? NaN : Number(s));

/** The rows of a results.csv text (empty numbers, written for non-finite values, read back as NaN; empty rho as null). */
export function parseResultsCsv(text: string, where = 'results.csv'): ResultRow[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const head = csvFields(lines[0] ?? '');
  const want = ['env', 'demos', 'algo', 'rho', 'seed', 'condition', 'kind', 'mean', 'std', 'episodes', 'score', 'params'];
  if (head.join(',') !== want.join(',')) throw new Error(`${where}: header is '${lines[0]}', expected '${want.join(',')}'`);
  return lines.slice(1).map((l, i) => {
    const f = csvFields(l);
    if (f.length !== want.length) throw new Error(`${where}: line ${i + 2} has ${f.length} fields, expected ${want.length}`);
    return {
      env: f[0], demos: num(f[1]), algo: f[2], rho: f[3] === '' ? null : num(f[3]), seed: num(f[4]), condition: f[5],
      kind: f[6] as ConditionKind, mean: num(f[7]), std: num(f[8]), episodes: num(f[9]), score: num(f[10]), params: f[11],
    };
  });
}

/** The results.csv text of a result directory, or of a path to its results.csv / results.csv.gz / results.json. */
export function readResultsCsvText(path: string): { file: string; text: string } {
  const dir = /results\.(csv|csv\.gz|json)$/.test(basename(path)) ? dirname(path) : path;
  const plain = join(dir, 'results.csv'), packed = `${plain}.gz`;
  if (existsSync(plain)) return { file: plain, text: readFileSync(plain, 'utf8') };
  if (existsSync(packed)) return { file: packed, text: gunzipSync(readFileSync(packed)).toString('utf8') };
  throw new Error(`${dir}: neither results.csv nor results.csv.gz`);
}

/** One committed bench run: its rows and the command that made it (table.md's "Command: `...`" line). */
export interface BenchRun { dir: string; command: string; rows: ResultRow[] }

export function readBenchRun(path: string): BenchRun {
  const { file, text } = readResultsCsvText(path);
  const dir = dirname(file);
  const table = join(dir, 'table.md');
  const command = existsSync(table) ? /^Command: `(.*)`$/m.exec(readFileSync(table, 'utf8'))?.[1] : undefined;
  if (command === undefined) throw new Error(`${dir}: no table.md with a 'Command: \`...\`' line`);
  return { dir, command, rows: parseResultsCsv(text, file) };
}

/** The evaluation kernels a run used, as --eval-process-noise lists them: 0 for unlabelled conditions, S for '... [noise S]'. */
export function evalKernelsOf(rows: ResultRow[]): number[] {
  const ks = new Set<number>();
  for (const r of rows) ks.add(Number(/ \[noise ([^\]]+)\]$/.exec(r.condition)?.[1] ?? 0));
  return [...ks].sort((a, b) => a - b);
}
