// The few file operations checkpoints and model bundles are written with, behind
// one small interface so tests can make any one of them fail the way a full disk
// does (ENOSPC on the nth write) and check that nothing already on disk was lost.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface DurableFs {
  mkdir(path: string): void;
  /** Writes the whole file and fsyncs it before returning. */
  writeFile(path: string, data: Uint8Array | string): void;
  /** fsyncs a folder, so the names created or renamed in it survive a power cut (best effort). */
  syncDir(path: string): void;
  rename(from: string, to: string): void;
  /** Removes a file or folder tree; missing is fine. */
  remove(path: string): void;
  readFile(path: string): Buffer;
  readdir(path: string): string[];
  exists(path: string): boolean;
}

export const nodeDurableFs: DurableFs = {
  mkdir: (path) => mkdirSync(path, { recursive: true }),
  writeFile(path, data) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const fd = openSync(path, 'w');
    try {
      let done = 0;
      while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  syncDir(path) {
    let fd: number | null = null;
    try {
      fd = openSync(path, 'r');
      fsyncSync(fd);
    } catch {
      // Some filesystems refuse to fsync a folder; the data itself is already synced.
    } finally {
      if (fd !== null) closeSync(fd);
    }
  },
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { recursive: true, force: true }),
  readFile: (path) => readFileSync(path),
  readdir: (path) => readdirSync(path),
  exists: (path) => existsSync(path),
};
