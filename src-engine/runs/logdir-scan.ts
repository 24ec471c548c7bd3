// Finds the event files under a log folder and the run each belongs to. A run is
// the folder holding the file, relative to the log folder with `/` between parts
// (`.` for the log folder itself), as TensorBoard names them: Keras' `fit` gives
// `<run>/train` and `<run>/validation`.
import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';

export interface EventFileEntry {
  run: string;
  path: string;
}

/**
 * TensorBoard's own test (`tfevents` in the file name). tensorboardX, Keras,
 * tf.summary and CatBoost all name files `events.out.tfevents.*`; anything else
 * in the folder (checkpoints, CSV logs, plugin folders' files) is not read.
 */
export const isEventFileName = (name: string): boolean => name.includes('tfevents');

export function runName(logdir: string, folder: string): string {
  const rel = relative(logdir, folder);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

export interface LogdirListing {
  files: EventFileEntry[];
  /** Sub-folders that exist but could not be listed (permissions, I/O), with why. */
  unreadable: { path: string; message: string }[];
}

/**
 * Every event file under `logdir`, sorted by path. A sub-folder deleted between
 * two listings is simply absent; one that cannot be listed is named in `unreadable`.
 */
export function scanLogdir(logdir: string): Result<LogdirListing> {
  let top;
  try {
    top = readdirSync(logdir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `log folder does not exist: ${logdir}`, logdir);
    if (code === 'ENOTDIR') return fail('bad-source', `not a folder: ${logdir}`, logdir);
    return fail('bad-source', `cannot list ${logdir}: ${(err as Error).message}`, logdir);
  }
  const found: EventFileEntry[] = [];
  const unreadable: LogdirListing['unreadable'] = [];
  const visit = (folder: string, entries: Dirent[]): void => {
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isFile() && isEventFileName(entry.name)) found.push({ run: runName(logdir, folder), path });
      else if (entry.isDirectory()) {
        let children;
        try {
          children = readdirSync(path, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push({ path, message: (err as Error).message });
          continue;
        }
        visit(path, children);
      }
    }
  };
  visit(logdir, top);
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ok({ files: found, unreadable });
}
