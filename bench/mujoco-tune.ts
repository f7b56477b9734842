// How the MuJoCo demonstrators' fixed numbers were found (not part of the product; run by hand, prints figures):
//   npx tsx bench/mujoco-tune.ts ars [iterations] [--env Hopper-v5 --dirs 8 --top 4 --step 0.02 --noise 0.03 --shift 1
//        --obs-dim N --seed 2026 --out PREFIX --horizon 1000 (steps per search episode) --init POLICY.json (start from a stored policy)
//        --progress P (adds P x the final root x to the search score)
//        --stop-pitch P (a search episode ends when |rooty| > P) --stop-penalty X (and loses X) --starts K (episodes per perturbed policy) --score-starts K (best kept on the mean of the worse half of K starts)]   linear policy by ARS V2-t (Mania et al. 2018)
//   npx tsx bench/mujoco-tune.ts cem [iterations] '[x0]' PlanarRunner-v0: CPG gains by the cross-entropy method
//   npx tsx bench/mujoco-tune.ts ant-cem [iterations] '[x0]' [--cem-starts 2 --horizon 300 --sigma-scale 1] Ant-v5: trot gait gains (ant-gait.ts) by the cross-entropy method
// Both are seeded (Rng), so a run repeats exactly on one machine; the results were pasted into
// src/core/mujoco/hopper-expert.ts and runner-expert.ts. Figures in docs/mujoco.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Env } from '../src/core/envs';
import { loadMujocoEnvs } from '../src/core/mujoco/registry';
import { runnerController, type RunnerGains } from '../src/core/mujoco/runner-expert';
import { antGaitController, antGaitFromVector } from '../src/core/mujoco/ant-gait';
import { Rng } from '../src/core/rng';

type Controller = (obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number) => void;

/** Roll out one episode; `stop` ends it early (e.g. the runner pitching beyond 0.5 rad). */
function episode(env: Env, act: Controller, seed: number, horizon: number, shift = 0, stop?: (s: Float64Array) => boolean, onObs?: (o: Float64Array) => void) {
  const a = new Float64Array(env.spec.actionSpace.kind === 'continuous' ? env.spec.actionSpace.dim : 1);
  let o = env.reset(seed), ret = 0, t = 0, stopped = false;
  for (; t < horizon; t++) {
    onObs?.(o);
    act(o, 0, a, 0);
    const r = env.step(a);
    ret += r.reward - shift;
    o = r.observation;
    if (r.terminated) { t++; break; }
    if (stop?.(env.state)) { t++; stopped = true; break; }
  }
  return { ret, steps: t, x: env.state[0], stopped };
}

/** ARS V2-t settings (Mania et al. 2018): directions, top directions used, step size, exploration noise. */
interface ArsOptions { envId: string; N: number; B: number; step: number; noise: number; shift: number; obsDim?: number; seed: number; out?: string; horizon: number; init?: string; progress: number; stopPitch: number; stopPenalty: number; scoreStarts: number; perDir: number }

/**
 * ARS V2-t on a linear policy over the normalised observation (the first obsDim values; Ant leaves out its 78
 * contact forces): N directions, top B, the healthy bonus `shift` subtracted during the search (so that standing
 * still is not a local optimum), running observation statistics. Hopper-v5's expert: N 8, B 4, step 0.02, noise
 * 0.03, shift 1, seed 2026, horizon 1000. Every 5 iterations the policy is scored on 3 starts and, with `out`, written there.
 */
