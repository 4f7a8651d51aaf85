/**
 * `MemoryFileHandle`: a binary file handle with a cursor, holding its file's lock until closed.
 *
 * @module
 */

import { InvalidArgumentError, UnsupportedOperationError } from './errors.js';
import { LeakWatch } from './leak-watch.js';
import type { LockMode } from './lock.js';
import type { FileSystemState } from './state.js';
import type { FileNode } from './tree.js';

/** The five binary open modes. */
export type OpenMode = 'rb' | 'wb' | 'ab' | 'r+b' | 'xb';

/** An open mode, or its Node flag alias (`'r'`, `'w'`, `'a'`, `'r+'`, `'wx'`). */
export type OpenModeInput = OpenMode | 'r' | 'w' | 'a' | 'r+' | 'wx';

/** `seek` from the start of the file. */
export const SEEK_SET = 0;
/** `seek` from the cursor. */
export const SEEK_CUR = 1;
/** `seek` from the end of the file. */
export const SEEK_END = 2;

/** A `seek` origin. */
export type Whence = typeof SEEK_SET | typeof SEEK_CUR | typeof SEEK_END;

interface ModeTraits {
  readonly readable: boolean;
  readonly writable: boolean;
  readonly append: boolean;
  readonly lock: LockMode;
}

const MODE_TRAITS: Readonly<Record<OpenMode, ModeTraits>> = {
  rb: { readable: true, writable: false, append: false, lock: 'read' },
  'r+b': { readable: true, writable: true, append: false, lock: 'write' },
  wb: { readable: false, writable: true, append: false, lock: 'write' },
  ab: { readable: false, writable: true, append: true, lock: 'write' },
  xb: { readable: false, writable: true, append: false, lock: 'write' },
};

const MODE_ALIASES: Readonly<Record<string, OpenMode>> = {
  rb: 'rb',
  wb: 'wb',
  ab: 'ab',
  'r+b': 'r+b',
  xb: 'xb',
  r: 'rb',
  w: 'wb',
  a: 'ab',
  'r+': 'r+b',
  wx: 'xb',
};

/** The canonical mode for `mode`, or `InvalidArgumentError`. */
export function parseOpenMode(mode: unknown): OpenMode {
  if (typeof mode !== 'string')
    throw new TypeError(`The "mode" argument must be a string; got ${typeof mode}.`);
  const parsed = Object.hasOwn(MODE_ALIASES, mode) ? MODE_ALIASES[mode] : undefined;
  if (parsed === undefined) {
    throw new InvalidArgumentError(
      `Invalid mode '${mode}'. MFS supports binary modes only: 'rb', 'wb', 'ab', 'r+b', 'xb' ` +
        `(Node aliases 'r', 'w', 'a', 'r+', 'wx').`,
    );
  }
  return parsed;
}

/** The lock a handle in `mode` holds. */
export function lockModeOf(mode: OpenMode): LockMode {
  return MODE_TRAITS[mode].lock;
}

/** What a leaked handle needs to give back; must not reference the handle itself. */
interface LeakRecord {
  readonly node: FileNode;
  readonly lock: LockMode;
  readonly path: string;
  readonly mode: OpenMode;
}

let leakRecordOf: (handle: MemoryFileHandle) => LeakRecord | undefined;

// A handle garbage-collected while open would keep its file locked forever; release it and say so,
// as D-MemFS's ResourceWarning does.
const openHandles = new LeakWatch<MemoryFileHandle, LeakRecord>(
  (handle) => leakRecordOf(handle),
  (record) => {
    record.node.lock.release(record.lock);
    process.emitWarning(
      `MemoryFileHandle for '${record.path}' (mode '${record.mode}') was garbage-collected while open; ` +
        "its lock has been released. Close handles, or declare them with 'using'.",
      { type: 'ResourceWarning', code: 'DMEMFS_UNCLOSED_HANDLE' },
    );
  },
);

const constructionToken = Symbol('MemoryFileHandle');

