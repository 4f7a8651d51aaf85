/**
 * Archive extraction: a release archive expanded into memory, atomically (`expandArchive`) and entry
 * by entry (`expandArchiveStreaming`); hostile entry names refused; a custom format plugged in
 * through `ArchiveAdapter`; and, for reference, extraction by hand with `open()` and `write()`.
 *
 * Run: `npx tsx examples/archive-extraction.ts`. Tutorial: `examples/archive-extraction.md`.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { inspect } from 'node:util';
import { InvalidArgumentError, MemoryFileSystem, MFSQuotaExceededError } from 'dmemfs';
import {
  type ArchiveAdapter,
  type ArchiveEntry,
  type ArchiveSourceEntry,
  createArchive,
  expandArchive,
  expandArchiveStreaming,
  TarAdapter,
  writeArchive,
} from 'dmemfs/archive';

const KiB = 1024;
const section = (title: string) => console.log(`\n== ${title} ==`);
const show = (label: string, value: unknown) =>
  console.log(`  ${label}: ${typeof value === 'string' ? value : inspect(value, { breakLength: Infinity })}`);
/** The files at or below `prefix`. */
const filesOf = (mfs: MemoryFileSystem, prefix: string) =>
  mfs.glob(`${prefix}/**`).filter((path) => mfs.isFile(path));

/**
 * A made-up archive format, to show the adapter contract: a `{"bundle":1}` line, then one JSON line
 * per member, `{"path":"a/b.txt","base64":"…","mtime":…}` (a member without `base64` is a
 * directory). It is read line by line as the bytes arrive, so it streams like tar does.
 */
class NdjsonBundleAdapter implements ArchiveAdapter {
  static readonly HEADER = '{"bundle":1}\n';
  readonly formats = ['ndjson-bundle'];
  readonly headSize = NdjsonBundleAdapter.HEADER.length;

  detect(head: Uint8Array): string | undefined {
    return Buffer.from(head).toString('utf8').startsWith(NdjsonBundleAdapter.HEADER)
      ? 'ndjson-bundle'
      : undefined;
  }

