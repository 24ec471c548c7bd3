// The watcher on folders that misbehave: growing, cut off, corrupted, mixed
// with other files, deleted and restored. Records are crafted with the test's
// own encoder (independent-tfrecord.ts), as other writers would write them.
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogdirWatcher, type LogdirDelta } from '../../../src-engine/runs/logdir-watcher.js';
import { EventFileWriter } from '../../../src-engine/runs/event-file-writer.js';
import { useTempDirs } from '../../temp-dirs.js';
import { DT_DOUBLE, DT_FLOAT, DT_STRING, eventRecord, fileVersionRecord, frameByHand, simpleScalarRecord } from './independent-tfrecord.js';

const tempDir = useTempDirs('logdir-watcher');

const FILE = 'events.out.tfevents.1764646000.host.1.0';

function writeEventFile(dir: string, records: Buffer[], name = FILE): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([fileVersionRecord(), ...records]));
  return path;
}

const stepsOf = (delta: LogdirDelta, run: string, tag: string): number[] => [...(delta.points[run]?.[tag]?.steps ?? [])];
const valuesOf = (delta: LogdirDelta, run: string, tag: string): number[] => [...(delta.points[run]?.[tag]?.values ?? [])];

const tf2Scalar = (tag: string, step: number, tensor: Record<string, unknown>, withMetadata = true): Buffer =>
  eventRecord({
    wallTime: 2000 + step,
    step,
    summary: { value: [{ tag, tensor, ...(withMetadata ? { metadata: { pluginData: { pluginName: 'scalars' } } } : {}) }] },
  });

