// Imperfect experts and the stochastic nominal kernel. Properties checked against independent references:
// zero settings reproduce the perfect expert bit for bit (and an independent noise-free replay); the
// settings reproduce from the seed and leave the reset states alone; the share of replaced actions is
// epsilon within a binomial tolerance; action noise and process noise have the documented std, measured
// as (recorded - clean) with the clean value recomputed here by the expert and a noise-free Env step;
// the file records the settings through the JSON writer and reader and the CLI.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { episodeReturns, numTransitions, type Dataset } from '../../src/core/data/dataset';
import { stringifyDroilDemos } from '../../src/core/data/json-format';
import { readJson } from '../../src/core/data/readers/json';
import { Env, envIds, getEnvSpec, type EnvId } from '../../src/core/envs';
import { addProcessNoise, STATE_BOUNDS } from '../../src/core/envs/process-noise';
import { expertActor, generateDemos } from '../../src/core/experts';
import { Rng } from '../../src/core/rng';

const KEYS = ['observations', 'actions', 'nextObservations', 'rewards', 'terminals', 'timeouts', 'episodeStarts'] as const;

/** Bitwise equality of every array (toEqual would accept +0 for -0). */
function expectBitwiseSame(a: Dataset, b: Dataset, what: string): void {
  for (const k of KEYS) {
    const x = a[k]!, y = b[k]!;
    expect(x.length, `${what} ${k} length`).toBe(y.length);
    const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength), by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
    expect(Buffer.compare(bx, by), `${what} ${k}`).toBe(0);
  }
}

const firstObservations = (d: Dataset) => Array.from(d.episodeStarts.subarray(0, -1), (i) => Array.from(d.observations.subarray(i * d.obsDim, (i + 1) * d.obsDim)));
const isContinuous = (id: string) => getEnvSpec(id).actionSpace.kind === 'continuous';
const wrapAngle = (x: number) => x - 2 * Math.PI * Math.round(x / (2 * Math.PI));

/** Internal state from an observation (float32 values), as far as the observation determines it. */
function stateOf(id: EnvId, o: ArrayLike<number>): number[] {
  switch (id) {
    case 'CartPole-v1': return [o[0], o[1], o[2], o[3]];
    case 'MountainCarContinuous-v0': return [o[0], o[1]];
    case 'Pendulum-v1': return [Math.atan2(o[1], o[0]), o[2]];
    case 'Acrobot-v1': return [Math.atan2(o[1], o[0]), Math.atan2(o[3], o[2]), o[4], o[5]];
  }
}
const ANGLES: Record<EnvId, boolean[]> = {
  'CartPole-v1': [false, false, false, false],
  'MountainCarContinuous-v0': [false, false],
  'Pendulum-v1': [true, false],
  'Acrobot-v1': [true, true, false, false],
};

/** Is the clean next state so close to a bound the noise is clipped at that the residual may be cut? */
function nearBound(id: EnvId, s: ArrayLike<number>, margin: number): boolean {
  if (id === 'Pendulum-v1') return Math.abs(s[1]) > STATE_BOUNDS[id].maxSpeed - margin * 0.05;
  if (id === 'MountainCarContinuous-v0') {
    const b = STATE_BOUNDS[id];
    return s[0] < b.minPosition + margin * 0.001 || s[0] > b.maxPosition - margin * 0.001 || Math.abs(s[1]) > b.maxSpeed - margin * 0.0005;
  }
  if (id === 'Acrobot-v1') return Math.abs(s[2]) > STATE_BOUNDS[id].maxVel1 - margin * 0.05 || Math.abs(s[3]) > STATE_BOUNDS[id].maxVel2 - margin * 0.05;
  return false;
}

/**
 * Process-noise residuals: for each transition, s' (recorded, noisy) minus the clean step f(s, a) from the
 * recorded s, per state component; angles as wrapped differences. Terminal transitions (no noise added)
 * are returned apart.
 */
function residuals(id: EnvId, d: Dataset, sigma: number) {
  const perStep = stepResiduals(id, d, sigma);
  const sd = getEnvSpec(id).stateNames.length;
  const noisy: number[][] = Array.from({ length: sd }, () => []);
  const terminal: number[] = [];
  perStep.forEach((r, i) => {
    if (r === null) return;
    if (d.terminals[i]) terminal.push(...r.map(Math.abs));
    else r.forEach((v, k) => noisy[k].push(v));
  });
  return { noisy, terminal };
}

