// Opens the results database the same way everywhere: WAL, so readers never
// block the writer, and synchronous=FULL, so a commit survives a power cut.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.js';

export const DATABASE_FILE = 'loupe.sqlite';

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

/** The write connection: creates or upgrades the file. Only one per data folder (the store's worker). */
export function openWriteDatabase(file: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A review connection: never writes, so it never waits on (or delays) the writer. */
export function openReadDatabase(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB: the review pages through big indexes
  return db;
}
