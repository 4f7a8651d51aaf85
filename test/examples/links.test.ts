/**
 * Links in the documentation lead somewhere: every relative link of `README.md`, the guides in
 * `docs/` and the tutorials in `examples/` names a file or folder that exists, and every `#anchor`
 * names a heading of its page (as GitHub derives anchors from headings). Sections of the README that
 * source comments refer to by name (`see the README, "Real directories"`) exist too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, test } from 'vitest';
import { markdownFiles, readDocument as read } from './documents.js';
import { fencedBlocks } from './markdown-snippets.js';
import { repository } from './run-node.js';

/** The Markdown pages whose links are checked, as repository paths. */
const PAGES = ['README.md', ...markdownFiles('docs'), ...markdownFiles('examples')];

/** The page's lines outside fenced code blocks, with inline code removed. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const inCode = new Set<number>();
  for (const block of fencedBlocks(markdown)) {
    for (let line = block.line; line <= block.line + block.lines.length + 1; line++) inCode.add(line);
  }
  return markdown
    .split('\n')
    .map((text, index) => ({ line: index + 1, text: text.replace(/`[^`]*`/g, '``') }))
    .filter(({ line }) => !inCode.has(line));
}

/** GitHub's anchor for a heading: its text in lower case, without punctuation, spaces made `-`. */
function anchorOf(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '')
    .replaceAll(' ', '-');
}

/** The anchors of a page's headings; a repeated heading gets `-1`, `-2`, … as on GitHub. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const prose = new Set(proseLines(markdown).map(({ line }) => line));
  markdown.split('\n').forEach((text, index) => {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading === null || !prose.has(index + 1)) return;
    const anchor = anchorOf(heading[1]);
    let unique = anchor;
    for (let n = 1; anchors.has(unique); n++) unique = `${anchor}-${n}`;
    anchors.add(unique);
  });
  return anchors;
}

/** Every relative link of a page: `[text](target)`, without external and mail links. */
function relativeLinks(page: string): { where: string; target: string }[] {
  return proseLines(read(page)).flatMap(({ line, text }) =>
    [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
      .map((target) => ({ where: `${page}:${line}`, target })),
  );
}

describe('documentation links', () => {
  test('the pages are found', () => {
    expect(PAGES).toEqual(
      expect.arrayContaining(['README.md', 'docs/testing.md', 'examples/ci-failure-export.md']),
    );
  });

  test.each(PAGES.flatMap((page) => relativeLinks(page).map((link) => [link.where, link.target] as const)))(
    '%s → %s',
    (where, target) => {
      const page = where.slice(0, where.lastIndexOf(':'));
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), path));
      expect(existsSync(join(repository, file)), `${file} exists`).toBe(true);
      if (anchor !== undefined) {
        expect(file.endsWith('.md'), `an anchor points into a Markdown page, not ${file}`).toBe(true);
        expect([...anchorsOf(read(file))]).toContain(anchor);
      }
    },
  );

  test('README sections named in source comments exist', () => {
    const readmeHeadings = new Set(
      read('README.md')
        .split('\n')
        .map((line) => /^#{1,6}\s+(.*)$/.exec(line)?.[1])
        .filter((heading) => heading !== undefined),
    );
    const named: string[] = [];
    for (const folder of ['src', 'benchmarks', 'examples']) {
      for (const file of readdirSync(join(repository, folder), { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|cts|mts|js|mjs)$/.test(file)) continue;
        // Comments wrap: join their lines before looking for `README …, "<section>"`.
        const text = readFileSync(join(repository, folder, file), 'utf8').replace(/\n\s*(\*|\/\/)\s*/g, ' ');
        for (const match of text.matchAll(/README(?: section|,) "([^"]+)"/g)) named.push(match[1]);
      }
    }
    expect(named.length).toBeGreaterThan(0);
    for (const section of named)
      expect([...readmeHeadings], `README section "${section}"`).toContain(section);
  });

  test('anchors follow GitHub', () => {
    expect(anchorOf('Using code that calls node:fs')).toBe('using-code-that-calls-nodefs');
    expect(anchorOf('Routing `node:fs` to the current test')).toBe('routing-nodefs-to-the-current-test');
    expect(anchorOf('Build once, clone per test')).toBe('build-once-clone-per-test');
    expect(anchorOf('Why not a temporary directory, or memfs?')).toBe(
      'why-not-a-temporary-directory-or-memfs',
    );
    expect([...anchorsOf('# A\n\n```\n# not a heading\n```\n\n## A\n')]).toEqual(['a', 'a-1']);
  });
});
