// MJCF of a planar one-legged hopper, written for this project after Gymnasium's `hopper_v5.xml` (MIT): torso,
// thigh, leg and foot capsules with the same sizes and positions, root joints rootx/rootz (slides) and rooty
// (hinge), three hinge motors (thigh, leg, foot) with gear 200 and ctrl in [-1, 1], armature and damping 1 on
// the actuated joints, contact parameters (solimp .8 .8 .01, solref .02 1, condim 1 on the body, 3 on the
// floor, friction 0.9 on the body and 2.0 on the foot), RK4 at 0.002 s. Left out: lights, camera, textures
// and materials (drawing only).
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
    <geom name="floor" type="plane" conaffinity="1" condim="3" pos="0 0 0" size="20 20 .125" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" armature="0" damping="0" stiffness="0" limited="false"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" armature="0" damping="0" stiffness="0" limited="false"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
      <geom name="torso_geom" type="capsule" friction="0.9" size="0.05 0.2"/>
      <body name="thigh" pos="0 0 -0.2">
        <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
        <geom name="thigh_geom" type="capsule" friction="0.9" pos="0 0 -0.225" size="0.05 0.225"/>
        <body name="leg" pos="0 0 -0.7">
          <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
          <geom name="leg_geom" type="capsule" friction="0.9" size="0.04 0.25"/>
          <body name="foot" pos="0.13 0 -0.35">
            <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="-0.13 0 0.1" range="-45 45"/>
            <geom name="foot_geom" type="capsule" friction="2.0" pos="-0.065 0 0.1" quat="0.70710678118654757 0 -0.70710678118654746 0" size="0.06 0.195"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="thigh" joint="thigh_joint" gear="200" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="leg" joint="leg_joint" gear="200" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="foot" joint="foot_joint" gear="200" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;
