// The CLI's paths and echoes (issue 18): output paths are checked before any work (exit 2, one line),
// special files never hang a read, reads stop at --max-mb, control characters from files never reach the
// terminal raw, and `droil rollout` clips out-of-range continuous actions as Gymnasium does, saying so once.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { stringifyDroilDemos } from '../../src/core/data/json-format';
import { generateDemos } from '../../src/core/experts';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string; ms: number }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => stdin };
  const t0 = Date.now();
  const code = await main(argv, io);
  return { code, out, err, ms: Date.now() - t0 };
}

/** Exit 2, nothing on stdout, exactly one `error:` line matching `pattern`. */
async function refused(argv: string[], pattern: RegExp): Promise<void> {
  const r = await run(argv);
  expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.trimEnd().split('\n'), r.err).toHaveLength(1);
  expect(r.err).toMatch(/^error: /);
  expect(r.err).toMatch(pattern);
}

const tmp = mkdtempSync(join(tmpdir(), 'droil-paths-'));
const demos = join(tmp, 'demos.json');
writeFileSync(demos, stringifyDroilDemos(generateDemos('CartPole-v1', { episodes: 1, seed: 0 })));
const aFile = join(tmp, 'existing.txt');
writeFileSync(aFile, 'x');
const aDir = join(tmp, 'a-dir.json');
mkdirSync(aDir);
// A training run long enough that a check made after it would be obvious.
const train = (out: string[]) => ['train', '--env', 'CartPole-v1', '--data', demos, '--algo', 'bc', '--steps', '100000', '--backend', 'cpu', ...out];

