// The worst box's parameters as a setup field (boxParams): empty = the environment's default perturbed parameters
// (every existing link, saved setup and preset keeps its box); planEval takes the names from the field and refuses
// one the environment does not have in one line naming the field; the link carries it; a changed list changes the
// key of the box's pieces only (the page re-runs only the boxes); an environment switch clears it; `droil eval`
// and `droil bench` take it as --box-params, the same setting (defaulting to --perturb's parameters there).
import { describe, expect, it } from 'vitest';
import { decodeLink, defaultSetup, encodeLink, parseSetup, setupForEnv, type Setup } from '../../src/core/setup';
import { evalItems, itemCost, planEval } from '../../src/core/experiment/evaluate';
import { pieceKey } from '../../src/core/experiment/eval-cache';
import { benchEvalPlan } from '../../src/core/experiment/bench-eval';
import { parseGridFlags } from '../../src/cli/bench-flags';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';

const CARTPOLE = ['gravity', 'masscart', 'masspole', 'length', 'force_mag'];
/** CartPole-v1's default perturbed parameters, as its registry entry lists them (core/environments/cartpole.ts). */
const CARTPOLE_DEFAULTS = ['length', 'masspole', 'gravity', 'force_mag'];
const refusal = (env: string, name: string, valid: string[], where = 'boxParams') =>
  new RegExp(`^${where}: unknown parameter '${name}' for ${env} \\(valid: ${valid.join(', ')}\\)$`);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => '' };
  return { code: await main(argv, io), out, err };
}

describe('the box parameters (setup field boxParams)', () => {
  it("planEval's box takes the field's names; empty means the environment's defaults", () => {
    expect(defaultSetup.boxParams).toEqual([]);
    expect(planEval(defaultSetup).box!.params).toEqual(CARTPOLE_DEFAULTS);
    expect(planEval({ ...defaultSetup, boxParams: ['masscart', 'length'] }).box!.params).toEqual(['masscart', 'length']);
    const ant: Setup = setupForEnv(defaultSetup, 'Ant-v5');
    expect(planEval(ant).box!.params).toEqual(['torso_mass', 'mass_scale', 'friction', 'gear']);
    // Ant's box over one parameter: 2 corners and the centre instead of 16 and the centre, so its search costs less.
    const cheap = { ...ant, boxParams: ['friction'], boxRandomPoints: 0, boxRefineRounds: 0 };
    const full = { ...ant, boxRandomPoints: 0, boxRefineRounds: 0 };
    const box = { kind: 'box', memberId: 0 } as const;
    expect(planEval(cheap).box!.params).toEqual(['friction']);
    expect(itemCost(planEval(cheap), box)).toBeLessThan(itemCost(planEval(full), box) / 4);
  });

  it("refuses a name the environment does not have in one line naming the field and the valid names (a link, a kept setup); the setup itself stays loaded", () => {
    const { setup, message } = decodeLink('#boxParams=link_mass_2,length');
    expect(message).toBeUndefined();
    expect(setup.boxParams).toEqual(['link_mass_2', 'length']);
    expect(() => planEval(setup)).toThrow(refusal('CartPole-v1', 'link_mass_2', CARTPOLE));
    const kept = parseSetup({ ...defaultSetup, envId: 'Acrobot-v1', boxParams: ['length'] }, 'saved setup');
    expect(() => planEval(kept)).toThrow(refusal('Acrobot-v1', 'length',
      ['link_mass_1', 'link_mass_2', 'link_length_1', 'link_com_pos_1', 'link_com_pos_2', 'link_moi_1', 'link_moi_2', 'gravity', 'torque_scale']));
    // Not a name at all, or a name twice: the schema refuses it (the link's message names the field).
    expect(decodeLink('#boxParams=%3Cimg%3E').message).toMatch(/field 'boxParams\.0' must be a parameter name/);
    expect(decodeLink('#boxParams=length,length').message).toMatch(/field 'boxParams' lists a parameter twice/);
  });

  it('setups kept before the field existed (saved runs, project files) have no box parameters: the defaults, the same plan', () => {
    const old: Record<string, unknown> = { ...defaultSetup, envId: 'Pendulum-v1', worstBoxEps: 0.3 };
    delete old.boxParams;
    const s = parseSetup(old, 'saved setup');
    expect(s.boxParams).toEqual([]);
    expect(planEval(s).box).toEqual({ params: ['l', 'm', 'g', 'max_torque'], eps: 0.3, randomPoints: defaultSetup.boxRandomPoints, refineRounds: defaultSetup.boxRefineRounds });
  });

  it('travels in the link (left out when empty) and round-trips', () => {
    expect(encodeLink(defaultSetup)).toBe('');
    const s: Setup = { ...defaultSetup, boxParams: ['gravity', 'length'] };
    expect(encodeLink(s)).toBe('v=1&boxParams=gravity,length');
    expect(decodeLink(encodeLink(s))).toEqual({ setup: s, view: decodeLink('').view });
  });

  it('changes the key of the box pieces only: a re-evaluation re-runs the boxes and keeps every other piece', () => {
    const a = planEval(defaultSetup);
    const b = planEval({ ...defaultSetup, boxParams: ['length'] });
    const items = evalItems(a, [0, 1]);
    expect(evalItems(b, [0, 1])).toEqual(items);
    const changed = items.filter((it) => pieceKey(a, it, 'policy') !== pieceKey(b, it, 'policy')).map((it) => it.kind);
    expect(changed).toEqual(['box', 'box']);
  });

  it("is cleared by an environment switch, as the swept parameter and the shift are (its names are the old environment's)", () => {
    const s = setupForEnv({ ...defaultSetup, boxParams: ['length'], evalParam: 'length', evalShift: { length: 2 } }, 'Acrobot-v1');
    expect([s.boxParams, s.evalParam, s.evalShift]).toEqual([[], '', {}]);
    expect(planEval(s).box!.params).toEqual(['link_mass_1', 'link_mass_2', 'gravity', 'torque_scale']);
  });
});

