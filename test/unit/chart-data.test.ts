// The numbers behind the charts: CSV cells at meaningful precision, the y-range of returns, wrapped angles,
// the state units of every environment, and the run's step count the page shows before the first message.
import { describe, expect, it } from 'vitest';
import { csvNumber, tableCsv } from '../../src/ui/export/chart-table';
import { axisWidth, linearAxis, logAxis, stepTicks } from '../../src/ui/charts/value-axis';
import { diagPanels } from '../../src/ui/charts/diag-panels';
import type { MemberInfo } from '../../src/worker/protocol';
import { stateAxis, traceRows, wrapAngle } from '../../src/ui/charts/state-axis';
import { allEnvIds, getEnvSpec } from '../../src/core/envs';
import { planMembers, planSteps } from '../../src/core/experiment/members';
import { defaultSetup, type Setup } from '../../src/core/setup';

describe('chart CSV', () => {
  it('writes floating-point noise at six significant digits and integers exactly', () => {
    expect(csvNumber(0.1 + 0.2)).toBe('0.3');
    expect(csvNumber(0.10000000000000002)).toBe('0.1');
    expect(csvNumber(-1234.56789)).toBe('-1234.57');
    expect(csvNumber(500)).toBe('500');
    expect(csvNumber(1e-7 / 3)).toBe('3.33333e-8');
    expect(csvNumber(NaN)).toBe('');
  });
  it('quotes cells with commas and quotes, one header row', () => {
    expect(tableCsv({ columns: ['condition', 'return (sum of rewards)'], rows: [['shift: a, b', 0.1 + 0.2], ['say "x"', null]] }))
      .toBe('condition,return (sum of rewards)\n"shift: a, b",0.3\n"say ""x""",\n');
  });
});

