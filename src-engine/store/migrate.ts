// Brings a results database up to the newest schema, one migration per
// transaction, so a failure leaves it at the last version that completed.
import type Database from 'better-sqlite3';
import { MIGRATIONS } from './schema.js';

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the results database is schema version ${current}, newer than this Loupe (${SCHEMA_VERSION}); open it with a newer Loupe`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    // IMMEDIATE takes the write lock first: the engine and the workbench may open the same old file
    // at once, and the one that waits must see the other's upgrade instead of repeating it.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) !== v) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
