import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../../src-engine/files/write-file-atomic.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-atomic-'));
  dirs.push(dir);
  return dir;
}

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
