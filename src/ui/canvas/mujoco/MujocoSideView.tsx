// MuJoCo rollouts side by side (e.g. nominal and worst case): each pane a side view of the bodies (x-z plane),
// following the root body, all panes on one clock. Frames come from src/core/mujoco/geoms.ts (computed where
// MuJoCo runs, in the worker or Node); drawing needs no MuJoCo. Each pane keeps the scale fitted on its first
// frame, so sizes stay comparable over the episode.
import { useEffect, useRef, useState } from 'react';
import type { GeomTrack } from '../../../core/mujoco/geoms';
import { drawGeoms, fitView, focusGeom } from './draw-geoms';

export interface MujocoPane {
  title: string;
  track: GeomTrack;
}

export interface MujocoSideViewProps {
  panes: MujocoPane[];
  /** Environment steps shown per second (e.g. 1 / dt for real time). */
  stepsPerSecond?: number;
  playing?: boolean;
  /** Canvas size in CSS pixels; without a width each pane fills its column (measured). */
  width?: number;
  height?: number;
  /** Show this step and do not animate (tests, still images). */
  step?: number;
}

export function MujocoSideView({ panes, stepsPerSecond = 30, playing = true, width: fixedWidth, height = 220, step }: MujocoSideViewProps) {
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const label = useRef<HTMLSpanElement>(null);
  const maxSteps = Math.max(0, ...panes.map((p) => p.track.frames.length - 1));
  // Without a fixed width: the first pane's column width, kept by a ResizeObserver (every column is as wide).
  const firstFigure = useRef<HTMLElement | null>(null);
  const [measured, setMeasured] = useState(360);
  useEffect(() => {
    const el = firstFigure.current;
    if (fixedWidth !== undefined || !el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => { const w = Math.floor(e.contentRect.width); if (w > 0) setMeasured(w); });
    ro.observe(el);
    return () => ro.disconnect();
  }, [fixedWidth, panes.length]);
  const width = fixedWidth ?? measured;

  useEffect(() => {
    const dpr = (typeof window !== 'undefined' && window.devicePixelRatio) || 1;
    const views = panes.map((p) => (p.track.frames.length ? fitView(p.track.geoms, p.track.frames[0], width, height) : null));
    const draw = (frame: number) => {
      panes.forEach((p, i) => {
        const c = canvases.current[i], view = views[i];
        if (!c || !view) return;
        const f = p.track.frames[Math.min(frame, p.track.frames.length - 1)];
        if (c.width !== Math.round(width * dpr)) { c.width = Math.round(width * dpr); c.height = Math.round(height * dpr); }
        const ctx = c.getContext('2d');
        if (!ctx) return;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        drawGeoms(ctx, p.track.geoms, f, { ...view, cx: f[12 * focusGeom(p.track.geoms)] });
      });
      if (label.current) label.current.textContent = `step ${frame} / ${maxSteps}`;
    };
    if (step !== undefined || !playing) {
      draw(Math.min(step ?? 0, maxSteps));
      return;
    }
    let raf = 0, last: number | null = null, clock = 0;
    const tick = (now: number) => {
      clock += last === null ? 0 : ((now - last) / 1000) * stepsPerSecond;
      last = now;
      if (clock > maxSteps + stepsPerSecond) clock = 0; // hold the last frame a second, then loop
      draw(Math.min(Math.floor(clock), maxSteps));
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [panes, stepsPerSecond, playing, width, height, step, maxSteps]);

  return (
    <div className="mujoco-side-view" data-testid="mujoco-side-view">
      <div className="canvas-row">
        {panes.map((p, i) => (
          <figure className="envview" key={`${i}-${p.title}`} ref={i === 0 ? (el) => { firstFigure.current = el; } : undefined}>
            <canvas ref={(el) => { canvases.current[i] = el; }} style={{ width, height }} role="img" aria-label={`side view: ${p.title}`} />
            <figcaption>{p.title}</figcaption>
          </figure>
        ))}
      </div>
      <span className="muted" ref={label} data-testid="mujoco-step">step 0 / {maxSteps}</span>
    </div>
  );
}
