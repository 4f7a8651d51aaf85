/**
 * The code in the documentation cannot drift from the API:
 *
 * - every TypeScript block of `README.md` and of the guides in `docs/` is type-checked, as a module
 *   of one virtual project per document, under the repository's `tsconfig.json` (so `dmemfs`
 *   resolves by name, as in the examples);
 * - the blocks that are whole programs using only dmemfs and Node built-ins also run, and what each
 *   `console.log(...) // output` prints must be what its comment says;
 * - every JavaScript block of those documents is valid syntax;
 * - every TypeScript or JavaScript block of a tutorial `examples/<name>.md` must appear, verbatim, in
 *   its example's files (`examples/<name>.ts`, its helpers, its sample project), which `tsc`
 *   type-checks and `examples.test.ts` runs.
 *
 * See `markdown-snippets.ts` for the hidden directives a block may carry.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import { consoleExpectations, matchesOutput } from './console-expectations.js';
import { markdownFiles, readDocument as read } from './documents.js';
import { dedent, fencedBlocks, parseSnippets, type SnippetModule } from './markdown-snippets.js';
import { describeRun, repository, runTypeScript } from './run-node.js';
import { repositoryCompilerOptions, type SnippetDiagnostic, typeCheck } from './type-check.js';

/** The documents whose code is checked: the README and the guides in `docs/`. */
const DOCUMENTS = ['README.md', ...markdownFiles('docs')];

// Virtual: the files are never written, but sit inside the repository so packages resolve. Each
// document is a project of its own, so two documents may both show a `test/setup.ts`.
const virtualRoot = join(repository, 'test/examples/.snippets');
const entries = DOCUMENTS.flatMap((document) =>
  parseSnippets(read(document)).modules.map((module) => ({
    ...module,
    document,
    fileName: join(virtualRoot, document.replace(/\.md$/, ''), module.path),
    label: `${document}:${module.line} (${module.path})`,
  })),
);
const checked = entries.filter((entry) => entry.fragment === undefined);
const fragments = entries.filter((entry) => entry.fragment !== undefined);
const documentOf = new Map(entries.map((entry) => [entry.fileName, entry.document]));

/** Imported module specifiers of a module. */
function importsOf(module: SnippetModule): string[] {
  return ts.preProcessFile(module.code, true, true).importedFiles.map((file) => file.fileName);
}

/** A whole program that needs nothing but dmemfs and Node itself, so it can run anywhere. */
const isSelfContained = (module: SnippetModule) =>
  module.runnable && importsOf(module).every((name) => /^(dmemfs(\/[\w-]+)?|node:.+)$/.test(name));

let diagnostics: SnippetDiagnostic[] | undefined;
/** The program's errors, computed once for all the blocks (a few seconds). */
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
        `${documentOf.get(diagnostic.fileName) ?? diagnostic.fileName}:${diagnostic.documentLine}` +
        `${diagnostic.hidden ? ' (hidden context)' : ''}: ${diagnostic.message}`,
    );
}

const scratch = mkdtempSync(join(tmpdir(), 'dmemfs-doc-snippets-'));
// Snippets are ES modules (top-level await), as in the projects of the documentation's readers.
writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The syntax errors of a JavaScript block. */
function syntaxErrors(code: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, { fileName: 'block.js', reportDiagnostics: true });
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

const JAVASCRIPT = new Set(['js', 'javascript', 'mjs', 'cjs']);

describe('README.md and docs/', () => {
  test('have TypeScript blocks, and few of them are left unchecked', () => {
    expect(checked.filter((entry) => entry.document === 'README.md').length).toBeGreaterThan(10);
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
        const where = `${module.document}:${module.lines[line - 1].documentLine}`;
        const printed = calls.filter((call) => call.line === line).map((call) => call.values.join(' '));
        expect(printed.length, `${where} never printed; expected ${output}`).toBeGreaterThan(0);
        for (const values of printed)
          expect(matchesOutput(output, [values]), `${where} printed ${values}`).toBe(true);
      }
    },
  );

  test.each(
    DOCUMENTS.flatMap((document) =>
      fencedBlocks(read(document))
        .filter((block) => JAVASCRIPT.has(block.language))
        .map((block) => [`${document}:${block.line}`, block.lines.join('\n')] as const),
    ),
  )('%s, JavaScript, is valid syntax', (_, code) => {
    expect(syntaxErrors(code)).toEqual([]);
  });
});

describe('tutorials', () => {
  const tutorials = markdownFiles('examples');
  const blocks = tutorials.flatMap((tutorial) => {
    const markdown = read(tutorial);
    // Parsed as snippets too, so that a directive (which would hide code) fails the check below.
    const hidden = parseSnippets(markdown).modules.some((module) => module.lines.some((line) => line.hidden));
    return fencedBlocks(markdown)
      .filter((block) => block.language === 'ts' || JAVASCRIPT.has(block.language))
      .map((block) => [`${tutorial}:${block.line}`, { tutorial, block, hidden }] as const);
  });

  test('show code', () => {
    for (const tutorial of tutorials)
      expect(blocks.filter(([, block]) => block.tutorial === tutorial).length).toBeGreaterThan(0);
  });

  test.each(blocks)('%s is an excerpt of its example', (_, { tutorial, block, hidden }) => {
    expect(hidden).toBe(false);
    const excerpt = trimBlank(block.lines);
    const files = exampleFiles(posix.basename(tutorial, '.md'));
    const found = files.some((file) => containsExcerpt(read(file), excerpt));
    expect(found, `not found verbatim in ${files.join(', ')}:\n${excerpt.join('\n')}`).toBe(true);
  });
});

/**
 * The files of the example `stem`: `examples/<stem>.ts`, its helpers `examples/<stem>-*.ts` (a
 * worker, say) and every file of its sample project `examples/<stem>/`, if it has one.
 */
function exampleFiles(stem: string): string[] {
  const examples = join(repository, 'examples');
  const own = readdirSync(examples)
    .filter((file) => file === `${stem}.ts` || (file.startsWith(`${stem}-`) && file.endsWith('.ts')))
    .map((file) => `examples/${file}`);
  const sample = join(examples, stem);
  const project = existsSync(sample)
    ? readdirSync(sample, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(repository, join(entry.parentPath, entry.name)).split(sep).join('/'))
    : [];
  return [...own, ...project];
}

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
