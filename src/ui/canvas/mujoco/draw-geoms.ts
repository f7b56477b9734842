// Side view of MuJoCo bodies: every geom of a frame (src/core/mujoco/geoms.ts) projected on the x-z plane
// (the planar models move in it). Capsules are thick lines with round ends, spheres circles, boxes and cylinders
// the outline of their projected corners, a plane the ground line with ticks every 0.5 m (so motion shows while
// the view follows the body). Pure drawing on a 2D context: no React, testable with any canvas.
import type { GeomFrame, GeomInfo } from '../../../core/mujoco/geoms';

export interface SideView {
  /** World point (x, z) at the canvas centre. */
  cx: number;
  cz: number;
  /** Pixels per metre. */
  scale: number;
  width: number;
  height: number;
}

/** Canvas pixel of the world point (x, z). */
export function project(v: SideView, x: number, z: number): [number, number] {
  return [v.width / 2 + (x - v.cx) * v.scale, v.height / 2 - (z - v.cz) * v.scale];
}

/** Convex hull of 2D points (monotone chain), counter-clockwise. */
export function convexHull(points: [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [], upper: [number, number][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Index of the geom the view follows: the first one that is not a plane (the root body's). */
export function focusGeom(geoms: GeomInfo[]): number {
  const i = geoms.findIndex((g) => g.kind !== 'plane');
  return i < 0 ? 0 : i;
}

/** A view that fits the bodies of `frame` (a plane is ignored) into width x height, centred on the focus geom. */
export function fitView(geoms: GeomInfo[], frame: GeomFrame, width: number, height: number): SideView {
  let lo = Infinity, hi = -Infinity, zlo = Infinity, zhi = -Infinity;
  geoms.forEach((g, i) => {
    if (g.kind === 'plane') return;
    const r = Math.max(g.size[0], g.size[1], g.size[2]);
    const x = frame[12 * i], z = frame[12 * i + 2];
    lo = Math.min(lo, x - r); hi = Math.max(hi, x + r); zlo = Math.min(zlo, z - r); zhi = Math.max(zhi, z + r);
  });
  if (!Number.isFinite(lo)) return { cx: 0, cz: 0, scale: 100, width, height };
  zlo = Math.min(zlo, 0); // keep the floor in view
  const scale = Math.min(width / (1.8 * (hi - lo)), height / (1.5 * (zhi - zlo)));
  const f = focusGeom(geoms);
  return { cx: frame[12 * f], cz: (zlo + zhi) / 2, scale, width, height };
}

/** Draw one frame. The view is used as given (callers move cx to follow the body). */
export function drawGeoms(ctx: CanvasRenderingContext2D, geoms: GeomInfo[], frame: GeomFrame, v: SideView): void {
  ctx.save();
  ctx.fillStyle = '#f7f9fc';
  ctx.fillRect(0, 0, v.width, v.height);
  // Planes first (the ground), then bodies in model order.
  geoms.forEach((g, i) => { if (g.kind === 'plane') drawPlane(ctx, frame[12 * i + 2], v); });
  geoms.forEach((g, i) => {
    if (g.kind === 'plane' || g.kind === 'other') return;
    const o = 12 * i;
    const px = frame[o], pz = frame[o + 2];
    // Column k of the row-major rotation is the geom's local axis k in world coordinates.
    const axis = (k: number): [number, number, number] => [frame[o + 3 + k], frame[o + 6 + k], frame[o + 9 + k]];
    ctx.fillStyle = ctx.strokeStyle = g.color;
    if (g.kind === 'capsule') {
      const [ax, , az] = axis(2), h = g.size[1];
      const [x0, y0] = project(v, px - h * ax, pz - h * az), [x1, y1] = project(v, px + h * ax, pz + h * az);
      ctx.lineCap = 'round';
      ctx.lineWidth = Math.max(1, 2 * g.size[0] * v.scale);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
    } else if (g.kind === 'sphere' || g.kind === 'ellipsoid') {
      const r = g.kind === 'sphere' ? g.size[0] : Math.max(g.size[0], g.size[2]);
      const [x, y] = project(v, px, pz);
      ctx.beginPath();
      ctx.arc(x, y, Math.max(1, r * v.scale), 0, 2 * Math.PI);
      ctx.fill();
    } else {
      // Box (half-sizes) or cylinder (radius, radius, half-length): the hull of the 8 projected corners.
      const half = g.kind === 'box' ? g.size : [g.size[0], g.size[0], g.size[1]];
      const e = [axis(0), axis(1), axis(2)];
      const corners: [number, number][] = [];
      for (let m = 0; m < 8; m++) {
        let x = px, z = pz;
        for (let k = 0; k < 3; k++) {
          const s = (m >> k) & 1 ? 1 : -1;
          x += s * half[k] * e[k][0];
          z += s * half[k] * e[k][2];
        }
        corners.push(project(v, x, z));
      }
      const hull = convexHull(corners);
      ctx.beginPath();
      hull.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.fill();
    }
  });
  ctx.restore();
}

function drawPlane(ctx: CanvasRenderingContext2D, z: number, v: SideView): void {
  const [, y] = project(v, 0, z);
  ctx.fillStyle = '#dfe8d8';
  ctx.fillRect(0, y, v.width, v.height - y);
  ctx.strokeStyle = '#7a8c6e';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, y);
  ctx.lineTo(v.width, y);
  // Ticks every 0.5 m, fixed to the world: they scroll as the view follows the body.
  const left = v.cx - v.width / 2 / v.scale, right = v.cx + v.width / 2 / v.scale;
  for (let x = Math.ceil(left / 0.5) * 0.5; x <= right; x += 0.5) {
    const [tx] = project(v, x, z);
    ctx.moveTo(tx, y);
    ctx.lineTo(tx, y + (Math.abs(x % 1) < 1e-9 ? 8 : 4));
  }
  ctx.stroke();
}
