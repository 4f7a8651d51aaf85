/**
 * `sqlite_clone`: a fresh copy of a seeded SQLite database for a test, cloned from a master that
 * `SqliteMasterCache` keeps in dmemfs, or rebuilt from its schema and seed rows.
 *
 * Every operation ends with the same first query, so a lazily opened database cannot look faster
 * than it is. Seed rows are generated before timing: the rebuild pays only for SQLite's work, which is
 * the best case for rebuilding. SQLite keeps its pages in its own memory, outside the V8 heap, so no
 * contender reports a peak.
 *
 * @module
 */

import BetterSqlite3 from 'better-sqlite3';
import { type Database, SqliteMasterCache } from '../../src/sqlite/index.js';
import { MiB } from '../lib/units.js';
import { xorshift32 } from '../lib/xorshift.js';
import { expectValue, type Operation, type Scenario, type ScenarioSizes } from './types.js';

const NAME = 'sqlite_clone';

const SCHEMA = `
  CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
  CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, title TEXT NOT NULL, price_cents INTEGER NOT NULL);
  CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), status TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, price_cents INTEGER NOT NULL, PRIMARY KEY (order_id, product_id));
  CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
  CREATE INDEX items_by_product ON order_items (product_id);
`;

/** Row counts at scale 1: a database of about 5 MiB. */
const COUNTS = { customers: 8_000, products: 1_500, orders: 25_000, itemsPerOrder: 3 };
const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'returned'];
/** The first query reads the first rows of `customers`; every scale has at least this many. */
const FIRST_ROWS = 10;

interface Seed {
  customers: [number, string, string, number][];
  products: [number, string, string, number][];
  orders: [number, number, string, number][];
  items: [number, number, number, number][];
}

/** Deterministic seed rows (a 32-bit xorshift generator, so every run builds the same database). */
function makeSeed(scale: number): Seed {
  const customers = Math.max(FIRST_ROWS, Math.round(COUNTS.customers * scale));
  const products = Math.max(COUNTS.itemsPerOrder * 7, Math.round(COUNTS.products * scale));
  const orders = Math.max(1, Math.round(COUNTS.orders * scale));
  const random = xorshift32(0x9e3779b9);
  const next = (limit: number) => random() % limit;
  const epoch = 1_700_000_000_000;
  const seed: Seed = { customers: [], products: [], orders: [], items: [] };
  for (let id = 1; id <= customers; id++) {
    seed.customers.push([
      id,
      `Customer ${id} ${next(1e9).toString(36)}`,
      `c${id}@example.test`,
      epoch + next(1e9),
    ]);
  }
  for (let id = 1; id <= products; id++) {
    seed.products.push([
      id,
      `SKU-${id.toString().padStart(6, '0')}`,
      `Product ${id} ${next(1e12).toString(36)}`,
      100 + next(100_000),
    ]);
  }
  for (let id = 1; id <= orders; id++) {
    seed.orders.push([id, 1 + next(customers), STATUSES[next(STATUSES.length)], epoch + next(1e10)]);
    const first = next(products);
    for (let i = 0; i < COUNTS.itemsPerOrder; i++) {
      seed.items.push([id, 1 + ((first + i * 7) % products), 1 + next(5), 100 + next(100_000)]);
    }
  }
  return seed;
}

/** Creates the schema and inserts the seed rows in one transaction. */
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
  const row = db.prepare(`SELECT count(*) AS n FROM customers WHERE id <= ${FIRST_ROWS}`).get() as {
    n: number;
  };
  expectValue(NAME, 'customers found by the first query', row.n, FIRST_ROWS);
}

/** A master of the seeded database in a `SqliteMasterCache`, built once per contender. */
function seededMaster(sizes: ScenarioSizes) {
  const seed = makeSeed(sizes.sqliteScale);
  const cache = new SqliteMasterCache({ maxQuota: 64 * MiB });
  return cache.master('bench', (db) => build(db, seed));
}

export const sqliteClone: Scenario = {
  name: NAME,
  describe: (sizes) => {
    const seed = makeSeed(sizes.sqliteScale);
    return (
      `a fresh in-memory SQLite database for a test (${seed.customers.length} customers, ` +
      `${seed.products.length} products, ${seed.orders.length} orders, ${seed.items.length} order items), ` +
      'opened and asked its first query'
    );
  },
  baseline: 'rebuild',
  contenders: [
    {
      name: 'master.clone',
      description: 'SqliteMasterCache master.clone(): the image read out of dmemfs, deserialized by SQLite',
      dmemfs: true,
      batch: (sizes) => sizes.sqliteCloneBatch,
      prepare({ sizes }): Operation {
        const master = seededMaster(sizes);
        return {
          run() {
            const db = master.clone();
            firstQuery(db);
            db.close();
          },
        };
      },
    },
    {
      name: 'buffer-deserialize',
      description: 'new Database(buffer) from an image kept in a Buffer outside any quota',
      dmemfs: false,
      batch: (sizes) => sizes.sqliteCloneBatch,
      prepare({ sizes }): Operation {
        const image = Buffer.from(seededMaster(sizes).toBytes());
        return {
          run() {
            const db = new BetterSqlite3(image);
            firstQuery(db);
            db.close();
          },
        };
      },
    },
    {
      name: 'rebuild',
      description: 'new Database(":memory:"), then the schema and every seed row inserted again',
      dmemfs: false,
      prepare({ sizes }): Operation {
        const seed = makeSeed(sizes.sqliteScale);
        return {
          run() {
            const db = new BetterSqlite3(':memory:');
            build(db, seed);
            firstQuery(db);
            db.close();
          },
        };
      },
    },
  ],
};
