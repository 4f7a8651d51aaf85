/**
 * Open flags: Node's strings (`'r'`, `'w+'`, `'ax'`, …) and numeric `O_*` combinations, reduced to
 * what an open needs to do.
 *
 * @module
 */

import constants from 'node:constants';
import { invalidArgType, invalidArgValue } from './errors.js';

/** What an open does, whatever flag spelled it. */
export interface OpenIntent {
  readonly readable: boolean;
  readonly writable: boolean;
  /** Every write goes to the end, whatever the position. */
  readonly append: boolean;
  /** Create the file when it is missing. */
  readonly create: boolean;
  /** Fail with `EEXIST` when it exists. */
  readonly exclusive: boolean;
  /** Empty an existing file. */
  readonly truncate: boolean;
}

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND } = constants;

function intent(
  access: 'r' | 'w' | 'rw',
  create: boolean,
  exclusive: boolean,
  truncate: boolean,
  append: boolean,
): OpenIntent {
  return { readable: access !== 'w', writable: access !== 'r', create, exclusive, truncate, append };
}

// Node's table (lib/internal/fs/utils.js stringToFlags); the `s` variants only add O_SYNC.
const STRING_FLAGS: Readonly<Record<string, OpenIntent>> = {
  r: intent('r', false, false, false, false),
  rs: intent('r', false, false, false, false),
  sr: intent('r', false, false, false, false),
  'r+': intent('rw', false, false, false, false),
  'rs+': intent('rw', false, false, false, false),
  'sr+': intent('rw', false, false, false, false),
  w: intent('w', true, false, true, false),
  wx: intent('w', true, true, true, false),
  xw: intent('w', true, true, true, false),
  'w+': intent('rw', true, false, true, false),
  'wx+': intent('rw', true, true, true, false),
  'xw+': intent('rw', true, true, true, false),
  a: intent('w', true, false, false, true),
  ax: intent('w', true, true, false, true),
  xa: intent('w', true, true, false, true),
  as: intent('w', true, false, false, true),
  sa: intent('w', true, false, false, true),
  'a+': intent('rw', true, false, false, true),
  'ax+': intent('rw', true, true, false, true),
  'xa+': intent('rw', true, true, false, true),
  'as+': intent('rw', true, false, false, true),
  'sa+': intent('rw', true, false, false, true),
};

/** The intent of a flags argument; `fallback` when it is `undefined` or `null`. */
export function parseFlags(flags: unknown, fallback: string): OpenIntent {
  if (flags === undefined || flags === null) return STRING_FLAGS[fallback];
  if (typeof flags === 'string') {
    const parsed = Object.hasOwn(STRING_FLAGS, flags) ? STRING_FLAGS[flags] : undefined;
    if (parsed === undefined) throw invalidArgValue('flags', flags);
    return parsed;
  }
  if (typeof flags === 'number' && Number.isInteger(flags)) return numericIntent(flags);
  throw invalidArgType('flags', 'of type string or number', flags);
}

function numericIntent(flags: number): OpenIntent {
  const accessBits = flags & (O_RDONLY | O_WRONLY | O_RDWR);
  const access = accessBits === O_RDWR ? 'rw' : accessBits === O_WRONLY ? 'w' : 'r';
  return intent(
    access,
    (flags & O_CREAT) !== 0,
    (flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0,
    (flags & O_TRUNC) !== 0,
    (flags & O_APPEND) !== 0,
  );
}