function ars(iterations: number, o: ArsOptions): void {
  const env = new Env(o.envId);
  const n = o.obsDim ?? env.spec.obsNames.length;
  const m = env.spec.actionSpace.kind === 'continuous' ? env.spec.actionSpace.dim : 1;
  const { N, B, step: STEP, noise: NOISE } = o;
  const rng = new Rng(o.seed);
  let W = new Float64Array(m * n);
  let count = 0;
  const mean = new Float64Array(n), m2 = new Float64Array(n);
  if (o.init) {
    // Continue from a stored policy (e.g. one that stands, before a search that rewards walking): its weights and
    // normalisation, the statistics weighted as the search episodes' observations that made them (1000 per episode;
    // 10^4 in all let one iteration's 16 episodes move the normalisation enough to undo a walking policy).
    const p = JSON.parse(readFileSync(o.init, 'utf8')) as { W: number[]; mu: number[]; sigma: number[]; episodes?: number };
    W = Float64Array.from(p.W);
    count = Math.max(10000, (p.episodes ?? 10) * 1000);
    mean.set(p.mu);
    m2.set(p.sigma.map((sd) => sd * sd * (count - 1)));
  }
  const track = (ob: Float64Array) => { count++; for (let i = 0; i < n; i++) { const d = ob[i] - mean[i]; mean[i] += d / count; m2[i] += d * (ob[i] - mean[i]); } };
  const std = () => Float64Array.from(m2, (v) => (count > 1 ? Math.max(Math.sqrt(v / (count - 1)), 1e-2) : 1));
  const linear = (w: Float64Array, mu: Float64Array, sd: Float64Array): Controller => (ob, oo, a, ao) => {
    for (let k = 0; k < m; k++) { let s = 0; for (let i = 0; i < n; i++) s += (w[k * n + i] * (ob[oo + i] - mu[i])) / sd[i]; a[ao + k] = Math.min(Math.max(s, -1), 1); }
  };
  // --progress P adds P per metre of the root's final x to the search score (Ant: a walking gait pays control cost that
  // standing does not, so the plain return keeps the search at standing still).
  // --stop-penalty X: a search episode ended by --stop-pitch also loses X, so a flip late in the episode costs as much as
  // an early one (the truncation alone costs a fast cheetah little when it flips at step 800).
  const score = (e: { ret: number; x: number; stopped?: boolean }) => e.ret + o.progress * e.x - (e.stopped ? o.stopPenalty : 0);
  // --stop-pitch P ends a search episode once |rooty| (state[2] of the planar tasks) passes P: a gait that flips the
  // cheetah onto its back loses the rest of the episode, so the search stops favouring fast gaits that flip on some starts.
  const flipped = o.stopPitch > 0 ? (st: Float64Array) => Math.abs(st[2]) > o.stopPitch : undefined;
  const starts = [...Array(o.scoreStarts).keys()];
  let seed = 0, best = -Infinity;
  for (let it = 0; it < iterations; it++) {
    const mu = Float64Array.from(mean), sd = std();
    const dirs: Float64Array[] = [], plus: number[] = [], minus: number[] = [];
    for (let k = 0; k < N; k++) {
      const d = Float64Array.from({ length: m * n }, () => rng.normal());
      dirs.push(d);
      // --starts K: each perturbed policy is scored on the mean of K starts (the same K for + and -), so that a flip on one
      // start (chaotic in W) does not alone decide the direction's update.
      const ss = Array.from({ length: o.perDir }, () => seed++);
      const on = (w: Float64Array) => ss.reduce((acc, s) => acc + score(episode(env, linear(w, mu, sd), s, o.horizon, o.shift, flipped, track)), 0) / ss.length;
      plus.push(on(W.map((w, i) => w + NOISE * d[i])));
      minus.push(on(W.map((w, i) => w - NOISE * d[i])));
    }
    const top = [...Array(N).keys()].sort((a, b) => Math.max(plus[b], minus[b]) - Math.max(plus[a], minus[a])).slice(0, B);
    const used = top.flatMap((k) => [plus[k], minus[k]]);
    const mr = used.reduce((a, b) => a + b) / used.length;
    const sr = Math.sqrt(used.reduce((a, b) => a + (b - mr) ** 2, 0) / used.length) || 1;
    const next = Float64Array.from(W);
    for (const k of top) for (let i = 0; i < m * n; i++) next[i] += (STEP / (B * sr)) * (plus[k] - minus[k]) * dirs[k][i];
    W = next;
    if (it % 5 === 0 || it === iterations - 1) {
      // Scored on --score-starts starts (default 3); a policy is kept as best on the mean of its worse half, so one
      // that fails on a few starts is not kept for its fast runs on the others.
      // With --stop-pitch these episodes run on to 1000 steps but count as stopped (and pay --stop-penalty) once |rooty| passes it.
      const ev = starts.map((s) => { let passed = false; const e = episode(env, linear(W, mean, std()), 100000 + s, 1000, 0, flipped && ((st) => { passed ||= flipped(st); return false; })); return { ...e, stopped: passed }; });
      const sorted = ev.map(score).sort((a, b) => a - b);
      const avg = o.scoreStarts > 3 ? sorted.slice(0, Math.ceil(sorted.length / 2)).reduce((a, b) => a + b) / Math.ceil(sorted.length / 2) : sorted.reduce((a, b) => a + b) / sorted.length;
      console.log(`${it} returns ${ev.map((e) => `${e.ret.toFixed(0)} (${e.steps} steps, x ${e.x.toFixed(1)}${e.stopped ? ', past the stop pitch' : ''})`).join(', ')} kept-score ${avg.toFixed(0)} episodes ${2 * N * o.perDir * (it + 1)}`);
      const policy = JSON.stringify({ envId: o.envId, iteration: it, episodes: 2 * N * o.perDir * (it + 1), returns: ev.map((e) => e.ret), W: Array.from(W), mu: Array.from(mean), sigma: Array.from(std()) });
      if (o.out) {
        writeFileSync(`${o.out}.last.json`, policy);
        if (avg > best) { best = avg; writeFileSync(`${o.out}.best.json`, policy); }
      }
    }
  }
  console.log(JSON.stringify({ W: Array.from(W), mu: Array.from(mean), sigma: Array.from(std()) }));
}