/** The residual of each transition, or null where the clean next state is within 6 sigma of a clip bound. */
function stepResiduals(id: EnvId, d: Dataset, sigma: number): (number[] | null)[] {
  const env = new Env(id);
  const out: (number[] | null)[] = [];
  for (let i = 0; i < numTransitions(d); i++) {
    env.state = stateOf(id, d.observations.subarray(i * d.obsDim, (i + 1) * d.obsDim));
    const a = d.actionKind === 'discrete' ? d.actions[i] : Array.from(d.actions.subarray(i * d.actionDim, (i + 1) * d.actionDim));
    env.step(a);
    const clean = env.state;
    const next = stateOf(id, d.nextObservations.subarray(i * d.obsDim, (i + 1) * d.obsDim));
    const r = next.map((v, k) => (ANGLES[id][k] ? wrapAngle(v - clean[k]) : v - clean[k]));
    out.push(!d.terminals[i] && nearBound(id, clean, 6 * sigma) ? null : r);
  }
  return out;
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stdOf = (xs: number[]) => { const m = meanOf(xs); return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)); };

/** Sample mean and std of draws that should be N(0, std^2): within 5 standard errors. */
function expectGaussian(xs: number[], std: number, what: string): void {
  const n = xs.length;
  expect(n, `${what}: samples`).toBeGreaterThan(1500);
  expect(Math.abs(meanOf(xs)), `${what}: mean`).toBeLessThan((5 * std) / Math.sqrt(n));
  // The sample std's standard error is about std / sqrt(2n).
  expect(Math.abs(stdOf(xs) / std - 1), `${what}: std ${stdOf(xs)} vs ${std}`).toBeLessThan(5 / Math.sqrt(2 * n));
}

describe('zero noise is the perfect expert, bit for bit', () => {
  for (const id of envIds) {
    it(`${id}: epsilon 0, action noise 0, process noise 0 equal the defaults and a noise-free replay`, () => {
      const zero = generateDemos(id, { episodes: 4, seed: 31, epsilon: 0, processNoise: 0, ...(isContinuous(id) ? { actionNoise: 0 } : {}) });
      const perfect = generateDemos(id, { episodes: 4, seed: 31 });
      expectBitwiseSame(zero, perfect, id);
      // Independent replay: the same reset seeds, the expert and a plain Env, no noise anywhere.
      const resets = new Rng(31).derive('demos/reset');
      const actor = expertActor(id);
      for (let e = 0; e < 4; e++) {
        const env = new Env(id);
        let obs = env.reset(resets.nextSeed());
        for (let i = zero.episodeStarts[e]; i < zero.episodeStarts[e + 1]; i++) {
          expect(zero.observations.subarray(i * zero.obsDim, (i + 1) * zero.obsDim)).toEqual(Float32Array.from(obs));
          const a = actor.act(obs, 1);
          expect(zero.actions[i * zero.actionDim]).toBe(Math.fround(a[0]));
          obs = env.step(zero.actionKind === 'discrete' ? a[0] : Array.from(a)).observation;
          expect(zero.nextObservations.subarray(i * zero.obsDim, (i + 1) * zero.obsDim)).toEqual(Float32Array.from(obs));
        }
      }
      expect(zero.meta.generator).toMatchObject({ epsilon: 0, actionNoise: 0, processNoise: 0 });
    });
  }
});

