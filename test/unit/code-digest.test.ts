// The code digest a grid's manifest records (src/cli/code-digest.ts): it names the bytes of src/core, src/cli
// and package-lock.json, so any change there (a model, an expert's data, a pinned version) gives another
// digest, and nothing else does (docs, tests, the page).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDigest } from '../../src/cli/code-digest';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'droil-code-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const BASE = {
  'src/core/envs/cartpole.ts': 'export const g = 9.8;\n',
  'src/core/mujoco/experts-data/x.json': '{"w":[1,2]}\n',
  'src/cli/main.ts': 'export {};\n',
  'package-lock.json': '{"lockfileVersion":3}\n',
  'src/ui/App.tsx': 'export {};\n',
  'docs/README.md': '# docs\n',
};

describe('codeDigest', () => {
  it('is 16 hex digits, the same for the same bytes wherever the checkout is', () => {
    const a = codeDigest(tree(BASE)), b = codeDigest(tree(BASE));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(codeDigest()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with any byte, name or file of src/core, src/cli or package-lock.json, and with nothing else', () => {
    const base = codeDigest(tree(BASE));
    const changed: Record<string, string>[] = [
      { ...BASE, 'src/core/envs/cartpole.ts': 'export const g = 9.81;\n' },
      { ...BASE, 'src/core/mujoco/experts-data/x.json': '{"w":[1,3]}\n' },
      { ...BASE, 'src/cli/main.ts': 'export {}; \n' },
      { ...BASE, 'package-lock.json': '{"lockfileVersion":2}\n' },
      { ...BASE, 'src/core/envs/new.ts': '' },
    ];
    const renamed: Record<string, string> = { ...BASE, 'src/core/envs/cart.ts': BASE['src/core/envs/cartpole.ts'] };
    delete renamed['src/core/envs/cartpole.ts'];
    changed.push(renamed);
    const digests = changed.map((t) => codeDigest(tree(t)));
    for (const d of digests) expect(d).not.toBe(base);
    expect(new Set(digests).size).toBe(digests.length);
    expect(codeDigest(tree({ ...BASE, 'src/ui/App.tsx': 'export const x = 1;\n', 'docs/README.md': '# other\n', 'test/a.test.ts': '' }))).toBe(base);
  });
});
