// Training throughput and the default comparison inside the production build's Web Worker, in headless
// Chromium (issue 9, items 1 and 4). For each backend (wasm, webgl, webgpu on SwiftShader) the default
// BE-DROIL configuration trains 1 model and an 8-member ensemble; R blocks of S steps each, every block
// ending with one parameter read-back. Then, optionally, the default comparison (defaults + --hash-like
// overrides) with its time split into training and evaluation, as the worker measures them.
// The worker is driven over comlink's wire protocol from a blank page of the same origin, so the page's own
// UI (and its worker) do not compete for the two cores. Prints figures; never a test.
//   npx tsx bench/train-browser.ts [--no-build] [--out-dir /tmp/droil-bench-dist] [--backends wasm,webgl,webgpu] [--members 1,8] [--steps 20]
//        [--blocks 5] [--default '{"demos":{"kind":"builtin","episodes":10,"seed":0}}'] [--default-runs 3] [--json out.json]
//        [--cpu]   (also the worker thread's CPU time per block, from Chromium's trace: figures that the load barely changes)
//        [--profile 25]   (instead of the throughput: kernel time per step by kernel name, median of 25 profiled steps, per backend and M)
//        [--workers 1,2]  (the default comparison on worker pools of these sizes: time, speedup over the first size,
//                          the projection for 8 cores (Amdahl, from the measured speedup) and whether the numbers are
//                          identical; and the progress ETA's error after the first 20 % of the run)
// First look (the playground's first preset) from Train to done:
//   npx tsx bench/train-browser.ts --workers 1,2   (the same as --backends none --default '{}' --workers 1,2)
//   npx tsx bench/train-browser.ts --backends none --default '{"seeds":3}' --default-runs 3 --workers 1,2
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { summarise, fmtSummary } from './lib/stats';
import { startWorkerBench } from './lib/worker-bench';

const { values } = parseArgs({ options: {
  'no-build': { type: 'boolean', default: false }, backends: { type: 'string', default: 'wasm,webgl,webgpu' }, members: { type: 'string', default: '1,8' },
  steps: { type: 'string', default: '20' }, blocks: { type: 'string', default: '5' }, default: { type: 'string' }, 'default-runs': { type: 'string', default: '3' },
  json: { type: 'string' }, 'out-dir': { type: 'string', default: '/tmp/droil-bench-dist' }, cpu: { type: 'boolean', default: false },
  profile: { type: 'string' }, workers: { type: 'string', default: '1' },
} });
// `--workers 1,2` alone: the First look (the page's default setup) on those pools, without the throughput runs.
if (process.argv.includes('--workers') && values.default === undefined) {
  values.default = '';
  if (!process.argv.includes('--backends')) values.backends = 'none';
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } }

