// MJCF of the planar biped, written for this project after Gymnasium's `walker2d_v5.xml` (MIT): the hopper's torso
// and leg (models/hopper.ts) with a shorter foot (forward offset 0.2, half length 0.1), twice (the left leg a copy
// of the right one, drawn in another colour): root joints rootx/rootz (slides, rootz with ref 1.25) and rooty (hinge),
// leg joints with the same ranges, armature 0.01 and damping 0.1, six motors with gear 100 and ctrl in [-1, 1],
// density 1000, friction 0.7 on the floor, 0.9 on the body and 1.9 on both feet (the v5 model), RK4 at 0.002 s.
// Left out: lights, camera, textures and materials (drawing only).
import { floor, motors } from './mjcf';
import { thighLegFoot, uprightTorso, type Foot } from './hopper';

const FOOT: Foot = { x: 0.2, halfLength: 0.1, friction: 1.9 };
const JOINTS = ['thigh', 'leg', 'foot', 'thigh_left', 'leg_left', 'foot_left'];

export const WALKER2D_XML = `
<mujoco model="walker2d">
  <compiler angle="degree" inertiafromgeom="true"/>
  <default>
    <joint armature="0.01" damping=".1" limited="true"/>
    <geom conaffinity="0" condim="3" contype="1" density="1000" friction=".7 .1 .1" rgba="0.8 0.6 .4 1"/>
  </default>
  <option integrator="RK4" timestep="0.002"/>
  <worldbody>
    ${floor()}
${uprightTorso([thighLegFoot('', FOOT, '      '), thighLegFoot('_left', FOOT, '      ', '.7 .3 .6 1')])}
  </worldbody>
${motors(JOINTS.map((j) => ({ name: j, joint: `${j}_joint` })), { gear: 100, ctrllimited: 'true', ctrlrange: '-1 1' })}
</mujoco>
`;
