// A titled box around one chart, with a one-line caption that says what to look for.
import type { ReactNode } from 'react';
import { Staged } from './Staged';
import { ChartExport } from '../export/ChartExport';

/**
 * `empty` replaces the chart with a message. A chart mounts in its turn (Staged), one chart per task, unless
 * `immediate` (the live diagnostics, which are canvases).
 */
export function ChartCard(props: { title: string; caption?: ReactNode; testId: string; children: ReactNode; wide?: boolean; empty?: string; immediate?: boolean; height?: number }) {
  return (
    <figure className={`card${props.wide ? ' wide' : ''}`} data-testid={props.testId} aria-label={props.title}>
      <figcaption>
        <h3>{props.title}</h3>
        {!props.empty && <ChartExport title={props.title} testId={`${props.testId}-export`} />}
        {props.caption && <p className="caption">{props.caption}</p>}
      </figcaption>
      {props.empty && <p className="empty">{props.empty}</p>}
      {!props.empty && (props.immediate ? props.children : <Staged height={props.height ?? CHART_HEIGHT}>{props.children}</Staged>)}
    </figure>
  );
}

export const axisStyle = { fontSize: 12, fill: '#4a5566' };
export const CHART_HEIGHT = 240;

/** Compact numbers for ticks and tooltips. */
export function fmt(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return Number(v.toPrecision(3)).toString();
}
