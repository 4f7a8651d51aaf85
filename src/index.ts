/**
 * dmemfs: an in-process virtual filesystem with a hard byte quota.
 *
 * @module
 */

export * from './fs/index.js';
