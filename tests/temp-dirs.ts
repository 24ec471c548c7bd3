// Fresh scratch folders for a test file: each call gives a new empty folder under
// the OS temp dir, and every folder is removed after each test.
import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function useTempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `loupe-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
}
