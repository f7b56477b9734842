// Main-thread long tasks, two ways. PerformanceObserver('longtask') (installed by openPage) gives every task
// over 50 ms of WALL time; on a loaded machine (this VM: 2 cores shared by half a dozen processes, load
// averages of 5-20) the renderer's main thread is descheduled in the middle of 2-ms tasks, which then show
// as 50-300 ms "long tasks". Chromium's trace also records each task's THREAD (CPU) time: the work the page
// itself put on the main thread, which the machine's load barely changes. The tests assert the CPU time of
// every main-thread task while training, and the wall time as well when the machine is quiet enough for it
// to mean the same thing (load average below the number of cores).
import { cpus, loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';

export interface MainTask {
  startMs: number; wallMs: number; cpuMs: number;
  /** The largest event inside the task (by CPU time), e.g. EventDispatch[click], FunctionCall, Commit. */
  what: string;
  /** Every event inside the task, named the same way (the click's task is known by EventDispatch[click] even where another event inside it took longer). */
  inner: string[];
}

export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string; data?: { type?: string; functionName?: string } } }

/**
 * Stops the trace and returns the renderer main thread's top-level tasks between two performance.mark()s
 * of the page (startMs relative to the first mark), each with its wall and CPU time and what ran in it.
 */
export async function stopTrace(browser: Browser, fromMark: string, toMark: string): Promise<MainTask[]> {
  const raw = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const markTs = (name: string) => {
    const m = events.find((e) => e.name === name && e.pid === main.pid);
    if (!m) throw new Error(`mark '${name}' not in the trace`);
    return m.ts;
  };
  const t0 = markTs(fromMark), t1 = markTs(toMark);
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ts + (e.dur ?? 0) >= t0 && e.ts <= t1);
  return tasks.map((t) => {
    const end = t.ts + (t.dur ?? 0);
    const label = (e: TraceEvent) => `${e.name}${e.args?.data?.type ? `[${e.args.data.type}]` : ''}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''}`;
    const inner = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end).sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
    return { startMs: (t.ts - t0) / 1000, wallMs: (t.dur ?? 0) / 1000, cpuMs: (t.tdur ?? 0) / 1000, what: inner.length ? label(inner[0]) : '', inner: inner.map(label) };
  });
}

/** The machine is quiet enough for wall-time long tasks to measure the page rather than the machine. */
export function quietMachine(): boolean {
  return loadavg()[0] < cpus().length;
}

export function loadText(): string {
  return `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`;
}
