// `droil inspect`: the summary of a file, checked against numbers derived by hand, and one-line errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { summarizeDataset } from '../../src/core/data/summary';
import { writeDataset } from '../../src/core/data/write';
import { enc, synth } from '../fixtures/data/build';

const dir = mkdtempSync(join(tmpdir(), 'droil-inspect-'));

async function run(argv: string[]) {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

// Two episodes with returns 1.5 + 0.5 + 2 = 4 and -1 + 0 = -1: mean 1.5, population std 2.5.
const csv = 'episode,obs_0,obs_1,action,reward,terminal\n0,1,2,0,1.5,0\n0,3,4,1,0.5,0\n0,5,6,1,2,1\n1,7,8,0,-1,0\n1,9,10,1,0,0\n';

describe('droil inspect', () => {
  it('prints the format, counts, dimensions and return statistics (JSON)', async () => {
    const file = join(dir, 'steps.csv');
    writeFileSync(file, csv);
    const r = await run(['inspect', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({
      format: 'csv', envId: null, episodes: 2, transitions: 5, obsDim: 2, actionKind: 'discrete', actionDim: 1, numActions: 2,
      terminalEpisodes: 1, timeoutEpisodes: 1, nextObsCopied: 2, episodeLength: { mean: 2.5, min: 2, max: 3 },
    });
    expect(s.returns.mean).toBeCloseTo(1.5, 6);
    expect(s.returns.std).toBeCloseTo(2.5, 6);
    expect(s.returns).toMatchObject({ min: -1, max: 4 });
  });

  it('prints a readable summary, and checks the data against --env', async () => {
    const d = synth({ lengths: [3, 4], obsDim: 3, kind: 'continuous', actionDim: 1, rewards: false, envId: 'Pendulum-v1' });
    const file = join(dir, 'p.h5');
    writeFileSync(file, await writeDataset(d, 'hdf5'));
    const r = await run(['inspect', file, '--env', 'Pendulum-v1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/format\s+d4rl-hdf5/);
    expect(r.out).toMatch(/environment\s+Pendulum-v1/);
    expect(r.out).toMatch(/episodes\s+2 \(1 terminal, 1 cut/);
    expect(r.out).toMatch(/transitions\s+7/);
    expect(r.out).toMatch(/actions\s+continuous, dimension 1/);
    expect(r.out).toMatch(/returns\s+no rewards in the file/);
    const bad = await run(['inspect', file, '--env', 'CartPole-v1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: .*p\.h5: the file was recorded for Pendulum-v1, but CartPole-v1 is selected/);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });

  it('bad input: exit code 2 and one stderr line beginning error:', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, enc(JSON.stringify({ episodes: [{ observations: [[1]], actions: [0] }] }).padEnd(3000, ' ')));
    const cases: [string[], RegExp][] = [
      [['inspect', join(dir, 'missing.csv')], /missing\.csv: cannot read the file \(no such file or directory\)/],
      [['inspect', big, '--max-mb', '0.001'], /big\.json: the file is 0\.0030 MB, above the 0\.0010 MB size limit/],
      [['inspect', dir], /is a directory/],
      [['inspect'], /expected one FILE argument, found 0/],
      [['inspect', big, '--env', 'Walker'], /unknown environment 'Walker'/],
      [['inspect', big, '--max-mb', 'lots'], /--max-mb: expected a number, got 'lots'/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^error: /);
      expect(r.err).toMatch(re);
      expect(r.err.endsWith('\n') && r.err.indexOf('\n') === r.err.length - 1).toBe(true);
    }
  });

  it('summary statistics equal a direct computation on a synthetic dataset', () => {
    const d = synth({ lengths: [5, 2, 9], obsDim: 2, kind: 'discrete', rewards: true, seed: 21 });
    const s = summarizeDataset(d);
    const returns = [0, 1, 2].map((e) => d.rewards!.slice(d.episodeStarts[e], d.episodeStarts[e + 1]).reduce((a, b) => a + b, 0));
    const mean = (returns[0] + returns[1] + returns[2]) / 3;
    const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / 3);
    expect(s.returns!.mean).toBeCloseTo(mean, 10);
    expect(s.returns!.std).toBeCloseTo(std, 10);
    expect(s.returns!.min).toBe(Math.min(...returns));
    expect(s.episodeLength).toEqual({ mean: 16 / 3, min: 2, max: 9 });
  });
});