describe('noise settings reproduce from the seed and keep the reset states', () => {
  for (const id of envIds) {
    it(id, () => {
      const settings = { epsilon: 0.2, processNoise: 1.5, ...(isContinuous(id) ? { actionNoise: 0.3 } : {}) };
      const a = generateDemos(id, { episodes: 5, seed: 12, ...settings });
      expectBitwiseSame(a, generateDemos(id, { episodes: 5, seed: 12, ...settings }), id);
      expect(generateDemos(id, { episodes: 5, seed: 13, ...settings }).observations).not.toEqual(a.observations);
      const perfect = generateDemos(id, { episodes: 5, seed: 12 });
      expect(a.actions).not.toEqual(perfect.actions);
      // Every setting alone, and all together, start each episode from the perfect expert's initial state.
      const starts = firstObservations(perfect);
      expect(firstObservations(a)).toEqual(starts);
      expect(firstObservations(generateDemos(id, { episodes: 5, seed: 12, epsilon: 0.5 }))).toEqual(starts);
      expect(firstObservations(generateDemos(id, { episodes: 5, seed: 12, processNoise: 3 }))).toEqual(starts);
      // More episodes extend the set, noise included.
      const more = generateDemos(id, { episodes: 7, seed: 12, ...settings });
      const n = numTransitions(a);
      expect(more.actions.subarray(0, n * a.actionDim)).toEqual(a.actions);
      expect(more.nextObservations.subarray(0, n * a.obsDim)).toEqual(a.nextObservations);
    });
  }

  it('the streams are separate: action noise does not move the epsilon draws, epsilon does not move the process noise', () => {
    // Pendulum never terminates and runs 200 steps, so step t of episode e exists in every variant.
    // With process noise only, the noisy next state minus the clean step is the process-noise draw; the
    // same draws must come out when epsilon also acts (the trajectory differs, the draws do not).
    const onlyProc = generateDemos('Pendulum-v1', { episodes: 2, seed: 5, processNoise: 1 });
    const both = generateDemos('Pendulum-v1', { episodes: 2, seed: 5, processNoise: 1, epsilon: 0.4, actionNoise: 0.5 });
    const r1 = stepResiduals('Pendulum-v1', onlyProc, 1), r2 = stepResiduals('Pendulum-v1', both, 1);
    expect(r1.length).toBe(400);
    expect(r2.length).toBe(400);
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      if (r1[i] === null || r2[i] === null) continue; // the speed clip may cut the draw
      compared++;
      // The same draws to float32 precision of the observations (the noise itself is ~0.01 and ~0.05).
      r1[i]!.forEach((v, k) => expect(Math.abs(v - r2[i]![k]), `step ${i} component ${k}`).toBeLessThan(2e-5));
    }
    expect(compared).toBeGreaterThan(300);
    // Replaced steps are those whose uniform falls under epsilon: the ones at 0.1 are among those at 0.3
    // (with the same random action), compared along each episode while the two trajectories agree.
    const eps1 = generateDemos('CartPole-v1', { episodes: 60, seed: 8, epsilon: 0.1 });
    const eps3 = generateDemos('CartPole-v1', { episodes: 60, seed: 8, epsilon: 0.3 });
    const expert = expertActor('CartPole-v1');
    let changed1 = 0, alsoIn3 = 0;
    for (let e = 0; e < 60; e++) {
      const len = Math.min(eps1.episodeStarts[e + 1] - eps1.episodeStarts[e], eps3.episodeStarts[e + 1] - eps3.episodeStarts[e]);
      for (let t = 0; t < len; t++) {
        const i1 = eps1.episodeStarts[e] + t, i3 = eps3.episodeStarts[e] + t;
        const o1 = eps1.observations.subarray(i1 * 4, i1 * 4 + 4);
        if (o1.some((v, k) => v !== eps3.observations[i3 * 4 + k])) break;
        if (eps1.actions[i1] !== expert.act(Float64Array.from(o1), 1)[0]) { changed1++; if (eps3.actions[i3] === eps1.actions[i1]) alsoIn3++; }
      }
    }
    expect(alsoIn3).toBe(changed1);
  });
});

