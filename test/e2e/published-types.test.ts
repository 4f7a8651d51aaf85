/**
 * The published declarations, as a TypeScript user sees them: a scratch project type-checks code
 * against `dmemfs/vitest`, `dmemfs/jest-environment` and `dmemfs/jest-environment/globals`, from ES
 * modules and from CommonJS. Each file also expects errors, so a type that decayed to `any` fails.
 * The sources are written here: in the repository they would be type-checked without a build.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createProject, repository, runNode, type ScratchProject } from './scratch-project.js';

const require = createRequire(import.meta.url);
let project: ScratchProject | undefined;
afterAll(() => project?.remove());

const sources: Record<string, string> = {
  'vitest-usage.ts': `
import type { MemoryFileSystem } from 'dmemfs';
import { createMfsTest, expect, it, type MfsTestOptions, test } from 'dmemfs/vitest';

test('mfs is a MemoryFileSystem', ({ mfs }) => {
  const typed: MemoryFileSystem = mfs;
  expect(typed.stats().usedBytes).toBe(0);
  // @ts-expect-error: not a method of MemoryFileSystem
  mfs.notAMethod();
});

const options: MfsTestOptions = { maxQuota: 1024, tree: { src: { 'a.txt': 'a' } }, failureExport: { format: 'zip' } };
const withRoot = createMfsTest(options).extend<{ first: string }>({
  first: async ({ mfs }, use) => {
    await use(mfs.listdir('/')[0]);
  },
});
withRoot('fixtures compose', ({ mfs, first }) => {
  const name: string = first;
  mfs.exists(name);
});
it.concurrent('it is test', ({ mfs }) => {
  mfs.mkdir('/x');
});

// @ts-expect-error: not an export format
createMfsTest({ failureExport: { format: 'rar' } });
// @ts-expect-error: not a MemoryFileSystem option
createMfsTest({ maxQuota: 'big' });
`,
  'jest-usage.ts': `
import 'dmemfs/jest-environment/globals';
import type { MemoryFileSystem } from 'dmemfs';
import DmemfsEnvironment, { type DmemfsEnvironmentOptions } from 'dmemfs/jest-environment';

const typed: MemoryFileSystem = mfs;
typed.writeFile('/a.txt', 'a');
// @ts-expect-error: not a method of MemoryFileSystem
mfs.notAMethod();

export const options: DmemfsEnvironmentOptions = { maxQuota: 1024, tree: { 'a.txt': 'a' }, failureExport: false };
// @ts-expect-error: functions cannot be environment options
export const clock: DmemfsEnvironmentOptions = { clock: () => 0 };
export const handler: (event: { name: string }, state: unknown) => Promise<void> =
  DmemfsEnvironment.prototype.handleTestEvent;
`,
  'jest-commonjs-usage.cts': `
import 'dmemfs/jest-environment/globals';

export const files: number = mfs.stats().fileCount;
// @ts-expect-error: fileCount is a number
export const wrong: string = mfs.stats().fileCount;
`,
};

test('the published types check from ES modules and from CommonJS', async () => {
  project = await createProject(join(repository, 'test/e2e/fixtures/typescript-project'));
  for (const [name, source] of Object.entries(sources)) writeFileSync(join(project.dir, name), source);
  const { exitCode, stdout, stderr } = await runNode(
    [require.resolve('typescript/bin/tsc'), '-p', join(project.dir, 'tsconfig.json')],
    { cwd: project.dir },
  );
  expect(stdout + stderr).toBe('');
  expect(exitCode).toBe(0);
}, 240_000);
