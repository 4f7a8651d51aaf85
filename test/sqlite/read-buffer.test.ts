import { expect, test } from 'vitest';
import { SqliteMasterCache } from '../../src/sqlite/index.js';
import { readBuffer } from '../../src/sqlite/read-buffer.js';
import { addBlobs, itemNames, seedInventory } from './databases.js';

test('hands out views of one buffer, grown when a bigger one is asked for', () => {
  const first = readBuffer(64 * 1024);
  const smaller = readBuffer(1024);
  expect(first.byteLength).toBe(64 * 1024);
  expect(smaller.byteLength).toBe(1024);
  expect(smaller.buffer).toBe(first.buffer);
  const bigger = readBuffer(first.buffer.byteLength + 1);
  expect(bigger.byteLength).toBe(first.buffer.byteLength + 1);
  expect(bigger.buffer).not.toBe(first.buffer);
  expect(readBuffer(10).buffer).toBe(bigger.buffer);
});

test('clones of masters of different sizes, interleaved, each get exactly their own master', () => {
  const cache = new SqliteMasterCache();
  const small = cache.master('small', seedInventory);
  const big = cache.master('big', (db) => {
    seedInventory(db);
    db.exec("UPDATE items SET name = name || '-big'");
    addBlobs(db, 64, 4096);
  });
  expect(big.bytes).toBeGreaterThan(small.bytes);
  const clones = [big.clone(), small.clone(), big.clone(), small.clone()];
  expect(clones.map(itemNames)).toEqual([
    ['anvil-big', 'bolt-big', 'chisel-big'],
    ['anvil', 'bolt', 'chisel'],
    ['anvil-big', 'bolt-big', 'chisel-big'],
    ['anvil', 'bolt', 'chisel'],
  ]);
  for (const db of clones) {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }
});
