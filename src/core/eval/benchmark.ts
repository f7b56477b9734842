// The benchmark grid behind `droil bench`: for every environment, number of demonstrations and seed,
// generate the demonstrations, train every method (BC once, DRO-BC and BE-DROIL once per radius) as ONE
// ensemble that shares the seed (same data, initialisation and minibatch order: paired comparisons), and
// evaluate every policy under the same conditions from the same initial states.
import { createTrainer } from '../algos/ensemble';
import { loadPolicy } from '../algos/policy';
import type { Algorithm, MemberInput } from '../algos/config';
import { getEnvSpec } from '../envs/registry';
import { generateDemos } from '../experts/demos';
import type { Actor } from '../policy';
import { EVAL_DEFAULTS } from './defaults';
import { evaluateNominal, evaluateSweeps, evaluateWorstBox, fmtFactor, nominalReferences, scoreOf, type EvalContext, type References, type SweepSpec } from './evaluate';
import { summarizeRows, type ResultRow, type SummaryRow } from './report';
import { worstCase } from './stats';
import { evaluateWorstKernel } from './worst-kernel';

export interface BenchmarkSpec {
  envs: string[];
  demos: number[];
  algos: Algorithm[];
  /** Radii for DRO-BC and BE-DROIL. */
  rhos: number[];
  /** Seeds 0 .. seeds-1 (data, training and evaluation starts all follow the seed). */
  seeds: number;
  /** Evaluation episodes per condition. */
  episodes: number;
  /** Sweeps per environment (a function of the environment id), or none. */
  sweeps: ((envId: string) => SweepSpec[]) | null;
  /** Worst case in a parameter box, per environment. */
  box: ((envId: string) => { eps: number; params: string[]; randomPoints?: number; refineRounds?: number }) | null;
  /** Worst-case KL kernel radius, or none. */
  kernelRho: number | null;
  /** Balance strength of the BE-DROIL members (default: the trainer's). */
  kappa?: number;
  /** Training steps (default: the trainer's). */
  steps?: number;
  /** Any other training settings (validated by the trainer). */
  train?: Record<string, unknown>;
  /** Base of the evaluation seeds (seed s evaluates from starts seeded evalSeed + s). */
  evalSeed?: number;
}

export interface BenchmarkResult {
  rows: ResultRow[];
  summary: SummaryRow[];
  references: { env: string; seed: number; expert: number; random: number }[];
  training: { env: string; demos: number; seed: number; status: string; message?: string; seconds: number }[];
}

export type BenchProgress = (message: string) => void;

export async function runBenchmark(spec: BenchmarkSpec, onProgress: BenchProgress = () => {}): Promise<BenchmarkResult> {
  const rows: ResultRow[] = [];
  const references: BenchmarkResult['references'] = [];
  const training: BenchmarkResult['training'] = [];
  for (const env of spec.envs) {
    const envSpec = getEnvSpec(env);
    const space = envSpec.actionSpace;
    const refs = new Map<number, References>();
    for (let seed = 0; seed < spec.seeds; seed++) {
      const ctx: EvalContext = { envId: env, episodes: spec.episodes, seed: (spec.evalSeed ?? EVAL_DEFAULTS.seed) + seed };
      const r = nominalReferences(ctx);
      refs.set(seed, r);
      references.push({ env, seed, ...r });
    }
    for (const demos of spec.demos) {
      for (let seed = 0; seed < spec.seeds; seed++) {
        const ctx: EvalContext = { envId: env, episodes: spec.episodes, seed: (spec.evalSeed ?? EVAL_DEFAULTS.seed) + seed };
        const ref = refs.get(seed)!;
        // The first k episodes of a larger demonstration set equal a set of k: the demo sizes are nested.
        const data = generateDemos(env, { episodes: demos, seed });
        const members: (MemberInput & { rho?: number })[] = [];
        const methods: { algo: Algorithm; rho: number | null }[] = [];
        for (const algo of spec.algos) {
          if (algo === 'bc') { members.push({ algo, seed }); methods.push({ algo, rho: null }); continue; }
          for (const rho of spec.rhos) { members.push({ algo, rho, seed, ...(algo === 'be-droil' && spec.kappa !== undefined ? { kappa: spec.kappa } : {}) }); methods.push({ algo, rho }); }
        }
        const config = {
          ...spec.train, members, envId: env, seed, ...(spec.steps !== undefined ? { steps: spec.steps } : {}),
          ...(space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high }),
        };
        const t0 = Date.now();
        const trainer = createTrainer(config, data);
        let policies: Actor[];
        try {
          const res = await trainer.run();
          training.push({ env, demos, seed, status: res.status, message: res.message, seconds: (Date.now() - t0) / 1000 });
          policies = (await trainer.snapshot()).map((j) => loadPolicy(j));
        } finally {
          trainer.dispose();
        }
        onProgress(`${env} demos=${demos} seed=${seed}: trained ${members.length} members in ${((Date.now() - t0) / 1000).toFixed(1)} s; evaluating`);
        for (let m = 0; m < policies.length; m++) {
          const base = { env, demos, algo: methods[m].algo, rho: methods[m].rho, seed, episodes: spec.episodes };
          for (const row of await evaluatePolicy(policies[m], ctx, ref, spec)) rows.push({ ...base, ...row });
        }
      }
    }
  }
  return { rows, summary: summarizeRows(rows), references, training };
}

