/**
 * Argument checking of both expansions: wrong types are `TypeError`, bad values
 * `InvalidArgumentError`, and either way nothing is read or written.
 */

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, MemoryFileSystem } from '../../../src/index.js';
import { expandArchive, expandArchiveStreaming, TarAdapter } from '../../../src/snapshot/archive/index.js';
import { archiveOf, chunked } from './helpers.js';

type Expand = typeof expandArchive | typeof expandArchiveStreaming;

describe.each([
  ['expandArchive', expandArchive],
  ['expandArchiveStreaming', expandArchiveStreaming],
] as [string, Expand][])('%s arguments', (name, expand) => {
  const call = expand as (...args: unknown[]) => Promise<unknown>;
  const badTypes: [string, unknown[], RegExp][] = [
    ['a filesystem that is not one', [{}, Buffer.alloc(0)], /MemoryFileSystem/],
    ['a source of the wrong type', [new MemoryFileSystem(), 42], /archive source/],
    [
      'a source that yields strings',
      [
        new MemoryFileSystem(),
        (async function* () {
          yield 'text';
        })(),
      ],
      /archives are bytes/,
    ],
    [
      'a destination that is not a string',
      [new MemoryFileSystem(), Buffer.alloc(0), new URL('file:///x')],
      /"dest"/,
    ],
    ['options that are not an object', [new MemoryFileSystem(), Buffer.alloc(0), '/', 'zip'], /options/],
    ['options that are an array', [new MemoryFileSystem(), Buffer.alloc(0), '/', []], /options/],
    [
      'a format that is not a string',
      [new MemoryFileSystem(), Buffer.alloc(0), '/', { format: 1 }],
      /'format'/,
    ],
    [
      'an onConflict that is not a string',
      [new MemoryFileSystem(), Buffer.alloc(0), '/', { onConflict: true }],
      /'onConflict'/,
    ],
    [
      'an adapter that is not one',
      [new MemoryFileSystem(), Buffer.alloc(0), '/', { adapter: { read() {} } }],
      /'adapter'/,
    ],
    [
      'adapters that are not an array',
      [new MemoryFileSystem(), Buffer.alloc(0), '/', { adapters: new TarAdapter() }],
      /'adapters'/,
    ],
    [
      'adapters holding a non-adapter',
      [new MemoryFileSystem(), Buffer.alloc(0), '/', { adapters: [new TarAdapter(), null] }],
      /item 1/,
    ],
  ];

  it.each(badTypes)('refuses %s with TypeError', async (_name, args, message) => {
    const error = await call(...args).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  });

  const badValues: [string, Record<string, unknown>, RegExp][] = [
    [
      "onConflict: 'maybe'",
      { onConflict: 'maybe' },
      /'onConflict' must be one of 'error', 'overwrite', 'skip'/,
    ],
    ["unsupportedEntries: 'ignore'", { unsupportedEntries: 'ignore' }, /'unsupportedEntries' must be one of/],
    ['a misspelled option', { onconflict: 'skip' }, new RegExp(`Unknown ${name} option 'onconflict'`)],
    ['adapter and adapters together', { adapter: new TarAdapter(), adapters: [new TarAdapter()] }, /either/],
  ];

  it.each(badValues)(
    'refuses %s with InvalidArgumentError, reading nothing',
    async (_name, options, message) => {
      const mfs = new MemoryFileSystem();
      const counter = { pulled: 0 };
      const archive = await archiveOf('tar', [
        { path: 'a.txt', type: 'file', data: Buffer.from('a'), mtime: 0 },
      ]);
      const error = await call(mfs, chunked(archive, 512, counter), '/out', options).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).code).toBe('EINVAL');
      expect((error as Error).message).toMatch(message);
      expect(counter.pulled).toBe(0);
      expect(mfs.listdir('/')).toEqual([]);
    },
  );

  it('accepts every documented option', async () => {
    const mfs = new MemoryFileSystem();
    const archive = await archiveOf('tar', [
      { path: 'a.txt', type: 'file', data: Buffer.from('a'), mtime: 0 },
    ]);
    await call(mfs, archive, '/x', {
      format: 'tar',
      onConflict: 'overwrite',
      unsupportedEntries: 'skip',
      adapters: [new TarAdapter()],
    });
    expect(mfs.readFile('/x/a.txt', 'utf8')).toBe('a');
    // Explicit undefined means the default.
    await call(mfs, archive, undefined, { onConflict: undefined, adapter: undefined });
    expect(mfs.readFile('/a.txt', 'utf8')).toBe('a');
  });
});
