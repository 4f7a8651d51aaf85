/**
 * `dmemfs/sqlite`: SQLite databases held in memory for tests, with better-sqlite3 (an optional peer
 * dependency; importing this entry without it throws an error that says what to install).
 *
 * - {@link SqliteMasterCache}: build a database once, clone it per test.
 * - {@link saveDatabase}, {@link loadDatabase}: a database to and from a `MemoryFileSystem`.
 * - {@link SharedDatabaseStore}: connections to one live database, persisted when the last closes.
 *
 * @module dmemfs/sqlite
 */

export type { Database } from './driver.js';
export { SQLITE_HEADER } from './image.js';
export { type CloneOptions, SqliteMaster } from './master.js';
export { type MasterBuilder, SqliteMasterCache, type SqliteMasterCacheOptions } from './master-cache.js';
export { type LoadDatabaseOptions, loadDatabase, saveDatabase } from './persistence.js';
export type { SharedConnection } from './shared-connection.js';
export { SharedDatabaseStore } from './shared-store.js';