/** Opens a handle on a file whose lock the caller already holds. Engine-internal. */
export function createHandle(
  state: FileSystemState,
  node: FileNode,
  path: string,
  mode: OpenMode,
): MemoryFileHandle {
  return new MemoryFileHandle(constructionToken, state, node, path, mode);
}

/** Reads a `size`-like argument: `undefined`/`null`/negative mean "everything". */
function sizeArgument(value: unknown, name: string): number {
  if (value === undefined || value === null) return -1;
  if (typeof value !== 'number')
    throw new TypeError(`The "${name}" argument must be a number; got ${typeof value}.`);
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`${name} must be an integer; got ${value}.`);
  return value;
}

/** A byte view over any `ArrayBufferView` (no copy). */
export function bytesOf(data: unknown, what = 'data'): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(
    `a bytes-like object is required for ${what}, not ${typeof data === 'string' ? 'a string (wrap it with MFSTextHandle or Buffer.from)' : typeof data}.`,
  );
}

/**
 * A binary handle returned by `mfs.open()`. It holds a read lock (`rb`) or a write lock (other
 * modes) on its file until {@link close}; while open, the file cannot be removed, renamed or
 * replaced. Implements `Disposable`, so `using f = mfs.open(...)` closes it.
 */
export class MemoryFileHandle implements Disposable {
  /** The normalized path the handle was opened on. */
  readonly path: string;
  /** The canonical open mode. */
  readonly mode: OpenMode;
  // Dropped on close, so a closed handle that is kept around pins no file data.
  #state: FileSystemState | null;
  #node: FileNode | null;
  readonly #traits: ModeTraits;
  #position = 0;

  /** @internal Handles come from `mfs.open()`. */
  constructor(token: symbol, state: FileSystemState, node: FileNode, path: string, mode: OpenMode) {
    if (token !== constructionToken) throw new TypeError('MemoryFileHandle is created by mfs.open().');
    this.#state = state;
    this.#node = node;
    this.path = path;
    this.mode = mode;
    this.#traits = MODE_TRAITS[mode];
    if (this.#traits.append) this.#position = node.content.size;
    openHandles.watch(this);
  }

  static {
    leakRecordOf = (handle) => {
      const node = handle.#node;
      return node === null
        ? undefined
        : { node, lock: handle.#traits.lock, path: handle.path, mode: handle.mode };
    };
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#node === null;
  }

  /** The file, or `EBADF` once closed. */
  #open(): FileNode {
    const node = this.#node;
    if (node === null) {
      throw new UnsupportedOperationError('EBADF', 'I/O operation on closed file.', { path: this.path });
    }
    return node;
  }

  #readableNode(): FileNode {
    const node = this.#open();
    if (!this.#traits.readable) {
      throw new UnsupportedOperationError('EBADF', `not readable in mode '${this.mode}'`, {
        path: this.path,
      });
    }
    return node;
  }

