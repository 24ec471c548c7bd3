// What `npm run runs -- show|export` does once its arguments are parsed. The
// folder is read with the same LogdirWatcher the monitor uses (one poll), so
// the CLI and the view agree on every figure. Exit 0 whenever the folder could
// be read, bad records included (they are counted); 1 with one line when there
// is nothing to read.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomicSync } from '../files/write-file-atomic.js';
import { LogdirWatcher, type LogdirDelta, type LogdirSummary } from '../runs/logdir-watcher.js';
import { formatRunsTable } from './runs-table.js';

export interface RunsCommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const PREFIX = 'loupe-runs';

type Opened = { watcher: LogdirWatcher; delta: LogdirDelta } | { exitCode: number };

/** Reads the whole folder once, or says in one line why there is nothing to read. */
function readLogdir(logdir: string, io: RunsCommandIO): Opened {
  const error = (message: string): Opened => {
    io.stderr.write(`${PREFIX}: error: ${message}\n`);
    return { exitCode: 1 };
  };
  const path = resolve(logdir);
  if (!existsSync(path)) return error(`no such folder: ${logdir}`);
  if (!statSync(path).isDirectory()) return error(`not a folder: ${logdir}`);
  const watcher = new LogdirWatcher(path);
  const delta = watcher.poll();
  if (watcher.snapshot().eventFiles === 0) {
    watcher.close();
    return error(`no event file (events.out.tfevents.*) under ${logdir}`);
  }
  // Bad records and unreadable parts go to stderr; stdout keeps only the figures.
  for (const p of delta.problems) io.stderr.write(`${PREFIX}: warning: ${p.message}\n`);
  return { watcher, delta };
}

export function showCommand(logdir: string, options: { json: boolean }, io: RunsCommandIO): number {
  const opened = readLogdir(logdir, io);
  if ('exitCode' in opened) return opened.exitCode;
  const summary: LogdirSummary = opened.watcher.summary();
  opened.watcher.close();
  io.stdout.write(options.json ? JSON.stringify(summary) + '\n' : formatRunsTable(summary));
  return 0;
}

export function exportCommand(logdir: string, options: { run: string; out: string }, io: RunsCommandIO): number {
  const opened = readLogdir(logdir, io);
  if ('exitCode' in opened) return opened.exitCode;
  const csv = opened.watcher.scalarsToCsv(options.run);
  opened.watcher.close();
  if (!csv.ok) {
    io.stderr.write(`${PREFIX}: error: ${csv.error.message}\n`);
    return 1;
  }
  const out = resolve(options.out);
  try {
    writeFileAtomicSync(out, csv.value);
  } catch (err) {
    io.stderr.write(`${PREFIX}: error: cannot write ${options.out}: ${(err as Error).message}\n`);
    return 1;
  }
  io.stdout.write(`${csv.value.split('\n').length - 2} point(s) of run ${options.run} written to ${out}\n`);
  return 0;
}
