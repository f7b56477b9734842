// The observation layout of a user's MuJoCo model ("bring your own model"): which qpos and qvel entries the
// policy sees, in which order, optionally clipped. Written as a comma-separated list, Python-slice style:
//   qpos[1:],clip(qvel,10)        Gymnasium's / D4RL's hopper, walker and half-cheetah (root x left out)
//   qpos,qvel                     everything
//   qpos[2],qpos[0:2],qvel[-3:]   single entries, slices, negative indices from the end
// clip(REF, C) clips each entry of REF to [-C, C]. The layout is checked against the model's nq and nv here,
// and against a dataset's observation size in custom.ts.
import { UserError } from '../errors';

export interface ObsSlice {
  source: 'qpos' | 'qvel';
  /** Python slice bounds (null: open); for a single index, `single` is true and `start` is the index. */
  start: number | null;
  end: number | null;
  single: boolean;
  /** Clip each entry to [-clip, clip] (null: no clipping). */
  clip: number | null;
  /** The item as written, for messages. */
  text: string;
}

/** One observation entry: the state component (index into qpos ‖ qvel) and its clip bound. */
export interface ObsEntry {
  source: 'qpos' | 'qvel';
  /** Index into qpos or qvel. */
  index: number;
  clip: number | null;
}

const INT = '(-?\\d+)';
const REF = new RegExp(`^(qpos|qvel)(?:\\[\\s*(?:${INT}|${INT}?\\s*:\\s*${INT}?)\\s*\\])?$`);
const CLIP = /^clip\(\s*(.+?)\s*,\s*([^,()]+?)\s*\)$/;

/** Split on commas outside brackets and parentheses. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const HELP = "expected a comma-separated list of qpos or qvel with an optional [i] or [start:end], or clip(REF, C); e.g. 'qpos[1:],clip(qvel,10)'";

/** Parse a layout; a UserError names `where` (the flag or field) and the item that is wrong. */
export function parseObsLayout(text: string, where = '--obs-layout'): ObsSlice[] {
  const items = splitTop(text);
  if (items.length === 1 && items[0] === '') throw new UserError(`empty layout: ${HELP}`, where);
  return items.map((item) => {
    let ref = item;
    let clip: number | null = null;
    const c = CLIP.exec(item);
    if (c) {
      ref = c[1];
      clip = Number(c[2]);
      if (!(clip > 0) || !Number.isFinite(clip)) throw new UserError(`'${item}': the clip bound must be a finite positive number, got '${c[2]}'`, where);
    }
    const m = REF.exec(ref.replace(/\s+/g, ''));
    if (!m) throw new UserError(`cannot read '${item}': ${HELP}`, where);
    const source = m[1] as 'qpos' | 'qvel';
    if (m[2] !== undefined) return { source, start: Number(m[2]), end: null, single: true, clip, text: item };
    return { source, start: m[3] !== undefined ? Number(m[3]) : null, end: m[4] !== undefined ? Number(m[4]) : null, single: false, clip, text: item };
  });
}

/**
 * The entries of a layout for a model with nq positions and nv velocities (Python's slice rules, negative
 * indices from the end). An index out of range or an empty slice is a UserError naming the model.
 */
export function resolveObsLayout(layout: ObsSlice[], nq: number, nv: number, where: string, model: string): ObsEntry[] {
  const out: ObsEntry[] = [];
  for (const s of layout) {
    const n = s.source === 'qpos' ? nq : nv;
    const norm = (i: number) => (i < 0 ? n + i : i);
    if (s.single) {
      const i = norm(s.start!);
      if (i < 0 || i >= n) throw new UserError(`'${s.text}' is out of range: ${model} has ${s.source === 'qpos' ? 'nq' : 'nv'} = ${n} (valid indices 0..${n - 1})`, where);
      out.push({ source: s.source, index: i, clip: s.clip });
      continue;
    }
    const lo = Math.min(Math.max(s.start === null ? 0 : norm(s.start), 0), n);
    const hi = Math.min(Math.max(s.end === null ? n : norm(s.end), 0), n);
    if (hi <= lo) throw new UserError(`'${s.text}' selects nothing: ${model} has ${s.source === 'qpos' ? 'nq' : 'nv'} = ${n}`, where);
    for (let i = lo; i < hi; i++) out.push({ source: s.source, index: i, clip: s.clip });
  }
  return out;
}
