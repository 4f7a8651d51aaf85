/**
 * Clone versus rebuild: how long a test waits for a fresh ~5 MiB SQLite database when it clones a
 * master (`SqliteMasterCache`) instead of rebuilding the database from its schema and seed rows.
 *
 * Run: `npx tsx benchmarks/extra/sqlite-clone.ts [--repeat 200]`. With `--expose-gc` in
 * `NODE_OPTIONS` it collects garbage before every iteration; that also frees the clone's weakly held
 * read buffer, so it then measures the first clone after a collection.
 *
 * Each timed iteration ends with the same first query, so a lazily opened database cannot look
 * faster than it is. Seed rows are generated before timing: the rebuild pays only for SQLite work,
 * which is the best case for rebuilding.
 *
 * @module
 */

import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { type Database, SqliteMasterCache } from '../../src/sqlite/index.js';
import { summarize } from '../lib/stats.js';
import { MiB } from '../lib/units.js';

const SCHEMA = `
  CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
  CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, title TEXT NOT NULL, price_cents INTEGER NOT NULL);
  CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), status TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, price_cents INTEGER NOT NULL, PRIMARY KEY (order_id, product_id));
  CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
  CREATE INDEX items_by_product ON order_items (product_id);
`;

const COUNTS = { customers: 8_000, products: 1_500, orders: 25_000, itemsPerOrder: 3 };
const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'returned'];

interface Seed {
  customers: [number, string, string, number][];
  products: [number, string, string, number][];
  orders: [number, number, string, number][];
  items: [number, number, number, number][];
}

/** Deterministic seed rows (a 32-bit xorshift generator, so every run builds the same database). */
function makeSeed(): Seed {
  let state = 0x9e3779b9;
  const next = (limit: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
  const epoch = 1_700_000_000_000;
  const seed: Seed = { customers: [], products: [], orders: [], items: [] };
  for (let id = 1; id <= COUNTS.customers; id++) {
    seed.customers.push([
      id,
      `Customer ${id} ${next(1e9).toString(36)}`,
      `c${id}@example.test`,
      epoch + next(1e9),
    ]);
  }
  for (let id = 1; id <= COUNTS.products; id++) {
    seed.products.push([
      id,
      `SKU-${id.toString().padStart(6, '0')}`,
      `Product ${id} ${next(1e12).toString(36)}`,
      100 + next(100_000),
    ]);
  }
  for (let id = 1; id <= COUNTS.orders; id++) {
    seed.orders.push([id, 1 + next(COUNTS.customers), STATUSES[next(STATUSES.length)], epoch + next(1e10)]);
    const first = next(COUNTS.products);
    for (let i = 0; i < COUNTS.itemsPerOrder; i++) {
      seed.items.push([id, 1 + ((first + i * 7) % COUNTS.products), 1 + next(5), 100 + next(100_000)]);
    }
  }
  return seed;
}

function build(db: Database, seed: Seed): void {
  db.exec(SCHEMA);
  const insert = (sql: string, rows: unknown[][]) => {
    const statement = db.prepare(sql);
    for (const row of rows) statement.run(row);
  };
  db.transaction(() => {
    insert('INSERT INTO customers VALUES (?, ?, ?, ?)', seed.customers);
    insert('INSERT INTO products VALUES (?, ?, ?, ?)', seed.products);
    insert('INSERT INTO orders VALUES (?, ?, ?, ?)', seed.orders);
    insert('INSERT INTO order_items VALUES (?, ?, ?, ?)', seed.items);
  })();
}

/** The first query a test would make; also checks that the database is the seeded one. */
function firstQuery(db: Database): void {
  const row = db.prepare('SELECT count(*) AS n FROM customers WHERE id <= 10').get() as { n: number };
  if (row.n !== 10) throw new Error(`unexpected database: ${row.n} customers`);
}

function time(repeat: number, warmup: number, run: () => void): number[] {
  const collect = globalThis.gc;
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    collect?.();
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times;
}

function describeTimes(times: number[]): string {
  const { min, median, max } = summarize(times);
  return `median ${median.toFixed(3)} ms (min ${min.toFixed(3)}, max ${max.toFixed(3)}, n = ${times.length})`;
}

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '200' } } });
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat must be a positive integer; got ${values.repeat}`);

const seed = makeSeed();
const cache = new SqliteMasterCache({ maxQuota: 64 * MiB });
const master = cache.master('bench', (db) => build(db, seed));
const keptBuffer = Buffer.from(master.toBytes());

const clone = time(repeat, 20, () => {
  const db = master.clone();
  firstQuery(db);
  db.close();
});
const cloneFromBuffer = time(repeat, 20, () => {
  const db = new BetterSqlite3(keptBuffer);
  firstQuery(db);
  db.close();
});
const rebuild = time(Math.max(5, Math.ceil(repeat / 10)), 1, () => {
  const db = new BetterSqlite3(':memory:');
  build(db, seed);
  firstQuery(db);
  db.close();
});

const cloneMedian = summarize(clone).median;
const rebuildMedian = summarize(rebuild).median;
console.log(
  `master: ${(master.bytes / MiB).toFixed(2)} MiB (${COUNTS.customers} customers, ${COUNTS.products} products, ` +
    `${COUNTS.orders} orders, ${COUNTS.orders * COUNTS.itemsPerOrder} order items); gc between iterations: ${globalThis.gc ? 'yes' : 'no'}`,
);
console.log(`clone    master.clone():                        ${describeTimes(clone)}`);
console.log(`clone    new Database(buffer kept outside quota): ${describeTimes(cloneFromBuffer)}`);
console.log(`rebuild  schema + seed rows:                    ${describeTimes(rebuild)}`);
console.log(`ratio    rebuild / clone (medians):             ${(rebuildMedian / cloneMedian).toFixed(1)}×`);
