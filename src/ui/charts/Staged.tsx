// Charts mount one at a time, each in its own task: a finished run brings ten recharts charts at once, and
// building them in one go held the main thread for most of a second. A placeholder of the same height
// keeps the layout still; `data-staged="pending"` tells tests and the benchmark that a chart is still due.
import { useEffect, useRef, useState, type ReactNode } from 'react';

type Grant = (done: () => void) => void;
const queue: Grant[] = [];
let busy = false;
let turn = 0;

/** Gives the next waiting chart its turn; the turn passes on when it committed (or after a second regardless). */
function grantNext(): void {
  const my = ++turn;
  const next = queue.shift();
  if (!next) { busy = false; return; }
  busy = true;
  const pass = () => { if (turn === my) setTimeout(grantNext, 0); };
  setTimeout(() => { if (turn === my) grantNext(); }, 1000);
  next(pass);
}

function request(grant: Grant): void {
  queue.push(grant);
  if (!busy) { busy = true; setTimeout(grantNext, 0); }
}

export function Staged(props: { height: number; children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const done = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (ready) { done.current?.(); done.current = null; return; }
    let live = true;
    request((pass) => {
      if (!live) { pass(); return; }
      done.current = pass;
      setReady(true);
    });
    return () => { live = false; };
  }, [ready]);
  if (!ready) return <div className="staged-pending" data-staged="pending" style={{ height: props.height }} />;
  return <>{props.children}</>;
}
