// Rounds the committed results.csv files of docs/results/ to 6 significant digits (every non-integer number;
// integers, labels and parameters stay as written) and verifies, before writing, that the rounded file says
// what the original said (docs/results/README.md):
//   - the same rows, the same text in every non-numeric field, every number within 5e-6 relative of the
//     original (integers exactly);
//   - every figure the summarisers print from them is the same: per group of seeds (environment, demos,
//     method, condition; sweep points included) the mean ± 95% CI to 1 decimal, the CI's verdict (above 0,
//     below 0, spanning 0), the mean normalised score to 2 decimals and the paired difference to BC with its
//     verdict (src/core/eval/report.ts, bench/where-it-pays.ts, bench/pool-seed-chunks.ts,
//     docs/results/full-scale-s3/summ.py); per row, the return to 0 and 1 decimals and the sign of its
//     difference to BC on the same seed (the [above/below] seed counts). So the bench table renders to the
//     same text, and where table.md holds the table of the current report code, the rows reproduce it.
// Where rounding would change such a figure, the rows behind it (and their BC rows) keep full precision.
// Pooled figures over several files are checked by re-running the summarisers (docs/results/README.md).
// Then the size rule that keeps docs/ under its budget (test/unit/docs-budget.test.ts): a rounded file over
// 8 KiB is stored as results.csv.gz (gzip -9, no name or time in the header: the same bytes every time) in
// place of results.csv; a smaller one stays plain. Running it again changes nothing.
//   npx tsx bench/round-results-csv.ts [--check] [FILE_OR_DIR ...]   (default: every results.csv(.gz) under docs/results)
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { markdownTable, summarizeRows, type ResultRow } from '../src/core/eval/report';
import { formatMeanCi, type Summary } from '../src/core/eval/stats';
import { csvFields, parseResultsCsv } from './lib/results-csv';

const SIGNIFICANT = 6;
const TOLERANCE = 5e-6;
const PLAIN_MAX_BYTES = 8192;
const NUMERIC_COLUMNS = new Set([1, 3, 4, 7, 8, 9, 10]); // demos, rho, seed, mean, std, episodes, score

const args = process.argv.slice(2);
const checkOnly = args[0] === '--check';
const targets = (checkOnly ? args.slice(1) : args);

function filesUnder(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p).sort().flatMap((f) => {
    const q = join(p, f);
    return statSync(q).isDirectory() ? filesUnder(q) : /^results\.csv(\.gz)?$/.test(f) ? [q] : [];
  });
}

const roundNumber = (s: string) => {
  if (s === '') return s;
  const v = Number(s);
  return Number.isInteger(v) ? s : String(Number(v.toPrecision(SIGNIFICANT)));
};
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const groupKey = (r: ResultRow) => JSON.stringify([r.env, r.demos, r.algo, r.rho, r.condition]);
const bcKey = (r: ResultRow) => JSON.stringify([r.env, r.demos, 'bc', null, r.condition]);
const verdict = (s: Summary) => (s.low > 0 ? 'above' : s.high < 0 ? 'below' : 'spans');

/** What the summarisers print per group of seeds, by group key. */
function groupFigures(rows: ResultRow[]): Map<string, string> {
  return new Map(summarizeRows(rows).map((s) => [groupKey(s as unknown as ResultRow), [
    formatMeanCi(s.ret, 1), verdict(s.ret), s.score.toFixed(2), s.diffVsBc ? `${formatMeanCi(s.diffVsBc, 1)} ${verdict(s.diffVsBc)}` : '',
  ].join(' | ')]));
}

/** What they print per row: its return to 0 and 1 decimals (exact halves count apart) and the sign of its difference to BC. */
function rowFigures(rows: ResultRow[]): string[] {
  const bc = new Map<string, number>();
  for (const r of rows) if (r.algo === 'bc') bc.set(JSON.stringify([r.env, r.demos, r.condition, r.seed]), r.mean);
  return rows.map((r) => {
    const b = bc.get(JSON.stringify([r.env, r.demos, r.condition, r.seed]));
    return [Math.round(r.mean), Math.abs(r.mean % 1) === 0.5, r.mean.toFixed(1), r.algo !== 'bc' && b !== undefined ? Math.sign(r.mean - b) : ''].join(' ');
  });
}

