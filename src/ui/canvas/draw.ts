// Drawing each environment from its internal state variables (the state layout of src/core/envs).
// Pure canvas code: (context, state, parameters, size) -> pixels. Units follow the physics: metres and radians.

import type { BuiltinEnvId } from '../../core/environments/registry';

export type Drawer = (ctx: CanvasRenderingContext2D, s: ArrayLike<number>, p: Record<string, number>, w: number, h: number) => void;

const INK = '#1d2733';
const MUTED = '#9aa5b4';
const ACCENT = '#2a7f9e';
const WARM = '#d9822b';

function clear(ctx: CanvasRenderingContext2D, w: number, h: number) {
  ctx.fillStyle = '#fbfcfe';
  ctx.fillRect(0, 0, w, h);
}

/** CartPole [x, x_dot, theta, theta_dot]; theta = 0 is upright; the track spans +-2.4 m. */
const cartPole: Drawer = (ctx, s, p, w, h) => {
  clear(ctx, w, h);
  const world = 4.8;
  // Fit the track's width and a pole of up to 2 m (length x2 perturbations) in the frame.
  const scale = Math.min(w / world, (h * 0.68) / Math.max(1.1, 2 * (p.length ?? 0.5) + 0.2));
  const groundY = h * 0.72;
  const cx = w / 2 + s[0] * scale;
  ctx.strokeStyle = MUTED; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(0, groundY); ctx.lineTo(w, groundY); ctx.stroke();
  for (const edge of [-2.4, 2.4]) {
    ctx.beginPath(); ctx.moveTo(w / 2 + edge * scale, groundY - 8); ctx.lineTo(w / 2 + edge * scale, groundY + 8); ctx.stroke();
  }
  const cartW = 0.5 * scale, cartH = 0.3 * scale;
  ctx.fillStyle = INK;
  ctx.fillRect(cx - cartW / 2, groundY - cartH / 2, cartW, cartH);
  // The pole is 2 * length long (length is half the pole, pivot to centre of mass).
  const poleLen = 2 * (p.length ?? 0.5) * scale;
  const tx = cx + Math.sin(s[2]) * poleLen, ty = groundY - cartH / 2 - Math.cos(s[2]) * poleLen;
  ctx.strokeStyle = WARM; ctx.lineWidth = Math.max(4, 0.1 * scale * Math.sqrt((p.masspole ?? 0.1) / 0.1)); ctx.lineCap = 'round';
  ctx.beginPath(); ctx.moveTo(cx, groundY - cartH / 2); ctx.lineTo(tx, ty); ctx.stroke();
  ctx.fillStyle = ACCENT; ctx.beginPath(); ctx.arc(cx, groundY - cartH / 2, 4, 0, 2 * Math.PI); ctx.fill();
};

/** Pendulum [theta, theta_dot]; theta = 0 is upright. */
const pendulum: Drawer = (ctx, s, p, w, h) => {
  clear(ctx, w, h);
  const r = Math.min(w, h) * 0.38 * Math.min(1.3, p.l ?? 1);
  const cx = w / 2, cy = h / 2;
  ctx.strokeStyle = '#e3e7ee'; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.stroke();
  const ex = cx + Math.sin(s[0]) * r, ey = cy - Math.cos(s[0]) * r;
  ctx.strokeStyle = WARM; ctx.lineWidth = 10; ctx.lineCap = 'round';
  ctx.beginPath(); ctx.moveTo(cx, cy); ctx.lineTo(ex, ey); ctx.stroke();
  ctx.fillStyle = INK; ctx.beginPath(); ctx.arc(cx, cy, 5, 0, 2 * Math.PI); ctx.fill();
};