describe('epsilon: the share of replaced actions', () => {
  // A replaced action differs from the expert's with probability 1 - 1/n (discrete) or 1 (continuous).
  for (const [id, epsilon, episodes] of [['CartPole-v1', 0.1, 30], ['Acrobot-v1', 0.3, 40], ['Pendulum-v1', 0.2, 20], ['MountainCarContinuous-v0', 0.3, 25]] as const) {
    it(`${id}, epsilon ${epsilon}: differing actions ~ Binomial(N, p) within 4.5 sd`, () => {
      const d = generateDemos(id, { episodes, seed: 44, epsilon });
      const spec = getEnvSpec(id);
      const actor = expertActor(id);
      const N = numTransitions(d);
      const expertActions = actor.act(Float64Array.from(d.observations), N);
      const differs: number[] = [];
      for (let i = 0; i < N; i++) if (d.actions[i] !== Math.fround(expertActions[i])) differs.push(d.actions[i]);
      const p = spec.actionSpace.kind === 'discrete' ? epsilon * (1 - 1 / spec.actionSpace.n) : epsilon;
      expect(N).toBeGreaterThan(1500);
      expect(Math.abs(differs.length - N * p)).toBeLessThan(4.5 * Math.sqrt(N * p * (1 - p)));
      if (spec.actionSpace.kind === 'continuous') {
        // Replacements are uniform on [low, high): mean (low+high)/2, variance (high-low)^2/12.
        const lo = spec.actionSpace.low[0], hi = spec.actionSpace.high[0];
        const k = differs.length, sd = (hi - lo) / Math.sqrt(12);
        expect(Math.min(...differs)).toBeGreaterThanOrEqual(lo);
        expect(Math.max(...differs)).toBeLessThanOrEqual(hi);
        expect(Math.abs(meanOf(differs) - (lo + hi) / 2)).toBeLessThan((5 * sd) / Math.sqrt(k));
        expect(Math.abs(stdOf(differs) / sd - 1)).toBeLessThan(0.1);
      } else {
        // Uniform over the n indices (a replacement equal to the expert's action is not seen): each other index ~ 1/(n-1) of them.
        for (let j = 0; j < spec.actionSpace.n; j++) expect(d.actions.some((v) => v === j)).toBe(true);
      }
    });
  }
  it('epsilon 1 is a uniformly random policy: CartPole lasts about 22 steps', () => {
    const d = generateDemos('CartPole-v1', { episodes: 300, seed: 2, epsilon: 1 });
    const mean = meanOf(episodeReturns(d)!);
    expect(mean).toBeGreaterThan(17);
    expect(mean).toBeLessThan(27);
  });
});

describe('action noise: Gaussian with std in action units, clipped to the bounds', () => {
  it('Pendulum-v1, sigma 0.1: recorded minus expert action ~ N(0, 0.1^2) away from the bounds', () => {
    const sigma = 0.1;
    const d = generateDemos('Pendulum-v1', { episodes: 25, seed: 6, actionNoise: sigma });
    const N = numTransitions(d);
    const clean = expertActor('Pendulum-v1').act(Float64Array.from(d.observations), N);
    const r: number[] = [];
    for (let i = 0; i < N; i++) {
      expect(Math.abs(d.actions[i])).toBeLessThanOrEqual(2);
      if (Math.abs(clean[i]) < 2 - 6 * sigma) r.push(d.actions[i] - clean[i]);
    }
    expectGaussian(r, sigma, 'Pendulum action noise');
  });

  it('MountainCarContinuous-v0, sigma 0.2: the bang-bang action +-1 plus noise is clipped (half-normal inside)', () => {
    const sigma = 0.2;
    const d = generateDemos('MountainCarContinuous-v0', { episodes: 20, seed: 6, actionNoise: sigma });
    const N = numTransitions(d);
    const clean = expertActor('MountainCarContinuous-v0').act(Float64Array.from(d.observations), N);
    let atBound = 0;
    const inside: number[] = [];
    for (let i = 0; i < N; i++) {
      expect(Math.abs(clean[i])).toBe(1);
      const dev = (d.actions[i] - clean[i]) * clean[i]; // <= 0: pushed back from the bound it sits at
      expect(dev).toBeLessThanOrEqual(0);
      if (dev === 0) atBound++;
      else inside.push(dev);
    }
    // P(clipped) = 1/2; the unclipped ones are -|z|: E[z^2] = sigma^2 on that half.
    expect(Math.abs(atBound - N / 2)).toBeLessThan(4.5 * Math.sqrt(N / 4));
    const rms = Math.sqrt(meanOf(inside.map((x) => x * x)));
    expect(Math.abs(rms / sigma - 1)).toBeLessThan(5 / Math.sqrt(2 * inside.length));
  });

  it('is refused for discrete actions, and bad values are refused', () => {
    expect(() => generateDemos('CartPole-v1', { episodes: 1, seed: 1, actionNoise: 0.1 })).toThrow(/actionNoise: CartPole-v1 has discrete actions/);
    expect(() => generateDemos('Pendulum-v1', { episodes: 1, seed: 1, actionNoise: -0.1 })).toThrow(/actionNoise.*>= 0/);
    expect(() => generateDemos('Pendulum-v1', { episodes: 1, seed: 1, epsilon: 1.2 })).toThrow(/epsilon must be in \[0, 1\]/);
    expect(() => generateDemos('Pendulum-v1', { episodes: 1, seed: 1, processNoise: Number.NaN })).toThrow(/processNoise/);
  });
});