function problems(orig: ResultRow[], next: ResultRow[], origText: string[][], nextText: string[][]): string[] {
  const out: string[] = [];
  if (orig.length !== next.length) return [`${orig.length} rows became ${next.length}`];
  origText.forEach((f, i) => f.forEach((v, c) => {
    const w = nextText[i][c];
    if (!NUMERIC_COLUMNS.has(c)) { if (v !== w) out.push(`line ${i + 2} field ${c + 1}: '${v}' became '${w}'`); return; }
    const a = v === '' ? NaN : Number(v), b = w === '' ? NaN : Number(w);
    const same = Number.isNaN(a) ? Number.isNaN(b) : Number.isInteger(a) ? a === b : Math.abs(a - b) <= TOLERANCE * Math.abs(a);
    if (!same) out.push(`line ${i + 2} field ${c + 1}: ${v} became ${w}`);
  }));
  const g0 = groupFigures(orig), g1 = groupFigures(next);
  for (const [k, v] of g0) if (g1.get(k) !== v) out.push(`${k}: ${v} became ${g1.get(k)}`);
  const r0 = rowFigures(orig), r1 = rowFigures(next);
  r0.forEach((v, i) => { if (r1[i] !== v) out.push(`line ${i + 2}: ${v} became ${r1[i]}`); });
  if (markdownTable(summarizeRows(orig)) !== markdownTable(summarizeRows(next))) out.push('the bench table differs');
  return out;
}

let changed = 0, tablesMatched = 0, keptFull = 0;
const failures: string[] = [];
const files = (targets.length > 0 ? targets : ['docs/results']).flatMap(filesUnder);
for (const file of files) {
  const packed = file.endsWith('.gz');
  const text = packed ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const origText = lines.slice(1).map(csvFields);
  const orig = parseResultsCsv(text, file);
  // Round; then, until nothing changes, give back full precision to the rows behind any figure that moved.
  const keep = new Set<number>();
  const render = () => [lines[0], ...origText.map((f, i) => (keep.has(i) ? f : f.map((v, c) => (NUMERIC_COLUMNS.has(c) ? roundNumber(v) : v))).map(quote).join(','))].join('\n') + '\n';
  const g0 = groupFigures(orig), r0 = rowFigures(orig);
  for (;;) {
    const next = parseResultsCsv(render(), file);
    const g1 = groupFigures(next), r1 = rowFigures(next);
    const moved = new Set([...g0].filter(([k, v]) => g1.get(k) !== v).map(([k]) => k));
    const size = keep.size;
    orig.forEach((r, i) => {
      if (r0[i] !== r1[i] || moved.has(groupKey(r))) keep.add(i);
      if ((r0[i] !== r1[i] && r.algo !== 'bc') || moved.has(groupKey(r))) orig.forEach((q, j) => { if (bcKey(q) === bcKey(r) && q.algo === 'bc' && (q.seed === r.seed || moved.has(groupKey(r)))) keep.add(j); });
    });
    if (keep.size === size) break;
  }
  keptFull += keep.size;
  const out = render();
  const nextText = out.split('\n').filter((l) => l !== '').slice(1).map(csvFields);
  const next = parseResultsCsv(out, file);
  const found = problems(orig, next, origText, nextText);
  const table = join(dirname(file), 'table.md');
  if (existsSync(table) && readFileSync(table, 'utf8').includes(markdownTable(summarizeRows(next)))) tablesMatched++;
  if (found.length > 0) { failures.push(`${file}: ${found.slice(0, 3).join('; ')}`); continue; }
  const plain = join(dirname(file), 'results.csv');
  const target = Buffer.byteLength(out) > PLAIN_MAX_BYTES ? `${plain}.gz` : plain;
  if (out === text && target === file) continue;
  changed++;
  if (checkOnly) continue;
  writeFileSync(target, target.endsWith('.gz') ? gzipSync(out, { level: 9 }) : out);
  if (target !== file) rmSync(file);
}
console.log(`${files.length} files: ${changed} ${checkOnly ? 'would change' : 'rewritten (rounded or (un)compressed)'}; ${keptFull} rows kept at full precision (a figure would move); ${tablesMatched} table.md files hold the table the rounded rows render`);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exitCode = 1;
}
