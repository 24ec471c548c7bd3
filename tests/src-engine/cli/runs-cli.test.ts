// `npm run runs` as a user runs it: a subprocess, its exit code, stdout and stderr.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunEventWriters } from '../../../src-engine/runs/run-event-writers.js';
import { formatRunsTable } from '../../../src-engine/cli/runs-table.js';
import { REPO_ROOT } from '../../shared-data.js';
import { useTempDirs } from '../../temp-dirs.js';
import { fileVersionRecord, simpleScalarRecord } from '../runs/independent-tfrecord.js';

const CLI = join(REPO_ROOT, 'src-engine', 'cli', 'runs.ts');
const tempDir = useTempDirs('runs-cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runs(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Two Loupe runs of 3 epochs, written by Loupe's writer. */
function loupeLogdir(): string {
  const logdir = tempDir();
  for (const [run, scale] of [['cnn-a', 1], ['cnn-b', 2]] as const) {
    const writers = openRunEventWriters(logdir, run);
    if (!writers.ok) throw new Error(writers.error.message);
    for (let epoch = 0; epoch < 3; epoch++) {
      writers.value.train.addScalar('epoch_loss', scale * [0.5, 0.25, 0.375][epoch], epoch);
      writers.value.validation.addScalar('epoch_loss', scale * [0.75, 0.5, 0.625][epoch], epoch);
      writers.value.train.addScalar('epoch_accuracy', [0.5, 0.75, 0.875][epoch], epoch);
    }
    writers.value.close();
  }
  return logdir;
}

describe('npm run runs -- show', { timeout: 60_000 }, () => {
  it('prints exactly one JSON object with --json: per run and tag the count, steps, last value, min and max', async () => {
    const run = await runs(['show', loupeLogdir(), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      runs: {
        'cnn-a/train': {
          epoch_accuracy: { count: 3, firstStep: 0, lastStep: 2, lastValue: 0.875, min: 0.5, max: 0.875 },
          epoch_loss: { count: 3, firstStep: 0, lastStep: 2, lastValue: 0.375, min: 0.25, max: 0.5 },
        },
        'cnn-a/validation': { epoch_loss: { count: 3, firstStep: 0, lastStep: 2, lastValue: 0.625, min: 0.5, max: 0.75 } },
        'cnn-b/train': {
          epoch_accuracy: { count: 3, firstStep: 0, lastStep: 2, lastValue: 0.875, min: 0.5, max: 0.875 },
          epoch_loss: { count: 3, firstStep: 0, lastStep: 2, lastValue: 0.75, min: 0.5, max: 1 },
        },
        'cnn-b/validation': { epoch_loss: { count: 3, firstStep: 0, lastStep: 2, lastValue: 1.25, min: 1, max: 1.5 } },
      },
      badRecords: 0,
      truncatedTails: 0,
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints a table without --json', async () => {
    const run = await runs(['show', loupeLogdir()]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^run\s+tag\s+count\s+first step\s+last step\s+last value\s+min\s+max$/);
    expect(lines).toContainEqual(expect.stringMatching(/^cnn-b\/validation\s+epoch_loss\s+3\s+0\s+2\s+1\.25\s+1\s+1\.5$/));
    expect(lines.at(-1)).toBe('0 bad record(s), 0 truncated tail(s)');
  });

  it('exits 0 with bad records and truncated tails counted, naming them on stderr', async () => {
    const logdir = tempDir();
    const records = [0, 1, 2, 3].map((s) => simpleScalarRecord('loss', s, s));
    const bytes = Buffer.concat([fileVersionRecord(), ...records, records[0].subarray(0, 10)]);
    bytes[fileVersionRecord().length + records[0].length + 20] ^= 0xff; // inside step 1's data
    writeFileSync(join(logdir, 'events.out.tfevents.1.h.1.0'), bytes);
    const run = await runs(['show', logdir, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ badRecords: 1, truncatedTails: 1 });
    expect(json.runs['.'].loss).toEqual({ count: 3, firstStep: 0, lastStep: 3, lastValue: 3, min: 0, max: 3 });
    expect(run.stderr).toMatch(/^loupe-runs: warning: .*events\.out\.tfevents\.1\.h\.1\.0 at byte \d+: record data CRC mismatch/);
  });

  it('exits non-zero with one line for a missing folder, a file, and a folder without event files', async () => {
    const dir = tempDir();
    const missing = await runs(['show', join(dir, 'nope'), '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`loupe-runs: error: no such folder: ${join(dir, 'nope')}\n`);

    writeFileSync(join(dir, 'notes.txt'), 'hello');
    mkdirSync(join(dir, 'empty-run'));
    const empty = await runs(['show', dir]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toBe(`loupe-runs: error: no event file (events.out.tfevents.*) under ${dir}\n`);

    const file = await runs(['show', join(dir, 'notes.txt')]);
    expect(file.code).not.toBe(0);
    expect(file.stderr).toBe(`loupe-runs: error: not a folder: ${join(dir, 'notes.txt')}\n`);
  });
});

describe('npm run runs -- export', { timeout: 60_000 }, () => {
  it("writes a run's scalars to CSV", async () => {
    const logdir = loupeLogdir();
    const out = join(tempDir(), 'cnn-a-val.csv');
    const run = await runs(['export', logdir, '--run', 'cnn-a/validation', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^3 point\(s\) of run cnn-a\/validation written to /);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('run,tag,step,wall_time,value');
    expect(lines.slice(1).map((l) => l.split(',').filter((_, i) => i !== 3))).toEqual([
      ['cnn-a/validation', 'epoch_loss', '0', '0.75'],
      ['cnn-a/validation', 'epoch_loss', '1', '0.5'],
      ['cnn-a/validation', 'epoch_loss', '2', '0.625'],
    ]);
  });

  it('exits non-zero naming the runs there are for an unknown run, writing nothing', async () => {
    const out = join(tempDir(), 'x.csv');
    const run = await runs(['export', loupeLogdir(), '--run', 'cnn-z', '--out', out]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^loupe-runs: error: no run named "cnn-z" in .* \(runs: cnn-a\/train, cnn-a\/validation, cnn-b\/train, cnn-b\/validation\)\n$/);
    expect(() => readFileSync(out)).toThrow();
  });
});

describe('the show table', () => {
  it('writes a diverged (NaN) or infinite value as such, rounds to six digits, and says when there are no scalars', () => {
    const table = formatRunsTable({
      runs: { r: { loss: { count: 2, firstStep: 0, lastStep: 1, lastValue: Number.NaN, min: 0.123456789, max: Number.POSITIVE_INFINITY } } },
      badRecords: 3,
      truncatedTails: 1,
    });
    expect(table.split('\n')[1]).toMatch(/^r\s+loss\s+2\s+0\s+1\s+NaN\s+0\.123457\s+Infinity$/);
    expect(table.trimEnd().split('\n').at(-1)).toBe('3 bad record(s), 1 truncated tail(s)');
    expect(formatRunsTable({ runs: { r: {} }, badRecords: 0, truncatedTails: 0 })).toBe('no scalars in the event files\n0 bad record(s), 0 truncated tail(s)\n');
  });
});
