// CSV demonstrations: a header line, then one row per step (docs/data-formats.md, "CSV"):
//   episode, t, obs_0..obs_{n-1}, action | act_0..act_{m-1}, reward, terminal, timeout, next_obs_0..next_obs_{n-1}
// Only obs_* and an action column are required. Rows of one episode are contiguous; without an `episode`
// column, episodes end at terminal/timeout flags. Messages name the line (1 = the header) and the column.
import Papa from 'papaparse';
import { UserError } from '../../errors';
import { resolveActions, type EnvShape } from '../actions';
import type { Dataset } from '../dataset';
import { markRecordingEnds, nextFromFollowing, startsFromEnds } from '../episodes';
import { decodeUtf8 } from '../text';

const ALIASES: Record<string, string> = { terminated: 'terminal', truncated: 'timeout', step: 't', rewards: 'reward' };
const SCALARS = new Set(['episode', 't', 'action', 'reward', 'terminal', 'timeout']);
const KNOWN = 'episode, t, obs_0..obs_{n-1}, action or act_0..act_{m-1}, reward, terminal, timeout, next_obs_0..next_obs_{n-1}';

/** Indexed columns prefix_0..prefix_{k-1}: their positions in the row, in index order; missing indices are errors. */
function indexed(prefix: string, found: Map<number, number>, file: string): number[] {
  if (found.size === 0) return [];
  const max = Math.max(...found.keys());
  const out: number[] = [];
  for (let j = 0; j <= max; j++) {
    const at = found.get(j);
    if (at === undefined) throw new UserError(`missing column '${prefix}_${j}' (found ${prefix}_${max}, so ${prefix}_0..${prefix}_${max} are expected)`, file);
    out.push(at);
  }
  return out;
}

