// A file written by TensorBoard's own Python event writer (see
// fixtures/make-tensorboard-fixture.py): simple_value scalars, TF2 tensor
// scalars as Python makes them (float_val, double_val) and as TF's C++ writer
// makes them (tensor_content), metadata on each tag's first value only, plus a
// text summary and a histogram that are not scalars.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LogdirWatcher } from '../../../src-engine/runs/logdir-watcher.js';
import { decodeEventByHand, decodeRecordsByHand } from './independent-tfrecord.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'tensorboard-python');
const steps = [...Array(10).keys()];

describe("TensorBoard's own event files", () => {
  it('are read by the watcher: every scalar encoding, and nothing that is not a scalar', () => {
    const watcher = new LogdirWatcher(FIXTURE);
    const delta = watcher.poll();
    expect(delta.problems).toEqual([]);
    expect(delta.badRecords).toBe(0);
    const run = delta.points['.'];
    expect(Object.keys(run).sort()).toEqual(['simple/loss', 'tf2/double_val', 'tf2/float_val', 'tf2/tensor_content']);
    for (const tag of Object.keys(run)) {
      expect([...run[tag].steps], tag).toEqual(steps);
      expect([...run[tag].wallTimes], tag).toEqual(steps.map((s) => 1764646000 + s * 0.5));
    }
    expect([...run['simple/loss'].values]).toEqual(steps.map((s) => Math.fround(1 / (s + 1))));
    expect([...run['tf2/float_val'].values]).toEqual(steps.map((s) => Math.fround(0.5 / (s + 1))));
    expect([...run['tf2/tensor_content'].values]).toEqual(steps.map((s) => 0.25 * s));
    expect([...run['tf2/double_val'].values]).toEqual(steps.map((s) => 0.1 * s));
    // file_version + 4 scalars × 10 steps + text + histogram
    expect(watcher.snapshot().records).toBe(1 + 40 + 2);
    watcher.close();
  });

  it("are decoded by the tests' independent decoder too (so it agrees with TensorBoard's framing)", () => {
    const [file] = readdirSync(FIXTURE);
    const records = decodeRecordsByHand(readFileSync(join(FIXTURE, file)));
    expect(records).toHaveLength(43);
    expect(decodeEventByHand(records[0].data)).toMatchObject({ fileVersion: 'brain.Event:2' });
  });
});
