// Small labelled form controls. Every control has a visible label tied to it (accessibility) and
// commits only valid values to the store.
import { useEffect, useId, useState, type ReactNode } from 'react';

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

/** A slider on a log scale; `toValue`/`fromValue` map [0, 1] to the value. */
export function LogSlider(props: {
  label: string; value: number; onChange: (v: number) => void;
  toValue: (t: number) => number; fromValue: (v: number) => number; format: (v: number) => string;
  hint?: string; testId?: string; marks?: number[]; extra?: ReactNode;
}) {
  const steps = 1000;
  return (
    <Field label={props.label} hint={props.hint} extra={props.extra}>
      {(id) => (
        <div className="slider-row">
          <input
            id={id} type="range" min={0} max={steps} step={1} data-testid={props.testId}
            value={Math.round(props.fromValue(props.value) * steps)}
            aria-valuetext={props.format(props.value)}
            list={props.marks ? `${id}-marks` : undefined}
            onChange={(e) => props.onChange(props.toValue(Number(e.target.value) / steps))}
          />
          <output htmlFor={id}>{props.format(props.value)}</output>
          {props.marks && (
            <datalist id={`${id}-marks`}>
              {props.marks.map((m) => <option key={m} value={Math.round(props.fromValue(m) * steps)} />)}
            </datalist>
          )}
        </div>
      )}
    </Field>
  );
}
