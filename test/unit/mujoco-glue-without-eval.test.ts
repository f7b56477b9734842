// The production build's MuJoCo glue without eval (src/build/mujoco-glue-without-eval.ts): loaded in a Node
// process that forbids code generation from strings (what a CSP without 'unsafe-eval' forbids), it compiles the
// hopper and steps it bit for bit like the original glue does in an ordinary process. The original glue fails
// in the forbidding process, so the check is not vacuous.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { glueWithoutEval, isMujocoGlue } from '../../src/build/mujoco-glue-without-eval';
import { hopper } from '../../src/core/mujoco/hopper';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@mujoco/mujoco/mujoco.wasm'));
const original = join(pkgDir, 'mujoco.js');
const dir = mkdtempSync(join(tmpdir(), 'droil-glue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A rollout through the raw bindings: model from XML, names, a mass written into the model, controls, mj_step,
// state read back; printed as the hex of every float64 so "equal" means bitwise.
const RUNNER = String.raw`
const [glue, xmlFile] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const mj = await (await import(glue)).default();
const model = mj.MjModel.from_xml_string(readFileSync(xmlFile, 'utf8'));
const data = new mj.MjData(model);
const torso = mj.mj_name2id(model, mj.mjtObj.mjOBJ_BODY.value, 'torso');
model.body_mass[torso] = model.body_mass[torso] * 1.5;
const out = [];
for (let t = 0; t < 300; t++) {
  const ctrl = data.ctrl;
  for (let k = 0; k < model.nu; k++) ctrl[k] = Math.sin(0.05 * t + k);
  mj.mj_step(model, data);
  if (t % 10 === 9) out.push(...data.qpos, ...data.qvel);
}
const hex = Buffer.from(Float64Array.from(out).buffer).toString('hex');
data.delete(); model.delete();
process.stdout.write(JSON.stringify({ n: out.length, hex }));
`;

function run(glue: string, forbidEval: boolean): { status: number | null; stdout: string; stderr: string } {
  const script = join(dir, 'runner.mjs');
  writeFileSync(script, RUNNER);
  const xml = join(dir, 'hopper.xml');
  writeFileSync(xml, hopper.xml);
  const r = spawnSync(process.execPath, [...(forbidEval ? ['--disallow-code-generation-from-strings'] : []), script, glue, xml], { encoding: 'utf8', timeout: 50_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('MuJoCo glue without eval', () => {
  it('rewrites both embind sites and leaves no dynamic code', () => {
    const src = readFileSync(original, 'utf8');
    expect(src.match(/new Function/g)?.length).toBe(2);
    const out = glueWithoutEval(src);
    expect(out).not.toMatch(/new Function/);
    expect(out).toContain('function droilStaticInvoker(');
    expect(out).toContain('function droilStaticMethodCaller(');
    expect(isMujocoGlue(original)).toBe(true);
    expect(isMujocoGlue(`${original}?import`)).toBe(true);
    expect(isMujocoGlue(join(pkgDir, 'mt', 'mujoco.js').replace('mujoco.js', 'other.js'))).toBe(false);
  });

  it('refuses a glue whose sites changed (the build fails instead of shipping eval)', () => {
    const src = readFileSync(original, 'utf8');
    expect(() => glueWithoutEval(src.replace('var invokerFn = new Function(', 'var invokerFn = Function('))).toThrow(/glue changed/);
    expect(() => glueWithoutEval(`${src}\nnew Function('return 1');`)).toThrow(/still generates code/);
  });

  it('runs where code generation from strings is forbidden, bit for bit like the original glue', () => {
    const glue = join(dir, 'mujoco.js');
    writeFileSync(glue, glueWithoutEval(readFileSync(original, 'utf8')));
    symlinkSync(join(pkgDir, 'mujoco.wasm'), join(dir, 'mujoco.wasm'));

    const blocked = run(original, true);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toMatch(/EvalError|Code generation from strings disallowed/);

    const reference = run(original, false);
    expect(reference.status, reference.stderr).toBe(0);
    const rewritten = run(glue, true);
    expect(rewritten.status, rewritten.stderr).toBe(0);
    const a = JSON.parse(reference.stdout) as { n: number; hex: string };
    const b = JSON.parse(rewritten.stdout) as { n: number; hex: string };
    expect(a.n).toBe(30 * (hopper.spec.stateNames.length));
    expect(b.hex).toBe(a.hex);
    // The hopper moved (a rollout that stayed at rest would compare equal trivially).
    expect(new Set(a.hex.match(/.{16}/g)).size).toBeGreaterThan(100);
  });
});
