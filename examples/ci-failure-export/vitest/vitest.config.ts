// The Vitest half of the sample project of examples/ci-failure-export.ts. dmemfs/vitest needs no
// configuration: its `test` adds the `mfs` fixture and exports the tree of every failing test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts'],
  },
});
