// `droil bench` on a real Slurm cluster (issue 20 item 6): a single-node cluster of Debian's slurm-wlm
// and munge (installed by .ci/run), started here with a minimal configuration (no cgroups:
// proctrack/linuxproc, task/none) on free ports in a temporary directory. The shipped scripts
// docs/cluster/bench-array.sbatch (an array of 3 tasks, one shard each) and bench-merge.sbatch (a job
// that depends on the array) run a tiny grid; the merged files must be byte-identical to the same grid run
// in one process. So does the script the page's "Show CLI command" prints for a setup (droil bench --setup). The daemons this test started are stopped by their PIDs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { defaultSetup, parseSetup, setupToHash } from '../../src/core/setup';
import { clusterScript } from '../../src/ui/share/cli-command';

const ROOT = resolve(__dirname, '../..');
const T = mkdtempSync(join(tmpdir(), 'droil-slurm-'));
const CONF = join(T, 'slurm.conf');
const env = { ...process.env, SLURM_CONF: CONF };
// Tiny: 3 cells (one per array task), 10 training steps, 1 evaluation episode.
const GRID = ['--env', 'CartPole-v1', '--demos', '1', '--algos', 'bc,be-droil', '--seeds', '3', '--steps', '10', '--episodes', '1', '--perturb', 'length=0.5,2', '--backend', 'cpu'];
const daemons: { name: string; proc: ChildProcess; log: () => string }[] = [];

const sbin = (name: string) => ['/usr/sbin', '/usr/bin'].map((d) => join(d, name)).find((p) => existsSync(p));

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
  });
}

function start(name: string, cmd: string, args: string[]): void {
  let out = '';
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  daemons.push({ name, proc, log: () => out });
}