  #writableNode(): FileNode {
    const node = this.#open();
    if (!this.#traits.writable) {
      throw new UnsupportedOperationError('EBADF', `not writable in mode '${this.mode}'`, {
        path: this.path,
      });
    }
    return node;
  }

  /**
   * Reads up to `size` bytes from the cursor (all of the rest when `size` is negative or omitted)
   * into a new Buffer and advances the cursor. At or past the end it returns an empty Buffer.
   */
  read(size = -1): Buffer {
    const node = this.#readableNode();
    const wanted = sizeArgument(size, 'size');
    const content = node.content;
    const position = this.#position;
    const remaining = content.size - position;
    if (remaining <= 0 || wanted === 0) return Buffer.alloc(0);
    const data = content.read(position, wanted < 0 ? remaining : wanted);
    this.#position = position + data.byteLength;
    return data;
  }

  /** Reads into `target` (up to its byte length) from the cursor; returns the bytes read (0 at the end). */
  readInto(target: ArrayBufferView): number {
    const node = this.#readableNode();
    const view = bytesOf(target, 'target');
    const count = node.content.readInto(this.#position, view);
    this.#position += count;
    return count;
  }

  /**
   * Writes all of `data` at the cursor (at the end in `ab` mode) and advances the cursor. Writing
   * past the end zero-fills the gap. The bytes are copied; the caller's buffer is never kept. All or
   * nothing: a refused write (quota, memory guard, storage) changes nothing.
   */
  write(data: ArrayBufferView): number {
    const node = this.#writableNode();
    const bytes = bytesOf(data);
    const length = bytes.byteLength;
    if (length === 0) return 0;
    const offset = this.#traits.append ? node.content.size : this.#position;
    node.content.write(offset, bytes, this.path);
    this.#position = offset + length;
    node.generation++;
    node.modifiedAt = this.#state!.clock();
    return length;
  }

  /**
   * Moves the cursor and returns its new position. `SEEK_SET` and `SEEK_CUR` may go past the end
   * (a later write zero-fills); `SEEK_END` takes offsets <= 0, as in D-MemFS.
   */
  seek(offset: number, whence: Whence = SEEK_SET): number {
    const node = this.#open();
    if (typeof offset !== 'number')
      throw new TypeError(`The "offset" argument must be a number; got ${typeof offset}.`);
    if (!Number.isSafeInteger(offset))
      throw new InvalidArgumentError(`seek offset must be an integer; got ${offset}.`);
    let position: number;
    if (whence === SEEK_SET) {
      if (offset < 0)
        throw new InvalidArgumentError('seek offset must be >= 0 for SEEK_SET', { path: this.path });
      position = offset;
    } else if (whence === SEEK_CUR) {
      position = this.#position + offset;
    } else if (whence === SEEK_END) {
      if (offset > 0) {
        throw new InvalidArgumentError(
          'Seeking past end-of-file (SEEK_END with positive offset) is not supported in MFS.',
          { path: this.path },
        );
      }
      position = node.content.size + offset;
    } else {
      throw new InvalidArgumentError(`Invalid whence value: ${String(whence)}. Must be 0, 1, or 2.`, {
        path: this.path,
      });
    }
    if (position < 0) {
      throw new InvalidArgumentError(`Resulting cursor position ${position} is negative.`, {
        path: this.path,
      });
    }
    this.#position = position;
    return position;
  }

  /** The cursor position. */
  tell(): number {
    this.#open();
    return this.#position;
  }

  /**
   * Sets the file size to `size` (default: the cursor). Growing zero-fills and leaves the cursor;
   * shrinking below the cursor moves it to the new end. Returns the new size.
   */
  truncate(size?: number): number {
    const node = this.#writableNode();
    const target = size === undefined || size === null ? this.#position : sizeArgument(size, 'size');
    if (target < 0) throw new InvalidArgumentError('truncate size must be >= 0', { path: this.path });
    const before = node.content.size;
    node.content.truncate(target, this.path);
    if (this.#position > target) this.#position = target;
    if (target !== before) {
      node.generation++;
      node.modifiedAt = this.#state!.clock();
    }
    return target;
  }

  /** Does nothing: data is in memory as soon as `write` returns. Present for file-like code. */
  flush(): void {
    this.#open();
  }

  /** True when the mode allows `read`. */
  readable(): boolean {
    this.#open();
    return this.#traits.readable;
  }

  /** True when the mode allows `write` and `truncate`. */
  writable(): boolean {
    this.#open();
    return this.#traits.writable;
  }

  /** Always true while open. */
  seekable(): boolean {
    this.#open();
    return true;
  }

  /** Releases the lock. Closing twice does nothing. */
  close(): void {
    const node = this.#node;
    if (node === null) return;
    this.#node = null;
    this.#state = null;
    openHandles.unwatch(this);
    node.lock.release(this.#traits.lock);
  }

  /** Closes the handle (`using`). */
  [Symbol.dispose](): void {
    this.close();
  }
}