const toGains = (x: number[]): RunnerGains => ({ omega: Math.max(1, x[0]), lead: x[1], kp: x[2], kd: Math.max(0, x[3]), center: x.slice(4, 8), amp: x.slice(8, 12), shift: x.slice(12, 15), pitch: x.slice(15, 17) });

/** The cross-entropy method: `candidates` per iteration around mu, the top `elite` set the next mean and spread (floor 2 % of the first). */
function cemSearch(fitness: (x: number[]) => number, x0: number[], SIG: number[], iterations: number, candidates: number, elite: number, seed: number): void {
  const rng = new Rng(seed);
  let mu = x0.slice(), sig = SIG.slice(), best = { x: mu, f: fitness(mu) };
  for (let it = 0; it < iterations; it++) {
    const cands = Array.from({ length: candidates }, () => { const x = mu.map((v, i) => v + sig[i] * rng.normal()); return { x, f: fitness(x) }; }).sort((a, b) => b.f - a.f);
    const top = cands.slice(0, elite);
    mu = mu.map((_, i) => top.reduce((s, c) => s + c.x[i], 0) / top.length);
    sig = sig.map((s0, i) => Math.max(0.02 * SIG[i], 0.7 * Math.sqrt(top.reduce((s, c) => s + (c.x[i] - mu[i]) ** 2, 0) / top.length) + 0.15 * s0));
    if (cands[0].f > best.f) best = cands[0];
    console.log(`${it} best ${best.f.toFixed(1)} ${JSON.stringify(best.x.map((v) => Number(v.toFixed(4))))}`);
  }
}