describe('CLI output paths are checked before any work', () => {
  it('train --out DIR, --out in a missing directory, --log under /proc: refused at once', async () => {
    await refused(train(['--out', aDir]), /--out: '.*a-dir\.json' is a directory, expected a file name/);
    await refused(train(['--out', join(tmp, 'no-such-dir', 'p.json')]), /--out: the directory '.*no-such-dir' does not exist/);
    await refused(train(['--log', '/proc/self/x.csv']), /--log: '\/proc\/self\/x\.csv' is under \/proc/);
    await refused(train(['--out', '/dev/zero']), /--out: '\/dev\/zero' is a device path/);
  });

  it('bench --out EXISTING_FILE, /sys, /proc: refused before the grid', async () => {
    const bench = (out: string) => ['bench', '--env', 'CartPole-v1', '--algos', 'bc', '--seeds', '1', '--demos', '1', '--steps', '100000', '--out', out];
    await refused(bench(aFile), /--out: '.*existing\.txt' exists and is not a directory/);
    await refused(bench('/sys/kernel/droil'), /--out: '\/sys\/kernel\/droil' is under \/sys/);
    await refused(bench('/proc/droil/out'), /--out: '\/proc\/droil\/out' is under \/proc/);
  });

  it('run/bench --setup with a bad link: refused with what is wrong with the link, nothing run (no "defaults loaded", as the page says)', async () => {
    const out = join(tmp, 'bad-link-grid');
    await refused(['bench', '--setup', 'http://x/#v=1&envId=Nope', '--out', out], /^error: --setup: the link's setup cannot be used: field 'envId' Invalid option[^\n]*"CartPole-v1"[^\n]*\n?$/);
    await refused(['run', '--setup', 'v=9'], /^error: --setup: the link's setup cannot be used: it was made by a newer version/);
    for (const argv of [['bench', '--setup', 'v=1&envId=Nope', '--out', out], ['run', '--setup', 'v=9']]) expect((await run(argv)).err).not.toMatch(/defaults/);
    expect(existsSync(out)).toBe(false);
  });

  it('demos --out to a directory or a device: refused before the experts run', async () => {
    await refused(['demos', '--env', 'CartPole-v1', '--episodes', '100000', '--seed', '0', '--out', aDir], /--out: '.*a-dir\.json' is a directory, expected a file name/);
    await refused(['demos', '--env', 'CartPole-v1', '--episodes', '100000', '--seed', '0', '--out', '/proc/self/demos.json'], /is under \/proc/);
  });
});

describe('CLI reads never hang and stop at the limit', () => {
  it('inspect /dev/zero and a FIFO: refused, not read', async () => {
    await refused(['inspect', '/dev/zero'], /\/dev\/zero: is not a regular file \(a device, pipe or socket\)/);
    const fifo = join(tmp, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await refused(['inspect', fifo], /pipe\.json: is not a regular file/);
    await refused(['eval', '--env', 'CartPole-v1', '--policy', '/dev/urandom'], /\/dev\/urandom: is not a regular file/);
    await refused(['run', '--setup', '/dev/zero'], /\/dev\/zero: is not a regular file \(a device, pipe or socket\): the setup file must be a file/);
    await refused(['run', '--setup', fifo], /pipe\.json: is not a regular file/);
  });

  it('a file above --max-mb is refused; a /proc file that claims 0 bytes is read only up to the limit', async () => {
    const big = join(tmp, 'big.csv');
    writeFileSync(big, 'obs_0,action\n' + '1,0\n'.repeat(5000));
    await refused(['inspect', big, '--max-mb', '0.01'], /big\.csv: the file is 0\.020 MB, above the 0\.010 MB size limit/);
    // /proc/self/maps says size 0 but holds more than 1000 bytes (a Node process maps dozens of files).
    await refused(['inspect', '/proc/self/maps', '--max-mb', '0.001'], /\/proc\/self\/maps: the file holds more than 0\.0010 MB, the size limit/);
  });

  it('an HDF5 file on which libhdf5 loops (h5py too) is stopped after the read time limit, with one line', async () => {
    const r = await run(['inspect', 'test/fixtures/reference/h5py-vlen-loop.h5']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toBe('error: test/fixtures/reference/h5py-vlen-loop.h5: reading stopped after 10 s without an answer (the 0.010 MB file may be damaged so that its reader loops; numpy or h5py can tell whether it is readable)\n');
    // A sound HDF5 file reads through the same thread.
    const ok = await run(['inspect', 'test/fixtures/reference/h5py-d4rl.h5', '--json']);
    expect([ok.code, JSON.parse(ok.out).transitions]).toEqual([0, 6]);
  }, 120_000);

  it('standard input is read only up to --max-mb: an endless stream (/dev/zero) is refused with one line, exit 2', () => {
    const droil = (cmd: string) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: 120_000 });
    const rollout = `${process.execPath} bin/droil.mjs rollout --env CartPole-v1 --state=0,0,0,0 --actions - --json`;
    const endless = droil(`cat /dev/zero | ${rollout} --max-mb 2`);
    expect(endless.status, endless.stderr).toBe(2);
    expect(endless.stdout).toBe('');
    expect(endless.stderr).toBe('error: standard input: the input holds more than 2.0 MB, the size limit (raise the limit, e.g. --max-mb, if this is intended)\n');
    // The default limit is the files' (200 MB): 201 MB of input is refused, the same message style.
    const big = droil(`head -c 201000000 /dev/zero | ${rollout}`);
    expect(big.stderr).toBe('error: standard input: the input holds more than 200 MB, the size limit (raise the limit, e.g. --max-mb, if this is intended)\n');
    expect(big.status).toBe(2);
    // Within the limit, standard input is read as before.
    const ok = droil(`echo '[1,0,1]' | ${rollout} --max-mb 0.001`);
    expect([ok.status, JSON.parse(ok.stdout).rewards]).toEqual([0, [1, 1, 1]]);
  }, 130_000);
});

describe('CLI echoes are terminal-safe', () => {
  it('a CSV column name with a terminal escape is shown escaped; a file name with a newline gives one error line', async () => {
    const csv = join(tmp, 'esc.csv');
    writeFileSync(csv, 'episode,obs_0,\u001b[2Jaction\n0,1,0\n0,2,1\n');
    const r = await run(['inspect', csv]);
    expect(r.out + r.err).not.toMatch(/\u001b/);
    expect(r.out + r.err).toMatch(/\\x1b\[2Jaction/);
    const nl = join(tmp, 'two\nlines.json');
    writeFileSync(nl, '{');
    await refused(['inspect', nl], /two\\nlines\.json: /);
  });
});

describe('droil rollout clips like Gymnasium', () => {
  it('Pendulum torque 3.5 is replayed as 2 (max_torque), with one note on stderr', async () => {
    const rollout = (acts: number[][]) => run(['rollout', '--env', 'Pendulum-v1', '--state=0.5,0', '--actions', '-', '--json'], JSON.stringify(acts));
    const clipped = await rollout([[1], [3.5], [-9], [0]]);
    const inRange = await rollout([[1], [2], [-2], [0]]);
    expect(clipped.code).toBe(0);
    expect(JSON.parse(clipped.out)).toEqual(JSON.parse(inRange.out));
    expect(clipped.err.trimEnd().split('\n')).toEqual(['note: 2 action(s) lie outside the action space [-2] .. [2] (first: action 1); they are clipped to the bounds, as Gymnasium does']);
    expect(inRange.err).toBe('');
  });
});
