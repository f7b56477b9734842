// MJCF of the planar half-cheetah, written for this project after Gymnasium's `half_cheetah.xml` (MIT): a capsule
// torso with a head, back leg (bthigh, bshin, bfoot) and front leg (fthigh, fshin, ffoot) capsules with the same
// sizes, positions and orientations, root joints rootx/rootz (slides) and rooty (hinge), leg joints with the same
// ranges, springs (stiffness 240/180/120 at the back, 180/120/60 at the front), damping and armature 0.1, six motors
// with gears 120, 90, 60, 120, 60, 30 and ctrl in [-1, 1], contact parameters (friction 0.4 0.1 0.1, solimp
// 0 0.8 0.01, solref 0.02 1; only the floor has conaffinity), Euler at 0.01 s, masses from the geoms scaled to a
// total of 14 kg (settotalmass). Left out: lights, camera, textures and materials (drawing only) and the
// attributes MuJoCo 3 removed (`coordinate`, `nstack`).
import { floor, limb, motors, planarRoot, type Segment } from './mjcf';

const SHIN_RGBA = '0.9 0.6 0.6 1';
/** A leg link: joint name = body name = geom name, a hinge about y with its range, spring and damping; a capsule at an angle. */
function seg(name: string, pos: string, range: string, stiffness: number, damping: number, angle: number, at: string, size: string, rgba?: string): Segment {
  return {
    body: { name, pos },
    joint: { name, type: 'hinge', axis: '0 1 0', pos: '0 0 0', range, stiffness, damping },
    geom: { name, type: 'capsule', axisangle: `0 1 0 ${angle}`, pos: at, size, rgba },
  };
}
const BACK_LEG = limb([
  seg('bthigh', '-.5 0 0', '-.52 1.05', 240, 6, -3.8, '.1 0 -.13', '0.046 .145'),
  seg('bshin', '.16 0 -.25', '-.785 .785', 180, 4.5, -2.03, '-.14 0 -.07', '0.046 .15', SHIN_RGBA),
  seg('bfoot', '-.28 0 -.14', '-.4 .785', 120, 3, -0.27, '.03 0 -.097', '0.046 .094', SHIN_RGBA),
], '      ');
const FRONT_LEG = limb([
  seg('fthigh', '.5 0 0', '-1 .7', 180, 4.5, 0.52, '-.07 0 -.12', '0.046 .133'),
  seg('fshin', '-.14 0 -.24', '-1.2 .87', 120, 3, -0.6, '.065 0 -.09', '0.046 .106', SHIN_RGBA),
  seg('ffoot', '.13 0 -.18', '-.5 .5', 60, 1.5, -0.6, '.045 0 -.07', '0.046 .07', SHIN_RGBA),
], '      ');
const GEARS: [string, number][] = [['bthigh', 120], ['bshin', 90], ['bfoot', 60], ['fthigh', 120], ['fshin', 60], ['ffoot', 30]];

export const HALF_CHEETAH_XML = `
<mujoco model="half_cheetah">
  <compiler angle="radian" inertiafromgeom="true" settotalmass="14"/>
  <default>
    <joint armature=".1" damping=".01" limited="true" solimplimit="0 .8 .03" solreflimit=".02 1" stiffness="8"/>
    <geom conaffinity="0" condim="3" contype="1" friction=".4 .1 .1" rgba="0.8 0.6 .4 1" solimp="0.0 0.8 0.01" solref="0.02 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <option gravity="0 0 -9.81" timestep="0.01"/>
  <worldbody>
    ${floor()}
    <body name="torso" pos="0 0 .7">
${planarRoot({ slidePos: '0 0 0', hingePos: '0 0 0' }).map((j) => '      ' + j).join('\n')}
      <geom name="torso" type="capsule" fromto="-.5 0 0 .5 0 0" size="0.046"/>
      <geom name="head" type="capsule" axisangle="0 1 0 .87" pos=".6 0 .1" size="0.046 .15"/>
${BACK_LEG}
${FRONT_LEG}
    </body>
  </worldbody>
${motors(GEARS.map(([j, gear]) => ({ name: j, joint: j, gear })))}
</mujoco>
`;
