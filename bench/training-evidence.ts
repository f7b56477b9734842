// Evidence for docs/training.md: nominal returns of BC, DRO-BC and BE-DROIL trained on 1, 3 and 10 built-in
// demonstrations. For each seed s: demonstrations from seed 100 + s, one ensemble [bc, dro-bc, be-droil]
// (all seed s, so they share the data, the initialisation and the minibatches), each member evaluated on the
// same 20 initial states (seed 12345). Prints one JSON line per (env, demos, seed, algo) and a summary table.
//   npx tsx bench/training-evidence.ts --env CartPole-v1 --demos 1,3,10 --seeds 5 --steps 3000 [--backend wasm]
import { parseArgs } from 'node:util';
import { initBackend, type BackendPref } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { loadPolicy } from '../src/core/algos/policy';
import { generateDemos } from '../src/core/experts';
import { evaluateNominal } from '../src/core/eval/evaluate';
import { getEnvSpec } from '../src/core/envs';
import { TRAIN_DEFAULTS } from '../src/core/algos/defaults';

const { values } = parseArgs({ options: { env: { type: 'string', default: 'CartPole-v1' }, demos: { type: 'string', default: '1,3,10' }, seeds: { type: 'string', default: '5' }, steps: { type: 'string', default: String(TRAIN_DEFAULTS.steps) }, backend: { type: 'string', default: 'wasm' }, episodes: { type: 'string', default: '20' } } });
const env = values.env!, spec = getEnvSpec(env);
const demoCounts = values.demos!.split(',').map(Number), seeds = Number(values.seeds), steps = Number(values.steps), evalEpisodes = Number(values.episodes);
const choice = await initBackend(values.backend as BackendPref);
console.error(`# ${env} demos=${demoCounts} seeds=${seeds} steps=${steps} backend=${choice.backend}`);
const algos = ['bc', 'dro-bc', 'be-droil'] as const;
const rows: { demos: number; seed: number; algo: string; ret: number }[] = [];
for (const n of demoCounts) {
  for (let s = 0; s < seeds; s++) {
    const data = generateDemos(env, { episodes: n, seed: 100 + s });
    const t0 = performance.now();
    const trainer = createTrainer({
      members: algos.map((algo) => ({ algo, seed: s })), steps, logEvery: Math.max(1, Math.floor(steps / 5)), envId: env,
      ...(spec.actionSpace.kind === 'continuous' ? { actionLow: spec.actionSpace.low, actionHigh: spec.actionSpace.high } : { numActions: spec.actionSpace.n }),
    }, data);
    let last: number[] = [];
    const res = await trainer.run({ onProgress: (d) => { last = d.members.map((m) => m.divergence); } });
    const policies = await trainer.snapshot();
    trainer.dispose();
    policies.forEach((p, i) => {
      const r = evaluateNominal(loadPolicy(p), { envId: env, episodes: evalEpisodes, seed: 12345 }).result.summary.mean;
      rows.push({ demos: n, seed: s, algo: algos[i], ret: r });
      console.log(JSON.stringify({ env, demos: n, seed: s, algo: algos[i], nominalReturn: r, finalDivergence: last[i], status: res.status, seconds: Math.round((performance.now() - t0) / 1000) }));
    });
  }
}
const fmt = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1)); return `${m.toFixed(1)} ± ${sd.toFixed(1)}`; };
console.log(`\n| ${env} | demos | BC | DRO-BC | BE-DROIL | DRO-BC − BC (paired) | BE-DROIL − BC (paired) |\n|---|---|---|---|---|---|---|`);
for (const n of demoCounts) {
  const get = (a: string) => rows.filter((r) => r.demos === n && r.algo === a).sort((x, y) => x.seed - y.seed).map((r) => r.ret);
  const bc = get('bc'), dro = get('dro-bc'), be = get('be-droil');
  console.log(`| | ${n} | ${fmt(bc)} | ${fmt(dro)} | ${fmt(be)} | ${fmt(dro.map((v, i) => v - bc[i]))} | ${fmt(be.map((v, i) => v - bc[i]))} |`);
}
