/**
 * Writes the report files.
 *
 * @module
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderMarkdown } from './markdown.js';
import type { BenchReport } from './model.js';
import { renderSvg } from './svg.js';

/** Writes via a temporary file and a rename, so a reader never sees a half-written report. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.tmp.${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** Paths of the files written by {@link writeReports}. */
export interface ReportFiles {
  readonly markdown: string;
  readonly json: string;
  readonly svg: string;
}

/** Writes `<dir>/<baseName>.md`, `.json` and `.svg`, creating `dir` if needed. */
export function writeReports(report: BenchReport, dir: string, baseName: string): ReportFiles {
  fs.mkdirSync(dir, { recursive: true });
  const files: ReportFiles = {
    markdown: path.join(dir, `${baseName}.md`),
    json: path.join(dir, `${baseName}.json`),
    svg: path.join(dir, `${baseName}.svg`),
  };
  writeAtomically(files.markdown, renderMarkdown(report));
  writeAtomically(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomically(files.svg, renderSvg(report));
  return files;
}
