/** `ImportBudget`: the early quota check of imports whose input is still being read. */
import { describe, expect, test } from 'vitest';
import { ImportBudget, MemoryFileSystem, MFSQuotaExceededError } from '../../src/fs/index.js';
import { errorOf } from '../helpers.js';

describe('ImportBudget', () => {
  test('counts each file as importTree will charge it, piece by piece', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1000, chunkOverheadOverride: 100 });
    const budget = new ImportBudget(mfs, '/');
    expect(budget.allowance).toBe(1000);
    budget.count('/a', 0);
    expect(budget.charge).toBe(0);
    budget.count('/a', 200);
    budget.count('/a', 100); // the same file grew: one chunk overhead, not two
    expect(budget.charge).toBe(400);
    budget.count('/b', 500);
    expect(budget.charge).toBe(1000);
    expect(() => budget.count('/c', 1)).toThrow(MFSQuotaExceededError);
    expect(budget.charge).toBe(1000);
  });

  test('the allowance includes what replacing files under the destination could free', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1000, chunkOverheadOverride: 0 });
    mfs.mkdir('/dest');
    mfs.writeFile('/dest/old', Buffer.alloc(300));
    mfs.writeFile('/elsewhere', Buffer.alloc(200));
    expect(new ImportBudget(mfs, '/dest').allowance).toBe(800);
    expect(new ImportBudget(mfs, '/missing').allowance).toBe(500);
    expect(new ImportBudget(mfs, '/').allowance).toBe(1000);
    const budget = new ImportBudget(mfs, '/dest');
    expect(errorOf(() => budget.count('/dest/new', 801))).toMatchObject({
      code: 'ENOSPC',
      requested: 801,
      available: 800,
      path: '/dest/new',
    });
  });

  test('random-access policies charge the size alone', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 100, defaultStorage: 'random_access' });
    const budget = new ImportBudget(mfs, '/');
    budget.count('/a', 100);
    expect(budget.charge).toBe(100);
  });

  test('discard stops counting a file, so a later file of the same path can take its place', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1000, chunkOverheadOverride: 100 });
    const budget = new ImportBudget(mfs, '/');
    budget.count('/dup', 600);
    expect(budget.charge).toBe(700);
    expect(() => budget.count('/other', 300)).toThrow(MFSQuotaExceededError);
    budget.discard('/dup');
    expect(budget.charge).toBe(0);
    budget.count('/dup', 800);
    expect(budget.charge).toBe(900);
    budget.discard('/never-counted');
    expect(budget.charge).toBe(900);
  });
});
