/**
 * A custom format plugged in through the ArchiveAdapter interface, for tests: a line-based archive
 * where, after a `LINES 1` magic line, each line is `f<TAB>name<TAB>base64[<TAB>mtime]` (file) or
 * `d<TAB>name[<TAB><TAB>mtime]` (directory), mtime in ms.
 */

import { once } from 'node:events';
import { InvalidArgumentError } from '../../../src/fs/errors.js';
import type {
  ArchiveAdapter,
  ArchiveEntry,
  ArchiveSourceEntry,
} from '../../../src/snapshot/archive/index.js';

export const MAGIC = 'LINES 1\n';

export class LinesAdapter implements ArchiveAdapter {
  readonly formats = ['lines'];
  readonly headSize = MAGIC.length;

  detect(head: Uint8Array): string | undefined {
    return Buffer.from(head).toString('latin1').startsWith(MAGIC) ? 'lines' : undefined;
  }

  async *read(source: AsyncIterable<Uint8Array>): AsyncGenerator<ArchiveEntry> {
    const decoder = new TextDecoder();
    let pending = '';
    let sawMagic = false;
    const toEntry = (line: string): ArchiveEntry => {
      const [kind, name, payload = '', mtime] = line.split('\t');
      if (kind !== 'f' && kind !== 'd')
        throw new InvalidArgumentError(`Corrupt lines archive: bad line ${JSON.stringify(line)}`);
      const data = Buffer.from(payload, 'base64');
      return {
        name,
        type: kind === 'f' ? 'file' : 'directory',
        nativeType: kind,
        declaredSize: data.length,
        mtime: mtime === undefined ? undefined : Number(mtime),
        linkName: undefined,
        async *content() {
          yield data;
        },
      };
    };
    for await (const chunk of source) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!sawMagic) {
          sawMagic = true;
          continue;
        }
        yield toEntry(line);
      }
    }
    if (pending !== '') yield toEntry(pending);
  }

  async write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
  ): Promise<void> {
    const put = async (text: string) => {
      if (!destination.write(text)) await once(destination as unknown as NodeJS.EventEmitter, 'drain');
    };
    await put(MAGIC);
    for await (const entry of entries) {
      const payload = entry.type === 'file' ? Buffer.from(entry.data ?? []).toString('base64') : '';
      await put(`${entry.type === 'file' ? 'f' : 'd'}\t${entry.path}\t${payload}\t${entry.mtime}\n`);
    }
    destination.end();
    await once(destination as unknown as NodeJS.EventEmitter, 'finish');
  }
}
