// After a cancelled import (its process killed between two files), the picture
// of the file in flight may be on disk without the row that names it: such
// files of that run are removed, so the folder holds only what the history knows.
import type Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES_FOLDER } from '../store/image-files.js';

export function sweepUnrecordedPictures(db: Database.Database, dataDir: string, runId: number): number {
  const dir = join(dataDir, IMAGES_FOLDER, String(runId));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const known = new Set<string>();
  for (const r of db.prepare('SELECT i.full_path, i.thumb_path FROM images i JOIN frames f ON f.id = i.frame_id WHERE f.run_id = ?').all(runId) as { full_path: string | null; thumb_path: string | null }[]) {
    if (r.full_path) known.add(r.full_path);
    if (r.thumb_path) known.add(r.thumb_path);
  }
  let removed = 0;
  for (const name of names) {
    if (known.has(`${runId}/${name}`)) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
