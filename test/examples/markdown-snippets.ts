/**
 * The TypeScript code blocks of a Markdown document, and the hidden directives that say how to check
 * them.
 *
 * A directive is an HTML comment (invisible once rendered) on the lines just before a ```ts block:
 *
 * - `<!-- snippet: continues -->`: the block goes on from the previous one ("continuing the example
 *   above"); both form one module.
 * - `<!-- snippet: context` … `-->`: TypeScript the reader is told about in prose (an import, a
 *   `declare const schemaSql: string`), placed before the block in its module.
 * - `<!-- snippet: no-run: <reason> -->`: type-checked, but never run (it ends with the error it
 *   shows, say).
 * - `<!-- snippet: fragment: <reason> -->`: not checked at all. Keep these rare.
 *
 * A standalone `<!-- snippet: file <path>` … `-->` adds a hidden module at `<path>` that other blocks
 * import relatively (the reader's own code under test, say). A block whose first line is a comment
 * naming a `.ts` file (`// test/setup.ts (…)`) becomes the module at that path, so blocks can import
 * each other as the files of one project do.
 *
 * @module
 */

/** Where a line of a module came from: a line of the document, or hidden context. */
export interface SourceLine {
  readonly text: string;
  /** 1-based line in the document; for context lines, the line of their directive. */
  readonly documentLine: number;
  readonly hidden: boolean;
}

/** One module made of one or more consecutive blocks (a block and the blocks that continue it). */
export interface SnippetModule {
  /** Relative path inside the document's virtual project, e.g. `test/setup.ts` or `snippet-40.ts`. */
  readonly path: string;
  /** 1-based document line of the first block's opening fence. */
  readonly line: number;
  readonly lines: readonly SourceLine[];
  /** The module may be run as a program (no `no-run`, no hidden context). */
  readonly runnable: boolean;
  /** Why it is not checked at all, for a `fragment`. */
  readonly fragment: string | undefined;
  /** The module text. */
  readonly code: string;
}

/** A document's modules: its blocks and its hidden `file` modules. */
export interface SnippetDocument {
  readonly modules: readonly SnippetModule[];
}

interface Directive {
  readonly kind: 'continues' | 'context' | 'no-run' | 'fragment' | 'file';
  /** What follows the kind: a reason, or a path and code. */
  readonly body: string;
  readonly line: number;
}

interface Block {
  readonly line: number;
  readonly lines: readonly string[];
  readonly directives: readonly Directive[];
}

const DIRECTIVE_KINDS = new Set<Directive['kind']>(['continues', 'context', 'no-run', 'fragment', 'file']);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TYPESCRIPT = new Set(['ts', 'typescript']);
const NAMED_FILE = /^\/\/\s+((?:[\w.-]+\/)*[\w.-]+\.ts)(?:\s|$)/;

/**
 * Splits `markdown` into its TypeScript modules. Throws on a directive it does not know, on one that
 * is not followed by a TypeScript block, and on an unterminated block or comment, so that a typo
 * never turns a check off quietly.
 */
export function parseSnippets(markdown: string): SnippetDocument {
  const source = markdown.split(/\r?\n/);
  const blocks: Block[] = [];
  const hiddenFiles: SnippetModule[] = [];
  let pending: Directive[] = [];
  for (let index = 0; index < source.length; index++) {
    const text = source[index];
    const comment = /^<!--\s*snippet:\s*([\w-]+)/.exec(text);
    if (comment !== null) {
      const end = findCommentEnd(source, index);
      const directive = parseDirective(source.slice(index, end + 1).join('\n'), index + 1);
      if (directive.kind === 'file') hiddenFiles.push(hiddenModule(directive));
      else pending.push(directive);
      index = end;
      continue;
    }
    const fence = FENCE.exec(text);
    if (fence !== null) {
      const close = findFenceEnd(source, index, fence[2]);
      if (TYPESCRIPT.has(fence[3])) {
        blocks.push({ line: index + 1, lines: dedent(source.slice(index + 1, close)), directives: pending });
      } else if (pending.length > 0) {
        throw new Error(`line ${pending[0].line}: a snippet directive must precede a TypeScript block`);
      }
      pending = [];
      index = close;
      continue;
    }
    if (text.trim() !== '' && pending.length > 0) {
      throw new Error(`line ${pending[0].line}: a snippet directive must precede a TypeScript block`);
    }
  }
  if (pending.length > 0) throw new Error(`line ${pending[0].line}: a directive at the end of the document`);
  return { modules: [...groupModules(blocks), ...hiddenFiles] };
}