describe('process noise: s\' - f(s, a) has the documented std per component', () => {
  const runs: [EnvId, number, number][] = [['CartPole-v1', 1, 6], ['CartPole-v1', 2, 6], ['Pendulum-v1', 1, 12], ['MountainCarContinuous-v0', 1, 30], ['Acrobot-v1', 1, 30]];
  for (const [id, sigma, episodes] of runs) {
    it(`${id}, process noise ${sigma}`, () => {
      const d = generateDemos(id, { episodes, seed: 17, processNoise: sigma });
      const { noisy, terminal } = residuals(id, d, sigma);
      const std = getEnvSpec(id).processNoiseStd;
      noisy.forEach((r, k) => expectGaussian(r, sigma * std[k], `${id} ${getEnvSpec(id).stateNames[k]}`));
      // Components are drawn independently: sample correlations near 0 (|r| < 5/sqrt(n)).
      for (let j = 1; j < noisy.length; j++) {
        const x = noisy[0], y = noisy[j], mx = meanOf(x), my = meanOf(y);
        const corr = x.reduce((a, v, i) => a + (v - mx) * (y[i] - my), 0) / ((x.length - 1) * stdOf(x) * stdOf(y));
        expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(x.length));
      }
      // A step that terminated gets no noise: its next observation is the clean step's (float32 precision).
      for (const v of terminal) expect(v).toBeLessThan(1e-5);
    });
  }
});

describe('addProcessNoise', () => {
  it('sigma 0 changes nothing and draws nothing', () => {
    const s = Float64Array.from([0.1, -0.2, 0.03, 0.4]);
    const rng = new Rng(9);
    addProcessNoise(getEnvSpec('CartPole-v1'), s, 0, 0, rng);
    expect(Array.from(s)).toEqual([0.1, -0.2, 0.03, 0.4]);
    expect(rng.next()).toBe(new Rng(9).next());
  });

  it('adds sigma * processNoiseStd[k] * one N(0,1) draw per component, in state order, at the offset', () => {
    const spec = getEnvSpec('CartPole-v1');
    const s = new Float64Array(8);
    addProcessNoise(spec, s, 4, 3, new Rng(4));
    const z = new Rng(4);
    expect(Array.from(s.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    spec.processNoiseStd.forEach((std, k) => expect(s[4 + k]).toBe(0 + 3 * std * z.normal()));
  });

  it('restores each environment\'s invariants, with the bounds its own step enforces', () => {
    const big = new Rng(1);
    // Acrobot: angles wrapped into [-pi, pi], velocities clipped to 4 pi and 9 pi.
    const ac = getEnvSpec('Acrobot-v1');
    for (let t = 0; t < 200; t++) {
      const s = Float64Array.from([3.1, -3.1, 12.5, -28]);
      addProcessNoise(ac, s, 0, 100, big);
      expect(Math.abs(s[0])).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(s[1])).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(s[2])).toBeLessThanOrEqual(4 * Math.PI);
      expect(Math.abs(s[3])).toBeLessThanOrEqual(9 * Math.PI);
    }
    // MountainCar: position in [-1.2, 0.6], speed <= 0.07, float32 values, no leftward speed at the wall.
    const mc = getEnvSpec('MountainCarContinuous-v0');
    let atWall = 0;
    for (let t = 0; t < 200; t++) {
      const s = Float64Array.from([-1.199, -0.069]);
      addProcessNoise(mc, s, 0, 5, big);
      expect(s[0]).toBeGreaterThanOrEqual(Math.fround(-1.2)); // float32 storage, as Gymnasium
      expect(Math.abs(s[1])).toBeLessThanOrEqual(Math.fround(0.07)); // Gymnasium stores the clipped speed as float32 too
      expect(Math.fround(s[0])).toBe(s[0]);
      expect(Math.fround(s[1])).toBe(s[1]);
      if (s[0] === Math.fround(-1.2)) { atWall++; expect(s[1]).toBeGreaterThanOrEqual(0); }
    }
    expect(atWall).toBeGreaterThan(20);
    // Pendulum: speed clipped to 8, the angle left unwrapped (Gymnasium keeps it so).
    const pe = getEnvSpec('Pendulum-v1');
    const s = Float64Array.from([10, 7.99]);
    addProcessNoise(pe, s, 0, 1000, new Rng(3));
    expect(Math.abs(s[1])).toBe(8);
    expect(Math.abs(s[0] - 10)).toBeGreaterThan(0);
    expect(Math.abs(s[0])).toBeGreaterThan(Math.PI);

    // The bounds are the environments' own: their steps clip to exactly these values.
    const pendulum = new Env('Pendulum-v1');
    pendulum.state = [0, 100];
    pendulum.step([2]);
    expect(pendulum.state[1]).toBe(STATE_BOUNDS['Pendulum-v1'].maxSpeed);
    const car = new Env('MountainCarContinuous-v0');
    car.state = [0.2, 1];
    car.step([1]);
    expect(car.state[1]).toBe(Math.fround(STATE_BOUNDS['MountainCarContinuous-v0'].maxSpeed));
    car.state = [0.59, 0.07];
    car.step([1]);
    expect(car.state[0]).toBe(Math.fround(STATE_BOUNDS['MountainCarContinuous-v0'].maxPosition));
    car.state = [-1.19, -0.07];
    car.step([-1]);
    expect(car.state).toEqual(Float64Array.from([Math.fround(STATE_BOUNDS['MountainCarContinuous-v0'].minPosition), 0]));
    const acro = new Env('Acrobot-v1');
    acro.state = [0, 0, 1000, -1000];
    acro.step(1);
    expect(Math.abs(acro.state[2])).toBe(STATE_BOUNDS['Acrobot-v1'].maxVel1);
    expect(Math.abs(acro.state[3])).toBe(STATE_BOUNDS['Acrobot-v1'].maxVel2);
  });
});

