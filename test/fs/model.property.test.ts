/**
 * Model-based property test: random sequences of engine operations run against a plain model of
 * the tree. After every step the filesystem must agree with the model (listing, contents), usage must
 * equal the sum of file usages and stay within the quota, the node count within the cap, and every
 * operation must be applied completely or not at all. fast-check prints the seed of a failing run.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { joinPath, parentPath, rebasePath } from '../../src/fs/path.js';
import { type MemoryFileHandle, MemoryFileSystem } from '../../src/index.js';
import { expectConsistentStats } from '../helpers.js';

type Entry = { kind: 'dir' } | { kind: 'file'; data: Buffer };

/** The reference: a flat map of path → entry, plus how many read handles each path has open. */
class TreeModel {
  readonly entries = new Map<string, Entry>([['/', { kind: 'dir' }]]);
  readonly open = new Map<string, number>();

  constructor(readonly sequentialOnly: boolean) {}

  get(path: string): Entry | undefined {
    return this.entries.get(path);
  }

  /** Proper ancestors of `path`, nearest first. */
  ancestors(path: string): string[] {
    const result: string[] = [];
    for (let p = parentPath(path); ; p = parentPath(p)) {
      result.push(p);
      if (p === '/') return result;
    }
  }

  /** Why `path` does not resolve: ENOTDIR if an existing ancestor is a file, else ENOENT. */
  explainMissing(path: string): string {
    return this.ancestors(path).some((a) => this.get(a)?.kind === 'file') ? 'ENOTDIR' : 'ENOENT';
  }

  /** The error creating an entry at `path` gets from its parent, if any. */
  parentError(path: string): string | undefined {
    const parent = this.get(parentPath(path));
    if (parent === undefined) return this.explainMissing(parentPath(path));
    return parent.kind === 'file' ? 'ENOTDIR' : undefined;
  }

  subtree(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.entries.keys()].filter((p) => p === path || p.startsWith(prefix));
  }

  anyOpen(path: string): boolean {
    return this.subtree(path).some((p) => (this.open.get(p) ?? 0) > 0);
  }

  /** Nodes that creating `path` and its missing ancestors adds. */
  missingChain(path: string): string[] {
    const chain = [path, ...this.ancestors(path)].filter((p) => !this.entries.has(p));
    return chain.reverse();
  }

  relocate(src: string, dst: string): void {
    for (const p of this.subtree(src)) {
      const entry = this.entries.get(p)!;
      this.entries.delete(p);
      this.entries.set(dst + p.slice(src.length), entry);
    }
  }
}

type Operation =
  | { op: 'mkdir'; path: string; existOk: boolean }
  | { op: 'writeFile'; path: string; data: Buffer; append: boolean }
  | { op: 'patch'; path: string; offset: number; data: Buffer }
  | { op: 'truncate'; path: string; size: number }
  | { op: 'remove'; path: string }
  | { op: 'rmtree'; path: string }
  | { op: 'rename' | 'move' | 'copy' | 'copyTree'; src: string; dst: string }
  | { op: 'importTree'; files: [string, Buffer][] }
  | { op: 'openRead'; path: string }
  | { op: 'closeAll' };

const name = fc.constantFrom('a', 'b', 'c');
const path = fc.array(name, { minLength: 1, maxLength: 3 }).map((names) => `/${names.join('/')}`);
const pathOrRoot = fc.oneof({ weight: 9, arbitrary: path }, { weight: 1, arbitrary: fc.constant('/') });
const data = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('mkdir' as const), path: pathOrRoot, existOk: fc.boolean() }),
  fc.record({ op: fc.constant('writeFile' as const), path: pathOrRoot, data, append: fc.boolean() }),
  fc.record({ op: fc.constant('patch' as const), path, offset: fc.nat(400), data }),
  fc.record({ op: fc.constant('truncate' as const), path, size: fc.nat(400) }),
  fc.record({ op: fc.constant('remove' as const), path: pathOrRoot }),
  fc.record({ op: fc.constant('rmtree' as const), path: pathOrRoot }),
  fc.record({
    op: fc.constantFrom('rename' as const, 'move' as const, 'copy' as const, 'copyTree' as const),
    src: pathOrRoot,
    dst: pathOrRoot,
  }),
  fc.record({
    op: fc.constant('importTree' as const),
    files: fc.array(fc.tuple(pathOrRoot, data), { maxLength: 4 }),
  }),
  fc.record({ op: fc.constant('openRead' as const), path }),
  fc.record({ op: fc.constant('closeAll' as const) }),
);

