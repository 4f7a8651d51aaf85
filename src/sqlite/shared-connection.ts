/**
 * A connection to a shared live database: a view of one better-sqlite3 `Database` whose `close()`
 * releases the connection instead of closing the database.
 *
 * Every connection is a `Proxy` that forwards to the same live database. Methods run on the database
 * itself (better-sqlite3 checks its receiver natively), and a method that returns the database
 * returns the connection instead, so chained calls stay behind the connection's checks. The proxy's
 * own target is an empty stand-in with the `Database` prototype rather than the database: `instanceof`
 * still holds, and the proxy alone decides which properties a closed connection shows (the
 * database's getters are non-configurable, so a proxy over it could not hide them from `util.inspect`).
 *
 * @module
 */

import { UnsupportedOperationError } from '../fs/index.js';
import type { Database } from './driver.js';

/**
 * A connection handed out by `SharedDatabaseStore#connect()`: it is used exactly like a better-sqlite3
 * `Database`. `close()` (or `using`) releases this connection, is idempotent, and persists the
 * database when it is the last one; `open` says whether this connection is still open. Any other use
 * of a closed connection throws `UnsupportedOperationError` (`EBADF`).
 */
export type SharedConnection = Database & Disposable;

/** What a connection asks of its store. */
export interface ConnectionOwner {
  /** The store's path, for messages. */
  readonly path: string;
  /** Releases a connection; throws, and leaves it open, when the last close cannot persist. */
  release(): void;
}

type Method = (...args: unknown[]) => unknown;

/** Creates a connection to `live` that reports its `close()` to `owner`. */
export function createConnection(live: Database, owner: ConnectionOwner): SharedConnection {
  let closed = false;
  const methods = new Map<PropertyKey, Method>();

  const close = (): SharedConnection => {
    if (!closed) {
      owner.release();
      closed = true;
    }
    return connection;
  };

  const refuseWhenClosed = (property: PropertyKey): void => {
    // Symbol keys and `then` are how runtimes look at an object (inspection, `await`), not database use.
    if (closed && typeof property === 'string' && property !== 'then') {
      throw new UnsupportedOperationError(
        'EBADF',
        `This connection to the shared database '${owner.path}' is closed (used: ${property}).`,
      );
    }
  };

  /** A method of the live database, run on it, with a closed check at call time. */
  const methodFor = (property: PropertyKey, original: Method): Method => {
    let method = methods.get(property);
    if (method === undefined) {
      method = (...args: unknown[]) => {
        refuseWhenClosed(property);
        const result = original.apply(live, args);
        return result === live ? connection : result;
      };
      methods.set(property, method);
    }
    return method;
  };

  const standIn = Object.create(Object.getPrototypeOf(live)) as Database;
  const connection = new Proxy(standIn, {
    get(_standIn, property) {
      if (property === 'close' || property === Symbol.dispose) return close;
      if (property === 'open') return !closed;
      refuseWhenClosed(property);
      const value: unknown = Reflect.get(live, property, live);
      return typeof value === 'function' ? methodFor(property, value as Method) : value;
    },
    set(_standIn, property, value) {
      refuseWhenClosed(property);
      return Reflect.set(live, property, value, live);
    },
    has(_standIn, property) {
      return Reflect.has(live, property);
    },
    deleteProperty(_standIn, property) {
      refuseWhenClosed(property);
      return Reflect.deleteProperty(live, property);
    },
    defineProperty(_standIn, property, descriptor) {
      refuseWhenClosed(property);
      return Reflect.defineProperty(live, property, descriptor);
    },
    // A closed connection shows only `open: false`; an open one shows the database's own properties,
    // reported configurable because the stand-in does not hold them.
    ownKeys() {
      return closed ? ['open'] : Reflect.ownKeys(live);
    },
    getOwnPropertyDescriptor(_standIn, property) {
      if (closed) {
        return property === 'open'
          ? { value: false, enumerable: true, configurable: true, writable: false }
          : undefined;
      }
      const descriptor = Reflect.getOwnPropertyDescriptor(live, property);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  }) as SharedConnection;
  return connection;
}
