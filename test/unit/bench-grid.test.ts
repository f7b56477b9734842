// The benchmark grid as independent cells (issue 20): the plan, shards that partition it, exact number
// round trips through cell files, results that do not depend on the order cells finish in, and the CLI:
// `--jobs 2` (worker threads), `--shard I/3` + `droil bench merge`, and a resumed run (after a real SIGKILL)
// all write table.md, results.csv and results.json byte-identical to `--jobs 1`; merge refuses other grids,
// missing and duplicated cells in one line (exit 2); progress is one line per cell off a terminal, and
// --quiet silences it.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { gridCommand, parseShard } from '../../src/cli/bench-flags';
import { BenchProgress, formatDuration } from '../../src/cli/bench-progress';
import { assembleGrid, planGrid, shardCells, type CellResult, type GridCell, type GridSpec } from '../../src/core/experiment/grid';
import { defaultSetup } from '../../src/core/setup';
import { parseExact, stringifyExact } from '../../src/core/experiment/grid-json';
import { gridManifest } from '../../src/core/experiment/grid-manifest';
import { mergeGridParts } from '../../src/core/experiment/grid-merge';
import type { ResultRow } from '../../src/core/eval/report';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'droil-bench-grid-'));
// 4 cells (2 environments x 1 demos x 2 seeds) under two kernels: references per environment, seed and kernel.
const GRID = ['bench', '--env', 'CartPole-v1,Pendulum-v1', '--demos', '1', '--algos', 'bc,be-droil', '--rho', '0.5', '--seeds', '2', '--first-seed', '3',
  '--steps', '10', '--episodes', '1', '--eval-process-noise', '0,1', '--backend', 'wasm'];
const FILES = ['table.md', 'results.csv', 'results.json'];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  return { code: await main(argv, io), out, err };
}
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const expectSameFiles = (dir: string, ref: string) => { for (const f of FILES) expect(read(dir, f), `${dir}/${f}`).toBe(read(ref, f)); };

const spec = (): GridSpec => ({
  setup: { ...defaultSetup, seeds: 3, seed: 2, evalEpisodes: 1, rhoSweep: [0.5] },
  axes: { envs: ['CartPole-v1', 'Acrobot-v1'], demos: [1, 3], algos: ['bc', 'be-droil'], sweeps: null, boxParams: null, kernel: false, evalProcessNoise: [0], evalSeed: 0 },
});

describe('the cell plan', () => {
  it('lists environment x demos x seed in that order, and shards I/N partition it', () => {
    const plan = planGrid(spec());
    expect(plan.map((c) => [c.index, c.env, c.demos, c.seed])).toEqual(
      ['CartPole-v1', 'Acrobot-v1'].flatMap((env) => [1, 3].flatMap((demos) => [2, 3, 4].map((seed) => [env, demos, seed]))).map((c, i) => [i, ...c]));
    for (const n of [1, 3, 5, 12, 13]) {
      const shards = Array.from({ length: n }, (_, i) => shardCells(plan, { index: i, count: n }));
      expect(shards.flat().map((c) => c.index).sort((a, b) => a - b)).toEqual(plan.map((c) => c.index));
      expect(Math.max(...shards.map((s) => s.length)) - Math.min(...shards.map((s) => s.length))).toBeLessThanOrEqual(1);
    }
  });

  it('parses --shard I/N as SLURM_ARRAY_TASK_ID/N gives it, and refuses the rest in one line', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('3/3')).toThrow(/^--shard: shard index 3 is not below the number of shards 3 \(indices run 0\.\.2\)$/);
    expect(() => parseShard('1/0')).toThrow(/^--shard: the number of shards must lie in 1\.\.100000/);
    expect(() => parseShard('/3')).toThrow(/^--shard: expected I\/N/);
  });

  it('records the grid\'s command without the flags that only say where and how it runs', () => {
    expect(gridCommand(['--env', 'CartPole-v1', '--jobs', '4', '--out', 'a b', '--shard=1/3', '--quiet', '--seeds', '2']))
      .toBe('droil bench --env CartPole-v1 --seeds 2');
  });
});

describe('exact JSON for cell files', () => {
  it('gives back NaN, the infinities, -0 and every double exactly; plain values as JSON', () => {
    const xs = [NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, -1e-310, Number.MAX_VALUE, Number.MIN_VALUE, 1 / 3];
    const back = parseExact<{ xs: number[]; s: string; n: null }>(stringifyExact({ xs, s: 'NaN', n: null }));
    back.xs.forEach((x, i) => expect(Object.is(x, xs[i]), String(xs[i])).toBe(true));
    expect(back.s).toBe('NaN');
    expect(back.n).toBeNull();
    expect(JSON.parse(stringifyExact({ a: 1.5 }))).toEqual({ a: 1.5 });
  });
});

