// A 1 GiB event file opens with bounded memory: the watcher reads it through
// its fixed window and keeps only the scalars. The file is mostly large text
// records (as image- or histogram-heavy logs are), written as one pre-encoded
// block repeated, with a fresh run of scalar steps in each block.
import { describe, expect, it } from 'vitest';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LogdirWatcher } from '../../../src-engine/runs/logdir-watcher.js';
import { useTempDirs } from '../../temp-dirs.js';
import { DT_STRING, eventRecord, fileVersionRecord, simpleScalarRecord } from './independent-tfrecord.js';

const tempDir = useTempDirs('large-event-file');

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const TEXTS_PER_BLOCK = 24;
const SCALARS_PER_BLOCK = 1000;

describe('a 1 GiB event file', { timeout: 60_000 }, () => {
  it('is read completely with bounded memory', () => {
    const logdir = tempDir();
    const path = join(logdir, 'events.out.tfevents.1764646000.host.1.0');
    const text = eventRecord({
      step: 0,
      summary: { value: [{ tag: 'images', metadata: { pluginData: { pluginName: 'text' } }, tensor: { dtype: DT_STRING, stringVal: [Buffer.alloc(340 * 1024, 0x61)] } }] },
    });
    const texts = Buffer.concat(Array(TEXTS_PER_BLOCK).fill(text));
    const fd = openSync(path, 'w');
    let size = writeSync(fd, fileVersionRecord());
    let blocks = 0;
    while (size < GIB) {
      const scalars = Buffer.concat(
        Array.from({ length: SCALARS_PER_BLOCK }, (_, i) => simpleScalarRecord('loss', 1 / (blocks + 1), blocks * SCALARS_PER_BLOCK + i)),
      );
      size += writeSync(fd, texts) + writeSync(fd, scalars);
      blocks++;
    }
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThanOrEqual(GIB);

    global.gc?.();
    const before = process.memoryUsage();
    const watcher = new LogdirWatcher(logdir);
    const delta = watcher.poll();
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const heapAfter = process.memoryUsage().heapUsed;

    expect(delta.problems).toEqual([]);
    expect(delta.badRecords).toBe(0);
    expect(delta.truncatedTails).toBe(0);
    const snapshot = watcher.snapshot();
    expect(snapshot.records).toBe(1 + blocks * (TEXTS_PER_BLOCK + SCALARS_PER_BLOCK));
    const loss = delta.points['.'].loss;
    expect(loss.steps.length).toBe(blocks * SCALARS_PER_BLOCK);
    expect(loss.steps[loss.steps.length - 1]).toBe(blocks * SCALARS_PER_BLOCK - 1);
    expect(loss.values[loss.values.length - 1]).toBe(Math.fround(1 / blocks));
    // Peak RSS since the process started, against the RSS before reading: a
    // reader that loaded the file would add a gigabyte here.
    expect((peakRss - before.rss) / MIB).toBeLessThan(150);
    expect((heapAfter - before.heapUsed) / MIB).toBeLessThan(150);
    watcher.close();
  });
});
