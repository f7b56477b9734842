// The machine a benchmark ran on: cores, memory, CPU model, load, Node and Chromium versions.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpuModel: string; cores: number; memoryGiB: number; loadAverage: number[];
  node: string; platform: string; chromium: string | null; date: string;
}

export function chromiumVersion(path = '/usr/bin/chromium'): string | null {
  try { return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)), node: process.version, platform: `${os.platform()} ${os.arch()}`,
    chromium: chromiumVersion(), date: new Date().toISOString(),
  };
}

export const machineLine = (m: Machine) =>
  `${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, load average ${m.loadAverage.join(' ')}, Node ${m.node}, ${m.chromium ?? 'no Chromium'}`;
