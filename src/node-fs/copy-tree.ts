/**
 * `cp`: copies a file or, with `recursive`, a directory tree, with Node's options and `ERR_FS_CP_*`
 * errors. Unlike a disk, it is all or nothing: the whole copy is planned first (filter calls, checks,
 * reads) and then applied in one `importTree`, so a refusal (`ENOSPC`, an open file) copies nothing.
 *
 * @module
 */

import constants from 'node:constants';
import { posix } from 'node:path';
import type { MemoryFileSystem } from '../fs/index.js';
import { booleanOption, integerArgument, optionsObject } from './arguments.js';
import type { ViewContext } from './context.js';
import { listEntries } from './directories.js';
import { codedTypeError, FsSystemError, invalidArgType, systemError, withSite } from './errors.js';
import { type Entry, findEntry } from './lookup.js';
import type { ResolvedPath } from './paths.js';

/** `cp`'s options, validated. */
interface CopyOptions {
  readonly recursive: boolean;
  readonly force: boolean;
  readonly errorOnExist: boolean;
  readonly preserveTimestamps: boolean;
  readonly exclusive: boolean;
  readonly filter: ((src: string, dest: string) => unknown) | undefined;
}

/** What one `cp` will do. */
interface CopyPlan {
  readonly files: Map<string, Uint8Array>;
  readonly directories: string[];
  readonly modifiedAt: Map<string, number>;
}

function copyOptions(options: unknown): CopyOptions {
  const opts = optionsObject(options);
  for (const key of ['dereference', 'verbatimSymlinks']) booleanOption(opts, key, false);
  const filter = opts.filter;
  if (filter !== undefined && typeof filter !== 'function')
    throw invalidArgType('options.filter', 'of type function', filter);
  const mode = opts.mode === undefined ? 0 : integerArgument(opts.mode, 'options.mode', 0, 7);
  return {
    recursive: booleanOption(opts, 'recursive', false),
    force: booleanOption(opts, 'force', true),
    errorOnExist: booleanOption(opts, 'errorOnExist', false),
    preserveTimestamps: booleanOption(opts, 'preserveTimestamps', false),
    exclusive: (mode & constants.COPYFILE_EXCL) !== 0,
    filter: filter as CopyOptions['filter'],
  };
}

function cpError(
  code: string,
  prefix: string,
  errno: 'EINVAL' | 'EISDIR' | 'ENOTDIR' | 'EEXIST',
  message: string,
  path: string,
) {
  return new FsSystemError(code, prefix, { code: errno, message, path, syscall: 'cp' });
}

/**
 * Plans a copy, yielding what the filter returns for each `[src, dest]` pair and receiving whether
 * that approves it. Reads happen here; nothing changes until the plan is applied.
 */
function* planCopy(
  mfs: MemoryFileSystem,
  from: ResolvedPath,
  to: ResolvedPath,
  options: CopyOptions,
): Generator<unknown, CopyPlan | null, boolean> {
  const source = findEntry(mfs, from.absolute);
  if (typeof source === 'string') throw systemError(source, 'lstat', { path: from.raw });
  if (from.absolute === to.absolute) {
    throw cpError(
      'ERR_FS_CP_EINVAL',
      'Invalid src or dest',
      'EINVAL',
      'src and dest cannot be the same',
      to.raw,
    );
  }
  const destination = findEntry(mfs, to.absolute);
  checkKinds(source, destination, from.raw, to.raw);
  if (
    source.kind === 'directory' &&
    to.absolute.startsWith(`${from.absolute === '/' ? '' : from.absolute}/`)
  ) {
    throw cpError(
      'ERR_FS_CP_EINVAL',
      'Invalid src or dest',
      'EINVAL',
      `cannot copy ${from.raw} to a subdirectory of self ${to.raw}`,
      to.raw,
    );
  }
  if (options.filter !== undefined && !(yield options.filter(from.raw, to.raw))) return null;
  if (source.kind === 'directory' && !options.recursive) {
    throw cpError(
      'ERR_FS_EISDIR',
      'Path is a directory',
      'EISDIR',
      `${from.raw} is a directory (not copied)`,
      from.raw,
    );
  }
  const plan: CopyPlan = { files: new Map(), directories: [], modifiedAt: new Map() };
  const parent = findEntry(mfs, posix.dirname(to.absolute));
  if (parent === 'ENOTDIR' || (typeof parent !== 'string' && parent.kind === 'file')) {
    throw systemError('ENOTDIR', 'mkdir', { path: posix.dirname(to.raw) });
  }
  const pending: [
    src: string,
    srcRaw: string,
    dest: string,
    destRaw: string,
    entry: Entry,
    existing: Entry | null,
  ][] = [
    [
      from.absolute,
      from.raw,
      to.absolute,
      to.raw,
      source,
      typeof destination === 'string' ? null : destination,
    ],
  ];
  while (pending.length > 0) {
    const [src, srcRaw, dest, destRaw, entry, existing] = pending.pop()!;
    if (entry.kind === 'file') {
      planFile(mfs, plan, { src, srcRaw, dest, destRaw, existing, entry }, options);
      continue;
    }
    if (existing === null) plan.directories.push(dest);
    const children = listEntries(mfs, src);
    for (let i = children.length - 1; i >= 0; i--) {
      const name = children[i][0];
      const childSrc = posix.join(src, name);
      const childDest = posix.join(dest, name);
      const childSrcRaw = posix.join(srcRaw, name);
      const childDestRaw = posix.join(destRaw, name);
      const childEntry = findEntry(mfs, childSrc) as Entry;
      const childExisting = existing === null ? 'ENOENT' : findEntry(mfs, childDest);
      checkKinds(childEntry, childExisting, childSrcRaw, childDestRaw);
      if (options.filter !== undefined && !(yield options.filter(childSrcRaw, childDestRaw))) continue;
      pending.push([
        childSrc,
        childSrcRaw,
        childDest,
        childDestRaw,
        childEntry,
        typeof childExisting === 'string' ? null : childExisting,
      ]);
    }
  }
  return plan;
}

