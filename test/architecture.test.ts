/**
 * The layering of docs/architecture.md, held against the code: every import between the
 * folders of src/ (static or `import()`) must go down the table below, and no two folders
 * may import each other, directly or round a longer loop. The kernel in particular imports
 * nothing but src/expr — it is what `proved` rests on — and a notation family nothing but
 * src/expr and its own folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = resolve('src');

/** Each layer and the layers it may import (besides itself). `(root)` is src/*.ts. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  '(root)': ['expr'],
  expr: [],
  kernel: ['expr'],
  document: ['expr', '(root)'],
  notation: ['expr', '(root)'],
  numeric: ['kernel', 'expr', 'notation', '(root)'],
  search: ['kernel', 'notation', 'expr', '(root)'],
  check: ['document', 'notation', 'search', 'kernel', 'numeric', 'expr', '(root)'],
  render: ['check', 'notation', 'expr', '(root)'],
  batch: ['check', 'render', 'document', 'expr', '(root)'],
  cli: ['batch', 'render', 'check', 'search', 'document', 'notation', 'expr', '(root)'],
  vitest: ['cli', 'batch', 'render', 'check', 'document', 'expr', '(root)'],
  /** src/index.ts: the library API, on top of everything. */
  api: ['cli', 'vitest', 'batch', 'render', 'check', 'search', 'numeric', 'notation', 'document', 'kernel', 'expr', '(root)'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The layer a file of src/ belongs to. */
const layerOf = (file: string): string => {
  const rel = relative(SRC, file).replace(/\.js$/, '.ts');
  if (rel === 'index.ts') return 'api';
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '(root)';
};

/** Relative module specifiers a file imports, statically or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

interface Edge { readonly file: string; readonly from: string; readonly to: string }

/** The imports that go against the table. */
const againstTable = (es: readonly Edge[]): string[] =>
  es.filter((e) => !(MAY_IMPORT[e.from] ?? []).includes(e.to)).map((e) => `${e.file} imports ${e.to}`);

/** Every loop between folders, as "a → b → a". */
function loops(es: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of es) next.set(e.from, new Set([...(next.get(e.from) ?? []), e.to]));
  const found = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    if (path.includes(node)) { found.add([...path.slice(path.indexOf(node)), node].join(' → ')); return; }
    for (const n of next.get(node) ?? []) visit(n, [...path, node]);
  };
  for (const start of next.keys()) visit(start, []);
  return [...found];
}

const edges: Edge[] = sources(SRC).flatMap((file) => importsOf(file).map((spec) => ({
  file: relative(SRC, file), from: layerOf(file), to: layerOf(resolve(dirname(file), spec)),
}))).filter((e) => e.from !== e.to);

describe('the layering of src/ (docs/architecture.md)', () => {
  test('every folder of src/ has a row in the table', () => {
    const folders = new Set(sources(SRC).map(layerOf));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  test('every import goes down the table', () => {
    expect(againstTable(edges)).toEqual([]);
  });

  test('the kernel imports only itself and src/expr', () => {
    expect(edges.filter((e) => e.from === 'kernel' && e.to !== 'expr').map((e) => e.file)).toEqual([]);
    const outside = sources(join(SRC, 'kernel')).flatMap((f) => readFileSync(f, 'utf8').match(/from ['"](?!\.|node:)[^'"]+['"]/g) ?? []);
    expect(outside).toEqual([]);
  });

  test('a notation family imports only src/expr and its own folder: the parser, printer and evaluator it reaches through ports', () => {
    const families = join(SRC, 'notation', 'families');
    const vocabulary = join(SRC, 'notation', 'tokens.ts');
    const outside = sources(families).flatMap((file) => importsOf(file)
      .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'))
      .filter((target) => !target.startsWith(`${families}/`) && layerOf(target) !== 'expr' && target !== vocabulary)
      .map((target) => `${relative(SRC, file)} imports ${relative(SRC, target)}`));
    expect(sources(families).length).toBeGreaterThan(2);
    expect(outside).toEqual([]);
  });

  test('no loop between folders', () => {
    expect(loops(edges)).toEqual([]);
  });

  test('the checks catch a wrong import and a loop', () => {
    const made: Edge[] = [
      { file: 'kernel/replay.ts', from: 'kernel', to: 'search' },
      { file: 'search/index.ts', from: 'search', to: 'kernel' },
    ];
    expect(againstTable(made)).toEqual(['kernel/replay.ts imports search']);
    expect(loops(made).length).toBeGreaterThan(0);
  });
});
