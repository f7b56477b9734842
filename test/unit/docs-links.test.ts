// Every relative link in README.md and docs/**/*.md points at a file or directory that exists (links into
// docs/results/ break when result files are moved, compressed or removed: docs/results/README.md).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function markdownUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? markdownUnder(p) : f.endsWith('.md') ? [p] : [];
  });
}

/** Inline links and images `[text](target "title")` and reference definitions `[label]: target`, outside code. */
function relativeLinks(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]),
  ];
  return targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(t)).map((t) => decodeURIComponent(t.replace(/[#?].*$/, ''))).filter((t) => t !== '');
}

describe('documentation links', () => {
  it('finds links, images and reference definitions and leaves out code, URLs and anchors', () => {
    const md = '[a](docs/x.md#part) ![i](pic.png "title") [b](https://example.org) [c](#local)\n' +
      '`[d](not-a-link.md)`\n```\n[e](in-a-block.md)\n```\n[ref]: results/README.md\n[f](my%20file.md)';
    expect(relativeLinks(md)).toEqual(['docs/x.md', 'pic.png', 'my file.md', 'results/README.md']);
  });

  it('every relative link in README.md and docs/**/*.md resolves', () => {
    const files = [join(root, 'README.md'), ...markdownUnder(join(root, 'docs'))];
    const broken = files.flatMap((f) => relativeLinks(readFileSync(f, 'utf8'))
      .filter((t) => !existsSync(t.startsWith('/') ? join(root, t) : join(dirname(f), t)))
      .map((t) => `${relative(root, f)}: ${t}`));
    expect(files.length).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });
});
