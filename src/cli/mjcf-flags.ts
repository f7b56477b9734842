// "Bring your own model" flags, shared by `droil train`, `eval` and `demos`... : --mjcf FILE loads a user's MJCF
// model as environment 'mjcf:<file name>' (src/core/mujoco/custom.ts) with a configurable observation layout;
// without --mjcf, --env names a built-in environment as before.
import { readBounded } from './paths';
import type { Dataset } from '../core/data/dataset';
import { getEnvSpec, type EnvSpec } from '../core/envs';
import { UserError } from '../core/errors';
import { CUSTOM_DEFAULTS, checkDatasetFitsModel, customEnvId } from '../core/mujoco/custom';
import { loadCustomMujocoEnv } from '../core/mujoco/registry';
import { isCustomMujocoEnvId } from '../core/mujoco/tasks';
import { numberList, optionalNumber, requireString, type Options, type Parsed } from './args';
import { readDatasetFile } from './files';

export const mjcfOptions: Options = {
  mjcf: { type: 'string' }, 'obs-layout': { type: 'string' }, 'frame-skip': { type: 'string' },
  'healthy-z': { type: 'string' }, 'healthy-angle': { type: 'string' }, 'max-steps': { type: 'string' },
};

export const mjcfUsage = `
Your own MuJoCo model (instead of --env; docs/mujoco.md, "Bring your own model"):
  --mjcf FILE          MJCF XML file; the environment is 'mjcf:<file name>'
  --obs-layout SPEC    what the policy observes, e.g. 'qpos[1:],clip(qvel,10)' (Gymnasium's hopper; root x
                       left out); default '${CUSTOM_DEFAULTS.obsLayout}'; checked against the dataset's observation size
  --frame-skip N       mj_step calls per environment step (default ${CUSTOM_DEFAULTS.frameSkip}; Gymnasium's hopper: 4)
  --healthy-z LO,HI    healthy while qpos[1] (root height) is in [LO, HI]: +1 per step, the episode ends otherwise
  --healthy-angle A    healthy while |qpos[2]| (root pitch) < A
  --max-steps N        time limit (default ${CUSTOM_DEFAULTS.maxEpisodeSteps})
  Reward: forward progress of qpos[0] / dt (when the first joint slides), + 1 while healthy, - 1e-3 |a|^2.
`;

/** The environment a command runs on: a user's model from --mjcf, or the built-in --env. */
export async function envFromFlags(values: Parsed['values']): Promise<EnvSpec> {
  const file = values.mjcf;
  if (typeof file !== 'string') {
    for (const flag of ['obs-layout', 'frame-skip', 'healthy-z', 'healthy-angle', 'max-steps']) {
      if (values[flag] !== undefined) throw new UserError(`only applies to a user's model: give the MJCF file with --mjcf FILE`, `--${flag}`);
    }
    return getEnvSpec(requireString(values, 'env'));
  }
  if (typeof values.env === 'string' && values.env !== customEnvId(file)) {
    throw new UserError(`--mjcf ${file} defines the environment ${customEnvId(file)}; leave out --env (or give --env ${customEnvId(file)})`, '--env');
  }
  const xml = new TextDecoder().decode(await readBounded(file, 50_000_000, 'the MJCF file'));
  let healthyZ: [number, number] | null = null;
  if (typeof values['healthy-z'] === 'string') {
    const z = numberList(values['healthy-z'], '--healthy-z');
    if (z.length !== 2 || !(z[0] < z[1])) throw new UserError(`expected LO,HI with LO < HI, got '${values['healthy-z']}'`, '--healthy-z');
    healthyZ = [z[0], z[1]];
  }
  return loadCustomMujocoEnv(xml, {
    file,
    obsLayout: typeof values['obs-layout'] === 'string' ? values['obs-layout'] : undefined,
    frameSkip: optionalNumber(values, 'frame-skip', CUSTOM_DEFAULTS.frameSkip, { integer: true, min: 1, max: 1000 }),
    maxEpisodeSteps: optionalNumber(values, 'max-steps', CUSTOM_DEFAULTS.maxEpisodeSteps, { integer: true, min: 1, max: 1_000_000 }),
    healthyZ,
    healthyAngle: values['healthy-angle'] !== undefined ? optionalNumber(values, 'healthy-angle', 0, { min: 0 }) : null,
  });
}

/**
 * Read a dataset for an environment. For a user's model the observation size is checked against the layout
 * and the action size against the model's actuators, with messages that name the layout.
 */
export async function readDatasetForEnv(path: string, spec: EnvSpec, values: Parsed['values']): Promise<Dataset> {
  if (!isCustomMujocoEnvId(spec.id)) return readDatasetFile(path, { envSpec: spec });
  const data = await readDatasetFile(path);
  checkDatasetFitsModel(spec, data, path, typeof values['obs-layout'] === 'string' ? values['obs-layout'] : CUSTOM_DEFAULTS.obsLayout, String(values.mjcf));
  return data;
}