function checkKinds(source: Entry, destination: Entry | string, src: string, dest: string): void {
  if (typeof destination === 'string') return;
  if (source.kind === 'directory' && destination.kind === 'file') {
    throw cpError(
      'ERR_FS_CP_DIR_TO_NON_DIR',
      'Cannot overwrite non-directory with directory',
      'EISDIR',
      `cannot overwrite non-directory ${dest} with directory ${src}`,
      dest,
    );
  }
  if (source.kind === 'file' && destination.kind === 'directory') {
    throw cpError(
      'ERR_FS_CP_NON_DIR_TO_DIR',
      'Cannot overwrite directory with non-directory',
      'ENOTDIR',
      `cannot overwrite directory ${dest} with non-directory ${src}`,
      dest,
    );
  }
}

interface FileStep {
  readonly src: string;
  readonly srcRaw: string;
  readonly dest: string;
  readonly destRaw: string;
  readonly entry: Entry;
  readonly existing: Entry | null;
}

function planFile(mfs: MemoryFileSystem, plan: CopyPlan, step: FileStep, options: CopyOptions): void {
  const site = { syscall: 'copyfile', path: step.srcRaw, dest: step.destRaw };
  if (step.existing !== null) {
    if (!options.force) {
      if (options.errorOnExist) {
        throw cpError(
          'ERR_FS_CP_EEXIST',
          'Target already exists',
          'EEXIST',
          `${step.destRaw} already exists`,
          step.destRaw,
        );
      }
      return;
    }
    if (options.exclusive) throw systemError('EEXIST', 'copyfile', site);
  }
  plan.files.set(
    step.dest,
    withSite(site, () => mfs.readFile(step.src)),
  );
  if (options.preserveTimestamps) plan.modifiedAt.set(step.dest, step.entry.stat.modifiedAt);
}

/**
 * A whole `cp`: checks the arguments, plans the copy and applies the plan, yielding each filter
 * result for the caller to settle (at once, or awaited) and receiving whether it approves.
 */
function* copySteps(
  ctx: ViewContext,
  src: unknown,
  dest: unknown,
  options: unknown,
): Generator<unknown, void, boolean> {
  const from = ctx.resolve(src, 'src');
  const to = ctx.resolve(dest, 'dest');
  const opts = copyOptions(options);
  const mfs = ctx.filesystem();
  const plan = yield* planCopy(mfs, from, to, opts);
  if (plan === null) return;
  withSite({ syscall: 'copyfile', path: from.raw, dest: to.raw }, () =>
    mfs.importTree(plan.files, { directories: plan.directories, modifiedAt: plan.modifiedAt }),
  );
}

/** `cpSync(src, dest, options?)`. The filter must answer synchronously. */
export function copyTree(ctx: ViewContext, src: unknown, dest: unknown, options?: unknown): void {
  const steps = copySteps(ctx, src, dest, options);
  let step = steps.next();
  while (!step.done) {
    const answer = step.value;
    if (
      answer !== null &&
      typeof answer === 'object' &&
      typeof (answer as Promise<unknown>).then === 'function'
    ) {
      throw codedTypeError(
        'ERR_INVALID_RETURN_VALUE',
        'Expected a boolean from the filter of cpSync; got a Promise.',
      );
    }
    step = steps.next(Boolean(answer));
  }
}

/**
 * `cp` (callback and promise forms): the filter may return a Promise. The tree may change while it
 * is awaited; the engine re-checks everything when the plan is applied.
 */
export async function copyTreeAsync(
  ctx: ViewContext,
  src: unknown,
  dest: unknown,
  options?: unknown,
): Promise<void> {
  const steps = copySteps(ctx, src, dest, options);
  let step = steps.next();
  while (!step.done) step = steps.next(Boolean(await step.value));
}