/** MountainCarContinuous [position, velocity]; height = 0.45 sin(3x) + 0.55, goal at x = 0.45. */
const mountainCar: Drawer = (ctx, s, _p, w, h) => {
  clear(ctx, w, h);
  const xmin = -1.2, xmax = 0.6;
  const sx = (x: number) => ((x - xmin) / (xmax - xmin)) * w;
  const sy = (y: number) => h - 10 - y * (h - 30);
  const height = (x: number) => 0.45 * Math.sin(3 * x) + 0.55;
  ctx.strokeStyle = MUTED; ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i <= 100; i++) { const x = xmin + ((xmax - xmin) * i) / 100; const X = sx(x), Y = sy(height(x)); if (i) ctx.lineTo(X, Y); else ctx.moveTo(X, Y); }
  ctx.stroke();
  const gx = sx(0.45), gy = sy(height(0.45));
  ctx.strokeStyle = INK; ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(gx, gy); ctx.lineTo(gx, gy - 30); ctx.stroke();
  ctx.fillStyle = '#e0b030'; ctx.fillRect(gx, gy - 30, 14, 9);
  const x = s[0];
  const ang = Math.atan(1.35 * Math.cos(3 * x) * (h - 30) / (w / (xmax - xmin)));
  ctx.save();
  ctx.translate(sx(x), sy(height(x)));
  ctx.rotate(-ang);
  ctx.fillStyle = ACCENT; ctx.fillRect(-14, -14, 28, 10);
  ctx.fillStyle = INK;
  for (const dx of [-8, 8]) { ctx.beginPath(); ctx.arc(dx, -3, 3.5, 0, 2 * Math.PI); ctx.fill(); }
  ctx.restore();
};

/** Acrobot [theta1, theta2, dtheta1, dtheta2]; theta1 = 0 hangs down; the goal is tip height > 1 link. */
const acrobot: Drawer = (ctx, s, p, w, h) => {
  clear(ctx, w, h);
  const l1 = p.link_length_1 ?? 1, l2 = 1;
  const scale = Math.min(w, h) / (2.2 * (l1 + l2));
  const cx = w / 2, cy = h / 2;
  ctx.strokeStyle = MUTED; ctx.setLineDash([4, 4]); ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(0, cy - scale); ctx.lineTo(w, cy - scale); ctx.stroke(); ctx.setLineDash([]);
  const x1 = cx + l1 * Math.sin(s[0]) * scale, y1 = cy + l1 * Math.cos(s[0]) * scale;
  const x2 = x1 + l2 * Math.sin(s[0] + s[1]) * scale, y2 = y1 + l2 * Math.cos(s[0] + s[1]) * scale;
  ctx.lineCap = 'round';
  ctx.strokeStyle = INK; ctx.lineWidth = 8;
  ctx.beginPath(); ctx.moveTo(cx, cy); ctx.lineTo(x1, y1); ctx.stroke();
  ctx.strokeStyle = WARM; ctx.lineWidth = 8 * Math.sqrt(p.link_mass_2 ?? 1);
  ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke();
  ctx.fillStyle = ACCENT;
  for (const [x, y] of [[cx, cy], [x1, y1]]) { ctx.beginPath(); ctx.arc(x, y, 4, 0, 2 * Math.PI); ctx.fill(); }
};

export interface EnvView {
  /** The drawer of the state; 'mujoco': the side view drawn from the model's geoms (canvas/mujoco/). */
  draw: Drawer | 'mujoco';
  /** Playback rate at speed 1 (simulation steps per second): real time where it is watchable. */
  stepsPerSecond: number;
}

/**
 * How the page shows each environment of the registry (core/environments/registry.ts), keyed by the same ids:
 * the core never imports the page, so this is the page's side of an environment's entry (the type asks for a
 * line per registered environment; docs/environments.md). MuJoCo rates: 1 / dt (timestep x frame skip), real time.
 */
export const ENV_VIEWS: Record<BuiltinEnvId, EnvView> = {
  'CartPole-v1': { draw: cartPole, stepsPerSecond: 50 },
  'Pendulum-v1': { draw: pendulum, stepsPerSecond: 20 },
  'MountainCarContinuous-v0': { draw: mountainCar, stepsPerSecond: 60 },
  'Acrobot-v1': { draw: acrobot, stepsPerSecond: 15 },
  'InvertedPendulum-v5': { draw: 'mujoco', stepsPerSecond: 25 },
  'InvertedDoublePendulum-v5': { draw: 'mujoco', stepsPerSecond: 20 },
  'Hopper-v5': { draw: 'mujoco', stepsPerSecond: 125 },
  'PlanarRunner-v0': { draw: 'mujoco', stepsPerSecond: 20 },
  'HalfCheetah-v5': { draw: 'mujoco', stepsPerSecond: 20 },
  'Walker2d-v5': { draw: 'mujoco', stepsPerSecond: 125 },
  'Ant-v5': { draw: 'mujoco', stepsPerSecond: 20 },
};

/** The view of an environment id (undefined for ids the registry does not list). */
export function envView(id: string): EnvView | undefined {
  return Object.prototype.hasOwnProperty.call(ENV_VIEWS, id) ? ENV_VIEWS[id as BuiltinEnvId] : undefined;
}
