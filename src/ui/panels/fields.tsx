// Small labelled form controls. Every control has a visible label tied to it (accessibility) and
// commits only valid values to the store.
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export function Field(props: { label: string; hint?: string; children: (id: string) => ReactNode; extra?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>{props.extra}
      {props.children(id)}
      {props.hint && <small className="hint">{props.hint}</small>}
    </div>
  );
}

export function NumberField(props: {
  label: string; value: number; onChange: (v: number) => void;
  min?: number; max?: number; step?: number; integer?: boolean; hint?: string; testId?: string; extra?: ReactNode;
}) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const parse = (t: string): number | null => {
    const v = Number(t);
    if (t.trim() === '' || !Number.isFinite(v)) return null;
    if (props.integer && !Number.isInteger(v)) return null;
    if (props.min !== undefined && v < props.min) return null;
    if (props.max !== undefined && v > props.max) return null;
    return v;
  };
  const valid = parse(text) !== null;
  return (
    <Field label={props.label} hint={props.hint} extra={props.extra}>
      {(id) => (
        <input
          id={id} type="number" inputMode="decimal" value={text} data-testid={props.testId}
          min={props.min} max={props.max} step={props.step ?? (props.integer ? 1 : 'any')}
          aria-invalid={!valid}
          onChange={(e) => { setText(e.target.value); const v = parse(e.target.value); if (v !== null) props.onChange(v); }}
          onBlur={() => setText(String(props.value))}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>(props: {
  label: string; value: T; options: { value: T; label: string }[]; onChange: (v: T) => void; hint?: string; testId?: string; extra?: ReactNode;
}) {
  return (
    <Field label={props.label} hint={props.hint} extra={props.extra}>
      {(id) => (
        <select id={id} value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value as T)}>
          {props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </Field>
  );
}

/** A slider on a log scale; `toValue`/`fromValue` map [0, 1] to the value. With `snap`, it only takes those
 *  values: a drag lands on the nearest, the arrow keys step from one to the next, and each is marked and labelled. */
export function LogSlider(props: {
  label: string; value: number; onChange: (v: number) => void;
  toValue: (t: number) => number; fromValue: (v: number) => number; format: (v: number) => string;
  hint?: string; testId?: string; marks?: number[]; snap?: number[]; extra?: ReactNode;
}) {
  const steps = 1000;
  const pos = (v: number) => Math.round(props.fromValue(v) * steps);
  const snap = props.snap && props.snap.length > 0 ? [...props.snap].sort((a, b) => pos(a) - pos(b)) : undefined;
  const marks = snap ?? props.marks;
  const nearest = (p: number) => snap!.reduce((best, v) => (Math.abs(pos(v) - p) < Math.abs(pos(best) - p) ? v : best), snap![0]);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!snap) return;
    const i = snap.indexOf(nearest(pos(props.value)));
    const next = { ArrowRight: i + 1, ArrowUp: i + 1, PageUp: i + 1, ArrowLeft: i - 1, ArrowDown: i - 1, PageDown: i - 1, Home: 0, End: snap.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const v = snap[Math.max(0, Math.min(snap.length - 1, next))];
    if (v !== props.value) props.onChange(v);
  };
  return (
    <Field label={props.label} hint={props.hint} extra={props.extra}>
      {(id) => (
        <div className={`slider-row${snap ? ' snapping' : ''}`}>
          <div className="slider-track">
            <input
              id={id} type="range" min={0} max={steps} step={1} data-testid={props.testId}
              value={pos(props.value)}
              aria-valuetext={props.format(props.value)}
              list={marks ? `${id}-marks` : undefined}
              onKeyDown={onKeyDown}
              onChange={(e) => {
                const p = Number(e.target.value);
                const v = snap ? nearest(p) : props.toValue(p / steps);
                if (v !== props.value) props.onChange(v);
              }}
            />
            {snap && (
              <div className="slider-marks" aria-hidden="true">
                {snap.map((m) => <span key={m} style={{ left: `${(pos(m) / steps) * 100}%` }} className={m === props.value ? 'on' : undefined}>{props.format(m)}</span>)}
              </div>
            )}
          </div>
          <output htmlFor={id}>{props.format(props.value)}</output>
          {marks && (
            <datalist id={`${id}-marks`}>
              {marks.map((m) => <option key={m} value={pos(m)} />)}
            </datalist>
          )}
        </div>
      )}
    </Field>
  );
}
