// The results database's schema, as ordered migrations keyed by SQLite's
// user_version, so an older data folder is upgraded in place and never rebuilt.
export const MIGRATIONS: readonly string[] = [
  // 1: runs, frames and objects
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at_ms INTEGER NOT NULL,
    source TEXT NOT NULL,            -- JSON of the SourceSpec
    recipe_name TEXT NOT NULL,
    recipe_version INTEGER NOT NULL
  );
  CREATE TABLE frames (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    captured_at_ms INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    recipe_name TEXT NOT NULL,
    recipe_version INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    object_count INTEGER NOT NULL,
    processing_ms REAL NOT NULL,
    metrics TEXT NOT NULL,           -- JSON: frame metrics
    reasons TEXT NOT NULL,           -- JSON: verdict reasons
    UNIQUE (run_id, seq)
  );
  CREATE INDEX frames_by_time ON frames (captured_at_ms);
  CREATE TABLE objects (
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    part TEXT,
    ok INTEGER NOT NULL,
    metrics TEXT NOT NULL,           -- JSON: object metrics, pixel units
    reasons TEXT NOT NULL,
    bbox TEXT NOT NULL,
    outline TEXT NOT NULL,
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;
  `,
];
