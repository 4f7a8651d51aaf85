/**
 * High-speed SQLite test fixtures: a master database built once from its schema and seed rows, then
 * a fresh, independent clone for every test. Each "test" here is one iteration of a loop; the README
 * section "SQLite" shows the same pattern wired into Vitest and Jest.
 *
 * Run: `npx tsx examples/sqlite-test-fixtures.ts [--tests 200] [--orders 100000]`.
 * Tutorial: `examples/sqlite-test-fixtures.md`.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { MFSQuotaExceededError } from 'dmemfs';
import { type Database, SqliteMasterCache } from 'dmemfs/sqlite';

const { values } = parseArgs({
  options: { tests: { type: 'string', default: '200' }, orders: { type: 'string', default: '100000' } },
});
const TESTS = positiveInteger(values.tests, '--tests');
const ORDERS = positiveInteger(values.orders, '--orders');
const CUSTOMERS = Math.max(1, Math.floor(ORDERS / 5));

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

const section = (title: string) => console.log(`\n== ${title} ==`);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const MiB = 1024 * 1024;

/** The schema and seed rows every test starts from. Synchronous, as better-sqlite3 is. */
function buildShop(db: Database): void {
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE);
    CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      status TEXT NOT NULL,
      total_cents INTEGER NOT NULL
    );
    CREATE INDEX orders_by_customer ON orders (customer_id);
  `);
  const customer = db.prepare('INSERT INTO customers (id, name, email) VALUES (?, ?, ?)');
  const order = db.prepare('INSERT INTO orders (customer_id, status, total_cents) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= CUSTOMERS; id++) customer.run(id, `Customer ${id}`, `c${id}@example.test`);
    for (let i = 0; i < ORDERS; i++) order.run(1 + (i % CUSTOMERS), 'paid', 100 + ((i * 37) % 9_900));
  })();
}

const count = (db: Database, sql: string) => db.prepare(sql).pluck().get() as number;

/** Percentile of sorted values (nearest rank). */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

section('Build the master once');
const cache = new SqliteMasterCache({ maxQuota: 64 * MiB });
let started = performance.now();
const master = cache.master('shop', buildShop);
const buildMs = performance.now() - started;
console.log(`  built 'shop' in ${ms(buildMs)}: ${CUSTOMERS} customers, ${ORDERS} orders`);
console.log(
  `  image: ${master.bytes} bytes (${(master.bytes / MiB).toFixed(2)} MiB), held in the cache's quota`,
);

section(`${TESTS} tests, each on its own clone`);
const cloneTimes: number[] = [];
let startedFromMaster = 0;
for (let test = 0; test < TESTS; test++) {
  // Timed up to the end of the first query, so that no lazily deferred work escapes the measure.
  started = performance.now();
  const db = master.clone();
  const orders = count(db, 'SELECT count(*) FROM orders');
  cloneTimes.push(performance.now() - started);
  try {
    // The test body: it starts from the seed rows, whatever the previous test did to its clone...
    if (orders === ORDERS) startedFromMaster++;
    // ...and changes them freely: this one cancels every order of one customer.
    db.prepare('DELETE FROM orders WHERE customer_id = ?').run(1 + (test % CUSTOMERS));
  } finally {
    db.close();
  }
}
cloneTimes.sort((a, b) => a - b);
console.log(
  `  clone and first query: median ${ms(percentile(cloneTimes, 50))}, p95 ${ms(percentile(cloneTimes, 95))}, ` +
    `max ${ms(cloneTimes.at(-1)!)}`,
);
console.log(`  tests that started from the master's ${ORDERS} orders: ${startedFromMaster} of ${TESTS}`);
{
  const check = master.clone({ readonly: true });
  console.log(`  orders in a new clone after all that: ${count(check, 'SELECT count(*) FROM orders')}`);
  try {
    check.exec('DELETE FROM orders');
  } catch (error) {
    console.log(`  a { readonly: true } clone refuses writes: ${(error as { code?: string }).code}`);
  }
  check.close();
}

section('Rebuilding per test instead');
const rebuildTimes: number[] = [];
for (let run = 0; run < 5; run++) {
  started = performance.now();
  const db = new BetterSqlite3(':memory:');
  buildShop(db);
  count(db, 'SELECT count(*) FROM orders');
  rebuildTimes.push(performance.now() - started);
  db.close();
}
rebuildTimes.sort((a, b) => a - b);
const rebuildMedian = percentile(rebuildTimes, 50);
console.log(
  `  rebuild from schema and seed rows, and first query: median ${ms(rebuildMedian)} over ${rebuildTimes.length} runs`,
);
console.log(
  `  a clone is ${Math.round(rebuildMedian / percentile(cloneTimes, 50))}× faster than a rebuild here`,
);

section('Another worker adopts the master as bytes');
const bytes = master.toBytes(); // post it to a worker, or provide() it to Vitest's test workers
const elsewhere = new SqliteMasterCache().adopt('shop', bytes);
{
  const db = elsewhere.clone();
  console.log(
    `  adopted ${bytes.byteLength} bytes; orders in its clone: ${count(db, 'SELECT count(*) FROM orders')}`,
  );
  db.close();
}

section('The cache has a hard quota too');
const small = new SqliteMasterCache({ maxQuota: Math.floor(master.bytes / 2) });
try {
  small.master('shop', buildShop);
} catch (error) {
  if (!(error instanceof MFSQuotaExceededError)) throw error;
  console.log(`  ${error.code}: ${error.message}`);
}
console.log(`  cached after the refusal: ${JSON.stringify(small.keys())}`);
