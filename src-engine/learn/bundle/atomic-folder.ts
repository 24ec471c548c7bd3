// A folder of files that appears complete or not at all: every file is written
// and fsynced into a hidden temporary sibling, the sibling is renamed to its
// final name, and only then is anything it replaces removed. A crash or a full
// disk part-way leaves the previous folder untouched (plus, at worst, a stray
// temporary folder that the next write sweeps away).
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { nodeDurableFs, type DurableFs } from './durable-fs.js';

const TEMP_MARK = '.tmp-';
const OLD_MARK = '.old-';

/** True for the temporary names this module uses, so listings can skip them. */
export function isTransientName(name: string): boolean {
  return name.startsWith('.') && (name.includes(TEMP_MARK) || name.includes(OLD_MARK));
}

/**
 * Writes `files` (name → content, flat) as the folder `target`. When `target`
 * exists it is replaced: moved aside, the new folder renamed in, then the old
 * one removed, so a reader sees the old folder or the new one (for the instant
 * between the two renames, neither: readers retry or report a missing folder).
 */
export function writeFolderAtomic(target: string, files: Record<string, Uint8Array | string>, fs: DurableFs = nodeDurableFs): void {
  const parent = dirname(target);
  const name = basename(target);
  fs.mkdir(parent);
  const temp = join(parent, `.${name}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.mkdir(temp);
    for (const [file, data] of Object.entries(files)) fs.writeFile(join(temp, file), data);
    fs.syncDir(temp);
    if (fs.exists(target)) {
      const old = join(parent, `.${name}${OLD_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
      fs.rename(target, old);
      fs.rename(temp, target);
      fs.syncDir(parent);
      fs.remove(old);
    } else {
      fs.rename(temp, target);
      fs.syncDir(parent);
    }
  } catch (err) {
    try {
      fs.remove(temp);
    } catch {
      // The original error is the one worth reporting.
    }
    throw err;
  }
}

/** A single file written atomically through `fs` (temp sibling, fsync, rename, folder fsync). */
export function writeFileAtomicVia(fs: DurableFs, file: string, data: Uint8Array | string): void {
  const temp = join(dirname(file), `.${basename(file)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.writeFile(temp, data);
    fs.rename(temp, file);
    fs.syncDir(dirname(file));
  } catch (err) {
    try {
      fs.remove(temp);
    } catch {
      // keep the original error
    }
    throw err;
  }
}

/** Removes temporary folders and files a crashed write left in `parent`. */
export function sweepTransient(parent: string, fs: DurableFs = nodeDurableFs): void {
  if (!fs.exists(parent)) return;
  for (const name of fs.readdir(parent)) if (isTransientName(name)) fs.remove(join(parent, name));
}