/** Per timed block: the worker thread's CPU ms (sum of its tasks' thread time between the block's marks). */
function blockCpuMs(trace: Buffer): number[] {
  const raw = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const starts = events.filter((e) => e.name === 'droil-block-start').sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === 'droil-block-end').sort((a, b) => a.ts - b.ts);
  if (starts.length === 0) return [];
  const { pid, tid } = starts[0];
  const tasks = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'RunTask');
  return starts.map((s, i) => {
    const end = ends[i]?.ts ?? Infinity;
    return tasks.filter((t) => t.ts + (t.dur ?? 0) >= s.ts && t.ts <= end).reduce((a, t) => a + (t.tdur ?? 0), 0) / 1000;
  });
}
const wb = await startWorkerBench({ outDir: values['out-dir']!, build: !values['no-build'] });
const { browser, page, call } = wb;
const out: { train: unknown[]; defaults: unknown[]; machine: string } = { train: [], defaults: [], machine: `${cpus().length} cores, ${cpus()[0]?.model}` };
console.log(`machine: ${out.machine}, Chromium ${browser.version()}; load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

try {

  for (const backend of values.backends!.split(',').filter((b) => b && b !== 'none')) {
    for (const M of values.members!.split(',').map(Number)) {
      if (values.profile) {
        const p = await call<{ backend: string; kernels: { name: string; calls: number; ms: number }[] }>('benchProfile', backend, M, Number(values.profile));
        const total = p.kernels.reduce((a, k) => a + k.ms, 0);
        out.train.push({ backend: p.backend, members: M, profile: p.kernels, kernelMs: total, load: loadavg()[0] });
        console.log(`profile ${p.backend} M=${M}: kernel time ${total.toFixed(2)} ms per step (median of ${values.profile} steps per kernel; load ${loadavg()[0].toFixed(1)})`);
        for (const k of p.kernels.slice(0, 12)) console.log(`  ${k.name.padEnd(22)} ${String(k.calls).padStart(4)} calls ${k.ms.toFixed(3).padStart(8)} ms`);
        continue;
      }
      try {
        if (values.cpu) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
        const r = await call<{ backend: string; reason: string; stepsPerSec: number[] }>('benchTrain', backend, M, Number(values.steps), Number(values.blocks));
        const cpuMs = values.cpu ? blockCpuMs(await browser.stopTracing()) : [];
        if (r.backend !== backend) { console.log(`${backend}: not available (${r.reason})`); break; }
        const s = summarise(r.stepsPerSec);
        // CPU-time rate: steps per second of the worker thread's CPU time (what the machine's load barely changes).
        const cpuRate = cpuMs.length === r.stepsPerSec.length ? summarise(cpuMs.map((ms) => Number(values.steps) / (ms / 1000))) : null;
        out.train.push({ backend, members: M, stepsPerSec: s, memberStepsPerSec: summarise(r.stepsPerSec.map((x) => x * M)), cpuStepsPerSec: cpuRate, load: loadavg()[0] });
        console.log(`train ${backend.padEnd(7)} M=${M}: ${fmtSummary(s)} steps/s, ${fmtSummary(summarise(r.stepsPerSec.map((x) => x * M)))} member-steps/s`
          + `${cpuRate ? `; per worker CPU second: ${fmtSummary(cpuRate)} steps, ${fmtSummary(summarise(cpuMs.map((ms) => (M * Number(values.steps)) / (ms / 1000))))} member-steps` : ''} (load ${loadavg()[0].toFixed(1)})`);
      } catch (e) {
        console.log(`train ${backend} M=${M}: failed (${(e as Error).message.slice(0, 200)})`);
      }
    }
  }
  if (values.default !== undefined) {
    const overrides = values.default ? JSON.parse(values.default) as object : {};
    type Default = { members: number; backend: string; trainMs: number; evalMs: number; totalMs: number; workers: number; helpers: number; progress: { elapsedMs: number; fraction: number; etaMs?: number }[]; digest: string };
    const byWorkers = new Map<number, Default[]>();
    for (const workers of values.workers!.split(',').map(Number)) {
      for (let r = 0; r < Number(values['default-runs']); r++) {
        const d = await call<Default>('benchDefault', overrides, workers);
        (byWorkers.get(workers) ?? byWorkers.set(workers, []).get(workers)!).push(d);
        const runMs = d.trainMs + d.evalMs;
        // The ETA's error once 20 % of the run is done: predicted remaining time against the remaining time it took.
        const errs = d.progress.filter((p) => p.fraction >= 0.2 && p.fraction < 1 && p.etaMs !== undefined && runMs - p.elapsedMs > 0)
          .map((p) => (p.etaMs! - (runMs - p.elapsedMs)) / (runMs - p.elapsedMs));
        const worst = errs.length ? errs.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) : NaN;
        // The same while at least 10 % of the run is left (near the end a 0.2 s miss is a large ratio of a tiny rest).
        const errsWindow = d.progress.filter((p) => p.fraction >= 0.2 && p.fraction < 1 && p.etaMs !== undefined && runMs - p.elapsedMs >= 0.1 * runMs)
          .map((p) => (p.etaMs! - (runMs - p.elapsedMs)) / (runMs - p.elapsedMs));
        const worstWindow = errsWindow.length ? errsWindow.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) : NaN;
        out.defaults.push({ ...d, progress: undefined, etaWorstError: worst, etaWorstErrorWindow: worstWindow, overrides, load: loadavg()[0] });
        console.log(`default comparison ${JSON.stringify(overrides)} on ${workers} worker(s): ${d.members} policies on ${d.backend}: total ${(d.totalMs / 1000).toFixed(1)} s = training ${(d.trainMs / 1000).toFixed(1)} s + evaluation ${(d.evalMs / 1000).toFixed(1)} s (+ demonstrations, read-backs); ETA worst error after 20 %: ${(worst * 100).toFixed(0)} % over ${errs.length} reports, while >= 10 % of the run is left ${(worstWindow * 100).toFixed(0)} % over ${errsWindow.length} (load ${loadavg()[0].toFixed(1)})`);
      }
    }
    const sizes = [...byWorkers.keys()];
    const base = byWorkers.get(sizes[0])!;
    const baseS = summarise(base.map((d) => d.totalMs / 1000));
    for (const n of sizes) {
      const ds = byWorkers.get(n)!;
      const s = summarise(ds.map((d) => d.totalMs / 1000));
      const same = ds.every((d) => d.digest === base[0].digest);
      const speedup = baseS.median / s.median;
      // Amdahl: the parallel share p from the measured speedup on n workers, then 1 / ((1 - p) + p / 7) on 8 cores (7 workers).
      const p = n > sizes[0] ? (1 - 1 / speedup) / (1 - sizes[0] / n) : NaN;
      const proj = Number.isFinite(p) ? 1 / ((1 - p) + (p * sizes[0]) / 7) : NaN;
      console.log(`workers ${n}: total ${fmtSummary(s)} s (median/min/max over ${ds.length} runs), speedup ${speedup.toFixed(2)}x over ${sizes[0]}`
        + `${Number.isFinite(proj) ? `, parallel share ${(p * 100).toFixed(0)} %, projected 8 cores (7 workers): ${proj.toFixed(2)}x` : ''}; numbers ${same ? 'identical' : 'DIFFERENT'} to ${sizes[0]} worker(s) (load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    }
  }
} finally {
  await wb.close();
}
if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
