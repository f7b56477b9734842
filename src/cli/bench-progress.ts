// Progress of `droil bench`: cells done / total, elapsed time and an estimate of the time left. On a
// terminal one line rewritten in place; otherwise (a log file, a Slurm job's output) one line per cell.
// The estimate is the mean wall time per cell finished in this run times the cells left (with N threads
// cells finish N at a time, and the mean wall time per cell already reflects that).
import { cellName, type CellResult } from '../core/experiment/grid';
import type { CliIO } from './command';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export class BenchProgress {
  private readonly t0 = Date.now();
  private doneHere = 0;
  /**
   * @param total the cells this run is responsible for (the shard's, or the grid's)
   * @param resumed how many of them an earlier run already finished
   */
  constructor(private readonly io: CliIO, private readonly total: number, private readonly resumed: number, private readonly label: string, private readonly quiet: boolean) {}

  start(jobs: number): void {
    if (this.quiet) return;
    const left = this.total - this.resumed;
    this.io.stderr(`${this.label}: ${this.total} cell${this.total === 1 ? '' : 's'}${this.resumed > 0 ? `, ${this.resumed} already done (resuming)` : ''}; running ${left} on ${jobs} thread${jobs === 1 ? '' : 's'}\n`);
  }

  cellDone(r: CellResult): void {
    this.doneHere++;
    if (this.quiet) return;
    const done = this.resumed + this.doneHere;
    const elapsed = (Date.now() - this.t0) / 1000;
    const eta = (elapsed / this.doneHere) * (this.total - done);
    const status = `cells ${done}/${this.total}, elapsed ${formatDuration(elapsed)}, ETA ${done === this.total ? '0 s' : formatDuration(eta)}`;
    if (this.io.isTTY) this.io.stderr(`\r\x1b[K${status}${done === this.total ? '\n' : ''}`);
    else this.io.stderr(`${status}: ${cellName(r.cell)} done${r.training.status !== 'done' ? ` (training ${r.training.status})` : ''}, trained in ${r.seconds.toFixed(1)} s\n`);
  }
}
