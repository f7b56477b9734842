// The MuJoCo side view, one component (frames from src/core/mujoco/geoms.ts).
export { MujocoSideView, type MujocoPane, type MujocoSideViewProps } from './MujocoSideView';
