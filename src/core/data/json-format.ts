// The project's own JSON dataset format, "droil-demos" (written by `droil demos`, read by the data readers).
//
// Schema, version 1:
//   {
//     "format": "droil-demos", "version": 1,
//     "envId": "CartPole-v1" | null,          environment the data came from, when known
//     "generator": {expert, seed, episodes, epsilon?, actionNoise?, processNoise?, params?} | null   how built-in data was made
//     "obsDim": n, "actionKind": "discrete" | "continuous", "actionDim": m (discrete: 1),
//     "numActions": k | null,                 discrete: the number of actions
//     "episodes": [{
//       "observations":     [[...n numbers], ...]     T rows
//       "actions":          [a, ...]                  T integers (discrete) or T rows of m numbers (continuous)
//       "nextObservations": [[...n numbers], ...]     T rows; row t equals observations row t+1 within an episode
//       "rewards":          [r, ...]                  T numbers (omitted when the source has no rewards)
//       "terminal": bool,   the environment ended the episode at its last transition
//       "timeout": bool     the episode was cut at its last transition (time limit or end of recording)
//     }, ...]
//   }
// Numbers are float32 values written in the shortest decimal form that reads back to the same float32.
import type { Dataset, GeneratorInfo } from './dataset';

export const DROIL_DEMOS_FORMAT = 'droil-demos';
export const DROIL_DEMOS_VERSION = 1;

export interface DroilDemosEpisode {
  observations: number[][];
  actions: number[] | number[][];
  nextObservations: number[][];
  rewards?: number[];
  terminal: boolean;
  timeout: boolean;
}

export interface DroilDemos {
  format: typeof DROIL_DEMOS_FORMAT;
  version: typeof DROIL_DEMOS_VERSION;
  envId: string | null;
  generator: GeneratorInfo | null;
  obsDim: number;
  actionKind: 'discrete' | 'continuous';
  actionDim: number;
  numActions: number | null;
  episodes: DroilDemosEpisode[];
}

/** The shortest decimal that reads back as the same float32 (0.1f prints as 0.1, not 0.10000000149011612). */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  // Reading back works for p digits => it works for p + 1, so search from 7 (where most values land).
  const at = (p: number) => Number(v.toPrecision(p));
  const ok = (p: number) => Math.fround(at(p)) === v;
  let p = 7;
  if (ok(p)) while (p > 1 && ok(p - 1)) p--;
  else p = ok(8) ? 8 : 9;
  return at(p);
}

function rows(a: Float32Array, start: number, end: number, dim: number): number[][] {
  const out: number[][] = [];
  for (let i = start; i < end; i++) {
    const r: number[] = new Array(dim);
    for (let k = 0; k < dim; k++) r[k] = shortestFloat32(a[i * dim + k]);
    out.push(r);
  }
  return out;
}

/** Next-observation rows, reusing the already formatted observation row t+1 when it holds the same values. */
function nextRows(d: Dataset, start: number, end: number, obsRows: number[][]): number[][] {
  const n = d.obsDim;
  const out: number[][] = [];
  for (let i = start; i < end; i++) {
    let same = i + 1 < end;
    for (let k = 0; same && k < n; k++) same = d.nextObservations[i * n + k] === d.observations[(i + 1) * n + k];
    out.push(same ? obsRows[i + 1 - start] : rows(d.nextObservations, i, i + 1, n)[0]);
  }
  return out;
}

export function datasetToDroilDemos(d: Dataset): DroilDemos {
  const episodes: DroilDemosEpisode[] = [];
  for (let e = 0; e + 1 < d.episodeStarts.length; e++) {
    const s = d.episodeStarts[e], t = d.episodeStarts[e + 1];
    const observations = rows(d.observations, s, t, d.obsDim);
    const ep: DroilDemosEpisode = {
      observations,
      actions: d.actionKind === 'discrete' ? Array.from(d.actions.subarray(s, t)) : rows(d.actions, s, t, d.actionDim),
      nextObservations: nextRows(d, s, t, observations),
      terminal: t > s && d.terminals[t - 1] === 1,
      timeout: t > s && d.timeouts[t - 1] === 1,
    };
    if (d.rewards) ep.rewards = Array.from(d.rewards.subarray(s, t), shortestFloat32);
    episodes.push(ep);
  }
  return {
    format: DROIL_DEMOS_FORMAT,
    version: DROIL_DEMOS_VERSION,
    envId: d.meta.envId ?? null,
    generator: d.meta.generator ?? null,
    obsDim: d.obsDim,
    actionKind: d.actionKind,
    actionDim: d.actionDim,
    numActions: d.numActions ?? null,
    episodes,
  };
}

/** The file text: one episode per line, so large files stay readable and diffable. */
export function stringifyDroilDemos(d: Dataset): string {
  const { episodes, ...head } = datasetToDroilDemos(d);
  const body = episodes.map((e) => JSON.stringify(e)).join(',\n');
  return `${JSON.stringify(head).slice(0, -1)},"episodes":[\n${body}\n]}\n`;
}
