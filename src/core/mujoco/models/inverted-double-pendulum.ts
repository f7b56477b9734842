// MJCF of InvertedDoublePendulum, written for this project after Gymnasium's `inverted_double_pendulum.xml`
// (MIT): cart on a slider (limit +-1 with margin 0.01), two 0.6 m capsule poles on hinges, a site at the tip,
// joint damping 0.05, motor gear 500 with ctrl in [-1, 1], RK4 at 0.01 s, and Gymnasium's tiny sideways
// gravity component (1e-5) that breaks the symmetry of the upright equilibrium. Differences: no `nstack` and
// no `coordinate` attribute (both gone in MuJoCo 3); the floor plane 3 m below is kept (contype 0, never touched).
export const INVERTED_DOUBLE_PENDULUM_XML = `
<mujoco model="inverted_double_pendulum">
  <compiler inertiafromgeom="true"/>
  <default>
    <joint damping="0.05"/>
    <geom contype="0" conaffinity="0" friction="1 0.1 0.1" rgba="0.7 0.7 0 1"/>
  </default>
  <option gravity="1e-5 0 -9.81" integrator="RK4" timestep="0.01"/>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 -3.0" size="40 40 40" rgba="0.8 0.9 0.8 1"/>
    <geom name="rail" type="capsule" pos="0 0 0" quat="0.707 0 0.707 0" size="0.02 1" rgba="0.3 0.3 0.7 1"/>
    <body name="cart" pos="0 0 0">
      <joint name="slider" type="slide" axis="1 0 0" pos="0 0 0" limited="true" margin="0.01" range="-1 1"/>
      <geom name="cart" type="capsule" pos="0 0 0" quat="0.707 0 0.707 0" size="0.1 0.1"/>
      <body name="pole" pos="0 0 0">
        <joint name="hinge" type="hinge" axis="0 1 0" pos="0 0 0"/>
        <geom name="cpole" type="capsule" fromto="0 0 0 0 0 0.6" size="0.045 0.3" rgba="0 0.7 0.7 1"/>
        <body name="pole2" pos="0 0 0.6">
          <joint name="hinge2" type="hinge" axis="0 1 0" pos="0 0 0"/>
          <geom name="cpole2" type="capsule" fromto="0 0 0 0 0 0.6" size="0.045 0.3" rgba="0 0.7 0.7 1"/>
          <site name="tip" pos="0 0 .6" size="0.01 0.01"/>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="slide" joint="slider" gear="500" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;
