/**
 * Safe large-file processing: a large input, generated on the fly and never held whole, streamed
 * into a quota-bounded filesystem and processed chunk by chunk. The quota refuses what does not fit
 * as a stream error, with everything before it intact, and the memory guard stops writes when the
 * machine runs short of memory.
 *
 * Run: `npx tsx examples/large-file-processing.ts [--mib 200]`.
 * Tutorial: `examples/large-file-processing.md`.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MemoryFileSystem, MFSMemoryError, MFSQuotaExceededError } from 'dmemfs';

const { values } = parseArgs({ options: { mib: { type: 'string', default: '200' } } });
const MiB = 1024 * 1024;
const KiB = 1024;
const INPUT_BYTES = Number(values.mib) * MiB;
if (!Number.isSafeInteger(INPUT_BYTES) || INPUT_BYTES < MiB)
  throw new RangeError('--mib must be a whole number ≥ 1');

const section = (title: string) => console.log(`\n== ${title} ==`);
const log = (line: string) => console.log(`  ${line}`);
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/**
 * The input: sensor readings as CSV lines, `sensor-07,1700000000250,21.4`, made about 64 KiB at a
 * time as the consumer asks for them, until at least `totalBytes` have been produced (whole lines
 * only). The same every time.
 */
async function* readings(totalBytes: number, onChunk: (produced: number) => void = () => {}) {
  let seed = 0x9e3779b9;
  let produced = 0;
  let time = 1_700_000_000_000;
  while (produced < totalBytes) {
    let text = '';
    while (text.length < 64 * KiB - 64) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const value = ((seed >>> 0) % 4_000) / 10 - 50; // -50.0 to 349.9
      time += 250;
      text += `sensor-${String((seed >>> 12) % 32).padStart(2, '0')},${time},${value.toFixed(1)}\n`;
    }
    const chunk = Buffer.from(text);
    produced += chunk.length;
    onChunk(produced);
    yield chunk;
  }
}

/** Splits a byte stream into lines, across chunk boundaries, and passes on the lines `keep` accepts. */
class LineFilter extends Transform {
  #rest = '';
  constructor(private readonly keep: (line: string) => boolean) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.#rest + chunk.toString('latin1')).split('\n');
    this.#rest = lines.pop()!;
    const kept = lines.filter((line) => this.keep(line));
    done(null, kept.length === 0 ? undefined : `${kept.join('\n')}\n`);
  }
  override _flush(done: TransformCallback): void {
    done(null, this.#rest !== '' && this.keep(this.#rest) ? `${this.#rest}\n` : undefined);
  }
}

/** Whether the file holds exactly the leading bytes of a `total`-byte input, compared chunk by chunk. */
async function isPrefixOfInput(fs: MemoryFileSystem, path: string, total: number): Promise<boolean> {
  const expected = readings(total)[Symbol.asyncIterator]();
  let pending = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(path) as AsyncIterable<Buffer>) {
    while (pending.length < chunk.length) {
      const next = await expected.next();
      if (next.done === true) return false;
      pending = Buffer.concat([pending, next.value]);
    }
    if (!pending.subarray(0, chunk.length).equals(chunk)) return false;
    pending = pending.subarray(chunk.length);
  }
  return true;
}

section(`Stream ${mib(INPUT_BYTES)} into a filesystem with a quota of twice that`);
const mfs = new MemoryFileSystem({ maxQuota: 2 * INPUT_BYTES });
mfs.mkdir('/in');
mfs.mkdir('/out');
let started = performance.now();
await pipeline(Readable.from(readings(INPUT_BYTES)), mfs.createWriteStream('/in/readings.csv'));
let seconds = (performance.now() - started) / 1000;
const inputSize = mfs.getSize('/in/readings.csv');
log(`wrote ${mib(inputSize)} in ${seconds.toFixed(2)} s (${mib(inputSize / seconds)}/s)`);
const { usedBytes, chunkCount } = mfs.stats();
log(`usedBytes ${usedBytes}: the data plus 256 bytes for each of ${chunkCount} stored chunks`);

