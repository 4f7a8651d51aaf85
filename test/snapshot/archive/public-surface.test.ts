/**
 * The `dmemfs/archive` entry exports exactly its documented runtime surface; the format layer's
 * helpers stay internal.
 */

import { expect, it } from 'vitest';
import * as archive from '../../../src/snapshot/archive/index.js';

it('exports the functions and adapters of API.md, and nothing else at run time', () => {
  expect(Object.keys(archive).sort()).toEqual([
    'TarAdapter',
    'ZipAdapter',
    'createArchive',
    'expandArchive',
    'expandArchiveStreaming',
    'writeArchive',
  ]);
});
