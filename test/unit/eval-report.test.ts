import { describe, expect, it } from 'vitest';
import { markdownTable, resultsCsv, summarizeRows, type ResultRow } from '../../src/core/eval/report';

const row = (algo: string, rho: number | null, seed: number, condition: string, mean: number): ResultRow => ({
  env: 'CartPole-v1', demos: 1, algo, rho, seed, condition, kind: condition === 'nominal' ? 'nominal' : 'box', mean, std: 0, episodes: 3, score: mean / 500, params: 'length=0.5;gravity=9.8',
});

describe('benchmark report', () => {
  const rows = [
    row('bc', null, 0, 'nominal', 400), row('bc', null, 1, 'nominal', 300), row('bc', null, 2, 'nominal', 350),
    row('dro-bc', 0.2, 0, 'nominal', 410), row('dro-bc', 0.2, 1, 'nominal', 330), row('dro-bc', 0.2, 2, 'nominal', 350),
    row('bc', null, 0, 'worst box', 100), row('bc', null, 1, 'worst box', 50), row('bc', null, 2, 'worst box', 60),
    row('dro-bc', 0.2, 2, 'worst box', 90), row('dro-bc', 0.2, 0, 'worst box', 90), row('dro-bc', 0.2, 1, 'worst box', 40),
  ];

  it('summarises over seeds and pairs each method with BC on the same seed and condition', () => {
    const s = summarizeRows(rows);
    const dro = s.find((x) => x.algo === 'dro-bc' && x.condition === 'nominal')!;
    expect(dro.ret.mean).toBeCloseTo(1090 / 3, 10);
    expect(dro.diffVsBc!.diffs).toEqual([10, 30, 0]);
    // hand: differences 10, 30, 0 -> mean 40/3, sample variance ((10-40/3)^2+(30-40/3)^2+(40/3)^2)/2
    const m = 40 / 3, v = ((10 - m) ** 2 + (30 - m) ** 2 + m ** 2) / 2;
    expect(dro.diffVsBc!.ci95).toBeCloseTo(4.302652729749462 * Math.sqrt(v / 3), 9);
    const box = s.find((x) => x.algo === 'dro-bc' && x.condition === 'worst box')!;
    expect(box.diffVsBc!.diffs).toEqual([-10, -10, 30]); // seeds sorted 0, 1, 2
    expect(s.find((x) => x.algo === 'bc' && x.condition === 'nominal')!.diffVsBc).toBeNull();
    expect(s.find((x) => x.algo === 'bc' && x.condition === 'nominal')!.score).toBeCloseTo(350 / 500, 12);
  });

  it('prints one table block per environment and demos, with CIs, scores and paired differences', () => {
    const md = markdownTable(summarizeRows(rows));
    expect(md).toContain('### CartPole-v1, 1 demonstration, 3 seeds');
    expect(md).toContain('| method | nominal | worst box |');
    expect(md).toMatch(/\| dro-bc rho=0.2 \| 363.3 ± \d+\.\d \| 73.3 ± \d+\.\d \|/);
    expect(md).toMatch(/\| dro-bc rho=0.2 \| 13.3 ± \d+\.\d \| 3.3 ± \d+\.\d \|/);
    expect(md).toContain('| bc | — | — |');
  });

  it('adds D4RL\'s normalised score of the mean return for the paper\'s MuJoCo tasks only', () => {
    expect(markdownTable(summarizeRows(rows))).not.toContain('D4RL');
    const cheetah = rows.map((r) => ({ ...r, env: 'HalfCheetah-v5', mean: r.mean * 10 }));
    const md = markdownTable(summarizeRows(cheetah));
    expect(md).toContain("D4RL normalised score, 100 (R - random) / (expert - random) with D4RL's halfcheetah references (random -280.178953, expert 12135)");
    // BC's nominal mean 3500 and worst box 700: 100 (R + 280.178953) / (12135 + 280.178953), by hand 30.45 and 7.90.
    const block = md.slice(md.indexOf('D4RL normalised'));
    expect(block).toContain('| bc | 30.4 | 7.9 |');
  });

  it('writes CSV with a header and quotes fields that need it', () => {
    const csv = resultsCsv([{ ...rows[0], condition: 'a, "b"' }]).trimEnd().split('\n');
    expect(csv[0]).toBe('env,demos,algo,rho,seed,condition,kind,mean,std,episodes,score,params');
    expect(csv[1]).toBe('CartPole-v1,1,bc,,0,"a, ""b""",nominal,400,0,3,0.8,length=0.5;gravity=9.8');
  });
});
