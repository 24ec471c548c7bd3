// Every file Loupe writes for a person to keep (results, recipes, exports) is
// written atomically: a temporary sibling, fsynced, renamed over the target (the
// `write-file-atomic` library), and then the directory is fsynced so that the
// rename itself survives a power cut. A crash leaves the old file or the new one,
// never half of one.
import writeFileAtomicLib from 'write-file-atomic';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  await writeFileAtomicLib(file, data, { fsync: true });
  syncDirectory(dirname(file));
}

export function writeFileAtomicSync(file: string, data: string | Buffer): void {
  writeFileAtomicLib.sync(file, data, { fsync: true });
  syncDirectory(dirname(file));
}

/** Makes a rename or new name in `dir` durable. Best effort: some filesystems (and Windows) refuse to fsync a directory. */
export function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // The data is already renamed into place; only durability across a crash is weaker.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
