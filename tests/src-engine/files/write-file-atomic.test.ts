import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../../src-engine/files/write-file-atomic.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('atomic');

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'results.json');
    writeFileSync(path, 'old');
    writeFileAtomicSync(path, 'new content');
    expect(readFileSync(path, 'utf8')).toBe('new content');
    await writeFileAtomic(path, Buffer.from('async content'));
    expect(readFileSync(path, 'utf8')).toBe('async content');
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('leaves the old file intact and cleans up when the write fails', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keep.json'), 'kept');
    expect(() => writeFileAtomicSync(join(dir, 'missing-subdir', 'x.json'), 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['keep.json']);
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe('kept');
  });
});
