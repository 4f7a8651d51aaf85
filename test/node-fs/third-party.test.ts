/**
 * Real packages that accept a custom `fs` run against a view: fast-glob (`fs` option) and glob
 * (`fs` option, through path-scurry).
 */
import fastGlob from 'fast-glob';
import { glob, globSync } from 'glob';
import { describe, expect, test } from 'vitest';
import { MemoryFileSystem } from '../../src/index.js';
import { createNodeFs } from '../../src/node-fs/index.js';

function project() {
  const mfs = new MemoryFileSystem();
  mfs.importTree({
    '/proj/src/index.ts': 'export {}',
    '/proj/src/util/strings.ts': 'export {}',
    '/proj/src/util/strings.test.ts': 'test',
    '/proj/README.md': '# proj',
    '/proj/.hidden/secret.ts': 'x',
  });
  return { mfs, fs: createNodeFs(mfs) };
}

describe('fast-glob with the fs option', () => {
  test('finds files asynchronously and synchronously', async () => {
    const { fs } = project();
    const options = { cwd: '/proj', fs: fs as unknown as fastGlob.FileSystemAdapter };
    expect((await fastGlob('**/*.ts', options)).sort()).toEqual([
      'src/index.ts',
      'src/util/strings.test.ts',
      'src/util/strings.ts',
    ]);
    expect(fastGlob.sync('**/*.ts', { ...options, ignore: ['**/*.test.ts'], dot: true }).sort()).toEqual([
      '.hidden/secret.ts',
      'src/index.ts',
      'src/util/strings.ts',
    ]);
    expect(await fastGlob('src/*', { ...options, onlyDirectories: true, absolute: true })).toEqual([
      '/proj/src/util',
    ]);
    const entries = await fastGlob('*.md', { ...options, stats: true });
    expect(entries.map((entry) => [entry.name, entry.stats?.size])).toEqual([['README.md', 6]]);
  });
});

describe('glob with the fs option', () => {
  test('walks the view through path-scurry', async () => {
    const { fs } = project();
    const options = { cwd: '/proj', fs: fs as never };
    expect((await glob('**/*.ts', options)).sort()).toEqual([
      'src/index.ts',
      'src/util/strings.test.ts',
      'src/util/strings.ts',
    ]);
    expect(globSync('src/**/strings*', { ...options, withFileTypes: false }).sort()).toEqual([
      'src/util/strings.test.ts',
      'src/util/strings.ts',
    ]);
    expect(await glob('/proj/*.md', { fs: fs as never, stat: true })).toEqual(['/proj/README.md']);
  });
});