describe('value axes', () => {
  const valueDomain = (v: number[], o?: Parameters<typeof linearAxis>[1]) => linearAxis(v, o)?.domain;
  it('follow the data, within the task range, with 0 for bars', () => {
    expect(valueDomain([480, 495, -3000, 4000], { range: [0, 500] })).toEqual([0, 500]);
    const [lo, hi] = valueDomain([-130, -90])!;
    expect(lo).toBeLessThanOrEqual(-130);
    expect(hi).toBeGreaterThanOrEqual(-90);
    expect(hi - lo).toBeLessThan(80);
    expect(valueDomain([-130, -90], { zero: true })![1]).toBe(0);
    expect(valueDomain([])).toBeUndefined();
    expect(valueDomain([], { fixed: [0, 1] })).toEqual([0, 1]);
  });
  it('tick both ends and round steps between them, never two ticks closer than 0.4 of a step', () => {
    const cases: [number[], Parameters<typeof linearAxis>[1]][] = [
      [[480, 495, 12], { range: [0, 500] }], [[-130, -90], {}], [[0.013, 0.21], { zero: true }], [[-15.2, -2.9], { zero: true }],
      [[0.1, 0.3], {}], [[425, 548], { range: [0, 550] }], [[], { fixed: [0, 1] }], [[7.9, 7.9], {}],
    ];
    for (const [values, opts] of cases) {
      const a = linearAxis(values, opts)!;
      const t = a.ticks;
      expect(t[0], `${values}`).toBe(a.domain[0]);
      expect(t.at(-1), `${values}`).toBe(a.domain[1]);
      for (const v of values) { if (!opts?.range && !opts?.fixed) { expect(v).toBeGreaterThanOrEqual(a.domain[0]); expect(v).toBeLessThanOrEqual(a.domain[1]); } }
      const gaps = t.slice(1).map((x, i) => x - t[i]);
      const step = Math.max(...gaps);
      expect(t.length, `${values}: ${t}`).toBeGreaterThanOrEqual(3);
      expect(Math.min(...gaps), `${values}: ${t}`).toBeGreaterThanOrEqual(0.4 * step - 1e-9);
      // Printed with few digits: no floating-point noise.
      for (const x of t) expect(String(x).replace(/^-?0?\./, '').replace(/[-.]/g, '').length, `${values}: ${x}`).toBeLessThanOrEqual(6);
    }
    expect(linearAxis([0.013, 0.21], { zero: true })!.ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it('on a log scale: 1-2-5 ends around the data, powers of ten over many decades', () => {
    expect(logAxis([0.31, 0.97])).toEqual({ domain: [0.2, 1], ticks: [0.2, 0.5, 1] });
    const wide = logAxis([0.003, 40, -1, 0])!;
    expect(wide.domain).toEqual([0.002, 50]);
    expect(wide.ticks).toEqual([0.002, 0.01, 0.1, 1, 10, 50]);
    expect(logAxis([0, -2])).toBeUndefined();
  });
  it('a fixed x range: the round steps inside it, no tick past either end', () => {
    expect(stepTicks(0, 300)).toEqual([0, 100, 200, 300]);
    expect(stepTicks(0, 499)).toEqual([0, 100, 200, 300, 400]);
    expect(stepTicks(1, 30)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(stepTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    for (const [lo, hi] of [[0, 7], [3, 9999], [0.5, 0.55], [-20, 17]]) {
      const t = stepTicks(lo, hi);
      expect(t.length).toBeGreaterThanOrEqual(4);
      expect(t.length).toBeLessThanOrEqual(9);
      expect(t.every((x) => x >= lo - 1e-12 && x <= hi + 1e-12)).toBe(true);
    }
  });
  it('are as wide as their widest label needs', () => {
    expect(axisWidth([0, 5])).toBeLessThan(axisWidth([-1000, 5000]));
    expect(axisWidth([0, 0.25, 0.5])).toBe(axisWidth([0.5, 0.25, 0]));
  });
});

describe('diagnostics panels', () => {
  const member = (id: number, algo: MemberInfo['algo'], rho: number) => ({ id, algo, rho, seed: 0 }) as MemberInfo;
  it('draw the target line at rho only where D_f(w) is held at rho (not for reading A, whose rho bounds a KL per kernel)', () => {
    const shown = [member(0, 'bc', 0), member(1, 'be-droil', 0.1), member(2, 'tilted-model', 0.5), member(3, 'tilted-expert', 0.5)];
    const div = diagPanels(shown, []).find((p) => p.id === 'divergence')!;
    expect(div.series.map((s) => s.key)).toEqual(['divergence_be-droil', 'divergence_tilted-model', 'divergence_tilted-expert']);
    expect(div.refs?.map((r) => r.y)).toEqual([0.1]);
    expect(diagPanels([member(0, 'bc', 0), member(2, 'tilted-model', 0.5)], []).find((p) => p.id === 'divergence')!.refs).toEqual([]);
  });
});

describe('state axes', () => {
  it('every environment names a unit for every state variable', () => {
    for (const id of allEnvIds) {
      const spec = getEnvSpec(id);
      expect(spec.stateUnits, id).toHaveLength(spec.stateNames.length);
    }
  });
  it('wraps angles into (-pi, pi] and labels them so, with a break at each wrap', () => {
    expect(wrapAngle(Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(-Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
    expect(wrapAngle(45)).toBeCloseTo(45 - 14 * Math.PI, 12);
    const pendulum = getEnvSpec('Pendulum-v1');
    const ys = Array.from({ length: 50 }, (_, t) => 0.3 * t);
    const axis = stateAxis(pendulum, 0, ys);
    expect(axis.title).toBe('theta (rad, wrapped to (−π, π])');
    const rows = traceRows([{ key: 'a', ys }, { key: 'b', ys: ys.slice(0, 30).map((y) => -y) }], axis);
    expect(rows.map((r) => r.t)).toEqual(ys.map((_, t) => t));
    for (const r of rows) for (const y of [r.a, r.b]) if (typeof y === 'number') { expect(y).toBeGreaterThan(-Math.PI); expect(y).toBeLessThanOrEqual(Math.PI); }
    // 0.3 * 49 = 14.7 rad: two crossings of +pi, so two breaks; -0.3 * 29 = -8.7 rad: one crossing of -pi.
    expect(rows.filter((r) => r.a === null)).toHaveLength(2);
    expect(rows.filter((r) => r.b === null)).toHaveLength(1);
    expect(rows.filter((r) => r.b === undefined).map((r) => r.t)).toEqual(ys.slice(30).map((_, i) => 30 + i));
    // Long rollouts: at most 160 rows, every series on the same steps, and each series' envelope kept: a value
    // that flips every step still spans its whole range (plain sampling at an even stride would draw it flat).
    const flip = Array.from({ length: 1000 }, (_, t) => (t % 2 ? 1 : -1));
    const ramp = Array.from({ length: 1000 }, (_, t) => t);
    const long = traceRows([{ key: 'flip', ys: flip }, { key: 'ramp', ys: ramp }], stateAxis(undefined, 0, [0]));
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long.every((r) => typeof r.flip === 'number' && typeof r.ramp === 'number')).toBe(true);
    expect(new Set(long.map((r) => r.flip))).toEqual(new Set([-1, 1]));
    expect([long[0].ramp, long.at(-1)!.ramp, long.at(-1)!.t]).toEqual([0, 999, 999]);
    // 501 steps (a CartPole episode and its first state): the axis ends at the last step, not past it.
    expect(traceRows([{ key: 'a', ys: ramp.slice(0, 501) }], stateAxis(undefined, 0, [0])).at(-1)!.t).toBe(500);
    expect(long.map((r) => r.t)).toEqual([...long.map((r) => r.t)].sort((x, y) => x! - y!));
    expect(stateAxis(pendulum, 1, ys).title).toBe('theta_dot (rad/s)');
    expect(stateAxis(pendulum, 0, [0.1, -0.2]).title).toBe('theta (rad)');
    expect(stateAxis(getEnvSpec('InvertedPendulum-v5'), 0, [0]).title).toBe('slider (m)');
  });
});

describe('the run step count', () => {
  it('counts MBIL density fits the way the worker reports them (one fit, then one ensemble with MBIL in it)', () => {
    const setup: Setup = { ...defaultSetup, algos: ['bc', 'mbil'], steps: 300, mbilDensitySteps: 250, loss: 'nll', seeds: 1 };
    const members = planMembers(setup);
    expect(planSteps(setup, members, 'continuous').totalSteps).toBe(2 * 250 + 300);
    expect(planSteps(setup, members, 'discrete').totalSteps).toBe(250 + 300);
    expect(planSteps(setup, members.filter((m) => m.algo === 'bc'), 'discrete').totalSteps).toBe(300);
    // BE-DROIL with the MBIL loss shares the same fit: no second one.
    const robust: Setup = { ...setup, algos: ['bc', 'be-droil', 'mbil'], loss: 'mbil' };
    expect(planSteps(robust, planMembers(robust), 'discrete').totalSteps).toBe(250 + 300);
  });
});
