/**
 * The layering rules of the source tree, checked on the import statements themselves:
 * no runtime import cycles; `src/fs` imports only Node built-ins and itself; each layer imports only
 * from the layers below it; and no package is loaded by an entry point that may not load it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Runtime imports of a module: type-only imports are erased and do not count. */
function runtimeImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  const statement =
    /^(?:import|export)\s+(type\s+)?[^'"]*?\sfrom\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm;
  for (const match of code.matchAll(statement)) {
    if (match[1] !== undefined) continue;
    specifiers.push(match[2] ?? match[3]);
  }
  for (const match of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

const files = sourceFiles(src);
const rel = (file: string) => relative(src, file).replaceAll('\\', '/');
const layerOf = (file: string) => rel(file).split('/')[0];

function resolveLocal(from: string, specifier: string): string {
  return resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
}

const graph = new Map(
  files.map((file) => [
    file,
    runtimeImports(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveLocal(file, s)),
  ]),
);

describe('architecture', () => {
  test('there are no runtime import cycles', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test('every local import resolves to a source file', () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => !graph.has(target))
        .map((target) => `${rel(file)} → ${relative(src, target)}`),
    );
    expect(missing).toEqual([]);
  });

  test('the engine (src/fs) imports only Node built-ins and itself', () => {
    const offending = files
      .filter((file) => layerOf(file) === 'fs')
      .flatMap((file) =>
        runtimeImports(file)
          .filter((s) => (s.startsWith('.') ? layerOf(resolveLocal(file, s)) !== 'fs' : !isBuiltin(s)))
          .map((s) => `${rel(file)} imports ${s}`),
      );
    expect(offending).toEqual([]);
  });

  test('layers import only from the layers below them', () => {
    const allowed: Record<string, string[]> = {
      fs: ['fs'],
      snapshot: ['fs', 'snapshot'],
      fixtures: ['fs', 'snapshot', 'fixtures'],
      sqlite: ['fs', 'snapshot', 'sqlite'],
      'node-fs': ['fs', 'node-fs'],
    };
    const offending = files
      .filter((file) => layerOf(file) in allowed)
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter((target) => !allowed[layerOf(file)].includes(layerOf(target)))
          .map((target) => `${rel(file)} → ${relative(src, target)}`),
      );
    expect(offending).toEqual([]);
  });

  test('the dmemfs entry loads no package at all, only Node built-ins', () => {
    const reached = reachable(join(src, 'index.ts'));
    const packages = [...reached].flatMap((file) =>
      runtimeImports(file)
        .filter((s) => !s.startsWith('.') && !isBuiltin(s))
        .map((s) => `${rel(file)} imports ${s}`),
    );
    expect(packages).toEqual([]);
  });
});

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file) ?? []));
  }
  return seen;
}
