// MJCF of a planar one-legged hopper, written for this project after Gymnasium's `hopper_v5.xml` (MIT): torso,
// thigh, leg and foot capsules with the same sizes and positions, root joints rootx/rootz (slides) and rooty
// (hinge), three hinge motors (thigh, leg, foot) with gear 200 and ctrl in [-1, 1], armature and damping 1 on
// the actuated joints, contact parameters (solimp .8 .8 .01, solref .02 1, condim 1 on the body, 3 on the
// floor, friction 0.9 on the body and 2.0 on the foot), RK4 at 0.002 s. Left out: lights, camera, textures
// and materials (drawing only). The torso and the leg are also Walker2d's (models/walker2d.ts), which differs in
// the foot only.
import { floor, limb, motors, planarRoot } from './mjcf';

/** The foot of a thigh-leg-foot leg: its body's forward offset from the leg's end, its capsule's half length, friction. */
export interface Foot { x: number; halfLength: number; friction: number }

/** A thigh-leg-foot leg hinged at the torso's bottom (joints `<name><suffix>_joint` about -y), as Gymnasium's hopper and walker write it. */
export function thighLegFoot(suffix: string, foot: Foot, indent: string, rgba?: string): string {
  const seg = (name: string, body: string, jointPos: string, range: string, geom: Record<string, string | number | undefined>) => ({
    body: { name: name + suffix, pos: body },
    joint: { name: `${name}${suffix}_joint`, type: 'hinge', axis: '0 -1 0', pos: jointPos, range },
    geom: { name: `${name}${suffix}_geom`, type: 'capsule', ...geom, rgba },
  });
  return limb([
    seg('thigh', '0 0 -0.2', '0 0 0', '-150 0', { friction: 0.9, pos: '0 0 -0.225', size: '0.05 0.225' }),
    seg('leg', '0 0 -0.7', '0 0 0.25', '-150 0', { friction: 0.9, size: '0.04 0.25' }),
    seg('foot', `${foot.x} 0 -0.35`, `${-foot.x} 0 0.1`, '-45 45', {
      friction: foot.friction.toFixed(1), pos: `${-foot.x / 2} 0 0.1`, quat: '0.70710678118654757 0 -0.70710678118654746 0', size: `0.06 ${foot.halfLength}`,
    }),
  ], indent);
}

/** The hopper's and the walker's torso: a capsule at 1.25 m on the planar root (slides counted from the floor), with its legs. */
export function uprightTorso(legs: string[]): string {
  return [
    '    <body name="torso" pos="0 0 1.25">',
    ...planarRoot({ slidePos: '0 0 -1.25', hingePos: '0 0 0', rootzRef: 1.25 }).map((j) => '      ' + j),
    '      <geom name="torso_geom" type="capsule" friction="0.9" size="0.05 0.2"/>',
    ...legs,
    '    </body>',
  ].join('\n');
}

export const HOPPER_XML = `
<mujoco model="hopper">
  <compiler angle="degree" inertiafromgeom="true"/>
  <default>
    <joint armature="1" damping="1" limited="true"/>
    <geom conaffinity="1" condim="1" contype="1" margin="0.001" rgba="0.8 0.6 .4 1" solimp=".8 .8 .01" solref=".02 1"/>
    <motor ctrllimited="true" ctrlrange="-.4 .4"/>
  </default>
  <option integrator="RK4" timestep="0.002"/>
  <worldbody>
    ${floor({ size: '20 20 .125' })}
${uprightTorso([thighLegFoot('', { x: 0.13, halfLength: 0.195, friction: 2 }, '      ')])}
  </worldbody>
${motors([{ name: 'thigh', joint: 'thigh_joint' }, { name: 'leg', joint: 'leg_joint' }, { name: 'foot', joint: 'foot_joint' }], { gear: 200, ctrllimited: 'true', ctrlrange: '-1 1' })}
</mujoco>
`;