describe('the settings are recorded in the file', () => {
  it('round trip through the droil-demos JSON writer and reader: settings and data', () => {
    for (const id of envIds) {
      const settings = { epsilon: 0.15, processNoise: 2, ...(isContinuous(id) ? { actionNoise: 0.25 } : {}) };
      const d = generateDemos(id, { episodes: 2, seed: 3, ...settings });
      const back = readJson(new TextEncoder().encode(stringifyDroilDemos(d)), 'demos.json');
      expect(back.meta.generator).toEqual({ expert: d.meta.generator!.expert, seed: 3, episodes: 2, actionNoise: 0, ...settings });
      for (const k of KEYS) expect(back[k], `${id} ${k}`).toEqual(d[k]);
    }
  });

  it('droil demos --epsilon --action-noise --process-noise writes them; bad values are one-line errors', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'droil-noise-'));
    const out = join(tmp, 'p.json');
    let text = '', err = '';
    const io: CliIO = { stdout: (t) => { text += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
    const argv = ['demos', '--env', 'Pendulum-v1', '--episodes', '2', '--seed', '4', '--out', out];
    expect(await main([...argv, '--epsilon', '0.1', '--action-noise', '0.3', '--process-noise', '1.5'], io)).toBe(0);
    expect(text).toMatch(/epsilon 0\.1, action noise 0\.3, process noise 1\.5/);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.generator).toEqual({ expert: 'energy-lqr', seed: 4, episodes: 2, epsilon: 0.1, actionNoise: 0.3, processNoise: 1.5 });
    const d = generateDemos('Pendulum-v1', { episodes: 2, seed: 4, epsilon: 0.1, actionNoise: 0.3, processNoise: 1.5 });
    expect(Float32Array.from(file.episodes.flatMap((e: { actions: number[][] }) => e.actions.flat()))).toEqual(d.actions);
    const cases: [string[], RegExp][] = [
      [['--epsilon', '1.5'], /^error: --epsilon: must be at most 1, got 1\.5$/],
      [['--epsilon', '-0.1'], /^error: --epsilon: must be at least 0/],
      [['--process-noise', '-1'], /^error: --process-noise: must be at least 0, got -1$/],
      [['--action-noise', 'lots'], /^error: --action-noise: expected a number, got 'lots'$/],
    ];
    for (const [extra, pattern] of cases) {
      err = '';
      expect(await main([...argv, ...extra], io)).not.toBe(0);
      expect(err.trimEnd()).toMatch(pattern);
    }
    err = '';
    expect(await main(['demos', '--env', 'Acrobot-v1', '--episodes', '1', '--seed', '1', '--out', out, '--action-noise', '0.1'], io)).not.toBe(0);
    expect(err.trimEnd()).toMatch(/^error: --action-noise: Acrobot-v1 has discrete actions; action noise applies to continuous actions only \(use --epsilon/);
  });
});
