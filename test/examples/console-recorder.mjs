// Preloaded (`--import`) into README snippets that the suite runs: instead of printing, each
// console.log call is recorded, as one JSON line in the file named by DMEMFS_CONSOLE_RECORD, with
// the line of the snippet it was called from and each argument formatted as util.inspect does.
import { appendFileSync } from 'node:fs';
import { inspect } from 'node:util';

const record = process.env.DMEMFS_CONSOLE_RECORD;
if (record === undefined) throw new Error('DMEMFS_CONSOLE_RECORD is not set');

console.log = (...args) => {
  // Frame 0 is this function; frame 1 is the caller, mapped back to the snippet by tsx's source maps.
  const caller = new Error().stack?.split('\n')[2] ?? '';
  const line = /:(\d+):\d+\)?$/.exec(caller);
  const values = args.map((value) => inspect(value, { depth: null, breakLength: Number.POSITIVE_INFINITY }));
  appendFileSync(record, `${JSON.stringify({ line: line === null ? null : Number(line[1]), values })}\n`);
};