describe('--box-params (droil bench, droil eval): the same setting', () => {
  it("droil bench: the flag is the setup's field; without it the box takes --perturb's parameters, else the defaults", async () => {
    const base = ['--env', 'CartPole-v1', '--demos', '1', '--worst-box', '0.2'];
    const given = await parseGridFlags([...base, '--box-params', 'gravity,length', '--perturb', 'masspole=0.5,2']);
    expect(given.spec.setup.boxParams).toEqual(['gravity', 'length']);
    expect(given.spec.axes.boxParams!('CartPole-v1')).toEqual(['gravity', 'length']);
    // The cell's plan: the field's box, the same as planEval of the grid's setup.
    const cell = benchEvalPlan(given.spec, given.spec.setup, 0, 0);
    expect(cell.box!.params).toEqual(planEval(given.spec.setup).box!.params);
    expect((given.settings.worstBox as { params: unknown }).params).toEqual({ 'CartPole-v1': ['gravity', 'length'] });

    const perturbed = await parseGridFlags([...base, '--perturb', 'masspole=0.5,2']);
    expect(perturbed.spec.setup.boxParams).toEqual([]);
    expect(perturbed.spec.axes.boxParams!('CartPole-v1')).toEqual(['masspole']);
    const plain = await parseGridFlags(base);
    expect(plain.spec.axes.boxParams!('CartPole-v1')).toEqual(CARTPOLE_DEFAULTS);

    await expect(parseGridFlags([...base, '--box-params', 'gravity,foo'])).rejects.toThrow(refusal('CartPole-v1', 'foo', CARTPOLE, '--box-params'));
    await expect(parseGridFlags([...base, '--box-params='])).rejects.toThrow(/^--box-params: expected at least one parameter name$/);
    // Checked on every environment of the grid, with or without a box (its setup carries the names to each cell).
    await expect(parseGridFlags(['--env', 'CartPole-v1,Acrobot-v1', '--demos', '1', '--box-params', 'length'])).rejects.toThrow(/^--box-params: unknown parameter 'length' for Acrobot-v1/);
    // A link's field reaches the grid of `droil bench --setup` as it reaches the page's plan.
    const fromLink = await parseGridFlags(['--setup', '#boxParams=force_mag&worstBoxEps=0.3']);
    expect(fromLink.spec.axes.boxParams!('CartPole-v1')).toEqual(['force_mag']);
  });

  it('droil eval: the box over the named parameters, over --perturb\'s without the flag', async () => {
    const common = ['eval', '--env', 'CartPole-v1', '--policy', 'expert', '--episodes', '1', '--worst-box', '0.2', '--box-random', '0', '--box-rounds', '0', '--json'];
    const named = await run([...common, '--box-params', 'gravity']);
    expect(named.code, named.err).toBe(0);
    expect(JSON.parse(named.out).worstBox.params).toEqual(['gravity']);
    expect(JSON.parse(named.out).worstBox.evaluated).toBe(3); // 2 corners and the centre
    const swept = await run([...common, '--perturb', 'masspole=0.5,2']);
    expect(JSON.parse(swept.out).worstBox.params).toEqual(['masspole']);
    const bad = await run([...common, '--box-params', 'gravity,foo']);
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim()).toMatch(/--box-params: unknown parameter 'foo' for CartPole-v1 \(valid: gravity, masscart, masspole, length, force_mag\)$/);
  });
});