/** What the model says an operation does: an error code, or a change to apply on success. */
type Prediction = { error: string } | { apply: () => void };

function predict(model: TreeModel, op: Operation): Prediction {
  const fail = (error: string): Prediction => ({ error });
  const ok = (apply: () => void = () => {}): Prediction => ({ apply });
  switch (op.op) {
    case 'mkdir': {
      const entry = model.get(op.path);
      if (entry?.kind === 'file') return fail('EEXIST');
      if (entry?.kind === 'dir') return op.existOk ? ok() : fail('EEXIST');
      if (model.ancestors(op.path).some((a) => model.get(a)?.kind === 'file')) return fail('ENOTDIR');
      return ok(() => {
        for (const p of model.missingChain(op.path)) model.entries.set(p, { kind: 'dir' });
      });
    }
    case 'writeFile': {
      const entry = model.get(op.path);
      if (entry?.kind === 'dir') return fail('EISDIR');
      if (entry === undefined) {
        const error = model.parentError(op.path);
        if (error !== undefined) return fail(error);
        return ok(() => model.entries.set(op.path, { kind: 'file', data: op.data }));
      }
      if ((model.open.get(op.path) ?? 0) > 0) return fail('EAGAIN');
      return ok(() => {
        entry.data = op.append ? Buffer.concat([entry.data, op.data]) : op.data;
      });
    }
    case 'patch':
    case 'truncate': {
      const entry = model.get(op.path);
      if (entry === undefined) return fail(model.explainMissing(op.path));
      if (entry.kind === 'dir') return fail('EISDIR');
      if ((model.open.get(op.path) ?? 0) > 0) return fail('EAGAIN');
      if (op.op === 'truncate') {
        return ok(() => {
          const next = Buffer.alloc(op.size);
          entry.data.copy(next, 0, 0, Math.min(op.size, entry.data.length));
          entry.data = next;
        });
      }
      if (op.data.length === 0) return ok();
      if (model.sequentialOnly && op.offset !== entry.data.length) return fail('ENOTSUP');
      return ok(() => {
        const next = Buffer.alloc(Math.max(entry.data.length, op.offset + op.data.length));
        entry.data.copy(next);
        op.data.copy(next, op.offset);
        entry.data = next;
      });
    }
    case 'remove': {
      const entry = model.get(op.path);
      if (entry === undefined) return fail(model.explainMissing(op.path));
      if (entry.kind === 'dir') return fail('EISDIR');
      if ((model.open.get(op.path) ?? 0) > 0) return fail('EBUSY');
      return ok(() => model.entries.delete(op.path));
    }
    case 'rmtree': {
      if (op.path === '/') return fail('EINVAL');
      const entry = model.get(op.path);
      if (entry === undefined) return fail(model.explainMissing(op.path));
      if (entry.kind === 'file') return fail('ENOTDIR');
      if (model.anyOpen(op.path)) return fail('EBUSY');
      return ok(() => {
        for (const p of model.subtree(op.path)) model.entries.delete(p);
      });
    }
    case 'rename':
    case 'move': {
      if (op.src === '/') return fail('EINVAL');
      const entry = model.get(op.src);
      if (entry === undefined) return fail(model.explainMissing(op.src));
      if (model.entries.has(op.dst)) return fail('EEXIST');
      if (op.dst.startsWith(`${op.src}/`)) return fail('EINVAL');
      if (op.op === 'rename') {
        const error = model.parentError(op.dst);
        if (error !== undefined) return fail(error);
        if (model.anyOpen(op.src)) return fail('EBUSY');
        return ok(() => model.relocate(op.src, op.dst));
      }
      if (model.anyOpen(op.src)) return fail('EBUSY');
      if (model.ancestors(op.dst).some((a) => model.get(a)?.kind === 'file')) return fail('ENOTDIR');
      return ok(() => {
        for (const p of model.missingChain(parentPath(op.dst))) model.entries.set(p, { kind: 'dir' });
        model.relocate(op.src, op.dst);
      });
    }
    case 'copy': {
      const entry = model.get(op.src);
      if (entry === undefined) return fail(model.explainMissing(op.src));
      if (entry.kind === 'dir') return fail('EISDIR');
      if (model.entries.has(op.dst)) return fail('EEXIST');
      const error = model.parentError(op.dst);
      if (error !== undefined) return fail(error);
      return ok(() => model.entries.set(op.dst, { kind: 'file', data: Buffer.from(entry.data) }));
    }
    case 'copyTree': {
      const entry = model.get(op.src);
      if (entry === undefined) return fail(model.explainMissing(op.src));
      if (entry.kind === 'file') return fail('ENOTDIR');
      if (model.entries.has(op.dst)) return fail('EEXIST');
      const error = model.parentError(op.dst);
      if (error !== undefined) return fail(error);
      return ok(() => {
        // Copied before anything is written, so copying into its own subtree is safe.
        const copies = model.subtree(op.src).map((p) => [p, model.entries.get(p)!] as const);
        for (const [p, e] of copies) {
          const copy: Entry =
            e.kind === 'dir' ? { kind: 'dir' } : { kind: 'file', data: Buffer.from(e.data) };
          model.entries.set(rebasePath(p, op.src, op.dst), copy);
        }
      });
    }
    case 'importTree': {
      const files = new Map<string, Buffer>();
      for (const [p, d] of op.files) files.set(p, d);
      if (files.size === 0) return ok();
      if (files.has('/')) return fail('EISDIR');
      for (const p of files.keys()) {
        if (model.ancestors(p).some((a) => a !== '/' && files.has(a))) return fail('EINVAL');
      }
      for (const p of files.keys()) {
        const entry = model.get(p);
        if (entry?.kind === 'dir') return fail('EISDIR');
        if (entry !== undefined) {
          if ((model.open.get(p) ?? 0) > 0) return fail('EBUSY');
          continue;
        }
        if (model.ancestors(p).some((a) => model.get(a)?.kind === 'file')) return fail('ENOTDIR');
      }
      return ok(() => {
        for (const [p, d] of files) {
          for (const dir of model.missingChain(parentPath(p))) model.entries.set(dir, { kind: 'dir' });
          model.entries.set(p, { kind: 'file', data: d });
        }
      });
    }
    case 'openRead': {
      const entry = model.get(op.path);
      if (entry === undefined) return fail(model.explainMissing(op.path));
      if (entry.kind === 'dir') return fail('EISDIR');
      return ok(() => model.open.set(op.path, (model.open.get(op.path) ?? 0) + 1));
    }
    case 'closeAll':
      return ok(() => model.open.clear());
  }
}

