// MJCF of InvertedPendulum, written for this project after Gymnasium's `inverted_pendulum.xml` (MIT): the same
// bodies (cart on a slider, one capsule pole on a hinge), joints, damping, actuator gear and timestep, so the
// compiled masses and inertias are the same. Differences: no `nstack` (gone in MuJoCo 3); the rail has no
// collision (as every geom here, contype 0: the model has no contacts); the pole's hinge limit of +-90 deg is kept.
export const INVERTED_PENDULUM_XML = `
<mujoco model="inverted_pendulum">
  <compiler inertiafromgeom="true" angle="degree"/>
  <default>
    <joint armature="0" damping="1" limited="true"/>
    <geom contype="0" conaffinity="0" friction="1 0.1 0.1" rgba="0.7 0.7 0 1"/>
  </default>
  <option gravity="0 0 -9.81" integrator="RK4" timestep="0.02"/>
  <worldbody>
    <geom name="rail" type="capsule" pos="0 0 0" quat="0.707 0 0.707 0" size="0.02 1" rgba="0.3 0.3 0.7 1"/>
    <body name="cart" pos="0 0 0">
      <joint name="slider" type="slide" axis="1 0 0" pos="0 0 0" range="-1 1"/>
      <geom name="cart" type="capsule" pos="0 0 0" quat="0.707 0 0.707 0" size="0.1 0.1"/>
      <body name="pole" pos="0 0 0">
        <joint name="hinge" type="hinge" axis="0 1 0" pos="0 0 0" range="-90 90"/>
        <geom name="cpole" type="capsule" fromto="0 0 0 0.001 0 0.6" size="0.049 0.3" rgba="0 0.7 0.7 1"/>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="slide" joint="slider" gear="100" ctrllimited="true" ctrlrange="-3 3"/>
  </actuator>
</mujoco>
`;