/** CEM over the runner's 17 CPG numbers: 12 candidates, elite 2 (top fifth), 12 starts (seeds 2000-2011) of 500 steps, stop at |pitch| > 0.5. */
function cem(iterations: number, x0: number[]): void {
  const env = new Env('PlanarRunner-v0');
  const SIG = [1, 0.2, 0.4, 0.03, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.5, 0.5];
  const fitness = (x: number[]) => {
    const d = Array.from({ length: 12 }, (_, s) => { const e = episode(env, runnerController(toGains(x)), 2000 + s, 500, 0, (st) => Math.abs(st[2]) > 0.5); return e.steps < 500 ? Math.min(e.x, 0) - 5 : e.x; });
    return 10 * (0.5 * d.reduce((a, b) => a + b) / d.length + 0.5 * Math.min(...d));
  };
  cemSearch(fitness, x0, SIG, iterations, 12, 2, 7);
}

/**
 * CEM over Ant-v5's trot gait (ant-gait.ts, 8 numbers, or 9 with the steering gain): 10 candidates, elite 3, `starts`
 * starts (seeds 3000, 3001, ...; default 2) of `horizon` steps (default 300), score = return + 20 x final x. The spread
 * starts at SIG x `sigmaScale` (the steering gain's at 0.5).
 */
function antCem(iterations: number, x0: number[], starts: number, horizon: number, sigmaScale: number): void {
  const env = new Env('Ant-v5');
  const SIG = [2, 0.5, 1, 0.05, 0.2, 0.2, 0.2, 1, 0.5].slice(0, x0.length).map((v) => v * sigmaScale);
  const fitness = (x: number[]) => {
    const r = [...Array(starts).keys()].map((s) => episode(env, antGaitController(antGaitFromVector(x)), 3000 + s, horizon));
    return r.reduce((a, e) => a + e.ret + 20 * e.x, 0) / r.length;
  };
  cemSearch(fitness, x0, SIG, iterations, 10, 3, 11);
}

await loadMujocoEnvs();
const { positionals: [what, iters, x0], values: v } = parseArgs({
  allowPositionals: true,
  options: { env: { type: 'string', default: 'Hopper-v5' }, dirs: { type: 'string', default: '8' }, top: { type: 'string', default: '4' }, step: { type: 'string', default: '0.02' }, noise: { type: 'string', default: '0.03' }, shift: { type: 'string', default: '1' }, 'obs-dim': { type: 'string' }, seed: { type: 'string', default: '2026' }, out: { type: 'string' }, horizon: { type: 'string' }, starts: { type: 'string', default: '1' }, 'cem-starts': { type: 'string', default: '2' }, 'sigma-scale': { type: 'string', default: '1' }, init: { type: 'string' }, progress: { type: 'string', default: '0' }, 'stop-pitch': { type: 'string', default: '0' }, 'stop-penalty': { type: 'string', default: '0' }, 'score-starts': { type: 'string', default: '3' } },
});
if (what === 'ars') {
  ars(Number(iters ?? 130), { envId: v.env!, N: Number(v.dirs), B: Number(v.top), step: Number(v.step), noise: Number(v.noise), shift: Number(v.shift), obsDim: v['obs-dim'] ? Number(v['obs-dim']) : undefined, seed: Number(v.seed), out: v.out, horizon: Number(v.horizon ?? 1000), init: v.init, progress: Number(v.progress), stopPitch: Number(v['stop-pitch']), stopPenalty: Number(v['stop-penalty']), scoreStarts: Number(v['score-starts']), perDir: Number(v.starts) });
}
else if (what === 'cem') cem(Number(iters ?? 12), JSON.parse(x0 ?? '[5.5665,-0.3482,1.5527,0.0778,0.0714,0.0952,0.5103,0.0387,0.5102,0.527,0.4395,0.4615,1.4345,3.2598,6.1055,-0.7781,0.1703]')); // default x0: the previous stage's result
else if (what === 'ant-cem') antCem(Number(iters ?? 30), JSON.parse(x0 ?? '[6, 0.5, 2, 0.05, 0.4, 0.9, 0.3, 1.57]'), Number(v['cem-starts']), Number(v.horizon ?? 300), Number(v['sigma-scale']));
else console.log('usage: npx tsx bench/mujoco-tune.ts ars [iterations] [--env ID ...] | cem [iterations] [x0 JSON]');
