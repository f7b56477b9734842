// The project file: ONE zip (fflate) with everything needed to pick a session up again or hand it on:
//   project.json            manifest: format, version, what is inside
//   setup.json              the setup (the same schema as the link)
//   data/<file>             the demonstrations: the uploaded file as it was, or droil-demos JSON for built-in ones
//   policies/<id>-<algo>-rho<r>-seed<s>.json   each trained policy as the CLI's policy JSON (`droil eval --policy`)
//   results.json, results.csv                   the last run's results
// Reading it validates every part (zod, the policy loader, the dataset reader in the worker) before anything
// of the page changes, and names the part and field that is wrong. Pure TypeScript: the page (in a worker of its
// own, ui/share/project-worker.ts) and `droil run --setup PROJECT.zip` read it alike.
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { unzipChecked } from '../data/zip';
import { z } from 'zod';
import { isUserError, UserError } from '../errors';
import { parseSetup, type Setup } from '../setup';
import { loadPolicy, type PolicyJson } from '../algos/policy-file';
import type { RunResult } from '../experiment/types';
import { resultCsv, resultFromJson, resultToJson, trainedMembers } from './results-json';

export const PROJECT_FORMAT = 'droil-project';
export const PROJECT_VERSION = 1;
/** Project files larger than this are refused before unzipping (the dataset limit is 200 MB). */
export const MAX_PROJECT_BYTES = 250_000_000;
const MAX_ENTRIES = 2000;
/** What a project may inflate to in all: the dataset limit (200 MB) plus room for policies and results. */
export const MAX_PROJECT_INFLATED_BYTES = 300_000_000;

export interface ProjectData {
  setup: Setup;
  dataset?: { fileName: string; bytes: Uint8Array };
  result?: RunResult;
}

const manifestSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.number().int().min(1),
  createdBy: z.string().optional(),
  dataset: z.string().nullable(),
  policies: z.array(z.string()),
  results: z.string().nullable(),
});

const safeName = (name: string) => name.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'data';

export function policyFileName(m: { id: number; algo: string; rho: number; seed: number }): string {
  return `policies/${m.id}-${m.algo}-rho${m.rho}-seed${m.seed}.json`;
}

/** Writes the project zip. */
export function writeProject(p: ProjectData): Uint8Array {
  const files: Zippable = {};
  const policies: string[] = [];
  files['setup.json'] = strToU8(JSON.stringify(p.setup, null, 1));
  let dataset: string | null = null;
  if (p.dataset) {
    dataset = `data/${safeName(p.dataset.fileName)}`;
    files[dataset] = p.dataset.bytes;
  }
  if (p.result) {
    const { policies: pol, ...rest } = p.result;
    for (const m of trainedMembers(p.result)) { // a stopped run's unevaluated members too: the page evaluates them on import
      const json = pol?.[m.id];
      if (!json) continue;
      const name = policyFileName(m);
      files[name] = strToU8(JSON.stringify(json));
      policies.push(name);
    }
    files['results.json'] = strToU8(resultToJson(rest as RunResult));
    files['results.csv'] = strToU8(resultCsv(p.result));
  }
  const manifest = { format: PROJECT_FORMAT, version: PROJECT_VERSION, createdBy: 'BE-DROIL Playground', dataset, policies, results: p.result ? 'results.json' : null };
  files['project.json'] = strToU8(JSON.stringify(manifest, null, 1));
  return zipSync(files, { level: 6 });
}

/**
 * Reads and validates a project zip. Every problem is a UserError naming the file, the part and the field.
 * The dataset's bytes come back unparsed: the caller reads them like an upload (the worker does).
 */
export function readProject(bytes: Uint8Array, fileName: string): ProjectData {
  if (bytes.length > MAX_PROJECT_BYTES) throw new UserError(`the file is ${(bytes.length / 1e6).toFixed(0)} MB, above the ${MAX_PROJECT_BYTES / 1e6} MB limit of a project file`, fileName);
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new UserError('not a project file (expected a .zip written by "Export project")', fileName);
  // Caps before anything is inflated (a zip bomb is refused, not expanded); sizes and CRC-32 checked after.
  const entries = unzipChecked(bytes, fileName, { maxEntries: MAX_ENTRIES, maxTotalBytes: MAX_PROJECT_INFLATED_BYTES, archive: 'project (zip)', contents: 'the project' });
  const text = (name: string): string => {
    const b = entries[name];
    if (!b) throw new UserError(`part '${name}' is missing`, fileName);
    return strFromU8(b);
  };
  const json = (name: string): unknown => {
    try { return JSON.parse(text(name)); } catch (e) {
      if (isUserError(e)) throw e;
      throw new UserError(`part '${name}' is not valid JSON (${(e as Error).message})`, fileName);
    }
  };
  const m = manifestSchema.safeParse(json('project.json'));
  if (!m.success) {
    const issue = m.error.issues[0];
    throw new UserError(`part 'project.json': field '${issue.path.join('.') || '(top level)'}' ${issue.message}`, fileName);
  }
  const manifest = m.data;
  if (manifest.version > PROJECT_VERSION) throw new UserError(`part 'project.json': made by a newer version (project format ${manifest.version}; this page reads up to ${PROJECT_VERSION})`, fileName);
  const setup = parseSetup(json('setup.json'), `${fileName}: setup.json`);
  const out: ProjectData = { setup };
  if (manifest.dataset !== null) {
    const b = entries[manifest.dataset];
    if (!b) throw new UserError(`part '${manifest.dataset}' (the dataset) is missing`, fileName);
    out.dataset = { fileName: manifest.dataset.replace(/^data\//, ''), bytes: b };
  }
  if (manifest.results !== null) {
    const result = resultFromJson(json(manifest.results), `${fileName}: ${manifest.results}`);
    const policies: Record<number, PolicyJson> = {};
    for (const name of manifest.policies) {
      const p = loadPolicy(json(name), `${fileName}: ${name}`);
      const id = Number(/^policies\/(\d+)-/.exec(name)?.[1]);
      if (!trainedMembers(result).some((x) => x.id === id)) throw new UserError(`part '${name}': no member ${id} in the results`, fileName);
      policies[id] = p.json;
    }
    out.result = { ...result, policies };
  }
  return out;
}
