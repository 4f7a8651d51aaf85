/**
 * SQLite shared in-memory database with auto-persistence: several connections share one live
 * database; when the last one closes, the database is saved into a `MemoryFileSystem`, and the next
 * connection restores it from there.
 *
 * Run: `npx tsx examples/sqlite-shared-store.ts`. Tutorial: `examples/sqlite-shared-store.md`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryFileSystem, MFSQuotaExceededError } from 'dmemfs';
import { type Database, loadDatabase, SharedDatabaseStore } from 'dmemfs/sqlite';

const KiB = 1024;
const section = (title: string) => console.log(`\n== ${title} ==`);
const count = (db: Database) => db.prepare('SELECT count(*) FROM events').pluck().get() as number;
const savedSize = (mfs: MemoryFileSystem, path: string) =>
  mfs.isFile(path) ? `${mfs.getSize(path)} bytes` : 'no file yet';

// One store per database, shared by everyone who uses it (export it from a module, say).
const mfs = new MemoryFileSystem({ maxQuota: 512 * KiB });
const store = new SharedDatabaseStore(mfs, '/state/pipeline.sqlite');
mfs.mkdir('/state');

section('Connections share one live database');
{
  using ingest = store.connect();
  using dashboard = store.connect();
  ingest.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, source TEXT NOT NULL, payload TEXT NOT NULL)');
  ingest.prepare('INSERT INTO events (source, payload) VALUES (?, ?)').run('setup', 'hello');
  const seen = count(dashboard);
  console.log(`  open connections: ${store.connections}; the dashboard sees ${seen} event(s) at once`);
  console.log(`  saved file while live: ${savedSize(mfs, store.path)}`);
} // leaving the block closes dashboard, then ingest: the last close saves the database
console.log(
  `  after the last close: ${store.connections} connections, saved file ${savedSize(mfs, store.path)}`,
);

section('Concurrent tasks, each with its own connection');
let peak = 0;
/** An extract task: connects, inserts a batch across several awaits, and closes. */
async function extract(source: string, rows: number, pauseMs: number): Promise<void> {
  using db = store.connect();
  peak = Math.max(peak, store.connections);
  const insert = db.prepare('INSERT INTO events (source, payload) VALUES (?, ?)');
  for (let i = 0; i < rows; i++) {
    insert.run(source, JSON.stringify({ source, i }));
    await sleep(pauseMs); // the other tasks run here, on the same live database
  }
}
await Promise.all([extract('orders', 6, 5), extract('clicks', 4, 9), extract('payments', 3, 13)]);
console.log(`  connections open at once: ${peak}; after the tasks: ${store.connections}`);
{
  using db = store.connect(); // restored from the file the last task saved
  const bySource = db
    .prepare('SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source')
    .all();
  console.log(`  restored from ${store.path}: ${JSON.stringify(bySource)}`);
}

section('flush() saves while connections stay open');
{
  using db = store.connect();
  const before = mfs.getSize(store.path);
  db.prepare('INSERT INTO events (source, payload) VALUES (?, ?)').run('audit', 'x'.repeat(8 * KiB));
  store.flush();
  console.log(
    `  saved file: ${before} bytes before, ${mfs.getSize(store.path)} after flush(); still live: ${store.connections} connection(s)`,
  );
}

section('A last close that does not fit changes nothing');
mfs.writeFile('/filler.bin', Buffer.alloc(mfs.stats().freeBytes - 40 * KiB)); // the quota is nearly full
const db = store.connect();
db.prepare('INSERT INTO events (source, payload) VALUES (?, ?)').run('bulk', 'y'.repeat(64 * KiB));
try {
  db.close();
} catch (error) {
  if (!(error instanceof MFSQuotaExceededError)) throw error;
  console.log(`  close() threw ${error.code}: ${error.message}`);
}
console.log(`  the connection is still open: ${db.open}; store.connections = ${store.connections}`);
const saved = loadDatabase(mfs, store.path, { readonly: true }); // a copy of the saved state
const live = db.prepare('SELECT count(*) FROM events').pluck().get();
console.log(`  events: ${live} in the live database, ${count(saved)} in the saved file`);
saved.close();
mfs.remove('/filler.bin');
db.close(); // with space again, the same close succeeds
console.log(
  `  after freeing space, close() saved ${savedSize(mfs, store.path)}; connections: ${store.connections}`,
);
