// What the project knows about one environment, in one place: its spec and physics, its built-in expert,
// the parameters an evaluation perturbs by default, and what the playground sets when it is picked. One
// file per environment beside this one, one line each in registry.ts (docs/environments.md: adding one).
import type { EnvDynamics, EnvSpec } from '../envs/types';
import type { ExpertController } from '../experts/types';

/**
 * Setup fields an environment sets when the playground picks it (a subset of core/setup.ts's Setup, which
 * checks the fit where it applies them: setupForEnv). Declared here so the registry does not import the setup.
 */
export interface PlaygroundDefaults {
  demos?: { kind: 'builtin'; episodes: number; seed: number };
  demoProcessNoise?: number;
  steps?: number;
  batch?: number;
  seeds?: number;
  rhoSweep?: number[];
  evalParam?: string;
  evalFactorMin?: number;
  evalFactorMax?: number;
  evalPoints?: number;
  evalEpisodes?: number;
  kernelEpisodes?: number;
  kernelCandidates?: number;
  kernelHorizon?: number;
  boxRandomPoints?: number;
  boxRefineRounds?: number;
}

export interface EnvEntry {
  spec: EnvSpec;
  /** 'mujoco': the physics runs on MuJoCo's WebAssembly, loaded by `await prepareEnv(id)` before dynamics(). */
  family: 'classic' | 'mujoco';
  /** The physics as pure functions over flat arrays (shared by Env and VecEnv). */
  dynamics(): EnvDynamics;
  /** The built-in demonstrator. */
  expert: ExpertController;
  /** The physical parameters a sweep and the worst-case box perturb by default (eval/defaults.ts: the rest). */
  evalParams: string[];
  /** What the playground sets when this environment is picked ({}: the page's defaults fit). */
  playground: PlaygroundDefaults;
}