export function readCsv(bytes: Uint8Array, file: string, env?: EnvShape): Dataset {
  const fail = (msg: string): never => { throw new UserError(msg, file); };
  const text = decodeUtf8(bytes, file);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, worker: false, dynamicTyping: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) fail(`line ${(quoteError.row ?? 0) + 1}: ${quoteError.message}`);
  const rows = parsed.data;
  if (rows.length === 0 || (rows[0].length === 1 && rows[0][0].trim() === '')) fail('no header line: the first line must name the columns (e.g. episode,obs_0,obs_1,action)');

  // Header: known names only, each once.
  const header = rows[0].map((h) => h.trim());
  const seen = new Map<string, number>();
  const obsCols = new Map<number, number>();
  const nextCols = new Map<number, number>();
  const actCols = new Map<number, number>();
  const scalar: Record<string, number> = {};
  header.forEach((raw, c) => {
    const name = ALIASES[raw] ?? raw;
    if (raw === '') fail(`column ${c + 1} of the header has no name`);
    if (seen.has(name)) fail(`column '${raw}' appears twice in the header (columns ${seen.get(name)! + 1} and ${c + 1})`);
    seen.set(name, c);
    const m = /^(obs|next_obs|act)_(\d+)$/.exec(name);
    if (m) {
      const j = Number(m[2]);
      (m[1] === 'obs' ? obsCols : m[1] === 'next_obs' ? nextCols : actCols).set(j, c);
    } else if (SCALARS.has(name)) {
      scalar[name] = c;
    } else {
      fail(`unknown column '${raw}' in the header (known columns: ${KNOWN})`);
    }
  });
  const obsIdx = indexed('obs', obsCols, file);
  const nextIdx = indexed('next_obs', nextCols, file);
  const actIdx = indexed('act', actCols, file);
  if (obsIdx.length === 0) fail(`missing observation columns: expected obs_0..obs_{n-1} in the header, found ${header.join(',')}`);
  if (nextIdx.length > 0 && nextIdx.length !== obsIdx.length) fail(`expected next_obs_0..next_obs_${obsIdx.length - 1} to match obs_0..obs_${obsIdx.length - 1}, found ${nextIdx.length} next_obs columns`);
  if (scalar.action !== undefined && actIdx.length > 0) fail(`both 'action' and act_* columns are present: use 'action' for a discrete index or act_0..act_{m-1} for a continuous vector`);
  if (scalar.action === undefined && actIdx.length === 0) fail(`missing action column: expected 'action' (discrete index) or act_0..act_{m-1} (continuous)`);
  const actionCols = scalar.action !== undefined ? [scalar.action] : actIdx;

  // Data lines (empty lines skipped; the line number stays the file's own).
  const lines: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && row[0].trim() === '') continue;
    if (row.length !== header.length) fail(`line ${r + 1}: expected ${header.length} fields like the header, found ${row.length}`);
    lines.push(r);
  }
  const n = lines.length;
  if (n === 0) fail('expected at least one data line after the header, found none');
  const obsDim = obsIdx.length;
  const actDim = actionCols.length;

  const number = (r: number, c: number): number => {
    const s = rows[r][c];
    const x = Number(s);
    if (s.trim() === '' || !Number.isFinite(x)) fail(`line ${r + 1}, column '${header[c]}': expected a finite number, found ${s.trim() === '' ? 'an empty field' : `'${s.trim()}'`}`);
    return x;
  };
  const flag = (r: number, c: number): number => {
    const s = rows[r][c].trim().toLowerCase();
    if (s === '1' || s === 'true' || s === '1.0') return 1;
    if (s === '0' || s === 'false' || s === '0.0' || s === '') return 0;
    return fail(`line ${r + 1}, column '${header[c]}': expected 0/1 or true/false, found '${rows[r][c]}'`);
  };

  const observations = new Float32Array(n * obsDim);
  const given = nextIdx.length ? new Float32Array(n * obsDim) : undefined;
  const rawActions = new Float64Array(n * actDim);
  const rewards = scalar.reward !== undefined ? new Float32Array(n) : undefined;
  const terminals = new Uint8Array(n);
  const timeouts = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = lines[i];
    for (let j = 0; j < obsDim; j++) observations[i * obsDim + j] = number(r, obsIdx[j]);
    if (given) for (let j = 0; j < obsDim; j++) given[i * obsDim + j] = number(r, nextIdx[j]);
    for (let j = 0; j < actDim; j++) rawActions[i * actDim + j] = number(r, actionCols[j]);
    if (rewards) rewards[i] = number(r, scalar.reward);
    if (scalar.terminal !== undefined) terminals[i] = flag(r, scalar.terminal);
    if (scalar.timeout !== undefined) timeouts[i] = flag(r, scalar.timeout);
  }

  // Episodes: from the episode column (contiguous ids), else from the end flags.
  let episodeStarts: Int32Array;
  if (scalar.episode !== undefined) {
    const c = scalar.episode;
    const starts = [0];
    const done = new Set<string>();
    let current = rows[lines[0]][c].trim();
    if (current === '') fail(`line ${lines[0] + 1}, column 'episode': expected an episode id, found an empty field`);
    for (let i = 1; i < n; i++) {
      const id = rows[lines[i]][c].trim();
      if (id === current) {
        if (terminals[i - 1] || timeouts[i - 1]) fail(`line ${lines[i - 1] + 1}: episode ${current} is flagged ${terminals[i - 1] ? 'terminal' : 'timeout'} here but continues on line ${lines[i] + 1}`);
        continue;
      }
      if (id === '') fail(`line ${lines[i] + 1}, column 'episode': expected an episode id, found an empty field`);
      done.add(current);
      if (done.has(id)) fail(`line ${lines[i] + 1}: episode ${id} appears again after other episodes (the rows of an episode must be contiguous)`);
      starts.push(i);
      current = id;
    }
    starts.push(n);
    episodeStarts = Int32Array.from(starts);
  } else {
    const ends = new Uint8Array(n);
    for (let i = 0; i < n; i++) ends[i] = terminals[i] | timeouts[i];
    episodeStarts = startsFromEnds(ends, n);
  }
  markRecordingEnds(terminals, timeouts, episodeStarts);
  const { next, copied } = given ? { next: given, copied: 0 } : nextFromFollowing(observations, obsDim, episodeStarts);

  const hint = scalar.action !== undefined ? 'discrete' : 'continuous';
  const act = resolveActions(rawActions, actDim, env && scalar.action !== undefined ? 'auto' : hint, {
    file,
    field: scalar.action !== undefined ? 'action' : actDim === 1 ? 'act_0' : `act_0..act_${actDim - 1}`,
    locate: (i) => `line ${lines[i] + 1}`,
  }, env);
  return {
    obsDim,
    ...act,
    observations,
    nextObservations: next,
    rewards,
    terminals,
    timeouts,
    episodeStarts,
    meta: { source: file, format: 'csv', ...(copied ? { nextObsCopied: copied } : {}) },
  };
}
