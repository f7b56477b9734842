// Where a MuJoCo model's geoms are, frame by frame, for drawing a rollout (src/ui/canvas/mujoco): the state's
// qpos is written into the model's data and mj_kinematics computes every geom's world position and orientation.
// Plain numbers out (no MuJoCo handles), so frames can cross a worker boundary or be drawn later.
import { paramVector } from '../envs/params';
import type { MujocoDynamics } from './dynamics';

/** MuJoCo geom types (mjtGeom) the side view draws. */
export type GeomKind = 'plane' | 'sphere' | 'capsule' | 'ellipsoid' | 'cylinder' | 'box' | 'other';
const KINDS: GeomKind[] = ['plane', 'other', 'sphere', 'capsule', 'ellipsoid', 'cylinder', 'box'];

/** The static description of one geom. */
export interface GeomInfo {
  kind: GeomKind;
  /** MuJoCo's geom_size: sphere [r], capsule and cylinder [r, half-length], box [hx, hy, hz], plane [hx, hy, spacing]. */
  size: [number, number, number];
  /** Colour as CSS rgba(). */
  color: string;
  name: string;
}

/** One frame: per geom, world position (x, y, z) and rotation (row-major 3x3), 12 numbers each. */
export type GeomFrame = Float64Array;

export interface GeomTrack {
  geoms: GeomInfo[];
  frames: GeomFrame[];
}

/** The geoms of the dynamics' model at each state (qpos ‖ qvel ‖ ...), under parameters `params` (default: nominal). */
export function geomTrack(dyn: MujocoDynamics, states: ArrayLike<number>[], params: Float64Array = paramVector(dyn.spec)): GeomTrack {
  let geoms: GeomInfo[] = [];
  const frames: GeomFrame[] = [];
  for (const s of states) {
    dyn.withSim(params, Float64Array.from(s), (model, data, mj) => {
      mj.mj_kinematics(model, data);
      const n = model.ngeom;
      if (geoms.length === 0) {
        const type = model.geom_type, size = model.geom_size, rgba = model.geom_rgba;
        geoms = Array.from({ length: n }, (_, g) => ({
          kind: KINDS[type[g]] ?? 'other',
          size: [size[3 * g], size[3 * g + 1], size[3 * g + 2]] as [number, number, number],
          color: `rgba(${Math.round(255 * rgba[4 * g])}, ${Math.round(255 * rgba[4 * g + 1])}, ${Math.round(255 * rgba[4 * g + 2])}, ${rgba[4 * g + 3]})`,
          name: mj.mj_id2name(model, mj.mjtObj.mjOBJ_GEOM.value, g) ?? '',
        }));
      }
      const xpos = data.geom_xpos, xmat = data.geom_xmat;
      const f = new Float64Array(12 * n);
      for (let g = 0; g < n; g++) {
        for (let k = 0; k < 3; k++) f[12 * g + k] = xpos[3 * g + k];
        for (let k = 0; k < 9; k++) f[12 * g + 3 + k] = xmat[9 * g + k];
      }
      frames.push(f);
    });
  }
  return { geoms, frames };
}
