// MJCF of the quadruped "ant", written for this project after Gymnasium's `ant.xml` (MIT): a sphere torso (r 0.25)
// on a free joint at 0.75 m, four legs of three capsules each (r 0.08: a fixed hip link, an upper leg on a vertical
// hip hinge with range +-30 deg, a lower leg on an ankle hinge with range 30..70 deg in magnitude), the same body
// tree (14 bodies: the lower legs unnamed, as there), density 5, friction 1 0.5 0.5, margin 0.01, armature and
// damping 1 on the leg joints, eight motors with gear 150 and ctrl in [-1, 1] in Gymnasium's order (hip_4,
// ankle_4, hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3), RK4 at 0.01 s. Left out: lights, camera, textures,
// materials (drawing only), the unused `init_qpos` custom numeric, and `coordinate` (removed in MuJoCo 3).
import { floor, limb, motors } from './mjcf';

/**
 * One leg, pointing along (sx, sy) (each +-1) from the torso's centre: a fixed hip link, the upper leg on a vertical
 * hip hinge and the lower leg on an ankle hinge about the horizontal axis across the leg, bending down (ranges in
 * degrees, their sign set by the leg's direction as in ant.xml). Names as in ant.xml (the lower leg's body unnamed).
 */
function leg(i: number, body: string, upperGeom: string, lowerGeom: string, sx: number, sy: number, ankleRange: string): string {
  const d = (k: number) => `0 0 0 ${k * sx} ${k * sy} 0`;
  const at = `${0.2 * sx} ${0.2 * sy} 0`;
  return limb([
    { body: { name: body, pos: '0 0 0' }, geom: { name: `aux_${i}_geom`, type: 'capsule', fromto: d(0.2), size: 0.08 } },
    { body: { name: `aux_${i}`, pos: at }, joint: { name: `hip_${i}`, type: 'hinge', axis: '0 0 1', pos: '0 0 0', range: '-30 30' }, geom: { name: upperGeom, type: 'capsule', fromto: d(0.2), size: 0.08 } },
    { body: { pos: at }, joint: { name: `ankle_${i}`, type: 'hinge', axis: `${-sx * sy} 1 0`, pos: '0 0 0', range: ankleRange }, geom: { name: lowerGeom, type: 'capsule', fromto: d(0.4), size: 0.08 } },
  ], '      ');
}

const LEGS = [
  leg(1, 'front_left_leg', 'left_leg_geom', 'left_ankle_geom', 1, 1, '30 70'),
  leg(2, 'front_right_leg', 'right_leg_geom', 'right_ankle_geom', -1, 1, '-70 -30'),
  leg(3, 'back_leg', 'back_leg_geom', 'third_ankle_geom', -1, -1, '-70 -30'),
  leg(4, 'right_back_leg', 'rightback_leg_geom', 'fourth_ankle_geom', 1, -1, '30 70'),
].join('\n');
/** Gymnasium's actuator order. */
const MOTORS = ['hip_4', 'ankle_4', 'hip_1', 'ankle_1', 'hip_2', 'ankle_2', 'hip_3', 'ankle_3'];

export const ANT_XML = `
<mujoco model="ant">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option integrator="RK4" timestep="0.01"/>
  <default>
    <joint armature="1" damping="1" limited="true"/>
    <geom conaffinity="0" condim="3" density="5.0" friction="1 0.5 0.5" margin="0.01" rgba="0.8 0.6 0.4 1"/>
  </default>
  <worldbody>
    ${floor()}
    <body name="torso" pos="0 0 0.75">
      <geom name="torso_geom" type="sphere" pos="0 0 0" size="0.25"/>
      <joint name="root" type="free" pos="0 0 0" armature="0" damping="0" limited="false" margin="0.01"/>
${LEGS}
    </body>
  </worldbody>
${motors(MOTORS.map((j) => ({ name: j, joint: j })), { gear: 150, ctrllimited: 'true', ctrlrange: '-1 1' })}
</mujoco>
`;
