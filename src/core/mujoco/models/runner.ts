// MJCF of PlanarRunner, a half-cheetah-like runner designed for this project (not a copy of any existing model):
// a capsule torso with a head, two legs (thigh and shin capsules) at its ends, moving in the x-z plane (root
// slides rootx, rootz and hinge rooty). Four hinge motors (bthigh, bshin, fthigh, fshin), all gear 60 with ctrl
// in [-1, 1]; every leg joint has a spring towards 0 (stiffness 60 N m/rad at the hips, 40 at the knees), damping 2
// and armature 0.05, so the legs hang straight when unactuated and the body stands. Contacts: the body's geoms against the floor only
// (conaffinity 0 on the body), friction 0.8 everywhere. Euler at 0.01 s (as Gymnasium's half-cheetah).
// Masses from the geoms (density 1000): torso with head 9.03 kg, thighs 1.52 kg, shins 1.14 kg. Thigh and shin 0.25 m each.
import { limb, motors, planarRoot } from './mjcf';

/** A leg at x along the torso: a thigh (hip spring 60) and a shin (the default knee spring), 0.25 m capsules hanging down. */
const leg = (side: 'b' | 'f', x: number) => limb([
  { body: { name: `${side}thigh`, pos: `${x} 0 0` }, joint: { name: `${side}thigh`, range: '-0.9 0.9', stiffness: 60 }, geom: { name: `${side}thigh`, fromto: '0 0 0 0 0 -0.25', size: 0.04 } },
  { body: { name: `${side}shin`, pos: '0 0 -0.25' }, joint: { name: `${side}shin`, range: '-1.2 1.2' }, geom: { name: `${side}shin`, fromto: '0 0 0 0 0 -0.25', size: 0.035, rgba: '0.9 0.6 0.6 1' } },
], '      ');

export const RUNNER_XML = `
<mujoco model="planar_runner">
  <compiler angle="radian" inertiafromgeom="true"/>
  <default>
    <joint type="hinge" axis="0 1 0" limited="true" armature="0.05" damping="2" stiffness="40"/>
    <geom type="capsule" contype="1" conaffinity="0" condim="3" friction="0.8 0.1 0.1" rgba="0.8 0.6 0.4 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1" gear="60"/>
  </default>
  <option timestep="0.01"/>
  <worldbody>
    <geom name="floor" type="plane" conaffinity="1" size="200 5 0.1" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 0.55">
${planarRoot({ rootzRef: 0.55 }).map((j) => '      ' + j).join('\n')}
      <geom name="torso" fromto="-0.45 0 0 0.45 0 0" size="0.05"/>
      <geom name="head" type="sphere" pos="0.55 0 0.08" size="0.07"/>
${leg('b', -0.45)}
${leg('f', 0.45)}
    </body>
  </worldbody>
${motors(['bthigh', 'bshin', 'fthigh', 'fshin'].map((j) => ({ name: j, joint: j })))}
</mujoco>
`;
