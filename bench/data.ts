// Parse time and peak memory of readDataset on large demonstration files, in Node.
// Run: npx tsx bench/data.ts [--transitions 1000000] [--runs 3]
// Writes a D4RL-layout HDF5 file (Hopper-sized: 11-D observations and next observations, 3-D float actions,
// rewards, terminals, timeouts; 1000-step episodes) and the same data as .npz (stored and deflated) and as
// droil-demos JSON into /tmp (once), then reads each file in a fresh child process, `runs` times. Time is
// readDataset alone (file bytes already in memory; includes validation and, for HDF5, loading h5wasm).
// Peak memory is the child's maximum resident set size (process.resourceUsage().maxRSS).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/core/data/dataset';
import { readDataset } from '../src/core/data/read';
import { writeDataset, type WriteFormat } from '../src/core/data/write';
import { writeNpz } from '../src/core/data/writers/npz';
import { unzipSync, zipSync } from 'fflate';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

function hopperLike(n: number): Dataset {
  const obsDim = 11, actDim = 3, T = 1000;
  const observations = new Float32Array(n * obsDim);
  const nextObservations = new Float32Array(n * obsDim);
  const actions = new Float32Array(n * actDim);
  const rewards = new Float32Array(n);
  const terminals = new Uint8Array(n);
  const timeouts = new Uint8Array(n);
  const starts = [0];
  for (let i = 0; i < n; i++) {
    const t = i % T;
    for (let j = 0; j < obsDim; j++) {
      observations[i * obsDim + j] = Math.sin(0.01 * t + j) + 0.001 * (i % 7);
      nextObservations[i * obsDim + j] = Math.sin(0.01 * (t + 1) + j) + 0.001 * (i % 7);
    }
    for (let j = 0; j < actDim; j++) actions[i * actDim + j] = Math.cos(0.02 * t + j);
    rewards[i] = 1 + 0.01 * Math.sin(t);
    if (t === T - 1 || i === n - 1) {
      if ((i / T) % 5 === 4) terminals[i] = 1;
      else timeouts[i] = 1;
      if (i + 1 < n) starts.push(i + 1);
    }
  }
  starts.push(n);
  return {
    obsDim, actionKind: 'continuous', actionDim: actDim, observations, actions, nextObservations, rewards, terminals, timeouts,
    episodeStarts: Int32Array.from(starts), meta: { source: 'bench', format: 'built-in' },
  };
}

async function child(file: string): Promise<void> {
  const bytes: Uint8Array = readFileSync(file); // a Buffer is a Uint8Array: no copy
  global.gc?.();
  const before = process.memoryUsage().rss / 1024;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const d = await readDataset(bytes, file, { maxBytes: 1_000_000_000 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, beforeKB: before, peakKB: peak, transitions: d.terminals.length, episodes: d.episodeStarts.length - 1 }));
}

async function parent(): Promise<void> {
  const n = Number(arg('transitions', '1000000'));
  const runs = Number(arg('runs', '3'));
  const base = `/tmp/droil-bench-${n}`;
  const files: [string, string][] = [
    ['D4RL HDF5', `${base}.h5`],
    ['NPZ stored', `${base}-stored.npz`],
    ['NPZ deflated', `${base}.npz`],
    ['droil-demos JSON', `${base}.json`],
  ];
  if (!files.every(([, f]) => existsSync(f))) {
    console.log(`generating ${n} transitions into ${base}.* ...`);
    const d = hopperLike(n);
    for (const [fmt, path] of [['hdf5', `${base}.h5`], ['npz', `${base}.npz`], ['json', `${base}.json`]] as [WriteFormat, string][]) {
      writeFileSync(path, await writeDataset(d, fmt));
    }
    // np.savez (no compression): the same entries, stored
    writeFileSync(`${base}-stored.npz`, zipSync(unzipSync(writeNpz(d)), { level: 0 }));
  }
  const self = fileURLToPath(import.meta.url);
  console.log(`readDataset on ${n} transitions (Node ${process.version}), ${runs} fresh processes per file`);
  console.log('wall and CPU ms are medians (CPU time is the steadier figure on a shared machine); peak RSS is the');
  console.log('largest over the runs, "file loaded" the RSS just before parsing (runtime + the file bytes)');
  console.log('format            file MB   wall ms (min..max)      CPU ms   peak RSS MB   file loaded MB');
  for (const [label, file] of files) {
    const results: { ms: number; cpuMs: number; beforeKB: number; peakKB: number; transitions: number }[] = [];
    for (let r = 0; r < runs; r++) {
      const out = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (out.status !== 0) throw new Error(`child failed on ${file}: ${out.stderr}`);
      results.push(JSON.parse(out.stdout));
    }
    if (results.some((x) => x.transitions !== n)) throw new Error(`${file}: read ${results[0].transitions} transitions, expected ${n}`);
    const ms = results.map((x) => x.ms).sort((a, b) => a - b);
    const cpu = results.map((x) => x.cpuMs).sort((a, b) => a - b)[runs >> 1];
    const peak = Math.max(...results.map((x) => x.peakKB)) / 1024;
    const before = Math.min(...results.map((x) => x.beforeKB)) / 1024;
    const mb = statSync(file).size / 1e6;
    const wall = `${ms[ms.length >> 1].toFixed(0).padStart(7)} (${ms[0].toFixed(0)}..${ms[ms.length - 1].toFixed(0)})`;
    console.log(`${label.padEnd(17)} ${mb.toFixed(1).padStart(7)}   ${wall.padEnd(22)} ${cpu.toFixed(0).padStart(6)}   ${peak.toFixed(0).padStart(11)}   ${before.toFixed(0).padStart(14)}`);
  }
}

if (process.argv.includes('--child')) await child(arg('child', ''));
else await parent();
