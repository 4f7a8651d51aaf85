/**
 * Runs the harness on one case and prints that case's tables: what the scripts in `benchmarks/extra/`
 * do for the measurements the README cites, so that each number has one implementation, the
 * harness's.
 *
 * @module
 */

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('../run.ts', import.meta.url));

/** The lines of `markdown` from the heading of `caseName` to the next heading of its level or above. */
export function caseSection(markdown: string, caseName: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`### ${caseName}`);
  if (start === -1) return '';
  const end = lines.findIndex((line, index) => index > start && /^#{1,3} /.test(line));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

/**
 * Runs `npm run bench -- --only <caseName> <args>` with its reports in a temporary directory, prints
 * the case's section of the Markdown report, and resolves with the runner's exit code.
 */
export async function runSingleCase(caseName: string, args: readonly string[]): Promise<number> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmemfs-bench-case-'));
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), RUNNER, '--only', caseName, '--out', outDir, ...args],
        { stdio: 'inherit' },
      );
      child.on('error', reject);
      child.on('close', (exitCode) => resolve(exitCode ?? 1));
    });
    const report = fs.readdirSync(outDir).find((name) => name.endsWith('.md'));
    if (report !== undefined) {
      console.log(`\n${caseSection(fs.readFileSync(path.join(outDir, report), 'utf8'), caseName)}`);
    }
    return code;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
