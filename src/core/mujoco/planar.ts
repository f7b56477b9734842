// What Gymnasium's planar locomotion tasks (Hopper, Walker2d, HalfCheetah, and the project's runner after them)
// share: a planar root (rootx, rootz, rooty) then hinge joints; state qpos ‖ qvel; the observation leaves out rootx
// (qpos[1:] ‖ qvel, the velocities clipped to +-10 for the hopper and the walker); the forward reward
// (x_after - x_before) / dt and the control cost |a|^2; a reset around qpos0 with uniform noise on the positions and
// uniform or normal noise on the velocities. Each task keeps its own weights, health rule and parameters.
import type { Rng } from '../rng';
import type { EnvSpec } from '../envs/types';
import type { StepView } from './task';

/** State, unit and observation names of a planar model with these joints (rootx and rootz in m, the rest in rad). */
export function planarNames(joints: string[]): Pick<EnvSpec, 'stateNames' | 'stateUnits' | 'obsNames' | 'processNoiseStd'> {
  const slide = (j: string) => j === 'rootx' || j === 'rootz';
  const stateNames = [...joints, ...joints.map((j) => `${j}_dot`)];
  return {
    stateNames,
    stateUnits: [...joints.map((j) => (slide(j) ? 'm' : 'rad')), ...joints.map((j) => (slide(j) ? 'm/s' : 'rad/s'))],
    obsNames: stateNames.slice(1),
    processNoiseStd: [0, ...new Array<number>(joints.length - 1).fill(0.001), ...new Array<number>(joints.length).fill(0.01)],
  };
}

/** qpos = qpos0 + U(-noise, noise); qvel = U(-noise, noise) (hopper, walker) or noise x N(0, 1) (cheetah, runner). */
export function resetPlanar(rng: Rng, s: Float64Array, so: number, qpos0: readonly number[], noise: number, velocity: 'uniform' | 'normal'): void {
  const nq = qpos0.length;
  for (let k = 0; k < nq; k++) s[so + k] = qpos0[k] + rng.uniform(-noise, noise);
  for (let k = nq; k < 2 * nq; k++) s[so + k] = velocity === 'uniform' ? rng.uniform(-noise, noise) : noise * rng.normal();
}

/** Forward velocity of the root over the step: (x_after - x_before) / dt. */
export const forwardVelocity = (v: StepView, s: Float64Array, so: number): number => (s[so] - v.x0) / v.dt;

/** |a|^2 of the first nu action components, as given (before MuJoCo clamps them). */
export function controlSquared(v: StepView, nu: number): number {
  let c = 0;
  for (let k = 0; k < nu; k++) c += v.a[v.ao + k] * v.a[v.ao + k];
  return c;
}

/** qpos[1:] ‖ qvel of nq positions, the velocities clipped to +-clip when given. */
export function observePlanar(s: Float64Array, so: number, o: Float64Array, oo: number, nq: number, clip?: number): void {
  for (let k = 0; k < nq - 1; k++) o[oo + k] = s[so + 1 + k];
  for (let k = 0; k < nq; k++) {
    const v = s[so + nq + k];
    o[oo + nq - 1 + k] = clip === undefined ? v : Math.min(Math.max(v, -clip), clip);
  }
}
