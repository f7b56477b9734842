// Charts draw one at a time, each in its own task: recharts 3 keeps a store per chart and updates it from the
// chart's effects, synchronously, so ten charts mounted or redrawn in one React commit held the main thread for
// 150-370 ms (React's time slicing splits rendering, not those effects). Every chart takes its turn from one
// queue: `Staged` mounts a chart in its turn (a placeholder of the same height keeps the layout still), and
// `useStagedValue` hands a chart a new input (a slider move, a new result) in its turn. While any chart waits,
// the grid carries `data-staged="pending"` (stagedPending; tests and the benchmark wait for it to go). Each turn
// leaves a performance mark `chart-turn:<chart>`, so a trace names the chart a task drew (bench/page.ts).
import { cloneElement, createContext, Fragment, isValidElement, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';
import { flushSync } from 'react-dom';

type Grant = (done: () => void) => void;
interface Waiting { grant: Grant; chart: string }

// The next turn in a task of its own, posted as a message: nested setTimeout(0)s are clamped to 4 ms from the
// fifth on, which left ten charts' turns ~25 ms of idle gaps.
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
const posted: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => posted.shift()?.();
function nextTask(f: () => void): void {
  if (!channel) { setTimeout(f, 0); return; }
  posted.push(f);
  channel.port2.postMessage(null);
}

const queue: Waiting[] = [];
let turn = 0;
/** The chart taking its turn now, if any. */
let drawing: string | null = null;
/** A grantNext is posted (or timed, `idleTimer`): never two. */
let scheduled = false;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let busy = false;
const listeners = new Set<() => void>();

// Charts on screen take their turns first, and only they take turns while the radius slider moves: a chart off
// screen (its figure watched with an IntersectionObserver, which costs no layout of its own) waits until it
// scrolls into view or until the slider has been still for IDLE_MS, then redraws in a task of its own. A drag or a
// run of arrow keys thus redraws what the reader sees, not the ten charts of the page; the grid stays marked
// pending until every chart has drawn. (Mounts after a run and partial results wait for no slider: the charts
// on screen first, then the others at once.)
const onScreen = new Set<string>();
let visibleBusy = false;
const chartOf = (label: string) => label.split('/')[0];
/** How long charts off screen wait after the slider's last move before they take their turns. */
export const IDLE_MS = 300;
let lastMove = -Infinity;

/** The radius slider moved (ChartsGrid calls this on every change of the store's radius). */
export function noteSliderMove(): void { lastMove = performance.now(); }

function update(): void {
  const b = drawing !== null || queue.length > 0;
  const v = (drawing !== null && onScreen.has(drawing)) || queue.some((w) => onScreen.has(w.chart));
  if (b === busy && v === visibleBusy) return;
  busy = b; visibleBusy = v;
  for (const l of listeners) l();
}

/** Posts the next grantNext (after `delay` ms: the idle wait); a posted one replaces a timed one. */
function kick(delay = 0): void {
  if (drawing !== null) return;
  if (scheduled && (idleTimer === undefined || delay > 0)) return;
  if (idleTimer !== undefined) { clearTimeout(idleTimer); idleTimer = undefined; }
  scheduled = true;
  const run = () => { scheduled = false; idleTimer = undefined; grantNext(); };
  if (delay > 0) idleTimer = setTimeout(run, delay); else nextTask(run);
}

/**
 * Gives the next waiting chart its turn: the first on screen; else, once the slider has been still for IDLE_MS, the first
 * (without an IntersectionObserver every chart counts as on screen). The turn passes on when the chart committed
 * (or after a second regardless).
 */
function grantNext(): void {
  if (drawing !== null) return;
  let i = observer ? queue.findIndex((w) => onScreen.has(w.chart)) : Math.min(0, queue.length - 1);
  if (i < 0 && queue.length) {
    const wait = lastMove + IDLE_MS - performance.now();
    if (wait > 0) { update(); kick(wait); return; }
    i = 0;
  }
  const my = ++turn;
  const [next] = i >= 0 ? queue.splice(i, 1) : [];
  drawing = next ? next.chart : null;
  update();
  if (!next) return;
  const pass = () => { if (turn === my) { turn++; drawing = null; update(); kick(); } };
  setTimeout(pass, 1000);
  next.grant(pass);
}

/** `label`: the chart's test id, or "<test id>/<panel>" for a panel of a figure (its marks' names too). */
function request(grant: Grant, label: string): void {
  queue.push({ grant, chart: chartOf(label) });
  update();
  kick();
}

// On screen: intersecting the viewport (a chart that scrolls into view takes its turn then).
const observer = typeof IntersectionObserver === 'undefined' ? null : new IntersectionObserver((entries) => {
  let came = false;
  for (const e of entries) {
    const id = (e.target as HTMLElement).dataset.testid;
    if (!id) continue;
    if (e.isIntersecting) { came ||= !onScreen.has(id); onScreen.add(id); } else onScreen.delete(id);
  }
  update();
  if (came) kick();
});

/** Watches a chart's figure (its data-testid names the chart), so that its turns come first while it is on screen. */
export function watchOnScreen(figure: HTMLElement): () => void {
  observer?.observe(figure);
  return () => { observer?.unobserve(figure); if (figure.dataset.testid) onScreen.delete(figure.dataset.testid); };
}

/**
 * Whether a chart is waiting for or taking its turn (`get`), whether one on screen is (`visible`), and a
 * subscription to changes of them.
 */
export const stagedPending = {
  get: (): boolean => busy,
  visible: (): boolean => visibleBusy,
  subscribe(l: () => void): () => void { listeners.add(l); return () => { listeners.delete(l); }; },
};

/**
 * Whether a chart's mount has had its second turn (its data drawn). A chart mounts in two turns, two tasks: first
 * its surface, axes and grid with no data rows, then its data: its whole mount in one task was the page's longest
 * task after a run (66-68 ms CPU quiet for the costliest charts: recharts registers every axis and item in the
 * chart's store, then computes and draws every series). Components inside a chart that take their data from
 * elsewhere (ConditionBars) read it; the charts' own `data` props are emptied by Staged (withoutData).
 */
const DataTurn = createContext(true);
export const useDataTurn = (): boolean => useContext(DataTurn);

const NO_ROWS: readonly unknown[] = [];

/** `node` with every `data` array of a chart element in it emptied (through fragments, arrays and ResponsiveContainer; keys kept, so the second turn updates the same elements). */
function withoutData(node: ReactNode): ReactNode {
  if (Array.isArray(node)) return node.map(withoutData);
  if (!isValidElement(node)) return node;
  const p = node.props as { data?: unknown; children?: ReactNode };
  if (Array.isArray(p.data)) return cloneElement(node as ReactElement<{ data?: unknown }>, { data: NO_ROWS });
  if (p.children !== undefined && (node.type === Fragment || node.type === ResponsiveContainer)) {
    return cloneElement(node as ReactElement<{ children?: ReactNode }>, undefined, withoutData(p.children));
  }
  return node;
}

export function Staged(props: { height: number; children: ReactNode; label: string }) {
  const [ready, setReady] = useState(false);
  const [full, setFull] = useState(false);
  const done = useRef<(() => void) | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const live = useRef(true);
  useEffect(() => () => { live.current = false; done.current?.(); done.current = null; }, []);
  useEffect(() => {
    if (full) { const d = done.current; done.current = null; d?.(); return; }
    if (ready) {
      // The first turn passes once the chart has drawn its surface: recharts' ResponsiveContainer measures its box
      // in an effect and draws the chart in a render after that; passed on at the first commit, the next chart's
      // mount fell into the same render and task as this one's drawing. Then the chart waits for its data's turn.
      const pass = () => {
        const d = done.current; done.current = null;
        if (d) nextTask(d);
        request((pass2) => {
          if (!live.current) { pass2(); return; }
          done.current = pass2;
          performance.mark(`chart-turn:${props.label}`);
          flushSync(() => setFull(true));
        }, props.label);
      };
      if (!box.current || box.current.querySelector('svg.recharts-surface')) { pass(); return; }
      const seen = new MutationObserver(() => { if (box.current?.querySelector('svg.recharts-surface')) { seen.disconnect(); pass(); } });
      seen.observe(box.current, { childList: true, subtree: true });
      return () => { seen.disconnect(); };
    }
    request((pass) => {
      if (!live.current) { pass(); return; }
      done.current = pass;
      performance.mark(`chart-turn:${props.label}`);
      setReady(true);
    }, props.label);
  }, [ready, full]);
  if (!ready) return <div className="staged-pending" data-staged="pending" style={{ height: props.height }} />;
  return (
    <div className="staged-ready" ref={box}>
      <DataTurn.Provider value={full}>{full ? props.children : withoutData(props.children)}</DataTurn.Provider>
    </div>
  );
}

/**
 * `value` as of this chart's last turn: a new value is shown when the chart's turn comes (the latest value
 * then; changes while it waits coalesce), so each chart redraws in a task of its own. The first value is
 * shown at once (mounting is Staged's job).
 */
export function useStagedValue<T>(value: T, label: string): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const shownRef = useRef(shown);
  const waiting = useRef(false);
  const done = useRef<(() => void) | null>(null);
  const mounted = useRef(true);
  latest.current = value;
  shownRef.current = shown;
  // A layout effect: the grid is marked pending in the same commit as the change that makes a chart wait.
  useLayoutEffect(() => {
    if (Object.is(value, shown) || waiting.current) return;
    waiting.current = true;
    request((pass) => {
      waiting.current = false;
      if (!mounted.current || Object.is(latest.current, shownRef.current)) { pass(); return; }
      done.current = pass;
      performance.mark(`chart-turn:${label}`);
      // Rendered, committed and its effects run (recharts' store updates) here, in this one task: left to the
      // scheduler, the effects waited for a later task, and a slider input arriving first ran them in its own
      // event (a drag's input event held a chart's whole redraw).
      flushSync(() => setShown(() => latest.current));
    }, label);
  }, [value, shown]);
  useEffect(() => { done.current?.(); done.current = null; }, [shown]);
  useEffect(() => { mounted.current = true; return () => { mounted.current = false; done.current?.(); done.current = null; }; }, []);
  return shown;
}