function perform(mfs: MemoryFileSystem, op: Operation, handles: MemoryFileHandle[]): void {
  switch (op.op) {
    case 'mkdir':
      mfs.mkdir(op.path, { existOk: op.existOk });
      return;
    case 'writeFile':
      mfs.writeFile(op.path, op.data, { mode: op.append ? 'ab' : 'wb' });
      return;
    case 'patch': {
      using handle = mfs.open(op.path, 'r+b');
      handle.seek(op.offset);
      handle.write(op.data);
      return;
    }
    case 'truncate': {
      using handle = mfs.open(op.path, 'r+b');
      handle.truncate(op.size);
      return;
    }
    case 'remove':
      mfs.remove(op.path);
      return;
    case 'rmtree':
      mfs.rmtree(op.path);
      return;
    case 'rename':
      mfs.rename(op.src, op.dst);
      return;
    case 'move':
      mfs.move(op.src, op.dst);
      return;
    case 'copy':
      mfs.copy(op.src, op.dst);
      return;
    case 'copyTree':
      mfs.copyTree(op.src, op.dst);
      return;
    case 'importTree':
      mfs.importTree(new Map(op.files));
      return;
    case 'openRead':
      handles.push(mfs.open(op.path, 'rb'));
      return;
    case 'closeAll':
      for (const handle of handles.splice(0)) handle.close();
      return;
  }
}