type RowBody = Omit<ResultRow, 'env' | 'demos' | 'algo' | 'rho' | 'seed' | 'episodes'>;

const fmtParams = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k}=${Number(v.toPrecision(6))}`).join(';');

/** Every condition of the benchmark for one policy: nominal, sweep points and their area/worst, box, kernel. */
export async function evaluatePolicy(actor: Actor, ctx: EvalContext, ref: References, spec: Pick<BenchmarkSpec, 'sweeps' | 'box' | 'kernelRho'>): Promise<RowBody[]> {
  const env = String(ctx.envId);
  const out: RowBody[] = [];
  const nominal = evaluateNominal(actor, ctx).result;
  out.push({ condition: 'nominal', kind: 'nominal', mean: nominal.summary.mean, std: nominal.summary.std, score: scoreOf(nominal.summary.mean, ref), params: '' });
  const sweeps = spec.sweeps?.(env) ?? [];
  if (sweeps.length > 0) {
    const results = evaluateSweeps(actor, ctx, sweeps);
    const allMeans: number[] = [];
    const allLabels: string[] = [];
    for (const s of results) {
      for (const p of s.points) {
        out.push({ condition: p.label, kind: 'sweep-point', mean: p.summary.mean, std: p.summary.std, score: scoreOf(p.summary.mean, ref), params: fmtParams(p.params) });
        allMeans.push(p.summary.mean);
        allLabels.push(p.label);
      }
      const range = `x${fmtFactor(Math.min(...s.factors))}..${fmtFactor(Math.max(...s.factors))}`;
      out.push({ condition: `${s.param} ${range} (area)`, kind: 'sweep-area', mean: s.area, std: NaN, score: scoreOf(s.area, ref), params: '' });
    }
    const w = worstCase(allMeans);
    out.push({ condition: 'sweep worst', kind: 'sweep-worst', mean: w.value, std: NaN, score: scoreOf(w.value, ref), params: allLabels[w.index] });
  }
  const box = spec.box?.(env);
  if (box) {
    const r = await evaluateWorstBox(actor, ctx, box);
    out.push({ condition: `worst box eps=${Number(box.eps.toPrecision(4))}`, kind: 'box', mean: r.worst.summary.mean, std: r.worst.summary.std, score: scoreOf(r.worst.summary.mean, ref), params: fmtParams(r.worst.params) });
  }
  if (spec.kernelRho !== null) {
    const r = evaluateWorstKernel(actor, ctx, { rho: spec.kernelRho });
    out.push({ condition: `worst kernel KL=${spec.kernelRho}`, kind: 'kernel', mean: r.summary.mean, std: r.summary.std, score: scoreOf(r.summary.mean, ref), params: '' });
  }
  return out;
}
