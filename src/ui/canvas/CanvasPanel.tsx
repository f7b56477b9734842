// Animated replays of rollouts, side by side: before training the expert's nominal episode; after
// training a chosen policy under nominal dynamics and under the worst parameters found in the box.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/shallow';
import { useStore } from '../store';
import { algoLabel, evalOf, shownMembers } from '../selectors';
import type { Trace } from '../../worker/protocol';
import { drawers, stepsPerSecond } from './draw';

const SPEEDS = [0.25, 0.5, 1, 2, 4];

export function CanvasPanel() {
  const [expert, result, rho, canvas] = useStore(useShallow((s) => [s.expertTrace, s.result, s.setup.rho, s.canvas] as const));
  const [pick, setPick] = useState<number>(-1);
  const members = result ? shownMembers(result.members, rho) : [];
  const chosen = members.find((m) => m.id === pick) ?? members.find((m) => m.algo !== 'bc') ?? members[0];
  const ev = result && chosen ? evalOf(result, chosen.id) : undefined;
  const panes: { title: string; trace: Trace }[] = ev
    ? [{ title: `Nominal · return ${ev.traceNominal.return.toFixed(0)}`, trace: ev.traceNominal },
       { title: `Worst case in box · return ${ev.traceWorst.return.toFixed(0)}`, trace: ev.traceWorst }]
    : expert ? [{ title: `Expert, nominal · return ${expert.return.toFixed(0)}`, trace: expert }] : [];
  // One clock for all panes so they stay in step.
  const [t, setT] = useState(0);
  const last = useRef<number | null>(null);
  const maxSteps = Math.max(1, ...panes.map((p) => p.trace.steps));
  const rate = stepsPerSecond[panes[0]?.trace.envId ?? 'CartPole-v1'] ?? 30;
  useEffect(() => { setT(0); }, [panes[0]?.trace]);
  useEffect(() => {
    if (!canvas.playing || panes.length === 0) { last.current = null; return; }
    let raf = 0;
    const tick = (now: number) => {
      const dt = last.current === null ? 0 : (now - last.current) / 1000;
      last.current = now;
      // Hold the last frame for a second before looping.
      setT((x) => { const n = x + dt * rate * canvas.speed; return n > maxSteps + rate * canvas.speed ? 0 : n; });
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => { cancelAnimationFrame(raf); last.current = null; };
  }, [canvas.playing, canvas.speed, maxSteps, rate, panes.length]);

  return (
    <section className="card wide canvas-card" aria-label="Rollout animation" data-testid="canvas-panel">
      <div className="canvas-head">
        <h3>Rollouts</h3>
        {result && members.length > 0 && (
          <label className="inline">Policy{' '}
            <select value={chosen?.id} onChange={(e) => setPick(Number(e.target.value))} data-testid="canvas-policy">
              {members.map((m) => <option key={m.id} value={m.id}>{algoLabel(m)}</option>)}
            </select>
          </label>
        )}
        <button type="button" onClick={() => useStore.setState((s) => ({ canvas: { ...s.canvas, playing: !s.canvas.playing } }))} data-testid="canvas-play" aria-pressed={canvas.playing}>
          {canvas.playing ? 'Pause' : 'Play'}
        </button>
        <label className="inline">Speed{' '}
          <select value={canvas.speed} onChange={(e) => useStore.setState((s) => ({ canvas: { ...s.canvas, speed: Number(e.target.value) } }))}>
            {SPEEDS.map((v) => <option key={v} value={v}>{v}×</option>)}
          </select>
        </label>
        <span className="muted">step {Math.min(Math.floor(t), maxSteps)} / {maxSteps}</span>
      </div>
      {panes.length === 0 && <p className="empty">Generating the expert's rollout…</p>}
      <div className="canvas-row">
        {panes.map((p) => <EnvView key={p.title} title={p.title} trace={p.trace} t={t} />)}
      </div>
    </section>
  );
}

function EnvView(props: { title: string; trace: Trace; t: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { trace } = props;
  const frame = Math.min(Math.floor(props.t), trace.steps);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const s = trace.states.subarray(frame * trace.stateDim, (frame + 1) * trace.stateDim);
    drawers[trace.envId]?.(ctx, s, trace.params, w, h);
  }, [trace, frame]);
  return (
    <figure className="envview">
      <canvas ref={ref} role="img" aria-label={`${trace.envId} ${props.title}`} />
      <figcaption>{props.title}</figcaption>
    </figure>
  );
}