// Results of a fake grid: the statistics must not depend on the order the cells arrive in.
function fakeResult(c: GridCell): CellResult {
  const rows: ResultRow[] = ['bc', 'be-droil'].map((algo) => ({
    env: c.env, demos: c.demos, algo, rho: algo === 'bc' ? null : 0.5, seed: c.seed, condition: 'nominal', kind: 'nominal',
    mean: Math.sin(c.index * 7 + algo.length), std: NaN, episodes: 1, score: NaN, params: '',
  }));
  return { cell: c, rows, references: [0, 1].map((pn) => ({ env: c.env, seed: c.seed, processNoise: pn, expert: 100 + c.seed, random: pn })), training: { env: c.env, demos: c.demos, seed: c.seed, status: 'done' }, seconds: c.index };
}

describe('assembleGrid and mergeGridParts', () => {
  const plan = planGrid(spec());
  const results = plan.map(fakeResult);
  const manifest = gridManifest({ command: 'droil bench x', backend: 'cpu', settings: { a: 1 }, inputs: {}, header: 'h', code: 'c0de' }, plan);

  it('gives the same result whatever order the cells come in; references once per environment, seed and kernel', () => {
    const want = JSON.stringify(assembleGrid(plan, results));
    for (let k = 0; k < 5; k++) {
      const shuffled = results.map((r, i) => ({ r, key: Math.sin(i * 12.9898 + k * 78.233) })).sort((a, b) => a.key - b.key).map((x) => x.r);
      expect(JSON.stringify(assembleGrid(plan, shuffled))).toBe(want);
    }
    const refs = assembleGrid(plan, results).references.map((r) => [r.env, r.seed, r.processNoise]);
    expect(refs).toEqual(['CartPole-v1', 'Acrobot-v1'].flatMap((env) => [2, 3, 4].flatMap((seed) => [[env, seed, 0], [env, seed, 1]])));
    expect(() => assembleGrid(plan, results.slice(1))).toThrow(/expected the 12 planned cells/);
  });

  it('merges shards in any order to the same cells, and refuses other grids, missing and duplicated cells naming them', () => {
    const part = (source: string, shard: number, m = manifest) => ({ source, manifest: m, results: shardCells(plan, { index: shard, count: 3 }).map(fakeResult) });
    const merged = mergeGridParts([part('p2', 2), part('p0', 0), part('p1', 1)]);
    expect(merged.results.map((r) => r.cell.index)).toEqual(plan.map((c) => c.index));
    expect(() => mergeGridParts([part('p0', 0), part('p2', 2)])).toThrow(/^merge: 4 of the grid's 12 cells are missing: CartPole-v1\/demos=1\/seed=3 \(cell #1\), CartPole-v1\/demos=3\/seed=3 \(cell #4\), Acrobot-v1\/demos=1\/seed=3 \(cell #7\), Acrobot-v1\/demos=3\/seed=3 \(cell #10\);/);
    expect(() => mergeGridParts([part('p0', 0), part('p1', 1), part('p2', 2), part('again', 1)])).toThrow(/^merge: 4 cells are in more than one directory: CartPole-v1\/demos=1\/seed=3 \(in p1 and again\)/);
    const other = gridManifest({ ...manifest.grid, backend: 'wasm' }, plan);
    expect(() => mergeGridParts([part('p0', 0), part('w1', 1, other)])).toThrow(/^merge: w1 holds another grid than p0 \([0-9a-f]+ vs [0-9a-f]+\): backends differ \(cpu vs wasm;/);
    const newer = gridManifest({ ...manifest.grid, code: 'beef' }, plan);
    expect(() => mergeGridParts([part('p0', 0), part('n1', 1, newer), part('p2', 2)])).toThrow(/^merge: n1 holds another grid than p0 \([0-9a-f]+ vs [0-9a-f]+\): computed by other code \(c0de vs beef: src\/core, src\/cli or package-lock.json changed/);
  });
});

describe('progress', () => {
  const io = (isTTY: boolean) => { const lines: string[] = []; return { lines, io: { stdout: () => {}, stderr: (t: string) => { lines.push(t); }, readStdin: async () => '', isTTY } as CliIO }; };
  const cells = planGrid(spec()).slice(0, 4).map(fakeResult);

  it('on a terminal rewrites one line: cells done / total, elapsed, ETA; ends with a newline', () => {
    const t = io(true);
    const p = new BenchProgress(t.io, 4, 1, 'grid', false);
    p.start(2);
    expect(t.lines[0]).toBe('grid: 4 cells, 1 already done (resuming); running 3 on 2 threads\n');
    for (const c of cells.slice(0, 3)) p.cellDone(c);
    expect(t.lines.slice(1).map((l) => l.replace(/elapsed [^,]+, ETA .*?(\n?)$/, 'elapsed E, ETA X$1'))).toEqual(
      ['\r\x1b[Kcells 2/4, elapsed E, ETA X', '\r\x1b[Kcells 3/4, elapsed E, ETA X', '\r\x1b[Kcells 4/4, elapsed E, ETA X\n']);
    expect(t.lines[3]).toMatch(/ETA 0 s\n$/);
  });

  it('off a terminal one line per cell; --quiet nothing', () => {
    const t = io(false);
    const p = new BenchProgress(t.io, 4, 0, 'shard 1/3', false);
    p.start(1);
    p.cellDone(cells[2]);
    expect(t.lines).toHaveLength(2);
    expect(t.lines[1]).toMatch(/^cells 1\/4, elapsed \d+ s, ETA \d+ s: CartPole-v1\/demos=1\/seed=4 done, trained in 2\.0 s\n$/);
    const q = io(false);
    const quiet = new BenchProgress(q.io, 4, 0, 'grid', true);
    quiet.start(1);
    quiet.cellDone(cells[0]);
    expect(q.lines).toEqual([]);
    expect([formatDuration(59.4), formatDuration(61), formatDuration(3 * 3600 + 5 * 60), formatDuration(NaN)]).toEqual(['59 s', '1 min 01 s', '3 h 05 min', '?']);
  });
});

describe('droil bench --jobs, --shard, merge and resume', () => {
  const ref = join(tmp, 'jobs1');

  it('--jobs 1 prints one progress line per cell off a terminal; --jobs 2 on worker threads writes the same bytes, --quiet prints no progress', async () => {
    const one = await run([...GRID, '--jobs', '1', '--out', ref]);
    expect(one.code, one.err).toBe(0);
    expect(one.err.split('\n').filter((l) => /^cells \d\/4, elapsed .*, ETA .*: \S+\/demos=1\/seed=\d done/.test(l))).toHaveLength(4);
    expect(one.out).toBe(read(ref, 'table.md').slice(read(ref, 'table.md').indexOf('### ')));
    expect(read(ref, 'table.md')).toMatch(/^Command: `droil bench --env CartPole-v1,Pendulum-v1 .* --backend wasm`\n/);
    const rows = JSON.parse(read(ref, 'results.json')).rows as ResultRow[];
    expect(rows.map((r) => `${r.env} ${r.seed} ${r.algo} ${r.condition}`)).toEqual(['CartPole-v1', 'Pendulum-v1'].flatMap((env) => [3, 4].flatMap((seed) =>
      ['bc', 'be-droil'].flatMap((algo) => ['nominal', 'nominal [noise 1]'].map((c) => `${env} ${seed} ${algo} ${c}`)))));
    expect(new Set(rows.filter((r) => r.condition === 'nominal').map((r) => r.mean)).size).toBeGreaterThan(2);

    const two = await run([...GRID, '--jobs', '2', '--quiet', '--out', join(tmp, 'jobs2')]);
    expect(two.code, two.err).toBe(0);
    expect(two.err).toBe('');
    expectSameFiles(join(tmp, 'jobs2'), ref);
  }, 400_000);

  it('three shards merged give the same bytes; merge refuses missing, duplicated and foreign cells in one line with exit 2', async () => {
    for (const i of [0, 1, 2]) {
      const r = await run([...GRID, '--shard', `${i}/3`, '--jobs', '1', '--out', join(tmp, `s${i}`)]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(new RegExp(`shard ${i}/3 done: ${i === 0 ? 2 : 1} cells in`));
      expect(existsSync(join(tmp, `s${i}`, 'results.csv'))).toBe(false);
    }
    const merged = await run(['bench', 'merge', ...[2, 0, 1].map((i) => join(tmp, `s${i}`)), '--out', join(tmp, 'merged')]);
    expect(merged.code, merged.err).toBe(0);
    expectSameFiles(join(tmp, 'merged'), ref);

    const refusals: [string[], RegExp][] = [
      [[join(tmp, 's0'), join(tmp, 's2')], /^error: merge: 1 of the grid's 4 cells is missing: CartPole-v1\/demos=1\/seed=4 \(cell #1\)/],
      [[join(tmp, 's0'), join(tmp, 's1'), join(tmp, 's2'), ref], /^error: merge: 4 cells are in more than one directory: CartPole-v1\/demos=1\/seed=3 \(in .*s0 and .*jobs1\)/],
      [[join(tmp, 'nothing')], /^error: .*nothing: no grid\.json: not a droil bench result directory/],
    ];
    // A shard of another grid: the same cells, another command.
    cpSync(join(tmp, 's1'), join(tmp, 'other'), { recursive: true });
    const m = JSON.parse(read(join(tmp, 'other'), 'grid.json'));
    m.grid.command += ' --steps 11';
    writeFileSync(join(tmp, 'other', 'grid.json'), JSON.stringify(m));
    refusals.push([[join(tmp, 's0'), join(tmp, 'other'), join(tmp, 's2')], /^error: merge: .*other holds another grid than .*s0 \([0-9a-f]+ vs [0-9a-f]+\): commands differ/]);
    for (const [dirs, re] of refusals) {
      const r = await run(['bench', 'merge', ...dirs, '--out', join(tmp, 'refused')]);
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
    expect(existsSync(join(tmp, 'refused', 'results.csv'))).toBe(false);
    // Another grid into a directory that holds this one's cells.
    const clash = await run([...GRID.map((a) => (a === '10' ? '11' : a)), '--quiet', '--out', ref]);
    expect(clash.code).toBe(2);
    expect(clash.err.trim().split('\n'), clash.err).toHaveLength(1);
    expect(clash.err).toMatch(/^error: --out: .*jobs1 holds cells of another grid \([0-9a-f]+; commands differ/);
    // The same grid's cells computed by other code (a rerun after a pull): no resume, no merge, nothing touched.
    cpSync(join(tmp, 's1'), join(tmp, 'older'), { recursive: true });
    const o = JSON.parse(read(join(tmp, 'older'), 'grid.json'));
    expect(o.grid.code).toMatch(/^[0-9a-f]{16}$/);
    o.grid.code = '0123456789abcdef';
    writeFileSync(join(tmp, 'older', 'grid.json'), JSON.stringify(o));
    const cellBefore = readdirSync(join(tmp, 'older', 'cells')).map((f) => read(join(tmp, 'older', 'cells'), f));
    const resumed = await run([...GRID, '--shard', '1/3', '--jobs', '1', '--quiet', '--out', join(tmp, 'older')]);
    expect(resumed.code).toBe(2);
    expect(resumed.err.trim().split('\n'), resumed.err).toHaveLength(1);
    expect(resumed.err).toMatch(/^error: --out: .*older holds cells of another grid \([0-9a-f]+; computed by other code \(0123456789abcdef vs [0-9a-f]{16}: /);
    expect(readdirSync(join(tmp, 'older', 'cells')).map((f) => read(join(tmp, 'older', 'cells'), f))).toEqual(cellBefore);
    const mixed = await run(['bench', 'merge', join(tmp, 's0'), join(tmp, 'older'), join(tmp, 's2'), '--out', join(tmp, 'refused')]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/^error: merge: .*older holds another grid than .*s0 \([0-9a-f]+ vs [0-9a-f]+\): computed by other code/);
  }, 400_000);

  it('a run killed with SIGKILL resumes from its finished cells to the same bytes, removing the half-written file a killed run left and keeping a recent one', async () => {
    const dir = join(tmp, 'killed');
    const child = spawn(process.execPath, [join(ROOT, 'bin/droil.mjs'), ...GRID, '--jobs', '1', '--quiet', '--out', dir], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const deadline = Date.now() + 300_000;
    while (!existsSync(join(dir, 'cells', '00000.json')) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    const kept = readdirSync(join(dir, 'cells')).filter((f) => /^\d{5}\.json$/.test(f));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(4);
    // A half-written cell of a run killed long ago, and one of a writer that may still be alive.
    writeFileSync(join(dir, 'cells', '00003.json.tmp-1-2-3'), '{"gridId": "half a cel');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(join(dir, 'cells', '00003.json.tmp-1-2-3'), hourAgo, hourAgo);
    writeFileSync(join(dir, 'cells', '00002.json.tmp-4-5-6'), '{"gridId": "half');
    const resumed = await run([...GRID, '--jobs', '1', '--out', dir]);
    expect(readdirSync(join(dir, 'cells')).filter((f) => f.includes('.tmp-'))).toEqual(['00002.json.tmp-4-5-6']);
    rmSync(join(dir, 'cells', '00002.json.tmp-4-5-6'));
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toMatch(new RegExp(`grid: 4 cells, ${kept.length} already done \\(resuming\\); running ${4 - kept.length} on 1 thread`));
    expect(resumed.err.split('\n').filter((l) => l.startsWith('cells '))).toHaveLength(4 - kept.length);
    expectSameFiles(dir, ref);
    // Nothing left to do: a rerun only rewrites the same files.
    rmSync(join(dir, 'results.csv'));
    const again = await run([...GRID, '--jobs', '1', '--out', dir]);
    expect(again.err).toMatch(/4 already done \(resuming\); running 0/);
    expectSameFiles(dir, ref);
  }, 400_000);
});
