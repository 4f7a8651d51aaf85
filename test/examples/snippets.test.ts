/**
 * The code in the documentation cannot drift from the API:
 *
 * - every TypeScript block of `README.md` is type-checked, as a module of one virtual project, under
 *   the repository's `tsconfig.json` (so `dmemfs` resolves by name, as in the examples);
 * - the blocks that are whole programs using only dmemfs and Node built-ins also run, and what each
 *   `console.log(...) // output` prints must be what its comment says;
 * - every TypeScript block of a tutorial `examples/<name>.md` must appear, verbatim, in
 *   `examples/<name>.ts`, which `tsc` type-checks and `examples.test.ts` runs.
 *
 * See `markdown-snippets.ts` for the hidden directives a README block may carry.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import { consoleExpectations, matchesOutput } from './console-expectations.js';
import { dedent, parseSnippets, type SnippetModule } from './markdown-snippets.js';
import { describeRun, repository, runTypeScript } from './run-node.js';
import { repositoryCompilerOptions, type SnippetDiagnostic, typeCheck } from './type-check.js';

const readme = parseSnippets(readFileSync(join(repository, 'README.md'), 'utf8')).modules;
// Virtual: the files are never written, but sit inside the repository so packages resolve.
const virtualRoot = join(repository, 'test/examples/.readme-snippets');
const entries = readme.map((module) => ({
  ...module,
  fileName: join(virtualRoot, module.path),
  label: `README.md:${module.line} (${module.path})`,
}));
const checked = entries.filter((entry) => entry.fragment === undefined);
const fragments = entries.filter((entry) => entry.fragment !== undefined);

/** Imported module specifiers of a module. */
function importsOf(module: SnippetModule): string[] {
  return ts.preProcessFile(module.code, true, true).importedFiles.map((file) => file.fileName);
}

/** A whole program that needs nothing but dmemfs and Node itself, so it can run anywhere. */
const isSelfContained = (module: SnippetModule) =>
  module.runnable && importsOf(module).every((name) => /^(dmemfs(\/[\w-]+)?|node:.+)$/.test(name));

let diagnostics: SnippetDiagnostic[] | undefined;
/** The program's errors, computed once for all the blocks (about two seconds). */
function diagnosticsOf(fileName: string | undefined): string[] {
  diagnostics ??= typeCheck(
    checked.map((entry) => ({ fileName: entry.fileName, module: entry })),
    repositoryCompilerOptions(repository),
  );
  return diagnostics
    .filter((diagnostic) =>
      fileName === undefined ? diagnostic.documentLine === 0 : diagnostic.fileName === fileName,
    )
    .map(
      (diagnostic) =>
        `README.md:${diagnostic.documentLine}${diagnostic.hidden ? ' (hidden context)' : ''}: ${diagnostic.message}`,
    );
}

const scratch = mkdtempSync(join(tmpdir(), 'dmemfs-readme-snippets-'));
// Snippets are ES modules (top-level await), as in the projects of the README's readers.
writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README.md', () => {
  test('has TypeScript blocks, and few of them are left unchecked', () => {
    expect(checked.length).toBeGreaterThan(10);
    expect(fragments.length).toBeLessThanOrEqual(2);
  });

  test('the snippet program has no global errors', () => {
    expect(diagnosticsOf(undefined)).toEqual([]);
  });

  test.each(checked.map((entry) => [entry.label, entry] as const))('%s type-checks', (_, { fileName }) => {
    expect(diagnosticsOf(fileName)).toEqual([]);
  });

  test.skip.each(fragments.map((entry) => `${entry.label}, a fragment: ${entry.fragment}`))('%s', () => {});

  test.each(entries.filter(isSelfContained).map((entry) => [entry.label, entry] as const))(
    '%s runs and prints what it says',
    async (_, module) => {
      const directory = mkdtempSync(join(scratch, 'run-'));
      const file = join(directory, module.path.replaceAll('/', '-'));
      writeFileSync(file, module.code);
      const record = join(directory, 'console.jsonl');
      // The snippet runs in a directory of its own, which is also its os.tmpdir().
      const run = await runTypeScript(file, [], {
        cwd: directory,
        env: {
          TSX_TSCONFIG_PATH: join(repository, 'tsconfig.json'),
          TMPDIR: directory,
          DMEMFS_CONSOLE_RECORD: record,
        },
        preload: [pathToFileURL(join(repository, 'test/examples/console-recorder.mjs')).href],
      });
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.stderr).toBe('');
      const calls = (existsSync(record) ? readFileSync(record, 'utf8') : '')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { line: number | null; values: string[] });
      for (const { line, output } of consoleExpectations(module.code)) {
        const where = `README.md:${module.lines[line - 1].documentLine}`;
        const printed = calls.filter((call) => call.line === line).map((call) => call.values.join(' '));
        expect(printed.length, `${where} never printed; expected ${output}`).toBeGreaterThan(0);
        for (const values of printed)
          expect(matchesOutput(output, [values]), `${where} printed ${values}`).toBe(true);
      }
    },
  );
});

describe('tutorials', () => {
  const tutorials = readdirSync(join(repository, 'examples')).filter((name) => name.endsWith('.md'));
  const blocks = tutorials.flatMap((name) =>
    parseSnippets(readFileSync(join(repository, 'examples', name), 'utf8')).modules.map(
      (module) => [`examples/${name}:${module.line}`, { name, module }] as const,
    ),
  );

  test('show code', () => {
    for (const name of tutorials)
      expect(blocks.filter(([, block]) => block.name === name).length).toBeGreaterThan(0);
  });

  test.each(blocks)('%s is an excerpt of its example', (_, { name, module }) => {
    expect(module.lines.every((line) => !line.hidden)).toBe(true);
    const excerpt = trimBlank(module.lines.map((line) => line.text));
    // The example is `<name>.ts`, with its helpers `<name>-*.ts` (a worker, say).
    const stem = name.replace(/\.md$/, '');
    const files = readdirSync(join(repository, 'examples')).filter(
      (file) => file === `${stem}.ts` || (file.startsWith(`${stem}-`) && file.endsWith('.ts')),
    );
    const found = files.some((file) =>
      containsExcerpt(readFileSync(join(repository, 'examples', file), 'utf8'), excerpt),
    );
    expect(found, `not found verbatim in ${files.join(', ')}:\n${excerpt.join('\n')}`).toBe(true);
  });
});

/** Whether `excerpt` is a run of consecutive lines of `source`, ignoring their common indentation. */
function containsExcerpt(source: string, excerpt: readonly string[]): boolean {
  const lines = source.split('\n');
  return lines.some((_, start) => {
    const window = dedent(lines.slice(start, start + excerpt.length));
    return window.length === excerpt.length && window.every((text, index) => text === excerpt[index]);
  });
}

function trimBlank(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}