  async *read(source: AsyncIterable<Uint8Array>): AsyncGenerator<ArchiveEntry> {
    const lines = createInterface({ input: Readable.from(source), crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    for await (const line of lines) {
      if (++lineNumber === 1 || line === '') continue; // the header; detect() has checked it
      const member = parseMember(line, lineNumber);
      const data = member.base64 === undefined ? undefined : Buffer.from(member.base64, 'base64');
      yield {
        name: member.path,
        type: data === undefined ? 'directory' : 'file',
        nativeType: data === undefined ? 'directory' : 'file',
        declaredSize: data?.length,
        mtime: member.mtime,
        linkName: undefined,
        async *content() {
          if (data !== undefined) yield data;
        },
      };
    }
  }

  async write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
  ): Promise<void> {
    const put = async (text: string) => {
      if (!destination.write(text)) await once(destination as unknown as NodeJS.EventEmitter, 'drain');
    };
    await put(NdjsonBundleAdapter.HEADER);
    for await (const entry of entries) {
      const base64 = entry.type === 'file' ? Buffer.from(entry.data ?? []).toString('base64') : undefined;
      await put(`${JSON.stringify({ path: entry.path, base64, mtime: entry.mtime })}\n`);
    }
    destination.end();
    await finished(destination);
  }
}

interface BundleMember {
  path: string;
  base64?: string;
  mtime?: number;
}

/** One member line; anything malformed is `InvalidArgumentError`, as the adapter contract asks. */
function parseMember(line: string, lineNumber: number): BundleMember {
  let member: unknown;
  try {
    member = JSON.parse(line);
  } catch (cause) {
    throw new InvalidArgumentError(`Corrupt bundle: line ${lineNumber} is not JSON`, { cause });
  }
  const { path, base64, mtime } = (member ?? {}) as Partial<BundleMember>;
  if (typeof path !== 'string' || !['string', 'undefined'].includes(typeof base64)) {
    throw new InvalidArgumentError(`Corrupt bundle: line ${lineNumber} is not a member`);
  }
  return { path, base64, mtime: typeof mtime === 'number' ? mtime : undefined };
}

/** A release tree to archive: a few small files, an empty directory, and one larger data file. */
function releaseTree(): MemoryFileSystem {
  const lookup = Buffer.alloc(192 * KiB, 'lookup table ');
  const mfs = new MemoryFileSystem();
  mfs.importTree({
    '/package/README.md': '# demo-app 1.4.0\n',
    '/package/lib/index.js': 'export const version = "1.4.0";\n',
    '/package/lib/util.js': 'export const id = (x) => x;\n',
    '/package/data/lookup.bin': lookup,
  });
  mfs.mkdir('/package/logs');
  return mfs;
}

const host = await mkdtemp(join(tmpdir(), 'dmemfs-archive-example-'));
try {
  section('An archive to work with');
  const archivePath = join(host, 'demo-app-1.4.0.tar.gz');
  await writeArchive(releaseTree(), createWriteStream(archivePath), { format: 'tar.gz', prefix: '/package' });
  show('wrote', `${archivePath} (${(await stat(archivePath)).size} bytes)`);

  section('expandArchive: all or nothing');
  const mfs = new MemoryFileSystem({ maxQuota: 1024 * KiB });
  const result = await expandArchive(mfs, createReadStream(archivePath), '/releases/v1');
  show('expanded', result);
  show('files', filesOf(mfs, '/releases'));
  show('README.md', JSON.stringify(mfs.readFile('/releases/v1/README.md', 'utf8')));
  show('empty directory kept', mfs.isDir('/releases/v1/logs'));

  const tight = new MemoryFileSystem({ maxQuota: 128 * KiB });
  try {
    await expandArchive(tight, createReadStream(archivePath), '/releases/v1');
  } catch (error) {
    if (!(error instanceof MFSQuotaExceededError)) throw error;
    show('into a 128 KiB quota', `${error.code}: ${error.message}`);
  }
  show('afterwards, /releases exists', tight.exists('/releases'));
  show('afterwards, usedBytes', tight.stats().usedBytes);

  section('expandArchiveStreaming: entry by entry, in little memory');
  const streamed = new MemoryFileSystem({ maxQuota: 1024 * KiB });
  show(
    'files written',
    await expandArchiveStreaming(streamed, createReadStream(archivePath), '/releases/v1'),
  );
  const partial = new MemoryFileSystem({ maxQuota: 128 * KiB });
  try {
    await expandArchiveStreaming(partial, createReadStream(archivePath), '/releases/v1');
  } catch (error) {
    if (!(error instanceof MFSQuotaExceededError)) throw error;
    show('into a 128 KiB quota', `${error.code} while writing ${error.path}`);
  }
  show('kept (not atomic)', filesOf(partial, '/releases'));
  show('the file being written was removed', !partial.exists('/releases/v1/data/lookup.bin'));

  section('A custom format through ArchiveAdapter');
  const bundle = new NdjsonBundleAdapter();
  const bytes = await createArchive(mfs, { format: 'ndjson-bundle', adapter: bundle, prefix: '/releases' });
  show('created', `${bytes.length} bytes, first line ${bytes.toString('utf8').split('\n')[0]}`);
  const restored = new MemoryFileSystem();
  // With `adapters`, detection picks the bundle by its first line; zip and tar still work as well.
  show(
    'expanded, format detected',
    await expandArchive(restored, bytes, '/', { adapters: [bundle, new TarAdapter()] }),
  );
  show(
    'same bytes',
    restored.readFile('/v1/lib/index.js', 'utf8') === mfs.readFile('/releases/v1/lib/index.js', 'utf8'),
  );

  section('Hostile entry names are refused, before anything of them is written');
  const hostile = Buffer.from(
    `${NdjsonBundleAdapter.HEADER}${JSON.stringify({ path: 'notes.txt', base64: 'b2s=' })}\n` +
      `${JSON.stringify({ path: '../../home/user/.bashrc', base64: 'ZXZpbA==' })}\n`,
  );
  for (const expand of [expandArchive, expandArchiveStreaming]) {
    const target = new MemoryFileSystem();
    try {
      await expand(target, hostile, '/upload', { adapter: bundle });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      show(expand.name, `${error.code}: ${error.message}`);
    }
    show(`${expand.name}, files left`, filesOf(target, ''));
  }

  section('By hand with open() and write(): the reference loop');
  // expandArchive does all of this and more (conflicts, special entries, quota before writing).
  // Written out, the checks on names are the part not to forget.
  const manual = new MemoryFileSystem();
  for await (const entry of new TarAdapter().read(createReadStream(archivePath), 'tar.gz')) {
    const segments = entry.name.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.');
    if (/^[\\/]|^[a-zA-Z]:/.test(entry.name) || segments.includes('..') || segments.length === 0) {
      throw new InvalidArgumentError(`unsafe entry name ${JSON.stringify(entry.name)}`);
    }
    const target = posix.join('/manual', ...segments);
    if (entry.type === 'directory') {
      manual.mkdir(target, { existOk: true });
    } else if (entry.type === 'file') {
      manual.mkdir(posix.dirname(target), { existOk: true });
      using handle = manual.open(target, 'xb');
      for await (const chunk of entry.content()) handle.write(chunk);
    }
  }
  show('files', filesOf(manual, '/manual'));
  const { usedBytes, chunkCount } = manual.stats();
  show('usedBytes', `${usedBytes} (the data, plus 256 bytes for each of ${chunkCount} stored chunks)`);
} finally {
  await rm(host, { recursive: true, force: true });
}
