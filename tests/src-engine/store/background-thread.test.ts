import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { openResultStore } from '../../../src-engine/store/result-store.js';
import { WRITER_NICE } from '../../../src-engine/store/background-thread.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('store-priority');

/** Nice value of every thread of this process (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNices(): number[] {
  return readdirSync(`/proc/${process.pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe.runIf(process.platform === 'linux')('store writer priority', () => {
  it('runs the writer thread below the live loop, leaving the loop’s own priority alone', async () => {
    const before = threadNices().filter((n) => n === WRITER_NICE).length;
    const store = openResultStore(tempDir());
    await store.flush(); // the worker is up
    expect(threadNices().filter((n) => n === WRITER_NICE).length).toBe(before + 1);
    expect(getPriority()).not.toBe(WRITER_NICE);
    store.close();
  });
});
