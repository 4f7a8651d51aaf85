/**
 * A short guided tour of dmemfs: `npm run demo`.
 */
import { MemoryFileSystem, MFSQuotaExceededError, MFSTextHandle } from '../src/index.js';

const KiB = 1024;
const section = (title: string) => console.log(`\n== ${title} ==`);
const show = (label: string, value: unknown) =>
  console.log(`  ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);

section('A filesystem with a hard 64 KiB quota');
const mfs = new MemoryFileSystem({ maxQuota: 64 * KiB });
mfs.mkdir('/data/raw');
mfs.writeFile('/data/raw/hello.txt', 'hello from memory\n');
show('listdir /data/raw', mfs.listdir('/data/raw'));
show('stat', mfs.stat('/data/raw/hello.txt'));

section('The quota refuses a write before allocating anything');
try {
  mfs.writeFile('/data/raw/huge.bin', Buffer.alloc(100 * KiB));
} catch (error) {
  if (!(error instanceof MFSQuotaExceededError)) throw error;
  show('refused', `${error.code}: ${error.message}`);
  show('was anything written?', mfs.exists('/data/raw/huge.bin'));
}

section('Handles: a cursor, a lock, and `using` to close them');
{
  using log = mfs.open('/data/log.txt', 'ab');
  const text = new MFSTextHandle(log);
  for (let i = 1; i <= 3; i++) text.write(`line ${i}\n`);
  try {
    mfs.remove('/data/log.txt');
  } catch (error) {
    show('removing an open file', (error as Error).message);
  }
}
{
  using reader = mfs.open('/data/log.txt', 'rb');
  show(
    'lines',
    [...new MFSTextHandle(reader)].map((line) => line.trimEnd()),
  );
}

section('Tree operations, glob and walk');
mfs.copyTree('/data', '/backup');
mfs.move('/backup/log.txt', '/archive/2026/log.txt');
show('glob /**/*.txt', mfs.glob('/**/*.txt'));
for (const [dir, dirs, files] of mfs.walk('/')) show(dir, { dirs, files });

section('Stats: every byte accounted for');
show('stats', mfs.stats());
mfs.rmtree('/backup');
mfs.rmtree('/archive');
mfs.rmtree('/data');
show('usedBytes after removing everything', mfs.stats().usedBytes);
