// The share link: every field of the setup schema round-trips (found from the schema itself, so a field
// added today is covered with no change here), the compressed and readable forms decode alike, and
// mutated or hostile links never throw: they give the defaults, no teaching run, and a message.
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { z } from 'zod';
import {
  decodeLink, DEFAULT_RHO, defaultSetup, defaultView, encodeLink, RHO_MAX, HIDEABLE, LINK_FIELDS, LINK_VERSION, MAX_LINK_CHARS, parseSetup, setupFromHash,
  setupSchema, setupToHash, type Setup,
} from '../../src/core/setup';
import { Rng } from '../../src/core/rng';

/** Candidate values for a field, read from its schema (zod's public classes) and its default; the valid ones are kept. */
function candidates(key: keyof Setup): unknown[] {
  const t = setupSchema.shape[key] as z.ZodType;
  const v0 = defaultSetup[key] as unknown;
  const nums = (x: number) => [x + 1, x * 2, x / 2, x * 1.37, x + 0.123456789, 1, 2, 0.5, 0.25, 0, 3, 7, 0.9, 0.01, 1e-4, 100, 12345, 2 ** 31 - 2];
  if (t instanceof z.ZodNumber) return nums(v0 as number);
  if (t instanceof z.ZodBoolean) return [!v0];
  if (t instanceof z.ZodEnum) return [...t.options];
  if (t instanceof z.ZodString) return ['length', 'a b&c=d#%,:/é', 'x'];
  if (t instanceof z.ZodArray) {
    if (t.element instanceof z.ZodEnum) {
      const opts = [...(t.element as z.ZodEnum).options];
      return [...opts.map((o) => [o]), opts, opts.slice(1), [opts[0], opts[opts.length - 1]], opts.slice().reverse()];
    }
    if (t.element instanceof z.ZodString) return [['length'], ['gravity', 'masspole'], ['a_b', 'x.y'], ['length', 'gravity', 'force_mag']];
    const a = v0 as number[];
    return [[...a, 1.5], a.slice(0, 1), [0.3], [0, 0.05, 4.9], [1, 2]];
  }
  if (t instanceof z.ZodRecord) return [{ gravity: 14.7 }, { a_b: 1.5, 'x.y': 2e-3 }, { length: 0.25, masspole: 3 }];
  if (key === 'demos') return [{ kind: 'builtin', episodes: 3, seed: 7 }, { kind: 'builtin', episodes: 200, seed: 2 ** 31 - 1 }, { kind: 'upload', fileName: 'my demos & more #2.h5' }];
  return [];
}

function validWith(key: keyof Setup, value: unknown): boolean {
  try { parseSetup({ ...defaultSetup, [key]: value }); return true; } catch { return false; }
}

const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
const keys = Object.keys(defaultSetup) as (keyof Setup)[];

const validCandidates = new Map(keys.map((k) => [k, candidates(k).filter((v) => validWith(k, v))]));

function randomSetup(rng: Rng): Setup {
  for (;;) {
    const s: Record<string, unknown> = { ...defaultSetup };
    for (const key of keys) {
      if (rng.next() < 0.4) continue;
      const ok = validCandidates.get(key)!;
      if (ok.length) s[key] = ok[rng.int(ok.length)];
    }
    try { return parseSetup(s); } catch { /* a cross-field rule (e.g. the factor range): draw again */ }
  }
}

