// Native MathML from a few helpers (no library, nothing evaluated, nothing injected: React builds the
// elements, and Chromium, Firefox and Safari render MathML Core). React puts children of <math> in the
// MathML namespace.
import { createElement, type ReactNode } from 'react';

type Child = ReactNode;
const el = (tag: string, ...children: Child[]) => createElement(tag, null, ...children);

export const mi = (x: string) => el('mi', x);
export const mn = (x: string | number) => el('mn', String(x));
export const mo = (x: string) => el('mo', x);
export const mrow = (...c: Child[]) => el('mrow', ...c);
export const msub = (base: Child, sub: Child) => el('msub', base, sub);
export const msup = (base: Child, sup: Child) => el('msup', base, sup);
export const mfrac = (num: Child, den: Child) => el('mfrac', num, den);
export const munder = (base: Child, under: Child) => el('munder', base, under);
export const mtext = (x: string) => el('mtext', x);

/** A displayed equation with a text alternative for screen readers and copy-paste. */
export function Equation(props: { label: string; children: Child[] }) {
  return createElement('math', { display: 'block', 'aria-label': props.label, className: 'eq' }, mrow(...props.children));
}
