// D4RL's side of the paper's MuJoCo tasks: the reference returns behind D4RL's normalised score (d4rl/infos.py:
// REF_MIN_SCORE = a random policy's return, REF_MAX_SCORE = the expert's, the same for every dataset of a task)
// and the one observation layout that differs from Gymnasium's v5: D4RL's ant files (gym Ant-v2/v3) have 111
// values per observation, the contact forces of all 14 bodies, where Ant-v5 has 105 (bodies 1..13, the world
// body's 6 left out). Loading such a file for Ant-v5 drops those 6 columns. (D4RL's ant contact forces are zero
// throughout, from mujoco-py >= 2.0 not computing cfrc_ext; Ant-v5's are real, so a policy trained on D4RL ant data
// meets contact forces at evaluation that its data never had.)
import type { Dataset } from '../data/dataset';
import type { EnvShape } from '../data/actions';

/** D4RL's reference returns per task (random and expert policies over 1000-step episodes). */
export const D4RL_REFERENCE: Record<string, { task: string; random: number; expert: number }> = {
  'Hopper-v5': { task: 'hopper', random: -20.272305, expert: 3234.3 },
  'HalfCheetah-v5': { task: 'halfcheetah', random: -280.178953, expert: 12135.0 },
  'Walker2d-v5': { task: 'walker2d', random: 1.629008, expert: 4592.3 },
  'Ant-v5': { task: 'ant', random: -325.6, expert: 3879.7 },
};

/** D4RL's normalised score, 100 (R - random) / (expert - random), or null for tasks D4RL does not have. */
export function d4rlScore(envId: string, ret: number): number | null {
  const r = D4RL_REFERENCE[envId];
  return r ? (100 * (ret - r.random)) / (r.expert - r.random) : null;
}

const ANT_D4RL_DIM = 111;
const ANT_WORLD_CFRC = 27; // qpos[2:] (13) + qvel (14), then the world body's 6 contact-force values

/** A dataset in a known foreign layout for the selected environment, rewritten into the environment's layout. */
export function adaptKnownLayout(d: Dataset, env: EnvShape | undefined): Dataset {
  if (env?.id !== 'Ant-v5' || d.obsDim !== ANT_D4RL_DIM || env.obsNames.length !== ANT_D4RL_DIM - 6) return d;
  const drop = (a: Float32Array) => {
    const n = a.length / ANT_D4RL_DIM, m = ANT_D4RL_DIM - 6;
    const out = new Float32Array(n * m);
    for (let i = 0; i < n; i++) {
      out.set(a.subarray(i * ANT_D4RL_DIM, i * ANT_D4RL_DIM + ANT_WORLD_CFRC), i * m);
      out.set(a.subarray(i * ANT_D4RL_DIM + ANT_WORLD_CFRC + 6, (i + 1) * ANT_D4RL_DIM), i * m + ANT_WORLD_CFRC);
    }
    return out;
  };
  return { ...d, obsDim: ANT_D4RL_DIM - 6, observations: drop(d.observations), nextObservations: drop(d.nextObservations) };
}