describe('the share link', () => {
  it("has a line in its field table for every field of the schema, of the schema's type", () => {
    expect(Object.keys(LINK_FIELDS).sort()).toEqual(Object.keys(setupSchema.shape).sort());
    for (const [key, kind] of Object.entries(LINK_FIELDS)) {
      const t = setupSchema.shape[key as keyof Setup] as z.ZodType;
      const is = {
        number: t instanceof z.ZodNumber,
        string: t instanceof z.ZodString || t instanceof z.ZodEnum,
        'number[]': t instanceof z.ZodArray && t.element instanceof z.ZodNumber,
        'string[]': t instanceof z.ZodArray && (t.element instanceof z.ZodEnum || t.element instanceof z.ZodString),
        record: t instanceof z.ZodRecord && t.valueType instanceof z.ZodNumber,
        demos: key === 'demos' && t instanceof z.ZodDiscriminatedUnion,
      }[kind];
      expect(is, `${key}: ${kind}`).toBe(true);
    }
  });

  it('round-trips every field of the schema, one at a time and in each of its valid forms', () => {
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      const ok = candidates(key).filter((v) => differs(v, defaultSetup[key]) && validWith(key, v));
      // A field whose type this test cannot make a value for fails here, by name.
      expect(ok.length, `no non-default valid value for field '${key}': add candidates`).toBeGreaterThan(0);
      for (const v of ok) {
        const s = { ...defaultSetup, [key]: v } as Setup;
        const hash = encodeLink(s);
        expect(decodeLink(hash), `${key} = ${JSON.stringify(v)}`).toEqual({ setup: s, view: defaultView });
        expect(decodeLink('#' + hash).setup).toEqual(s);
        // the setup part alone, readable
        expect(setupFromHash(setupToHash(s))).toEqual(s);
      }
    }
  });

  it('round-trips 200 random setups in both the readable and the compressed form, with the view options', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const s = randomSetup(rng);
      const view = { teach: rng.next() < 0.5, embed: rng.next() < 0.5, hide: HIDEABLE.filter(() => rng.next() < 0.3), rho: [DEFAULT_RHO, 0, 0.05, 2, RHO_MAX][rng.int(5)] };
      const hash = encodeLink(s, view);
      expect(decodeLink(hash)).toEqual({ setup: s, view });
      const readable = setupToHash(s);
      const forcedZ = `v=${LINK_VERSION}&z=${compressToEncodedURIComponent(readable)}`;
      const forcedR = `v=${LINK_VERSION}&${readable}`;
      expect(decodeLink(forcedZ).setup).toEqual(s);
      expect(decodeLink(forcedR).setup).toEqual(s);
      // the link picks the shorter form
      expect(encodeLink(s).length).toBeLessThanOrEqual(Math.min(forcedZ.length, forcedR.length));
    }
  });

  it('compresses when that is shorter (a long, repetitive setup) and restores it exactly', () => {
    const s: Setup = { ...defaultSetup, demos: { kind: 'upload', fileName: `course-2026/week-3/${'cartpole demos, heavy pole, '.repeat(6)}.h5` },
      rhoSweep: [0.011111, 0.022222, 0.033333, 0.044444, 0.055555, 0.066666, 0.077777, 0.088888] };
    const hash = encodeLink(s, { teach: true });
    expect(hash).toMatch(/^v=1&z=[A-Za-z0-9+\-$]+&teach=1$/);
    expect(hash.length).toBeLessThan(setupToHash(s).length);
    expect(decodeLink(hash)).toEqual({ setup: s, view: { ...defaultView, teach: true } });
  });

  it("carries the slider's radius as view state beside the setup; links from when it was a setup field still open with it", () => {
    expect(Object.keys(defaultSetup)).not.toContain('rho');
    const s: Setup = { ...defaultSetup, algos: ['bc', 'dro-bc'] };
    expect(encodeLink(s, { rho: 2 })).toBe('v=1&algos=bc,dro-bc&rho=2');
    expect(encodeLink(defaultSetup, { rho: DEFAULT_RHO })).toBe('');
    expect(decodeLink('rho=0.5')).toEqual({ setup: defaultSetup, view: { ...defaultView, rho: 0.5 } });
    // An older link: rho among the setup's pairs, readable or compressed (the shape encodeLink wrote then).
    expect(decodeLink('#v=1&algos=bc,dro-bc&rho=0.5&steps=200')).toEqual({ setup: { ...s, steps: 200 }, view: { ...defaultView, rho: 0.5 } });
    const old = `v=1&z=${compressToEncodedURIComponent('envId=Acrobot-v1&algos=bc,dro-bc&rho=3&rhoSweep=0.5,3&steps=500')}&teach=1`;
    expect(decodeLink(old)).toEqual({ setup: { ...s, envId: 'Acrobot-v1', rhoSweep: [0.5, 3], steps: 500 }, view: { ...defaultView, teach: true, rho: 3 } });
    // Out of the slider's range, twice, or not a decimal: the link's one-line message names it.
    for (const bad of ['rho=9', 'rho=-1', 'rho=0x1', 'rho=0.5&rho=2', `v=1&z=${compressToEncodedURIComponent('rho=1')}&rho=2`]) {
      const r = decodeLink(bad);
      expect(r.message, bad).toMatch(/field 'rho'/);
      expect(r.view, bad).toEqual(defaultView);
    }
  });

  it('writes the defaults as an empty link and short setups readably', () => {
    expect(encodeLink(defaultSetup)).toBe('');
    expect(decodeLink('')).toEqual({ setup: defaultSetup, view: defaultView });
    expect(encodeLink({ ...defaultSetup, steps: 200, algos: ['bc', 'dro-bc'] })).toBe('v=1&algos=bc,dro-bc&steps=200');
    expect(encodeLink(defaultSetup, { teach: true, embed: true, hide: ['controls', 'upload'] })).toBe('teach=1&embed=1&hide=controls,upload');
  });

  it('refuses bad, newer, oversized and hostile links with the defaults and a message naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['#steps=lots', /field 'steps'/],
      ['#colour=red', /unknown field 'colour'/],
      ['#algos=', /field 'algos' choose at least one algorithm/],
      ['#v=99&steps=200', /newer version/],
      ['#v=x', /field 'v'/],
      // what docs/sharing.md says links refuse (issue 18)
      ['#batch=0x10', /field 'batch' expected a decimal number \(found '0x10'\)/],
      ['#lr=Infinity', /field 'lr' expected a decimal number/],
      ['#lr=1e308', /field 'lr' must be a finite number within \+-1000000000000000/],
      ['#clip=9007199254740993', /field 'clip' must be a finite number within/],
      ['#algos=bc,bc,bc', /field 'algos' lists an algorithm twice/],
      ['#rhoSweep=0.5,0.5', /field 'rhoSweep' lists a radius twice/],
      ['#steps=100&steps=200', /field 'steps' appears twice/],
      ['#params={"__proto__":{"x":1}}', /field 'params' holds the key '__proto__'/],
      ['#params=__proto__:1', /field 'params' expected name:value pairs/],
      ['#evalShift={"<img src=x>":2}', /field 'evalShift/],
      ['#evalParam=%3Cscript%3E', /field 'evalParam' must be a parameter name/],
      ['#demos={"kind":"upload","fileName":"<img src=x onerror=alert(1)>.h5"}', /field 'demos\.fileName' must not hold control characters or markup/],
      ['#demos=upload:a%0Ab.h5', /field 'demos\.fileName' must not hold control characters/],
      ['#z=%%%', /%-encoded/],
      ['#z=abc', /field 'z'/],
      ['#hide=everything', /field 'hide'/],
      ['#teach=maybe', /field 'teach'/],
      ['#__proto__=1', /unknown field '__proto__'/],
      ['#constructor=1', /unknown field 'constructor'/],
      ['#params=__proto__:1', /field 'params'/],
      ['#demos=%7B%22kind%22:%22script%22%7D', /field 'demos/],
      ['#steps=' + '9'.repeat(MAX_LINK_CHARS), /characters long/],
      [`#z=${compressToEncodedURIComponent('teach=1')}`, /setup fields only/],
      [`#z=${compressToEncodedURIComponent('steps=' + '1'.repeat(40_000))}`, /expands to more than/],
    ];
    for (const [hash, re] of cases) {
      const r = decodeLink(hash + '&teach=1');
      expect(r.setup, hash).toBe(defaultSetup);
      expect(r.view, hash).toEqual(defaultView);
      expect(r.message, hash).toMatch(re);
      expect(r.message).toMatch(/defaults are loaded/);
      expect(r.message!.length).toBeLessThan(1200);
    }
  });

  it('gives no throw for 600 mutated and hostile hashes: either a valid setup, or the defaults and a message', () => {
    const rng = new Rng(2026);
    const bases = Array.from({ length: 30 }, () => encodeLink(randomSetup(rng), { teach: true, hide: ['controls'] }));
    bases.push('steps=30&evalEpisodes=2&evalPoints=3&rhoSweep=0.2,2');
    const hostile = ['<img src=x onerror=alert(1)>', 'javascript:alert(1)', '__proto__', 'constructor', 'toString', '1e309', 'NaN', '-1',
      'Infinity', '%', '%zz', '%E0%A4%A', '\u0000', '\uD800', '{"__proto__":{"x":1}}', '[1,', 'A'.repeat(5000), '0x10', ' 5 ', '1_000'];
    const alphabet = '&=%#,:{}[]"\'\\<>/ +-.0123456789eEazZ_\u00e9\u4e2d';
    // A lone surrogate cannot be %-encoded: it goes in raw.
    const esc = (x: string) => { try { return encodeURIComponent(x); } catch { return x; } };
    const mutate = (h: string): string => {
      const i = rng.int(h.length + 1);
      switch (rng.int(8)) {
        case 0: return h.slice(0, i) + h.slice(i + 1 + rng.int(8));
        case 1: return h.slice(0, i) + alphabet[rng.int(alphabet.length)] + h.slice(i);
        case 2: { const pairs = h.split('&'); const k = rng.int(pairs.length); const eq = pairs[k].indexOf('=');
          pairs[k] = (eq < 0 ? pairs[k] : pairs[k].slice(0, eq)) + '=' + esc(hostile[rng.int(hostile.length)]); return pairs.join('&'); }
        case 3: { const pairs = h.split('&'); const k = rng.int(pairs.length); const eq = pairs[k].indexOf('=');
          pairs[k] = hostile[rng.int(hostile.length)] + (eq < 0 ? '' : pairs[k].slice(eq)); return pairs.join('&'); }
        case 4: return h.slice(0, i);
        case 5: return h + '&' + h;
        case 6: return h.repeat(1 + rng.int(400));
        default: return h.slice(0, i) + String.fromCharCode(rng.int(0x3000)) + h.slice(i);
      }
    };
    let accepted = 0, refused = 0;
    for (let n = 0; n < 600; n++) {
      let h = bases[rng.int(bases.length)];
      for (let k = 1 + rng.int(3); k > 0; k--) h = mutate(h);
      const r = decodeLink(h);
      if (r.message) {
        refused++;
        expect(r.setup).toBe(defaultSetup);
        expect(r.view).toEqual(defaultView);
      } else {
        accepted++;
        expect(parseSetup(r.setup)).toEqual(r.setup);
        // what was accepted is stable: it encodes back to a link that decodes to the same
        expect(decodeLink(encodeLink(r.setup, r.view))).toEqual({ setup: r.setup, view: r.view });
      }
    }
    expect(refused).toBeGreaterThan(100);
    // Fewer mutations survive since links refuse repeated fields and items (h + '&' + h) and non-decimal numbers.
    expect(accepted).toBeGreaterThan(10);
  });
});
