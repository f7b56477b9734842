// The source's import graph (ARCHITECTURE.md, issue 21): no import circles, and no import up the layers
// (core knows nothing of the worker, the page or the CLI; the worker nothing of the page; classic-control
// environments nothing of MuJoCo). Imports are read with TypeScript's own pre-processor, type imports included.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The project files a file imports (relative specifiers only; packages are not part of the graph). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), fileName.replace(/\?.*$/, ''));
    const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
    if (hit && /\.tsx?$/.test(hit)) out.push(hit);
  }
  return out;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(SRC, f);

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
function circles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), on = new Set<string>(), stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(rel(w)); } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(comp.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return found;
}

describe('the import graph of src/', () => {
  it('reads a real graph (sanity: the CLI reaches the core)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get(join(SRC, 'cli/main.ts'))!.map(rel)).toContain('core/errors.ts');
  });

  it('has no import circles', () => {
    expect(circles()).toEqual([]);
  });

  it('never imports up the layers', () => {
    // [importer prefix, imported prefix it must not reach]
    const forbidden: [string, string][] = [
      ['core/', 'ui/'], ['core/', 'worker/'], ['core/', 'cli/'],
      ['worker/', 'ui/'], ['worker/', 'cli/'], ['cli/', 'ui/'], ['cli/', 'worker/'],
      ['core/envs/', 'core/mujoco/'],
    ];
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) {
        for (const [from, to] of forbidden) if (rel(f).startsWith(from) && rel(d).startsWith(to)) bad.push(`${rel(f)} -> ${rel(d)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
