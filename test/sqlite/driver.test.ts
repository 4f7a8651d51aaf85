import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import {
  isMissingDriverError,
  loadDriver,
  MISSING_DRIVER_MESSAGE,
  SqliteDatabase,
} from '../../src/sqlite/driver.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function notFound(message: string, code = 'MODULE_NOT_FOUND'): Error {
  return Object.assign(new Error(message), { code });
}

describe('loading better-sqlite3', () => {
  test('the entry loads the installed driver', () => {
    expect(SqliteDatabase).toBe(BetterSqlite3);
    expect(loadDriver()).toBe(BetterSqlite3);
  });

  test('a missing better-sqlite3 becomes an error that says what to install', () => {
    const cause = notFound("Cannot find module 'better-sqlite3'\nRequire stack:\n- /app/index.js");
    let thrown: unknown;
    try {
      loadDriver(() => {
        throw cause;
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe(MISSING_DRIVER_MESSAGE);
    expect((thrown as Error).cause).toBe(cause);
    expect(thrown).toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
    expect(MISSING_DRIVER_MESSAGE).toContain('npm install --save-dev better-sqlite3');
  });

  test('other failures pass through unchanged', () => {
    const inside = notFound(
      "Cannot find module 'bindings'\nRequire stack:\n- /app/node_modules/better-sqlite3/lib/database.js",
    );
    const broken = new SyntaxError('Unexpected token');
    for (const error of [inside, broken]) {
      expect(() =>
        loadDriver(() => {
          throw error;
        }),
      ).toThrow(error);
    }
  });

  test('recognizes both module systems’ not-found errors, and only for better-sqlite3', () => {
    expect(isMissingDriverError(notFound("Cannot find module 'better-sqlite3'"))).toBe(true);
    expect(
      isMissingDriverError(
        notFound("Cannot find package 'better-sqlite3' imported from /app/x.js", 'ERR_MODULE_NOT_FOUND'),
      ),
    ).toBe(true);
    expect(isMissingDriverError(notFound("Cannot find module 'better-sqlite3-extra'"))).toBe(false);
    expect(isMissingDriverError(new Error("Cannot find module 'better-sqlite3'"))).toBe(false);
    expect(isMissingDriverError("Cannot find module 'better-sqlite3'")).toBe(false);
  });
});

describe('importing dmemfs/sqlite in a process where better-sqlite3 is not installed', () => {
  // A copy of the sources outside this repository, where no node_modules directory is reachable;
  // tsx (by absolute path) runs the TypeScript.
  const sandbox = mkdtempSync(join(tmpdir(), 'dmemfs-no-driver-'));
  cpSync(join(repository, 'src'), join(sandbox, 'src'), { recursive: true });
  writeFileSync(join(sandbox, 'package.json'), JSON.stringify({ type: 'module' }));
  const entry = pathToFileURL(join(sandbox, 'src/sqlite/index.ts')).href;
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  const importEntry = async () => {
    const script = `
      try {
        const sqlite = await import(${JSON.stringify(entry)});
        console.log(JSON.stringify({ loaded: Object.keys(sqlite).sort() }));
      } catch (error) {
        console.log(JSON.stringify({ message: error.message, code: error.code, cause: error.cause?.code }));
      }`;
    const { stdout } = await run(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
      cwd: sandbox,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  };

  test('the import throws our error, which says what to install', async () => {
    expect(() => createRequire(join(sandbox, 'src/sqlite/driver.ts')).resolve('better-sqlite3')).toThrow();
    expect(await importEntry()).toEqual({
      message: MISSING_DRIVER_MESSAGE,
      code: 'ERR_MODULE_NOT_FOUND',
      cause: 'MODULE_NOT_FOUND',
    });
  });

  test('with the package installed there, the same copy imports', async () => {
    mkdirSync(join(sandbox, 'node_modules'));
    symlinkSync(
      realpathSync(dirname(require.resolve('better-sqlite3/package.json'))),
      join(sandbox, 'node_modules/better-sqlite3'),
    );
    expect(await importEntry()).toEqual({
      loaded: [
        'SQLITE_HEADER',
        'SharedDatabaseStore',
        'SqliteMaster',
        'SqliteMasterCache',
        'loadDatabase',
        'saveDatabase',
      ],
    });
  });
});