/** A fenced code block of any language, as written (its lines dedented). */
export interface FencedBlock {
  /** 1-based document line of the opening fence. */
  readonly line: number;
  /** The info string's first word, e.g. `js`; empty when there is none. */
  readonly language: string;
  readonly lines: readonly string[];
}

/** Every fenced code block of `markdown`, whatever its language. Throws on an unterminated block. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const source = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < source.length; index++) {
    const fence = FENCE.exec(source[index]);
    if (fence === null) continue;
    const close = findFenceEnd(source, index, fence[2]);
    blocks.push({ line: index + 1, language: fence[3], lines: dedent(source.slice(index + 1, close)) });
    index = close;
  }
  return blocks;
}

function findCommentEnd(source: readonly string[], start: number): number {
  for (let index = start; index < source.length; index++) if (source[index].includes('-->')) return index;
  throw new Error(`line ${start + 1}: unterminated snippet directive`);
}

function findFenceEnd(source: readonly string[], start: number, marker: string): number {
  for (let index = start + 1; index < source.length; index++) {
    if (source[index].trim().startsWith(marker) && source[index].trim().replace(/[`~]/g, '') === '') {
      return index;
    }
  }
  throw new Error(`line ${start + 1}: unterminated code block`);
}

function parseDirective(comment: string, line: number): Directive {
  const inner = comment
    .replace(/^<!--\s*snippet:\s*/, '')
    .replace(/\s*-->\s*$/, '')
    .trimEnd();
  const kind = /^[\w-]+/.exec(inner)![0] as Directive['kind'];
  if (!DIRECTIVE_KINDS.has(kind)) throw new Error(`line ${line}: unknown snippet directive '${kind}'`);
  const body = inner.slice(kind.length).replace(/^:?[ \t]*/, '');
  if ((kind === 'fragment' || kind === 'no-run') && body.trim() === '') {
    throw new Error(`line ${line}: '${kind}' needs a reason`);
  }
  return { kind, body, line };
}

function hiddenModule(directive: Directive): SnippetModule {
  const [path, ...code] = directive.body.split('\n');
  if (!/\.ts$/.test(path.trim())) throw new Error(`line ${directive.line}: 'file' needs a .ts path`);
  const lines = code.map((text) => ({ text, documentLine: directive.line, hidden: true }));
  return {
    path: path.trim(),
    line: directive.line,
    lines,
    runnable: false,
    fragment: undefined,
    code: joinLines(lines),
  };
}

function groupModules(blocks: readonly Block[]): SnippetModule[] {
  const groups: Block[][] = [];
  for (const block of blocks) {
    if (block.directives.some((d) => d.kind === 'continues')) {
      if (groups.length === 0) throw new Error(`line ${block.line}: 'continues' with nothing before it`);
      groups.at(-1)!.push(block);
    } else {
      groups.push([block]);
    }
  }
  return groups.map(moduleOf);
}

function moduleOf(group: readonly Block[]): SnippetModule {
  const lines: SourceLine[] = [];
  let runnable = true;
  let fragment: string | undefined;
  for (const block of group) {
    for (const directive of block.directives) {
      if (directive.kind === 'context') {
        runnable = false;
        for (const text of directive.body.split('\n')) {
          if (text.trim() !== '') lines.push({ text, documentLine: directive.line, hidden: true });
        }
      } else if (directive.kind === 'no-run') {
        runnable = false;
      } else if (directive.kind === 'fragment') {
        fragment = directive.body.trim();
      }
    }
    block.lines.forEach((text, offset) => {
      lines.push({ text, documentLine: block.line + 1 + offset, hidden: false });
    });
  }
  const first = group[0];
  const named = NAMED_FILE.exec(first.lines[0] ?? '');
  return {
    path: named === null ? `snippet-${first.line}.ts` : named[1],
    line: first.line,
    lines,
    runnable,
    fragment,
    code: joinLines(lines),
  };
}

/** Module text; `export {}` makes every snippet a module, so top-level names never clash. */
function joinLines(lines: readonly SourceLine[]): string {
  return `${lines.map((line) => line.text).join('\n')}\nexport {};\n`;
}

/** Removes the indentation every non-blank line shares (blocks nested in lists are indented). */
export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)![0].length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common));
}
