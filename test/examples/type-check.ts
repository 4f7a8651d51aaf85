/**
 * Type-checks Markdown snippets with the TypeScript compiler API, under the repository's own
 * `tsconfig.json`, so `dmemfs` resolves exactly as it does for the examples. The snippets are
 * virtual files inside the repository: packages resolve from its `node_modules`, and nothing is
 * written to disk.
 *
 * @module
 */

import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { SnippetModule } from './markdown-snippets.js';

/** A module to check, at its virtual absolute path. */
export interface VirtualModule {
  readonly fileName: string;
  readonly module: SnippetModule;
}

/** A compiler error, located in the document. */
export interface SnippetDiagnostic {
  readonly fileName: string;
  /** 1-based line in the document. */
  readonly documentLine: number;
  /** The line is hidden context, not text the reader sees. */
  readonly hidden: boolean;
  readonly message: string;
}

/** Compiler options of the repository's `tsconfig.json`, for checking only. */
export function repositoryCompilerOptions(repository: string): ts.CompilerOptions {
  const configPath = join(repository, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repository, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

/** Checks `modules` as one program and returns the errors found in them. */
export function typeCheck(
  modules: readonly VirtualModule[],
  options: ts.CompilerOptions,
): SnippetDiagnostic[] {
  const byName = new Map(modules.map((entry) => [entry.fileName, entry]));
  const directories = new Set([...byName.keys()].flatMap((fileName) => ancestorsOf(fileName)));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, directoryExists, readFile } = host;
  host.fileExists = (fileName) => byName.has(fileName) || fileExists.call(host, fileName);
  host.directoryExists = (name) => directories.has(name) || (directoryExists?.call(host, name) ?? true);
  host.readFile = (fileName) => byName.get(fileName)?.module.code ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const entry = byName.get(fileName);
    if (entry === undefined) return getSourceFile.call(host, fileName, languageVersion, ...rest);
    return ts.createSourceFile(fileName, entry.module.code, languageVersion, true, ts.ScriptKind.TS);
  };
  const program = ts.createProgram({ rootNames: [...byName.keys()], options, host });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const fileName of byName.keys()) {
    const file = program.getSourceFile(fileName);
    if (file === undefined) throw new Error(`${fileName} was not part of the program`);
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  }
  return diagnostics.map((diagnostic) => locate(diagnostic, byName));
}

/** The directories that hold `fileName`, innermost first. */
function ancestorsOf(fileName: string): string[] {
  const ancestors: string[] = [];
  for (let directory = dirname(fileName); directory !== dirname(directory); directory = dirname(directory)) {
    ancestors.push(directory);
  }
  return ancestors;
}

function locate(diagnostic: ts.Diagnostic, byName: ReadonlyMap<string, VirtualModule>): SnippetDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const entry = diagnostic.file === undefined ? undefined : byName.get(diagnostic.file.fileName);
  if (entry === undefined || diagnostic.start === undefined) {
    return { fileName: diagnostic.file?.fileName ?? '(options)', documentLine: 0, hidden: false, message };
  }
  const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
  const source = entry.module.lines[line];
  return {
    fileName: entry.fileName,
    // Past the last source line is the `export {}` the module ends with.
    documentLine: source?.documentLine ?? entry.module.line,
    hidden: source?.hidden ?? true,
    message: `TS${diagnostic.code}: ${message}`,
  };
}