/** The filesystem as path → entry, read through the public API. */
function observe(mfs: MemoryFileSystem): Map<string, string> {
  const seen = new Map<string, string>();
  for (const [dirpath, dirnames, filenames] of mfs.walk('/')) {
    seen.set(dirpath, 'dir');
    for (const file of filenames) {
      const full = joinPath(dirpath, file);
      seen.set(full, `file:${mfs.exportAsBuffer(full).toString('hex')}`);
    }
    expect(dirnames.length + filenames.length).toBe(mfs.listdir(dirpath).length);
  }
  return seen;
}

function expected(model: TreeModel): Map<string, string> {
  return new Map(
    [...model.entries].map(([p, e]) => [p, e.kind === 'dir' ? 'dir' : `file:${e.data.toString('hex')}`]),
  );
}

const settings = fc.record({
  maxQuota: fc.integer({ min: 0, max: 6000 }),
  maxNodes: fc.option(fc.integer({ min: 1, max: 25 }), { nil: null }),
  chunkOverheadOverride: fc.constantFrom(0, 16, 128),
  defaultStorage: fc.constantFrom('auto' as const, 'sequential' as const, 'random_access' as const),
});

describe('the engine agrees with a model of the tree', () => {
  test('after every step of random operation sequences', () => {
    let steps = 0;
    fc.assert(
      fc.property(
        settings,
        fc.array(operation, { minLength: 1, maxLength: 60, size: 'max' }),
        (options, operations) => {
          const mfs = new MemoryFileSystem(options);
          const model = new TreeModel(options.defaultStorage === 'sequential');
          const handles: MemoryFileHandle[] = [];
          for (const op of operations) {
            steps++;
            const prediction = predict(model, op);
            const usedBefore = mfs.stats().usedBytes;
            let thrown: { code?: string } | undefined;
            try {
              perform(mfs, op, handles);
            } catch (error) {
              thrown = error as { code?: string };
              if (thrown.code === undefined) throw error;
            }
            if ('error' in prediction) {
              expect(thrown?.code, `${JSON.stringify(op)}`).toBe(prediction.error);
            } else if (thrown !== undefined) {
              // Only the quota or the node cap may refuse what the model allows, and nothing may change.
              expect(thrown.code, `${JSON.stringify(op)}`).toBe('ENOSPC');
              expect(mfs.stats().usedBytes).toBe(usedBefore);
            } else {
              prediction.apply();
            }
            expect(observe(mfs)).toEqual(expected(model));
            expectConsistentStats(mfs);
            const stats = mfs.stats();
            if (options.maxNodes !== null)
              expect(stats.fileCount + stats.dirCount).toBeLessThanOrEqual(options.maxNodes);
          }
          for (const handle of handles) handle.close();
          for (const entry of mfs.listdir('/')) {
            const full = `/${entry}`;
            if (mfs.isDir(full)) mfs.rmtree(full);
            else mfs.remove(full);
          }
          expect(mfs.stats()).toMatchObject({ usedBytes: 0, fileCount: 0, dirCount: 1 });
        },
      ),
      { numRuns: 150 },
    );
    expect(steps).toBeGreaterThan(3000);
  });
});
