// Animated replays of rollouts, side by side: before training the expert's nominal episode; after
// training a chosen policy under nominal dynamics and under the worst parameters found in the box.
// MuJoCo tasks are drawn by MujocoSideView from the geom frames their traces carry (computed in the worker).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/shallow';
import { useStore } from '../store';
import { algoLabel, evalOf, isRobust, shownMembers } from '../selectors';
import type { Trace } from '../../worker/protocol';
import { envView } from './draw';
import { MujocoSideView, type MujocoPane } from './mujoco';
import { isMujocoSetupEnv } from '../../core/setup';
import { traceGeoms } from '../worker-client';
import type { GeomTrack } from '../../core/mujoco/geoms';

const SPEEDS = [0.25, 0.5, 1, 2, 4];

export function CanvasPanel() {
  const [expertAny, result, rho, canvas, envId, envLoading] = useStore(useShallow((s) => [s.expertTrace, s.result, s.rho, s.canvas, s.setup.envId, s.envLoading] as const));
  // An expert rollout of the previously chosen environment is not shown while the new one is generated.
  const expert = expertAny?.envId === envId ? expertAny : null;
  const [pick, setPick] = useState<number>(-1);
  const members = result ? shownMembers(result.members, rho) : [];
  const chosen = members.find((m) => m.id === pick) ?? members.find((m) => isRobust(m.algo)) ?? members[0];
  const ev = result && chosen ? evalOf(result, chosen.id) : undefined;
  const panes: { title: string; trace: Trace }[] = useMemo(() => (ev
    ? [{ title: `Nominal · return ${ev.traceNominal.return.toFixed(0)}`, trace: ev.traceNominal },
       { title: `Worst case in box · return ${ev.traceWorst.return.toFixed(0)}`, trace: ev.traceWorst }]
    : expert ? [{ title: `Expert, nominal · return ${expert.return.toFixed(0)}`, trace: expert }] : []), [ev, expert]);
  // MuJoCo traces carry geom frames from the worker; a run imported from a project file has states only, so
  // the worker computes the frames again (they are never stored in the file).
  const [computed, setComputed] = useState<Map<Trace, GeomTrack>>(() => new Map());
  const mujoco = panes.length > 0 && isMujocoSetupEnv(panes[0].trace.envId);
  useEffect(() => {
    for (const p of panes) {
      if (!isMujocoSetupEnv(p.trace.envId) || p.trace.geoms || computed.has(p.trace)) continue;
      void traceGeoms(p.trace).then((g) => { if (g) setComputed((m) => new Map(m).set(p.trace, g)); }, () => undefined);
    }
  }, [panes, computed]);
  const mujocoPanes: MujocoPane[] | null = useMemo(() => {
    if (!mujoco) return null;
    const tracks = panes.map((p) => p.trace.geoms ?? computed.get(p.trace));
    return tracks.every((t) => t) ? panes.map((p, i) => ({ title: p.title, track: tracks[i]! })) : null;
  }, [panes, computed, mujoco]);
  // One clock for all panes, advanced in a requestAnimationFrame loop that draws the canvases directly:
  // no React render per frame, so the animation costs the main thread almost nothing.
  const clock = useRef(0);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const stepText = useRef<HTMLSpanElement>(null);
  const maxSteps = Math.max(1, ...panes.map((p) => p.trace.steps));
  const rate = envView(panes[0]?.trace.envId ?? 'CartPole-v1')?.stepsPerSecond ?? 30;
  const lastText = useRef(0);
  const drawAll = () => {
    const frame = Math.min(Math.floor(clock.current), maxSteps);
    panes.forEach((p, i) => drawFrame(canvases.current[i], p.trace, Math.min(frame, p.trace.steps)));
    // The step counter changes the DOM (and so the layout): four times a second is enough.
    const now = performance.now();
    if (stepText.current && (now - lastText.current > 250 || frame === 0 || frame === maxSteps)) {
      stepText.current.textContent = `step ${frame} / ${maxSteps}`;
      lastText.current = now;
    }
  };
  const draw = useRef(drawAll);
  draw.current = drawAll;
  // New panes (a run's result landing) draw in the next frame, not in the task that delivered them: that task
  // already renders the page for the result (the busiest task from Train to drawn, issue 17 item 7).
  useEffect(() => {
    clock.current = 0;
    const id = requestAnimationFrame(() => draw.current());
    return () => cancelAnimationFrame(id);
  }, [panes[0]?.trace, panes.length]);
  useEffect(() => {
    const first = requestAnimationFrame(() => draw.current());
    if (!canvas.playing || panes.length === 0 || mujoco) return () => cancelAnimationFrame(first);
    let raf = 0;
    let last: number | null = null;
    const tick = (now: number) => {
      const dt = last === null ? 0 : (now - last) / 1000;
      last = now;
      const before = Math.floor(clock.current);
      clock.current += dt * rate * canvas.speed;
      // Hold the last frame for a second before looping.
      if (clock.current > maxSteps + rate * canvas.speed) clock.current = 0;
      if (Math.floor(clock.current) !== before) draw.current();
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => { cancelAnimationFrame(first); cancelAnimationFrame(raf); };
  }, [canvas.playing, canvas.speed, maxSteps, rate, panes.length, mujoco]);

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
        {!mujoco && <span className="muted" ref={stepText} data-testid="canvas-step">step 0 / {maxSteps}</span>}
      </div>
      {envLoading && <p className="empty" role="status" data-testid="env-loading">{envLoading}</p>}
      {panes.length === 0 && !envLoading && <p className="empty">Generating the expert's rollout…</p>}
      {mujoco && !mujocoPanes && <p className="empty" role="status">Drawing the side view…</p>}
      {mujocoPanes && <MujocoSideView panes={mujocoPanes} stepsPerSecond={rate * canvas.speed} playing={canvas.playing} />}
      {!mujoco && <div className="canvas-row">
        {panes.map((p, i) => (
          <figure className="envview" key={p.title}>
            <canvas ref={(el) => { canvases.current[i] = el; }} role="img" aria-label={`${p.trace.envId}: ${p.title}`} />
            <figcaption>{p.title}</figcaption>
          </figure>
        ))}
      </div>}
    </section>
  );
}

// Canvas sizes in CSS pixels, kept by a ResizeObserver so drawing a frame never forces a layout.
const sizes = new WeakMap<HTMLCanvasElement, { w: number; h: number }>();
const resizer = typeof ResizeObserver !== 'undefined'
  ? new ResizeObserver((entries) => { for (const e of entries) sizes.set(e.target as HTMLCanvasElement, { w: e.contentRect.width, h: e.contentRect.height }); })
  : null;

function drawFrame(c: HTMLCanvasElement | null, trace: Trace, frame: number): void {
  if (!c) return;
  const dpr = window.devicePixelRatio || 1;
  let size = sizes.get(c);
  if (!size) {
    size = { w: c.clientWidth, h: c.clientHeight };
    sizes.set(c, size);
    resizer?.observe(c);
  }
  const { w, h } = size;
  if (w === 0 || h === 0) return;
  if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
  const ctx = c.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const s = trace.states.subarray(frame * trace.stateDim, (frame + 1) * trace.stateDim);
  const draw = envView(trace.envId)?.draw;
  if (typeof draw === 'function') draw(ctx, s, trace.params, w, h);
}