describe('LogdirWatcher', () => {
  it('reads simple_value scalars and TF2 tensor scalars in every encoding', () => {
    const logdir = tempDir();
    const f32 = Buffer.alloc(4);
    f32.writeFloatLE(0.75);
    const f64 = Buffer.alloc(8);
    f64.writeDoubleLE(0.123456789012345);
    writeEventFile(logdir, [
      simpleScalarRecord('simple', 0.5, 1),
      simpleScalarRecord('simple', 0, 2), // zero is a value, not an absent field
      tf2Scalar('float_val', 3, { dtype: DT_FLOAT, tensorShape: {}, floatVal: [0.25] }),
      tf2Scalar('double_val', 4, { dtype: DT_DOUBLE, tensorShape: {}, doubleVal: [0.1] }),
      tf2Scalar('content_f32', 5, { dtype: DT_FLOAT, tensorShape: {}, tensorContent: f32 }),
      tf2Scalar('content_f64', 6, { dtype: DT_DOUBLE, tensorContent: f64 }),
      // Metadata only on a tag's first value, as TF2 writers do.
      tf2Scalar('float_val', 7, { dtype: DT_FLOAT, floatVal: [0.5] }, false),
      // Not scalars: a text tensor, a vector, and a float tensor of another plugin.
      eventRecord({ step: 8, summary: { value: [{ tag: 'text', metadata: { pluginData: { pluginName: 'text' } }, tensor: { dtype: DT_STRING, stringVal: [Buffer.from('hi')] } }] } }),
      tf2Scalar('vector', 9, { dtype: DT_FLOAT, tensorShape: { dim: [{ size: 2 }] }, floatVal: [1, 2] }),
      tf2Scalar('unknown_rank', 11, { dtype: DT_FLOAT, tensorShape: { unknownRank: true }, floatVal: [1] }),
      tf2Scalar('int', 12, { dtype: 3, tensorContent: Buffer.alloc(4) }),
      // A one-element tensor of shape [1, 1] is a scalar too.
      tf2Scalar('one_by_one', 13, { dtype: DT_FLOAT, tensorShape: { dim: [{ size: 1 }, { size: 1 }] }, floatVal: [4] }),
      eventRecord({ step: 10, summary: { value: [{ tag: 'hp', metadata: { pluginData: { pluginName: 'hparams' } }, tensor: { dtype: DT_FLOAT, floatVal: [1] } }] } }),
    ]);
    const watcher = new LogdirWatcher(logdir);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(delta.newRuns).toEqual(['.']);
    expect(Object.keys(delta.points['.']).sort()).toEqual(['content_f32', 'content_f64', 'double_val', 'float_val', 'one_by_one', 'simple']);
    expect(valuesOf(delta, '.', 'one_by_one')).toEqual([4]);
    expect(stepsOf(delta, '.', 'simple')).toEqual([1, 2]);
    expect(valuesOf(delta, '.', 'simple')).toEqual([0.5, 0]);
    expect(stepsOf(delta, '.', 'float_val')).toEqual([3, 7]);
    expect(valuesOf(delta, '.', 'float_val')).toEqual([0.25, 0.5]);
    expect(valuesOf(delta, '.', 'double_val')).toEqual([0.1]);
    expect(valuesOf(delta, '.', 'content_f32')).toEqual([0.75]);
    expect(valuesOf(delta, '.', 'content_f64')).toEqual([0.123456789012345]);
    expect([...delta.points['.'].simple.wallTimes]).toEqual([1001, 1002]);
    watcher.close();
  });

  it('reads unpacked float_val (old writers), several values per event, and skips fields it does not know', () => {
    const logdir = tempDir();
    // Field 5 (float_val) as one fixed32 per value instead of packed: key (5 << 3) | 5, then 4 bytes.
    const unpackedFloat = Buffer.from([(5 << 3) | 5, 0, 0, 0, 0]);
    unpackedFloat.writeFloatLE(0.375, 1);
    const tensor = Buffer.concat([Buffer.from([(1 << 3) | 0, DT_FLOAT]), unpackedFloat]);
    const value = Buffer.concat([Buffer.from([(1 << 3) | 2, 1, 0x75]), Buffer.from([(8 << 3) | 2, tensor.length]), tensor]); // tag "u"
    const summary = Buffer.concat([Buffer.from([(1 << 3) | 2, value.length]), value]);
    // An unknown field 99 (varint) before the summary, as a newer writer might add.
    const event = Buffer.concat([Buffer.from([(99 << 3) | 0, 0x80, 0x01]), Buffer.from([(2 << 3) | 0, 42]), Buffer.from([(5 << 3) | 2, summary.length]), summary]);
    writeEventFile(logdir, [
      frameByHand(event),
      eventRecord({ step: 43, summary: { value: [{ tag: 'a', simpleValue: 1 }, { tag: 'b', simpleValue: 2 }] } }),
    ]);
    const watcher = new LogdirWatcher(logdir);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(stepsOf(delta, '.', 'u')).toEqual([42]);
    expect(valuesOf(delta, '.', 'u')).toEqual([0.375]);
    expect(valuesOf(delta, '.', 'a')).toEqual([1]);
    expect(valuesOf(delta, '.', 'b')).toEqual([2]);
    watcher.close();
  });

  it('reads 64-bit steps: negative ones, and ones past 2^32', () => {
    const logdir = tempDir();
    writeEventFile(logdir, [simpleScalarRecord('loss', 1, -5), simpleScalarRecord('loss', 2, 2 ** 40 + 3), simpleScalarRecord('loss', 3, 2 ** 53 - 1)]);
    const watcher = new LogdirWatcher(logdir);
    expect(stepsOf(watcher.poll(), '.', 'loss')).toEqual([-5, 2 ** 40 + 3, 2 ** 53 - 1]);
    watcher.close();
  });

  it('picks up new points and a new run as the folder grows, reporting only what is new', () => {
    const logdir = tempDir();
    const path = writeEventFile(join(logdir, 'a'), [simpleScalarRecord('loss', 1, 0), simpleScalarRecord('loss', 0.9, 1)]);
    const watcher = new LogdirWatcher(logdir);
    const first = watcher.poll();
    expect(first.newRuns).toEqual(['a']);
    expect(stepsOf(first, 'a', 'loss')).toEqual([0, 1]);

    expect(watcher.poll().points).toEqual({});

    appendFileSync(path, Buffer.concat([simpleScalarRecord('loss', 0.8, 2), simpleScalarRecord('acc', 0.6, 2)]));
    writeEventFile(join(logdir, 'b', 'train'), [simpleScalarRecord('loss', 2, 0)]);
    const second = watcher.poll();
    expect(second.newRuns).toEqual(['b/train']);
    expect(stepsOf(second, 'a', 'loss')).toEqual([2]);
    expect(valuesOf(second, 'a', 'loss')).toEqual([Math.fround(0.8)]);
    expect(stepsOf(second, 'a', 'acc')).toEqual([2]);
    expect(stepsOf(second, 'b/train', 'loss')).toEqual([0]);
    expect([...watcher.snapshot().runs.a.loss.steps]).toEqual([0, 1, 2]);
    expect(watcher.runs()).toEqual(['a', 'b/train']);
    watcher.close();
  });

  it('waits on a record cut off mid-write and reads it once the rest is appended', () => {
    const logdir = tempDir();
    const path = writeEventFile(logdir, [simpleScalarRecord('loss', 1, 0)]);
    const next = simpleScalarRecord('loss', 0.5, 1);
    const watcher = new LogdirWatcher(logdir);
    const first = watcher.poll();
    expect(stepsOf(first, '.', 'loss')).toEqual([0]);
    expect(first.truncatedTails).toBe(0);
    // Half a header, the whole header but no data, all but the last CRC byte: each waits.
    for (const [from, to] of [[0, 5], [5, 12], [12, next.length - 1]]) {
      appendFileSync(path, next.subarray(from, to));
      const waiting = watcher.poll();
      expect(waiting.points, `${to} bytes`).toEqual({});
      expect(waiting.truncatedTails, `${to} bytes`).toBe(1);
      expect(waiting.problems, `${to} bytes`).toEqual([]);
    }
    appendFileSync(path, next.subarray(next.length - 1));
    const done = watcher.poll();
    expect(stepsOf(done, '.', 'loss')).toEqual([1]);
    expect(valuesOf(done, '.', 'loss')).toEqual([0.5]);
    expect(done.truncatedTails).toBe(0);
    expect(done.badRecords).toBe(0);
    watcher.close();
  });

  it('skips exactly one record for one flipped byte, wherever it is, and reads the rest', () => {
    const records = [0, 1, 2, 3, 4].map((s) => simpleScalarRecord('loss', s / 10, s));
    const recordStart = fileVersionRecord().length + records[0].length + records[1].length; // the record of step 2
    const where = { 'length field': 3, 'length CRC': 9, data: 20, 'data CRC': records[2].length - 2 };
    for (const [part, at] of Object.entries(where)) {
      const logdir = tempDir();
      const path = writeEventFile(logdir, records);
      const bytes = readFileSync(path);
      bytes[recordStart + at] ^= 0x10;
      writeFileSync(path, bytes);
      const watcher = new LogdirWatcher(logdir);
      const delta = watcher.poll();
      expect(stepsOf(delta, '.', 'loss'), part).toEqual([0, 1, 3, 4]);
      expect(delta.badRecords, part).toBe(1);
      expect(delta.problems, part).toHaveLength(1);
      expect(delta.problems[0], part).toMatchObject({ kind: 'bad-record', path, run: '.', offset: recordStart });
      expect(delta.truncatedTails, part).toBe(0);
      watcher.close();
    }
  });

  it('counts a CRC-valid record that is not an Event protocol buffer as bad', () => {
    const logdir = tempDir();
    writeEventFile(logdir, [simpleScalarRecord('loss', 1, 0), frameByHand(Buffer.from([0xff, 0xff, 0xff])), simpleScalarRecord('loss', 2, 1)]);
    const watcher = new LogdirWatcher(logdir);
    const delta = watcher.poll();
    expect(stepsOf(delta, '.', 'loss')).toEqual([0, 1]);
    expect(delta.badRecords).toBe(1);
    expect(delta.problems[0].message).toMatch(/not an Event protocol buffer/);
    watcher.close();
  });

  it('ignores files not named like event files, and counts garbage in one that is as bad records', () => {
    const logdir = tempDir();
    writeEventFile(join(logdir, 'good'), [simpleScalarRecord('loss', 1, 0)]);
    writeFileSync(join(logdir, 'good', 'notes.txt'), 'not an event file');
    writeFileSync(join(logdir, 'good', 'checkpoint.ckpt'), Buffer.alloc(4096, 7));
    mkdirSync(join(logdir, 'junk'));
    const garbage = Buffer.alloc(200_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    writeFileSync(join(logdir, 'junk', 'events.out.tfevents.1.garbage'), garbage);
    const watcher = new LogdirWatcher(logdir);
    const delta = watcher.poll();
    expect(stepsOf(delta, 'good', 'loss')).toEqual([0]);
    expect(delta.badRecords).toBeGreaterThanOrEqual(1);
    expect(delta.problems.every((p) => p.kind === 'bad-record' && p.run === 'junk')).toBe(true);
    expect(watcher.snapshot().eventFiles).toBe(2);
    // Garbage is not read again on the next poll.
    expect(watcher.poll().problems).toEqual([]);
    watcher.close();
  });

  it('reports a run folder deleted while open, keeps reading the others, and picks it up again when it comes back', () => {
    const logdir = tempDir();
    const gonePath = writeEventFile(join(logdir, 'gone'), [simpleScalarRecord('loss', 1, 0), simpleScalarRecord('loss', 0.5, 1)]);
    const keptPath = writeEventFile(join(logdir, 'kept'), [simpleScalarRecord('loss', 3, 0)]);
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    const saved = readFileSync(gonePath);

    rmSync(join(logdir, 'gone'), { recursive: true });
    appendFileSync(keptPath, simpleScalarRecord('loss', 2, 1));
    const after = watcher.poll();
    expect(after.problems).toHaveLength(1);
    expect(after.problems[0]).toMatchObject({ kind: 'file-gone', run: 'gone', path: gonePath });
    expect(stepsOf(after, 'kept', 'loss')).toEqual([1]);
    expect(watcher.snapshot().presentRuns).toEqual(['kept']);
    expect([...watcher.snapshot().runs.gone.loss.steps]).toEqual([0, 1]);
    expect(watcher.poll().problems).toEqual([]); // reported once

    mkdirSync(join(logdir, 'gone'));
    writeFileSync(gonePath, Buffer.concat([saved, simpleScalarRecord('loss', 0.25, 2)]));
    const back = watcher.poll();
    expect(back.problems).toEqual([]);
    expect(back.newRuns).toEqual([]);
    expect(stepsOf(back, 'gone', 'loss')).toEqual([0, 1, 2]);
    expect([...watcher.snapshot().runs.gone.loss.steps]).toEqual([0, 1, 2]);
    expect(watcher.snapshot().presentRuns).toEqual(['gone', 'kept']);
    watcher.close();
  });

  it('gives each run its tags, point count, last step and wall time, files and bad records, and one tag\'s points', () => {
    const logdir = tempDir();
    const path = writeEventFile(join(logdir, 'a'), [simpleScalarRecord('loss', 1, 0, 10), simpleScalarRecord('acc', 0.5, 0, 10), simpleScalarRecord('loss', 0.5, 3, 13)]);
    const bytes = readFileSync(path);
    bytes[bytes.length - 2] ^= 1; // the last record (loss at step 3) goes bad
    writeFileSync(path, Buffer.concat([bytes, simpleScalarRecord('acc', 0.75, 2, 12).subarray(0, 9)]));
    writeEventFile(join(logdir, 'b'), []);
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    expect(watcher.runStats()).toEqual([
      { run: 'a', tags: ['acc', 'loss'], points: 2, lastStep: 0, lastWallTime: 10, eventFiles: 1, badRecords: 1, truncatedTails: 1 },
      { run: 'b', tags: [], points: 0, lastStep: null, lastWallTime: null, eventFiles: 1, badRecords: 0, truncatedTails: 0 },
    ]);
    expect(watcher.points('a', 'acc')).toEqual({ steps: new Float64Array([0]), values: new Float64Array([0.5]), wallTimes: new Float64Array([10]) });
    expect(watcher.points('a', 'nope')).toBeNull();
    expect(watcher.points('nope', 'acc')).toBeNull();
    watcher.close();
  });

  it('reads a file again from the start when it shrinks (rewritten in place), without doubling points', () => {
    const logdir = tempDir();
    const path = writeEventFile(logdir, [simpleScalarRecord('loss', 1, 0, 10), simpleScalarRecord('loss', 0.5, 1, 11), simpleScalarRecord('loss', 0.25, 2, 12)]);
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    writeEventFile(logdir, [simpleScalarRecord('loss', 0.75, 0, 20)]);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([expect.objectContaining({ kind: 'file-rewritten', path, run: '.' })]);
    expect(delta.problems[0].message).toMatch(/shrank .* reading it again from the start/);
    const points = watcher.snapshot().runs['.'].loss;
    expect([...points.steps]).toEqual([0, 1, 2]);
    expect([...points.values]).toEqual([0.75, 0.5, 0.25]);
    watcher.close();
  });

  it('reports an event file it cannot read once, and keeps reading the others', () => {
    const logdir = tempDir();
    const badPath = writeEventFile(join(logdir, 'bad'), [simpleScalarRecord('loss', 1, 0)]);
    const okPath = writeEventFile(join(logdir, 'ok'), [simpleScalarRecord('loss', 1, 0)]);
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    // A folder where the file was: it opens, but reading it fails (EISDIR), even for root.
    rmSync(badPath);
    mkdirSync(badPath);
    appendFileSync(okPath, simpleScalarRecord('loss', 0.5, 1));
    const delta = watcher.poll();
    expect(delta.problems).toEqual([expect.objectContaining({ kind: 'file-unreadable', path: badPath, run: 'bad' })]);
    expect(delta.problems[0].message).toMatch(/cannot read: EISDIR/);
    expect(stepsOf(delta, 'ok', 'loss')).toEqual([1]);
    expect(watcher.poll().problems).toEqual([]);
    watcher.close();
  });

  it('reports the log folder itself missing once, and reads it when it appears', () => {
    const parent = tempDir();
    const logdir = join(parent, 'logs');
    const watcher = new LogdirWatcher(logdir);
    const missing = watcher.poll();
    expect(missing.problems).toEqual([{ kind: 'logdir-missing', message: `log folder does not exist: ${logdir}`, path: logdir }]);
    expect(watcher.poll().problems).toEqual([]);
    writeEventFile(join(logdir, 'r'), [simpleScalarRecord('loss', 1, 5)]);
    const found = watcher.poll();
    expect(found.newRuns).toEqual(['r']);
    expect(stepsOf(found, 'r', 'loss')).toEqual([5]);
    renameSync(logdir, join(parent, 'moved'));
    const moved = watcher.poll();
    expect(moved.problems.map((p) => p.kind).sort()).toEqual(['file-gone', 'logdir-missing']);
    watcher.close();
  });

  it('merges one tag from several files of a run by step, the later wall time winning a duplicate step', () => {
    const logdir = tempDir();
    writeEventFile(logdir, [simpleScalarRecord('loss', 1, 0, 100), simpleScalarRecord('loss', 0.9, 1, 101), simpleScalarRecord('loss', 0.8, 2, 102)], 'events.out.tfevents.100.h.1.0');
    // A restart from the step-1 checkpoint: step 2 again, later.
    writeEventFile(logdir, [simpleScalarRecord('loss', 0.7, 2, 200), simpleScalarRecord('loss', 0.6, 3, 201)], 'events.out.tfevents.200.h.2.0');
    // And an older file that sorts last: its duplicate of step 3 is older, so it loses.
    writeEventFile(logdir, [simpleScalarRecord('loss', 9, 3, 50)], 'events.out.tfevents.zz');
    const watcher = new LogdirWatcher(logdir);
    const delta = watcher.poll();
    expect(stepsOf(delta, '.', 'loss')).toEqual([0, 1, 2, 3]);
    expect(valuesOf(delta, '.', 'loss')).toEqual([1, 0.9, 0.7, 0.6].map(Math.fround));
    expect([...delta.points['.'].loss.wallTimes]).toEqual([100, 101, 200, 201]);
    watcher.close();
  });

  it('reads records larger than its read window', () => {
    const logdir = tempDir();
    const big = eventRecord({ step: 1, summary: { value: [{ tag: 'note', metadata: { pluginData: { pluginName: 'text' } }, tensor: { dtype: DT_STRING, stringVal: [Buffer.alloc(300_000, 65)] } }] } });
    writeEventFile(logdir, [simpleScalarRecord('loss', 1, 0), big, simpleScalarRecord('loss', 2, 1), big, simpleScalarRecord('loss', 3, 2)]);
    const watcher = new LogdirWatcher(logdir, { readWindowBytes: 64 * 1024 });
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(stepsOf(delta, '.', 'loss')).toEqual([0, 1, 2]);
    expect(watcher.snapshot().records).toBe(6);
    watcher.close();
  });

  it('keeps every tag apart when there are more tags than it caches, across many small reads', () => {
    const logdir = tempDir();
    // Tags of equal length differing in one byte, 40 of them (more than the cache holds), cycling: each
    // record's tag bytes land where another tag's were in an earlier window.
    const tags = Array.from({ length: 40 }, (_, i) => `metric_${String(i).padStart(2, '0')}`);
    const records: Buffer[] = [];
    for (let step = 0; step < 20; step++) for (const [i, tag] of tags.entries()) records.push(simpleScalarRecord(tag, i * 1000 + step, step));
    writeEventFile(logdir, records);
    const watcher = new LogdirWatcher(logdir, { readWindowBytes: 4096 });
    const delta = watcher.poll();
    expect(Object.keys(delta.points['.']).sort()).toEqual(tags);
    for (const [i, tag] of tags.entries()) expect(valuesOf(delta, '.', tag), tag).toEqual([...Array(20).keys()].map((s) => i * 1000 + s));
    watcher.close();
  });

  it('with a byte budget per poll, reads a large run over several polls while a live run keeps updating', () => {
    const logdir = tempDir();
    const big = Array.from({ length: 5000 }, (_, s) => simpleScalarRecord('loss', s, s)); // about 150 KB
    writeEventFile(join(logdir, 'big'), big);
    const livePath = writeEventFile(join(logdir, 'live'), [simpleScalarRecord('loss', 0, 0)]);
    const watcher = new LogdirWatcher(logdir, { readWindowBytes: 16 * 1024, maxBytesPerPoll: 32 * 1024 });
    let delta = watcher.poll();
    expect(delta.pending).toBe(true);
    expect(delta.truncatedTails).toBe(0); // unread is not cut off
    let bigPoints = stepsOf(delta, 'big', 'loss').length;
    expect(bigPoints).toBeGreaterThan(0);
    expect(bigPoints).toBeLessThan(5000);
    let polls = 1;
    let liveStep = 0;
    while (delta.pending) {
      appendFileSync(livePath, simpleScalarRecord('loss', ++liveStep, liveStep));
      delta = watcher.poll();
      polls++;
      // The live file is read before the large one gets the rest of the budget.
      expect(stepsOf(delta, 'live', 'loss'), `poll ${polls}`).toEqual(polls === 2 ? [0, 1] : [liveStep]);
      bigPoints += stepsOf(delta, 'big', 'loss').length;
      expect(polls).toBeLessThan(50);
    }
    expect(bigPoints).toBe(5000);
    expect(polls).toBeGreaterThanOrEqual(4);
    expect([...watcher.snapshot().runs.big.loss.steps]).toEqual([...Array(5000).keys()]);
    watcher.close();
  });

  it('exports a run as CSV, and names the runs there are when asked for one that is not', () => {
    const logdir = tempDir();
    writeEventFile(join(logdir, 'x,y'), [simpleScalarRecord('loss', 0.5, 0, 10.5), simpleScalarRecord('loss', 0.25, 1, 11), simpleScalarRecord('acc', 0.75, 1, 11)]);
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    const csv = watcher.scalarsToCsv('x,y');
    expect(csv).toEqual({ ok: true, value: 'run,tag,step,wall_time,value\n"x,y",acc,1,11,0.75\n"x,y",loss,0,10.5,0.5\n"x,y",loss,1,11,0.25\n' });
    const missing = watcher.scalarsToCsv('nope');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ code: 'not-found', subject: 'nope' });
    if (!missing.ok) expect(missing.error.message).toMatch(/runs: x,y/);
    watcher.close();
  });

  it('watch() polls again at once while a budgeted poll is pending', async () => {
    const logdir = tempDir();
    writeEventFile(logdir, Array.from({ length: 3000 }, (_, s) => simpleScalarRecord('loss', s, s)));
    const watcher = new LogdirWatcher(logdir, { readWindowBytes: 8 * 1024, maxBytesPerPoll: 8 * 1024 });
    let points = 0;
    let deltas = 0;
    await new Promise<void>((resolve) => {
      // An interval far past the test's timeout: only the immediate re-polls can finish it.
      const stop = watcher.watch(600_000, (delta) => {
        deltas++;
        points += stepsOf(delta, '.', 'loss').length;
        if (!delta.pending) {
          stop();
          resolve();
        }
      });
    });
    expect(points).toBe(3000);
    expect(deltas).toBeGreaterThan(5);
    watcher.close();
  });

  it('watch() delivers deltas as the file grows and stops when asked', async () => {
    const logdir = tempDir();
    const opened = EventFileWriter.open(logdir);
    if (!opened.ok) throw new Error(opened.error.message);
    const writer = opened.value;
    const watcher = new LogdirWatcher(logdir);
    const seen: number[] = [];
    const got = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = setInterval(() => {
          if (seen.length >= n) resolve(clearInterval(check));
          else if (Date.now() - started > 5000) reject(new Error(`saw ${seen.length} of ${n}`));
        }, 5);
      });
    const stop = watcher.watch(10, (delta) => seen.push(...(delta.points['.']?.loss?.steps ?? [])));
    writer.addScalar('loss', 1, 0);
    writer.flush();
    await got(1);
    writer.addScalar('loss', 0.5, 1);
    writer.flush();
    await got(2);
    stop();
    writer.addScalar('loss', 0.25, 2);
    writer.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([0, 1]);
    watcher.close();
  });
});
