/**
 * Every package entry point (`exports` in package.json) is importable by name inside the repository
 * (`paths` in tsconfig.json, which tsx also honours, so examples and README snippets run without a
 * build) and is an entry point of the API reference, which TypeDoc builds, with the guides in
 * `docs/` and the tutorials, without a warning.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { describeRun, repository, runNode } from './run-node.js';

/** Package subpath (`dmemfs/archive`) → its source file (`src/snapshot/archive/index.ts`). */
function packageEntries(): Map<string, string> {
  const { name, exports } = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { default: string }>;
  };
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(exports)) {
    const file = typeof target === 'string' ? target : target.default;
    if (!file.startsWith('./dist/')) continue; // ./package.json
    entries.set(
      subpath === '.' ? name : `${name}/${subpath.slice(2)}`,
      file
        .replace(/^\.\/dist\//, 'src/')
        .replace(/\.js$/, '.ts')
        .replace(/\.cjs$/, '.cts'),
    );
  }
  return entries;
}

function jsonc(file: string): Record<string, unknown> {
  const { config, error } = ts.readConfigFile(join(repository, file), ts.sys.readFile);
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return config;
}

describe('package entry points', () => {
  const entries = packageEntries();

  test('are known', () => {
    expect([...entries.keys()]).toEqual(
      expect.arrayContaining(['dmemfs', 'dmemfs/archive', 'dmemfs/sqlite']),
    );
  });

  test('resolve by name to their sources inside the repository', () => {
    const { paths } = (jsonc('tsconfig.json').compilerOptions ?? {}) as { paths?: Record<string, string[]> };
    const mapped = Object.fromEntries(
      Object.entries(paths ?? {}).map(([name, [target]]) => [name, target.replace(/^\.\//, '')]),
    );
    expect(mapped).toEqual(Object.fromEntries(entries));
  });

  test('are the entry points of the API reference, each named after its import', () => {
    const { entryPoints } = jsonc('typedoc.json') as { entryPoints: string[] };
    expect([...entryPoints].sort()).toEqual([...entries.values()].sort());
    for (const [name, file] of entries) {
      expect(readFileSync(join(repository, file), 'utf8')).toMatch(new RegExp(`^ \\* @module ${name}$`, 'm'));
    }
  });

  test('the API reference builds from TSDoc, with the guides and tutorials, without a warning', async () => {
    // Written for real (into a scratch directory): TypeDoc checks the anchors of links between
    // documents only when it renders them.
    const out = mkdtempSync(join(tmpdir(), 'dmemfs-api-reference-'));
    try {
      const run = await runNode([join(repository, 'node_modules/typedoc/bin/typedoc'), '--out', out]);
      expect(run.code, describeRun(run)).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/warning|error/i);
      expect(readdirSync(join(out, 'documents'))).toEqual(
        expect.arrayContaining(['docs_testing.html', 'examples_ci-failure-export.html']),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