async function waitFor(what: string, ok: () => boolean, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!ok()) {
    const dead = daemons.find((d) => d.proc.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.proc.exitCode}) while waiting for ${what}:\n${dead.log()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${daemons.map((d) => `${d.name}: ${d.log().slice(-2000)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const slurm = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, encoding: 'utf8' }).trim();

beforeAll(async () => {
  const missing = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'sinfo'].filter((b) => !sbin(b));
  if (missing.length) throw new Error(`Slurm is not installed (missing ${missing.join(', ')}): .ci/run installs Debian's slurm-wlm and munge`);
  // The node as slurmd sees it (its name and CPUs), reached on 127.0.0.1.
  const node = slurm(sbin('slurmd')!, ['-C']).split('\n')[0];
  const nodeName = /NodeName=(\S+)/.exec(node)![1];
  const cpus = /CPUs=(\d+)/.exec(node)![1];
  const memory = /RealMemory=(\d+)/.exec(node)![1];
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  for (const d of ['state', 'spool', 'logs']) mkdirSync(join(T, d));
  writeFileSync(CONF, [
    'ClusterName=droiltest', `SlurmctldHost=${nodeName}(127.0.0.1)`, `SlurmctldPort=${ctldPort}`, `SlurmdPort=${dPort}`,
    'SlurmUser=root', 'SlurmdUser=root', 'AuthType=auth/munge', 'CredType=cred/munge', `AuthInfo=socket=${join(T, 'munge.sock')}`,
    `StateSaveLocation=${join(T, 'state')}`, `SlurmdSpoolDir=${join(T, 'spool')}`,
    `SlurmctldPidFile=${join(T, 'slurmctld.pid')}`, `SlurmdPidFile=${join(T, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(T, 'slurmctld.log')}`, `SlurmdLogFile=${join(T, 'slurmd.log')}`,
    // No cgroups: processes tracked by their parent PIDs, no task binding.
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'JobAcctGatherType=jobacct_gather/none', 'AccountingStorageType=accounting_storage/none',
    'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core', 'MpiDefault=none', 'ReturnToService=2',
    `NodeName=${nodeName} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN`,
    `PartitionName=debug Nodes=${nodeName} Default=YES MaxTime=INFINITE State=UP`,
  ].join('\n') + '\n');
  execFileSync(sbin('mungekey')!, ['--create', '--keyfile', join(T, 'munge.key')]);
  // --force: the key and socket live in a temporary directory that munged would otherwise find too open.
  start('munged', sbin('munged')!, ['--foreground', '--force', `--key-file=${join(T, 'munge.key')}`, `--socket=${join(T, 'munge.sock')}`,
    `--pid-file=${join(T, 'munged.pid')}`, `--log-file=${join(T, 'munged.log')}`, `--seed-file=${join(T, 'munged.seed')}`]);
  await waitFor('munged\'s socket', () => existsSync(join(T, 'munge.sock')), 30);
  start('slurmctld', sbin('slurmctld')!, ['-D', '-c', '-f', CONF]);
  start('slurmd', sbin('slurmd')!, ['-D', '-f', CONF]);
  await waitFor('the node to be idle', () => { try { return slurm('sinfo', ['-h', '-o', '%t']) === 'idle'; } catch { return false; } }, 60);
}, 120_000);

afterAll(async () => {
  // Stop what this test started, by PID, the node daemon first.
  for (const d of daemons.reverse()) {
    if (d.proc.exitCode !== null || d.proc.pid === undefined) continue;
    const exited = new Promise((r) => d.proc.once('exit', r));
    process.kill(d.proc.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (d.proc.exitCode === null && d.proc.signalCode === null) process.kill(d.proc.pid, 'SIGKILL');
  }
}, 60_000);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  return { code: await main(argv, io), out, err };
}

describe('droil bench on a single-node Slurm cluster', () => {
  it('an sbatch array of 3 shards and a dependent merge job give the bytes of the single-process run', async () => {
    const single = await run(['bench', ...GRID, '--jobs', '1', '--quiet', '--out', join(T, 'single')]);
    expect(single.code, single.err).toBe(0);

    const jobEnv = { ...env, GRID: GRID.join(' '), PARTS: join(T, 'parts'), OUT: join(T, 'merged'), DROIL_DIR: ROOT };
    const sbatch = (args: string[]) => execFileSync('sbatch', args, { env: jobEnv, encoding: 'utf8' }).trim().split(';')[0];
    const array = sbatch(['--parsable', '--array=0-2', '--cpus-per-task=1', `--output=${join(T, 'logs', 'array-%A_%a.out')}`, join(ROOT, 'docs/cluster/bench-array.sbatch')]);
    expect(array).toMatch(/^\d+$/);
    // --wait returns when the merge job ends; --kill-on-invalid-dep cancels it if a shard fails.
    let merged = '';
    try {
      sbatch(['--parsable', '--wait', `--dependency=afterok:${array}`, '--kill-on-invalid-dep=yes', `--output=${join(T, 'logs', 'merge-%j.out')}`, join(ROOT, 'docs/cluster/bench-merge.sbatch')]);
    } catch (e) {
      merged = `merge job failed: ${(e as Error).message}`;
    }
    const logs = readdirSync(join(T, 'logs')).map((f) => `--- ${f}\n${readFileSync(join(T, 'logs', f), 'utf8')}`).join('\n');
    expect(merged, logs).toBe('');
    // Every task ran its own shard of the grid: one cell each.
    for (const i of [0, 1, 2]) expect(readdirSync(join(T, 'parts', String(i), 'cells')), logs).toEqual([`0000${i}.json`]);
    for (const f of ['table.md', 'results.csv', 'results.json']) {
      expect(readFileSync(join(T, 'merged', f), 'utf8'), f).toBe(readFileSync(join(T, 'single', f), 'utf8'));
    }
    expect(readFileSync(join(T, 'merged', 'results.csv'), 'utf8').split('\n').length).toBe(1 + 3 * 2 * 6 + 1); // seeds x methods x conditions, header, final newline
  }, 300_000);

  it('the sharded script "Show CLI command" prints for a setup (droil bench --setup on an array of 3, then merge) gives the bytes of the single-process grid', async () => {
    const s = parseSetup({ ...defaultSetup, algos: ['bc', 'be-droil'], rhoSweep: [0.2], seeds: 3, steps: 10, batch: 32, hidden: 8, evalEpisodes: 1, evalPoints: 3, worstBoxEps: 0, klKernelRho: 0 });
    const single = await run(['bench', '--setup', `#${setupToHash(s)}`, '--jobs', '1', '--quiet', '--out', join(T, 'setup-single')]);
    expect(single.code, single.err).toBe(0);
    // The page's script as printed, with this checkout's droil for `npx droil`, run where the page's user would paste it.
    const dir = join(T, 'setup-script');
    mkdirSync(dir);
    const script = clusterScript(s, 3).replace(/npx droil /g, `node ${join(ROOT, 'bin/droil.mjs')} `);
    execFileSync('bash', ['-e', '-c', script], { cwd: dir, env, encoding: 'utf8' });
    // The merge job is a dependent job of the array: wait until the queue is empty.
    const end = Date.now() + 240_000;
    while (slurm('squeue', ['-h']) !== '' && Date.now() < end) await new Promise((r) => setTimeout(r, 1000));
    const logs = readdirSync(dir).filter((f) => f.startsWith('slurm-')).map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n');
    for (const i of [0, 1, 2]) expect(readdirSync(join(dir, 'bench-parts', String(i), 'cells')), logs).toEqual([`0000${i}.json`]);
    for (const f of ['table.md', 'results.csv', 'results.json']) {
      expect(readFileSync(join(dir, 'bench-out', f), 'utf8'), f).toBe(readFileSync(join(T, 'setup-single', f), 'utf8'));
    }
  }, 300_000);
});
