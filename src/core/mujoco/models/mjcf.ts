// The MJCF pieces the locomotion models share, so each model writes only what is its own: the floor, the planar
// root (slides rootx, rootz and hinge rooty of Hopper, Walker2d, HalfCheetah and the runner), a limb as a chain of
// bodies each with its joint and geom (every leg of every model), and the motor list. Plain strings: the models stay
// static data and compile exactly as the hand-written XML they replaced (same elements and attribute values).

/** Attributes in the order written; undefined ones are left out. */
export type Attrs = Record<string, string | number | undefined>;

const attrs = (a: Attrs): string =>
  Object.entries(a).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${v}"`).join(' ');

/** One empty element, e.g. `<geom name="torso" .../>`. */
export const el = (tag: string, a: Attrs): string => `<${tag} ${attrs(a)}/>`;

/** The ground plane every locomotion model stands on (only it has conaffinity where the body's geoms have none). */
export const floor = (a: Attrs = {}): string =>
  el('geom', { name: 'floor', type: 'plane', conaffinity: 1, condim: 3, pos: '0 0 0', size: '40 40 40', rgba: '0.8 0.9 0.8 1', ...a });

/**
 * The planar root: rootx and rootz slide along x and z, rooty hinges about y; unlimited, without armature, damping
 * or stiffness. `slidePos` is where the slides sit (Gymnasium's hopper and walker: at the floor below the torso),
 * `rootzRef` the torso's height in qpos0 coordinates when the model counts rootz from the ground.
 */
export function planarRoot(o: { slidePos?: string; hingePos?: string; rootzRef?: number } = {}): string[] {
  const free = { armature: 0, damping: 0, stiffness: 0, limited: 'false' };
  return [
    el('joint', { name: 'rootx', type: 'slide', axis: '1 0 0', pos: o.slidePos, ...free }),
    el('joint', { name: 'rootz', type: 'slide', axis: '0 0 1', pos: o.slidePos, ref: o.rootzRef, ...free }),
    el('joint', { name: 'rooty', type: 'hinge', axis: '0 1 0', pos: o.hingePos, ...free }),
  ];
}

/** One link of a limb: its body (name, pos), the joint that moves it (none for a fixed link) and its geom. */
export interface Segment { body: Attrs; joint?: Attrs; geom: Attrs }

/** A limb: each segment's body nested in the previous one's, indented for reading. */
export function limb(segments: Segment[], indent: string): string {
  const [first, ...rest] = segments;
  const inner = indent + '  ';
  const lines = [`${indent}<body ${attrs(first.body)}>`];
  if (first.joint) lines.push(inner + el('joint', first.joint));
  lines.push(inner + el('geom', first.geom));
  if (rest.length) lines.push(limb(rest, inner));
  lines.push(`${indent}</body>`);
  return lines.join('\n');
}

/** The actuator section: one motor per entry, with the attributes all of them share. */
export const motors = (list: Attrs[], shared: Attrs = {}): string =>
  ['  <actuator>', ...list.map((m) => '    ' + el('motor', { ...m, ...shared })), '  </actuator>'].join('\n');