section('Process it chunk by chunk');
const sensors = new Map<string, { count: number; sum: number; max: number }>();
let lines = 0;
started = performance.now();
await pipeline(
  mfs.createReadStream('/in/readings.csv'), // 64 KiB at a time
  new LineFilter((line) => {
    const [sensor, , text] = line.split(',');
    const value = Number(text);
    const stats = sensors.get(sensor) ?? { count: 0, sum: 0, max: Number.NEGATIVE_INFINITY };
    sensors.set(sensor, { count: stats.count + 1, sum: stats.sum + value, max: Math.max(stats.max, value) });
    lines++;
    return value > 340; // an alert
  }),
  mfs.createWriteStream('/out/alerts.csv'),
);
seconds = (performance.now() - started) / 1000;
const hottest = [...sensors].sort(([, a], [, b]) => b.sum / b.count - a.sum / a.count)[0];
log(`read ${lines} lines in ${seconds.toFixed(2)} s; ${sensors.size} sensors`);
log(
  `hottest on average: ${hottest[0]}, mean ${(hottest[1].sum / hottest[1].count).toFixed(2)}, max ${hottest[1].max}`,
);
log(`alerts above 340: ${mfs.getSize('/out/alerts.csv')} bytes in /out/alerts.csv`);

section('The quota refuses what does not fit, as a stream error');
const small = new MemoryFileSystem({ maxQuota: Math.floor(INPUT_BYTES / 2) });
try {
  await pipeline(Readable.from(readings(INPUT_BYTES)), small.createWriteStream('/readings.csv'));
} catch (error) {
  if (!(error instanceof MFSQuotaExceededError)) throw error;
  log(`${error.code}: ${error.message}`);
}
const kept = small.getSize('/readings.csv');
log(`kept: ${kept} bytes of ${inputSize}`);
log(
  `they are exactly the input's first ${kept} bytes: ${await isPrefixOfInput(small, '/readings.csv', INPUT_BYTES)}`,
);

section('The memory guard');
// The guard asks how much physical memory is free. Its real source is the process's cgroup
// (memory.max − memory.current, v2 then v1), else MemAvailable from /proc/meminfo on Linux, and
// os.freemem() elsewhere. Here an injected source plays a machine whose free memory we control, so
// the outcome is the same on every machine.
const warnings: string[] = [];
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code === 'DMEMFS_MEMORY_GUARD') warnings.push(warning.message);
});

new MemoryFileSystem({ maxQuota: 4096 * MiB, memoryGuard: 'init', availableMemory: () => 1024 * MiB });
await nextTurn(); // process warnings are delivered on a later turn
log(`'init', a 4 GiB quota on a machine with 1 GiB free: warned "${warnings.shift()}"`);

let free = 256 * MiB; // the simulated machine's free memory
const guarded = (action: 'warn' | 'raise') =>
  new MemoryFileSystem({
    maxQuota: 64 * MiB,
    memoryGuard: 'per_write',
    memoryGuardAction: action,
    memoryGuardInterval: 0, // ask before every write; the default reuses an answer for 1 s
    availableMemory: () => free,
  });

const warning = guarded('warn');
free = 512 * KiB; // something else in the container takes memory
warning.writeFile('/report.bin', Buffer.alloc(MiB));
await nextTurn();
log(`'per_write' + 'warn', a 1 MiB write with 512 KiB free: warned "${warnings.shift()}"`);
log(`the write went ahead: ${warning.getSize('/report.bin')} bytes`);

free = 256 * MiB;
const GUARDED_BYTES = 8 * MiB;
let squeezedAt = 0;
const raising = guarded('raise');
try {
  const input = readings(GUARDED_BYTES, (produced) => {
    // Halfway through the input, something else takes all but 32 KiB.
    if (squeezedAt === 0 && produced >= GUARDED_BYTES / 2) [squeezedAt, free] = [produced, 32 * KiB];
  });
  await pipeline(Readable.from(input), raising.createWriteStream('/readings.csv'));
} catch (error) {
  if (!(error instanceof MFSMemoryError)) throw error;
  log(`'per_write' + 'raise', streaming: ${error.code}: ${error.message}`);
}
log(
  `kept ${raising.getSize('/readings.csv')} bytes, written before the squeeze (at ${squeezedAt} bytes produced)`,
);
log(
  `they are exactly the input's first bytes: ${await isPrefixOfInput(raising, '/readings.csv', GUARDED_BYTES)}`,
);
