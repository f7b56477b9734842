// The benchmark's results: one row per environment x demos x algorithm x rho x seed x condition, the
// summary over seeds (mean ± 95% CI, normalised score, paired difference to BC on the same seed and
// condition) and its Markdown table. Pure functions over plain data, shared by the CLI and the page.
import { formatMeanCi, mean, pairedDifference, summarize, type Summary } from './stats';
import { D4RL_REFERENCE, d4rlScore } from '../mujoco/d4rl';

export type ConditionKind = 'nominal' | 'shift' | 'sweep-point' | 'sweep-area' | 'sweep-mean' | 'sweep-worst' | 'box' | 'kernel';

export interface ResultRow {
  env: string;
  demos: number;
  algo: string;
  /** The radius (DRO-BC, BE-DROIL); null for BC. */
  rho: number | null;
  seed: number;
  condition: string;
  kind: ConditionKind;
  /** Mean return over the evaluation episodes (for derived conditions: the derived value). */
  mean: number;
  std: number;
  episodes: number;
  /** Normalised score (R - R_random) / (R_expert - R_random), nominal references of the same evaluator. */
  score: number;
  /** The parameters of the condition, "name=value;..." (box: the worst point found). */
  params: string;
}

export interface SummaryRow {
  env: string;
  demos: number;
  algo: string;
  rho: number | null;
  condition: string;
  kind: ConditionKind;
  /** Over seeds: the per-seed mean returns. */
  ret: Summary;
  score: number;
  /** Paired per-seed difference to BC (null for BC itself or when BC is absent). */
  diffVsBc: (Summary & { diffs: number[] }) | null;
}

export const methodLabel = (algo: string, rho: number | null) => (rho === null ? algo : `${algo} rho=${rho}`);

export function summarizeRows(rows: ResultRow[]): SummaryRow[] {
  const groups = new Map<string, ResultRow[]>();
  const keyOf = (r: ResultRow) => JSON.stringify([r.env, r.demos, r.algo, r.rho, r.condition]);
  for (const r of rows) {
    const k = keyOf(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const bcBySeed = new Map<string, number>();
  for (const r of rows) if (r.algo === 'bc') bcBySeed.set(JSON.stringify([r.env, r.demos, r.condition, r.seed]), r.mean);
  const out: SummaryRow[] = [];
  for (const g of groups.values()) {
    const first = g[0];
    const sorted = g.slice().sort((a, b) => a.seed - b.seed);
    let diff: SummaryRow['diffVsBc'] = null;
    if (first.algo !== 'bc') {
      const base = sorted.map((r) => bcBySeed.get(JSON.stringify([r.env, r.demos, r.condition, r.seed])));
      if (base.every((b) => b !== undefined)) diff = pairedDifference(sorted.map((r) => r.mean), base as number[]);
    }
    out.push({
      env: first.env, demos: first.demos, algo: first.algo, rho: first.rho, condition: first.condition, kind: first.kind,
      ret: summarize(sorted.map((r) => r.mean)), score: mean(sorted.map((r) => r.score)), diffVsBc: diff,
    });
  }
  return out;
}

/** The printed table: per environment and number of demonstrations, methods x conditions (not every sweep point). */
export function markdownTable(summary: SummaryRow[], digits = 1): string {
  const shown = summary.filter((s) => s.kind !== 'sweep-point');
  const blocks: string[] = [];
  const envDemos = [...new Set(shown.map((s) => JSON.stringify([s.env, s.demos])))].map((k) => JSON.parse(k) as [string, number]);
  for (const [env, demos] of envDemos) {
    const part = shown.filter((s) => s.env === env && s.demos === demos);
    const conditions = [...new Set(part.map((s) => s.condition))];
    const methods = [...new Set(part.map((s) => JSON.stringify([s.algo, s.rho])))].map((k) => JSON.parse(k) as [string, number | null]);
    const cell = (algo: string, rho: number | null, c: string) => part.find((s) => s.algo === algo && s.rho === rho && s.condition === c);
    const seeds = part[0]?.ret.n ?? 0;
    const header = `| method | ${conditions.join(' | ')} |\n|---|${conditions.map(() => '---').join('|')}|`;
    const table = (f: (s: SummaryRow) => string) =>
      [header, ...methods.map(([a, r]) => `| ${methodLabel(a, r)} | ${conditions.map((c) => { const s = cell(a, r, c); return s ? f(s) : ''; }).join(' | ')} |`)].join('\n');
    // The paper's MuJoCo tasks also get D4RL's score (of the mean return, with D4RL's fixed references), the number
    // D4RL-based papers report; the score above is relative to this run's own demonstrator.
    const ref = D4RL_REFERENCE[env];
    const d4rl = ref
      ? `D4RL normalised score, 100 (R - random) / (expert - random) with D4RL's ${ref.task} references (random ${ref.random}, expert ${ref.expert}), of the mean return:\n\n` +
        `${table((s) => d4rlScore(env, s.ret.mean)!.toFixed(1))}\n\n`
      : '';
    blocks.push(
      `### ${env}, ${demos} demonstration${demos === 1 ? '' : 's'}, ${seeds} seed${seeds === 1 ? '' : 's'}\n\n` +
      `Return, mean ± 95% CI over seeds:\n\n${table((s) => formatMeanCi(s.ret, digits))}\n\n` +
      `Normalised score (0 = random policy, 1 = expert, nominal references):\n\n${table((s) => s.score.toFixed(2))}\n\n` + d4rl +
      `Paired difference to BC (same seed, same condition), mean ± 95% CI:\n\n` +
      table((s) => (s.diffVsBc ? formatMeanCi(s.diffVsBc, digits) : s.algo === 'bc' ? '—' : 'n/a')),
    );
  }
  return blocks.join('\n\n') + '\n';
}

const CSV_COLUMNS: (keyof ResultRow)[] = ['env', 'demos', 'algo', 'rho', 'seed', 'condition', 'kind', 'mean', 'std', 'episodes', 'score', 'params'];

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(rows: ResultRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\n') + '\n';
}
