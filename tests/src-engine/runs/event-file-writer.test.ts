// Loupe's event files, read back twice: by Loupe's own watcher, and by the
// independent decoder of the test helper (hand-decoded framing, a table CRC-32C,
// protos declared separately), which checks them against the format itself.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { EventFileWriter } from '../../../src-engine/runs/event-file-writer.js';
import { openRunEventWriters } from '../../../src-engine/runs/run-event-writers.js';
import { LogdirWatcher } from '../../../src-engine/runs/logdir-watcher.js';
import { useTempDirs } from '../../temp-dirs.js';
import { crc32cByTable, decodeEventByHand, decodeRecordsByHand, DT_FLOAT, DT_STRING } from './independent-tfrecord.js';

const tempDir = useTempDirs('event-writer');

function openWriter(dir: string, now?: () => number): EventFileWriter {
  const opened = EventFileWriter.open(dir, now ? { now } : {});
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

describe('independent CRC-32C', () => {
  it('matches the standard check value', () => {
    // CRC-32C (Castagnoli) of "123456789" is 0xE3069283 (RFC 3720, iSCSI).
    expect(crc32cByTable(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});

describe('EventFileWriter', () => {
  it('writes a file TensorBoard can read: name, file_version first, TF2 scalar tensors under the scalars plugin, text under text', () => {
    const dir = tempDir();
    const writer = openWriter(join(dir, 'run', 'train'), () => 1764646000.25);
    for (let step = 0; step < 5; step++) expect(writer.addScalar('epoch_loss', 1 / (step + 1), step, 1764646100 + step).ok).toBe(true);
    expect(writer.addText('notes', 'lr=0.001, batch 32', 0, 1764646100).ok).toBe(true);
    expect(writer.close().ok).toBe(true);

    expect(basename(writer.path)).toMatch(new RegExp(`^events\\.out\\.tfevents\\.1764646000\\.${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.${process.pid}\\.\\d+$`));
    const records = decodeRecordsByHand(readFileSync(writer.path));
    expect(records).toHaveLength(1 + 5 + 1);
    const events = records.map((r) => decodeEventByHand(r.data));
    expect(events[0]).toEqual({ wallTime: 1764646000.25, fileVersion: 'brain.Event:2' });
    for (let step = 0; step < 5; step++) {
      expect(events[1 + step]).toEqual({
        wallTime: 1764646100 + step,
        ...(step === 0 ? {} : { step }),
        summary: {
          value: [
            {
              tag: 'epoch_loss',
              // Like TF's FileWriter, the plugin metadata goes with a tag's first value in the file only.
              ...(step === 0 ? { metadata: { pluginData: { pluginName: 'scalars' }, dataClass: 1 } } : {}),
              tensor: { dtype: DT_FLOAT, tensorShape: {}, floatVal: [Math.fround(1 / (step + 1))] },
            },
          ],
        },
      });
    }
    const text = events[6] as { summary: { value: { metadata: unknown; tensor: { dtype: number; stringVal: Buffer[] } }[] } };
    expect(text.summary.value[0].metadata).toEqual({ pluginData: { pluginName: 'text' }, dataClass: 2 });
    expect(text.summary.value[0].tensor.dtype).toBe(DT_STRING);
    expect(text.summary.value[0].tensor.stringVal[0].toString('utf8')).toBe('lr=0.001, batch 32');
  });

  it("is read back identically by Loupe's watcher (values as float32, steps and wall times exact)", () => {
    const dir = tempDir();
    const writers = openRunEventWriters(dir, 'cnn-a');
    if (!writers.ok) throw new Error(writers.error.message);
    const expected = { train: [] as number[], validation: [] as number[] };
    for (let epoch = 0; epoch < 50; epoch++) {
      const loss = Math.exp(-epoch / 10) + 0.01 * Math.sin(epoch);
      writers.value.train.addScalar('epoch_loss', loss, epoch, 1764646000 + epoch * 1.5);
      writers.value.validation.addScalar('epoch_loss', loss * 1.1, epoch, 1764646000 + epoch * 1.5);
      expected.train.push(Math.fround(loss));
      expected.validation.push(Math.fround(loss * 1.1));
    }
    expect(writers.value.close().ok).toBe(true);

    const watcher = new LogdirWatcher(dir);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(delta.newRuns.sort()).toEqual(['cnn-a/train', 'cnn-a/validation']);
    const snapshot = watcher.snapshot();
    expect(snapshot.badRecords).toBe(0);
    expect(snapshot.records).toBe(2 * 51);
    for (const split of ['train', 'validation'] as const) {
      const points = snapshot.runs[`cnn-a/${split}`].epoch_loss;
      expect([...points.steps]).toEqual([...Array(50).keys()]);
      expect([...points.values]).toEqual(expected[split]);
      expect([...points.wallTimes]).toEqual([...Array(50).keys()].map((e) => 1764646000 + e * 1.5));
    }
    watcher.close();
  });

  it('puts the train and validation files in LOGDIR/<run>/train and /validation, one file each', () => {
    const dir = tempDir();
    const writers = openRunEventWriters(dir, '2026-12-02/cnn-b');
    if (!writers.ok) throw new Error(writers.error.message);
    writers.value.close();
    for (const split of ['train', 'validation']) {
      const files = readdirSync(join(dir, '2026-12-02', 'cnn-b', split));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^events\.out\.tfevents\.\d+\./);
    }
  });

  it('refuses a bad run name, and a bad tag, step or value, naming it, and keeps writing', () => {
    const dir = tempDir();
    for (const run of ['', '../outside', '/abs', 'a//b']) {
      const r = openRunEventWriters(dir, run);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad-request');
    }
    expect(readdirSync(dir)).toEqual([]);

    const writer = openWriter(dir);
    const bads = [
      writer.addScalar('', 1, 0),
      writer.addScalar('loss', 1, 1.5),
      writer.addScalar('loss', 1, Number.NaN),
      writer.addScalar('loss', '1' as unknown as number, 2),
      writer.addScalar('loss', 1, 3, Number.POSITIVE_INFINITY),
    ];
    expect(bads.map((b) => (b.ok ? 'ok' : b.error.message))).toEqual([
      'tag must be a non-empty string',
      'step of loss must be an integer, got 1.5',
      'step of loss must be an integer, got NaN',
      'value of loss must be a number, got string',
      'wall time of loss must be a finite number of seconds, got Infinity',
    ]);
    expect(writer.addScalar('loss', 0.5, 7, 100).ok).toBe(true);
    writer.close();
    const after = writer.addScalar('loss', 0.5, 8);
    expect(after.ok ? '' : after.error.message).toMatch(/closed/);

    const records = decodeRecordsByHand(readFileSync(writer.path));
    expect(records).toHaveLength(2);
    expect(decodeEventByHand(records[1].data)).toMatchObject({ step: 7, wallTime: 100 });
  });

  it('reports a folder it cannot create instead of throwing', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const opened = EventFileWriter.open(join(blocker, 'train'));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toMatch(/^cannot create an event file in .*a-file.train: ENOTDIR/);
  });

  it('keeps records in memory until flush(), which puts them on disk', () => {
    const dir = tempDir();
    const writer = openWriter(dir);
    const afterOpen = statSync(writer.path).size;
    expect(decodeRecordsByHand(readFileSync(writer.path))).toHaveLength(1);
    writer.addScalar('loss', 1, 1);
    expect(statSync(writer.path).size).toBe(afterOpen);
    expect(writer.flush().ok).toBe(true);
    expect(decodeRecordsByHand(readFileSync(writer.path))).toHaveLength(2);
    writer.close();
  });

  it('leaves, when cut off mid-record, only a truncated last record that the watcher waits on', () => {
    const dir = tempDir();
    const writer = openWriter(dir);
    for (let step = 0; step < 10; step++) writer.addScalar('loss', step, step);
    writer.close();
    const size = statSync(writer.path).size;
    truncateSync(writer.path, size - 7); // as if killed during the last write
    const watcher = new LogdirWatcher(dir);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(delta.truncatedTails).toBe(1);
    expect([...delta.points['.'].loss.steps]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    watcher.close();
  });

  it('keeps every flushed record when the writing process is killed (SIGKILL)', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'flushing-writer.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The child prints each step once its flush() (fsync) returned.
    const acknowledged = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const lines = text.split('\n').filter(Boolean);
        if (lines.length >= 40) {
          child.kill('SIGKILL');
          resolve(Number(lines[lines.length - 1]));
        }
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? undefined : reject(new Error(`writer exited early: ${code}`))));
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

    const watcher = new LogdirWatcher(dir);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(delta.badRecords).toBe(0);
    expect(delta.truncatedTails).toBeLessThanOrEqual(1);
    const steps = delta.points['.'].loss.steps;
    expect(steps.length).toBeGreaterThanOrEqual(acknowledged + 1);
    expect([...steps.subarray(0, acknowledged + 1)]).toEqual([...Array(acknowledged + 1).keys()]);
    watcher.close();
  });
});
