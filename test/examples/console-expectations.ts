/**
 * The README's convention for output: a comment after a `console.log(...)` call shows what the call
 * prints, its arguments written as JavaScript values separated by spaces
 * (`console.log(mfs.listdir('/')); // ['data']`). Snippets the suite runs are held to it.
 *
 * @module
 */

import ts from 'typescript';

/** A `console.log` call with an output comment. */
export interface ConsoleExpectation {
  /** 1-based line of the call in the module. */
  readonly line: number;
  /** The comment's text, as written. */
  readonly output: string;
}

/** Every `console.log(...)` statement of `code` that ends with a `// output` comment on its line. */
export function consoleExpectations(code: string): ConsoleExpectation[] {
  const file = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const expectations: ConsoleExpectation[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isExpressionStatement(node) &&
      ts.isCallExpression(node.expression) &&
      node.expression.expression.getText(file) === 'console.log'
    ) {
      const line = file.getLineAndCharacterOfPosition(node.expression.getStart(file)).line;
      const comment = ts
        .getTrailingCommentRanges(code, node.end)
        ?.find((range) => range.kind === ts.SyntaxKind.SingleLineCommentTrivia);
      if (comment !== undefined && file.getLineAndCharacterOfPosition(comment.pos).line === line) {
        expectations.push({ line: line + 1, output: code.slice(comment.pos + 2, comment.end).trim() });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return expectations;
}

/**
 * Whether the formatted arguments of a call (`util.inspect` of each) are what `output` shows. Spacing
 * outside string literals does not matter: `['a']` matches `[ 'a' ]`.
 */
export function matchesOutput(output: string, values: readonly string[]): boolean {
  return compact(output) === compact(values.join(' '));
}

/** `text` without whitespace outside quoted strings. */
function compact(text: string): string {
  let result = '';
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote !== undefined) {
      result += char;
      if (char === '\\') result += text[++index] ?? '';
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char;
      result += char;
    } else if (!/\s/.test(char)) {
      result += char;
    }
  }
  return result;
}
