// The MuJoCo side view in Chromium (src/ui/canvas/mujoco): geoms are projected on the x-z plane where hand
// computation puts them (a capsule's extent with its round caps, a box rotated 45 degrees as a diamond, the
// ground below the floor's height), and the component draws its panes side by side at a given step.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { describe, expect, it } from 'vitest';
import type { GeomInfo, GeomTrack } from '../../src/core/mujoco/geoms';
import { convexHull, drawGeoms, fitView, project } from '../../src/ui/canvas/mujoco/draw-geoms';
import { MujocoSideView } from '../../src/ui/canvas/mujoco';

const W = 400, H = 200;
const BODY: [number, number, number] = [204, 153, 102];
const GROUND: [number, number, number] = [0xdf, 0xe8, 0xd8];
const BACKGROUND: [number, number, number] = [0xf7, 0xf9, 0xfc];
const color = `rgba(${BODY.join(', ')}, 1)`;

/** Row-major rotation about +y by angle a (MuJoCo's xmat layout). */
const rotY = (a: number) => [Math.cos(a), 0, Math.sin(a), 0, 1, 0, -Math.sin(a), 0, Math.cos(a)];
const geomFrame = (parts: { pos: [number, number, number]; rot: number[] }[]) => Float64Array.from(parts.flatMap((p) => [...p.pos, ...p.rot]));

function canvas(): CanvasRenderingContext2D {
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  return c.getContext('2d', { willReadFrequently: true })!;
}
const pixel = (ctx: CanvasRenderingContext2D, x: number, y: number) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3));

describe('MuJoCo side view drawing', () => {
  const view = { cx: 0, cz: 0.5, scale: 100, width: W, height: H };

  it('projects world (x, z) to pixels with z up, and the hull of a square is its four corners', () => {
    expect(project(view, 0, 0.5)).toEqual([200, 100]);
    expect(project(view, 1, 0)).toEqual([300, 150]);
    const hull = convexHull([[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]]);
    expect(hull).toHaveLength(4);
    expect(hull).toEqual(expect.arrayContaining([[0, 0], [1, 0], [1, 1], [0, 1]]));
  });

  it('draws a capsule lying along x (radius 0.1, half-length 0.5) over exactly its extent, and the ground below the plane', () => {
    const geoms: GeomInfo[] = [
      { kind: 'plane', size: [10, 10, 0.1], color: 'black', name: 'floor' },
      { kind: 'capsule', size: [0.1, 0.5, 0], color, name: 'torso' },
    ];
    const ctx = canvas();
    // Local z axis (the capsule's) along world x: a rotation of +90 degrees about y.
    drawGeoms(ctx, geoms, geomFrame([{ pos: [0, 0, 0], rot: rotY(0) }, { pos: [0, 0, 0.5], rot: rotY(Math.PI / 2) }]), view);
    expect(pixel(ctx, 200, 100)).toEqual(BODY);
    expect(pixel(ctx, 200 + 55, 100)).toEqual(BODY); // half-length 50 px + round cap up to 60 px
    expect(pixel(ctx, 200 - 55, 100)).toEqual(BODY);
    expect(pixel(ctx, 200 + 70, 100)).toEqual(BACKGROUND);
    expect(pixel(ctx, 200, 100 - 15)).toEqual(BACKGROUND); // radius 10 px
    expect(pixel(ctx, 200, 100 + 7)).toEqual(BODY);
    expect(pixel(ctx, 10, 190)).toEqual(GROUND); // floor at z = 0: y = 150 and below
    expect(pixel(ctx, 10, 140)).toEqual(BACKGROUND);
  });

  it('draws a box rotated 45 degrees about y as a diamond (not as the unrotated square)', () => {
    const geoms: GeomInfo[] = [{ kind: 'box', size: [0.3, 0.1, 0.3], color, name: 'box' }];
    const ctx = canvas();
    drawGeoms(ctx, geoms, geomFrame([{ pos: [0, 0, 0.5], rot: rotY(Math.PI / 4) }]), view);
    // Half-diagonal 0.3 sqrt(2) = 42.4 px along x and z; |dx| + |dy| <= 42.4 inside.
    expect(pixel(ctx, 200 + 38, 100)).toEqual(BODY);
    expect(pixel(ctx, 200, 100 - 38)).toEqual(BODY);
    expect(pixel(ctx, 200 + 27, 100 - 27)).toEqual(BACKGROUND); // inside the unrotated 30 px square, outside the diamond
    const ctx2 = canvas();
    drawGeoms(ctx2, geoms, geomFrame([{ pos: [0, 0, 0.5], rot: rotY(0) }]), view);
    expect(pixel(ctx2, 200 + 27, 100 - 27)).toEqual(BODY);
    expect(pixel(ctx2, 200 + 38, 100)).toEqual(BACKGROUND);
  });

  it('the component draws nominal and worst case side by side at the given step, following the body', async () => {
    const geoms: GeomInfo[] = [
      { kind: 'plane', size: [10, 10, 0.1], color: 'black', name: 'floor' },
      { kind: 'sphere', size: [0.1, 0, 0], color, name: 'ball' },
    ];
    // Ten frames; nominal stays at z = 0.6, the worst case sinks to z = 0.1 by step 9; both move along x.
    const track = (sink: number): GeomTrack => ({ geoms, frames: Array.from({ length: 10 }, (_, t) => geomFrame([{ pos: [0, 0, 0], rot: rotY(0) }, { pos: [0.3 * t, 0, 0.6 - (sink * t) / 9], rot: rotY(0) }])) });
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    flushSync(() => root.render(createElement(MujocoSideView, { panes: [{ title: 'Nominal', track: track(0) }, { title: 'Worst case', track: track(0.5) }], step: 9, width: W, height: H })));
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const canvases = host.querySelectorAll('canvas');
    expect(canvases).toHaveLength(2);
    expect(Array.from(host.querySelectorAll('figcaption')).map((f) => f.textContent)).toEqual(['Nominal', 'Worst case']);
    expect(host.querySelector('[data-testid="mujoco-step"]')!.textContent).toBe('step 9 / 9');
    // Both panes fit the view on their first frame and follow the ball along x: at step 9 the ball is at the
    // horizontal centre; its height differs by 0.5 m between the panes.
    const v = fitView(geoms, track(0).frames[0], W, H);
    const dpr = window.devicePixelRatio || 1;
    const at = (c: HTMLCanvasElement, z: number) => pixel(c.getContext('2d')!, dpr * (W / 2), dpr * (H / 2 - (z - v.cz) * v.scale));
    expect(at(canvases[0], 0.6)).toEqual(BODY);
    expect(at(canvases[1], 0.6)).not.toEqual(BODY);
    expect(at(canvases[1], 0.1)).toEqual(BODY);
    root.unmount();
    host.remove();
  });
});
