// Built-in experts of the MuJoCo balancing tasks: LQR on the model linearised by MuJoCo itself around the
// upright equilibrium (lqr.ts), at nominal parameters, u = clip(-K s, ctrl range). The gains are computed on
// the first action (MuJoCo must be loaded) and kept; they depend only on the model, so they are deterministic.
import type { ExpertController } from '../experts/types';
import { paramVector } from '../envs/params';
import { diag, dlqr, linearise, type Matrix } from './lqr';
import { getMujocoDynamics } from './registry';
import type { MujocoEnvId } from './tasks';
import { hopperExpert } from './hopper-expert';
import { runnerExpert } from './runner-expert';
import { locomotionExperts } from './locomotion-experts';

/** LQR weights per task: state qpos ‖ qvel, action in ctrl units. */
type BalanceId = 'InvertedPendulum-v5' | 'InvertedDoublePendulum-v5';

export const LQR_WEIGHTS: Record<BalanceId, { Q: number[]; R: number }> = {
  'InvertedPendulum-v5': { Q: [1, 10, 1, 1], R: 1 },
  'InvertedDoublePendulum-v5': { Q: [1, 10, 10, 1, 1, 1], R: 1 },
};

const gains = new Map<BalanceId, number[]>();

/** The LQR gain row K of a task (u = -K s over qpos ‖ qvel), computed once from the nominal model. */
export function lqrGains(id: BalanceId): number[] {
  let k = gains.get(id);
  if (!k) {
    const dyn = getMujocoDynamics(id);
    const n = dyn.nq + dyn.nv;
    const s0 = new Float64Array(dyn.spec.stateNames.length);
    const { A, B } = linearise(dyn, paramVector(dyn.spec), s0, [0], n);
    const w = LQR_WEIGHTS[id];
    const R: Matrix = [[w.R]];
    k = dlqr(A, B, diag(w.Q), R).K[0];
    gains.set(id, k);
  }
  return k;
}

const clip = (u: number, lo: number, hi: number) => Math.min(Math.max(u, lo), hi);

export const mujocoExperts: Record<MujocoEnvId, ExpertController> = {
  'InvertedPendulum-v5': {
    envId: 'InvertedPendulum-v5',
    name: 'lqr',
    description: 'LQR on the MuJoCo model linearised at upright (Q = diag(1, 10, 1, 1), R = 1), clipped to [-3, 3]',
    act(obs, oo, a, ao) {
      const K = lqrGains('InvertedPendulum-v5');
      let u = 0;
      for (let i = 0; i < 4; i++) u -= K[i] * obs[oo + i];
      a[ao] = clip(u, -3, 3);
    },
  },
  'InvertedDoublePendulum-v5': {
    envId: 'InvertedDoublePendulum-v5',
    name: 'lqr',
    description: 'LQR on the MuJoCo model linearised at upright (Q = diag(1, 10, 10, 1, 1, 1), R = 1), clipped to [-1, 1]',
    act(obs, oo, a, ao) {
      const K = lqrGains('InvertedDoublePendulum-v5');
      // Angles back from their sines and cosines; velocities as observed (clipped at +-10, never near balance).
      const s = [obs[oo], Math.atan2(obs[oo + 1], obs[oo + 3]), Math.atan2(obs[oo + 2], obs[oo + 4]), obs[oo + 5], obs[oo + 6], obs[oo + 7]];
      let u = 0;
      for (let i = 0; i < 6; i++) u -= K[i] * s[i];
      a[ao] = clip(u, -1, 1);
    },
  },
  'Hopper-v5': hopperExpert,
  'PlanarRunner-v0': runnerExpert,
  ...locomotionExperts,
};
